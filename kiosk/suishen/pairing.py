"""Pairing a static (profile S) code with the ID card just read at the kiosk (SC1 section 4).

A paper code can be copied, so before acting for a person the kiosk checks
that the card on the reader is the one the code was issued for, without the
code ever carrying the ID number: idh = SHA-256(ID || sid)[:8].
"""

from __future__ import annotations

import hashlib
import hmac
import re

from kiosk.suishen.presentation import IDH_SIZE, SID_SIZE

_ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dX]")


def idh_for(id_number: str, sid: bytes) -> bytes:
    """The idh an issuer computes: ID as 18 UTF-8 characters with an uppercase X."""
    return hashlib.sha256(id_number.encode("utf-8") + sid).digest()[:IDH_SIZE]


def idh_matches(idh: bytes, id_number: str, sid: bytes) -> bool:
    """True iff idh was computed from this ID-card number and this sid."""
    if len(idh) != IDH_SIZE or len(sid) != SID_SIZE:
        return False
    # Card readers and clerks may give a lowercase x; the hash is over the uppercase form.
    number = id_number.strip().upper()
    if not _ID_NUMBER_SHAPE.fullmatch(number):
        return False
    return hmac.compare_digest(idh_for(number, sid), idh)
