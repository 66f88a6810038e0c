"""idh_matches: a static code paired with the ID card on the reader."""

from __future__ import annotations

import hashlib

from kiosk.suishen import idh_for, idh_matches

SID = bytes(range(16))
ID_NUMBER = "31010519491231002X"


def test_idh_is_sha256_of_id_then_sid():
    expected = hashlib.sha256(b"31010519491231002X" + SID).digest()[:8]
    assert idh_for(ID_NUMBER, SID) == expected


def test_matches_same_card_only():
    idh = idh_for(ID_NUMBER, SID)
    assert idh_matches(idh, ID_NUMBER, SID)
    assert idh_matches(idh, "31010519491231002x", SID)  # a reader giving lowercase x
    assert not idh_matches(idh, "310105194912310021", SID)
    assert not idh_matches(idh, ID_NUMBER, bytes(16))
    assert not idh_matches(idh[:7], ID_NUMBER, SID)
    assert not idh_matches(idh, ID_NUMBER[:17], SID)
    assert not idh_matches(idh, "3101051949123100X2", SID)
