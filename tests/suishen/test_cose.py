"""COSE_Sign1 parsing, the tags SC1 allows, and the Sig_structure bytes (RFC 9052 section 4.4)."""

from __future__ import annotations

import pytest

from kiosk.suishen.cbor import CborMap, CborTag, encode
from kiosk.suishen.cose import (
    CoseFormatError,
    parse_sign1,
    sig_structure,
    unwrap_credential,
    unwrap_sign1,
)

PROTECTED = encode({1: -7, 4: b"k" * 8})
GOOD = [PROTECTED, CborMap(), b"\xa0", b"s" * 64]


def test_sig_structure_layout():
    # ["Signature1", h'a10126', h'', h'01']
    assert sig_structure(bytes.fromhex("a10126"), b"\x01").hex() == (
        "84" + "6a" + b"Signature1".hex() + "43a10126" + "40" + "4101"
    )


def test_parse_good_structure():
    sign1 = parse_sign1(GOOD)
    assert sign1.protected_alg() == -7
    assert sign1.protected.get(4) == b"k" * 8
    assert sign1.to_be_signed() == sig_structure(PROTECTED, b"\xa0")


def test_empty_protected_bstr_is_the_empty_map():
    sign1 = parse_sign1([b"", CborMap(), b"", b""])
    assert len(sign1.protected) == 0
    with pytest.raises(CoseFormatError):
        sign1.protected_alg()


@pytest.mark.parametrize(
    "structure",
    [
        GOOD[:3],
        GOOD + [b""],
        [encode({1: -7})[1:]] + GOOD[1:],  # protected bstr that is not one CBOR item
        [encode([1, -7])] + GOOD[1:],  # protected that is not a map
        [CborMap()] + GOOD[1:],  # protected as a bare map
        [PROTECTED, [], b"\xa0", b""],  # unprotected not a map
        [PROTECTED, CborMap(), None, b""],  # detached payload
        [PROTECTED, CborMap(), b"\xa0", None],
        [PROTECTED, CborMap(), b"\xa0", "signature"],
        CborMap(),
        b"",
    ],
)
def test_malformed_structures(structure):
    with pytest.raises(CoseFormatError):
        parse_sign1(structure)


def test_text_or_bool_alg_is_not_an_int():
    for alg in ("ES256", True, -7.0, CborTag(1, -7)):
        structure = [encode({1: alg})] + GOOD[1:]
        with pytest.raises(CoseFormatError):
            parse_sign1(structure).protected_alg()


def test_allowed_wrappings():
    assert unwrap_credential(GOOD) is GOOD
    assert unwrap_credential(CborTag(18, GOOD)) is GOOD
    assert unwrap_credential(CborTag(61, CborTag(18, GOOD))) is GOOD
    assert unwrap_sign1(GOOD) is GOOD
    assert unwrap_sign1(CborTag(18, GOOD)) is GOOD
    for refused in (CborTag(61, GOOD), CborTag(18, CborTag(18, GOOD)), CborTag(17, GOOD)):
        with pytest.raises(CoseFormatError):
            parse_sign1(unwrap_credential(refused))
    with pytest.raises(CoseFormatError):
        unwrap_sign1(CborTag(61, CborTag(18, GOOD)))
