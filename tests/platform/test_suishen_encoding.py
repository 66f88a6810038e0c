"""The platform's SC1 encoder against RFC 9285 and RFC 8949, and the test-side decoder."""

from __future__ import annotations

import hashlib
import os

import cbor2
import pytest

from reference_platform.suishen_encoding import (
    BASE45_ALPHABET,
    CLAIM_EXP,
    CLAIM_IAT,
    CLAIM_ISS,
    CLAIM_SSC,
    base45_encode,
    deterministic_cbor,
    id_hash,
)

from .sc1 import base45_decode, map_keys_in_rfc8949_order


@pytest.mark.parametrize(
    ("data", "text"),
    [
        # RFC 9285 sections 4.3 and 4.4.
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
        (b"", ""),
    ],
)
def test_base45_matches_rfc_9285(data: bytes, text: str) -> None:
    assert base45_encode(data) == text
    assert base45_decode(text) == data


def test_base45_round_trips_and_stays_in_the_qr_alphanumeric_set() -> None:
    for length in (1, 2, 3, 255, 256):
        data = os.urandom(length)
        text = base45_encode(data)
        assert set(text) <= set(BASE45_ALPHABET)
        assert base45_decode(text) == data
    assert base45_encode(b"\xff\xff") == "FGW"  # 65535, the largest 3-character group


def test_every_map_we_emit_is_in_rfc_8949_order() -> None:
    # All keys the platform ever puts in one map, each kind of map at once.
    ssc = {"v": 1, "sid": b"s", "nm": "n", "cat": "c", "idh": b"i", "rid": b"r", "hk": b"h"}
    maps = [
        {CLAIM_ISS: "SH-BDC", CLAIM_IAT: 1, CLAIM_EXP: 2, CLAIM_SSC: ssc},
        {1: -65537, 4: b"kid"},
        {1: 2, 2: b"n", 3: b"s"},
        {"seq": 1, "iat": 2, "exp": 3, "keys": [], "rids": [], "base": 0, "add": [], "del": []},
        {"kid": b"k", "alg": -7, "spki": b"s", "nbf": 1, "exp": 2, "cats": ["elder"]},
    ]
    for value in maps:
        encoded = deterministic_cbor(value)
        assert map_keys_in_rfc8949_order(cbor2.loads(encoded)), value


def test_id_hash_uses_the_uppercase_x() -> None:
    sid = bytes(range(16))
    assert id_hash("11010519491231002x", sid) == id_hash("11010519491231002X", sid)
    expected = hashlib.sha256(b"11010519491231002X" + sid).digest()[:8]
    assert id_hash("11010519491231002X", sid) == expected
