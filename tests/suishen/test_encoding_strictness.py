"""base45, zlib and CBOR: every non-canonical or ambiguous input is refused."""

from __future__ import annotations

import math
import zlib

import pytest

from kiosk.suishen.base45 import Base45Error, b45decode, b45encode
from kiosk.suishen.cbor import (
    UNDEFINED,
    CborError,
    CborMap,
    CborSimple,
    CborTag,
    decode,
    encode,
)
from kiosk.suishen.compression import CompressionError, zlib_decompress_strict

# ---- base45 (RFC 9285) ----


@pytest.mark.parametrize(
    ("text", "data"),
    [("BB8", b"AB"), ("%69 VD92EX0", b"Hello!!"), ("UJCLQE7W581", b"base-45"), ("", b"")],
)
def test_base45_rfc_examples(text, data):
    assert b45decode(text) == data
    assert b45encode(data) == text


@pytest.mark.parametrize(
    "text",
    [
        "bb8",  # lowercase is not in the alphabet
        "BB#",
        "BB8A",  # length 3k+1
        "GGW",  # 65536: one above the largest triple (RFC 9285 section 4.2 example)
        ":::",  # 44 + 44*45 + 44*2025 = 91124
        "U6",  # final pair 30 + 6*45 = 300, above 255
        "::",  # final pair 44 + 44*45 = 2024
        "BB8\n",
        "BB\u3000",  # an ideographic space is not base45's space
    ],
)
def test_base45_refuses(text):
    with pytest.raises(Base45Error):
        b45decode(text)


def test_base45_boundaries():
    assert b45decode("FGW") == b"\xff\xff"  # 65535 exactly
    assert b45decode("U5") == b"\xff"  # 255 exactly


# ---- zlib (RFC 1950) ----

PAYLOAD = b"\xa1\x01\x02" * 20


def test_zlib_accepts_every_level():
    for level in (0, 1, 6, 9):
        assert zlib_decompress_strict(zlib.compress(PAYLOAD, level)) == PAYLOAD


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_raw_deflate(PAYLOAD), id="raw-deflate"),
        pytest.param(_gzip(PAYLOAD), id="gzip"),
        pytest.param(PAYLOAD, id="uncompressed"),
        pytest.param(zlib.compress(PAYLOAD) + b"\x00", id="trailing-byte"),
        pytest.param(zlib.compress(PAYLOAD) * 2, id="two-streams"),
        pytest.param(zlib.compress(PAYLOAD)[:-1], id="truncated-adler"),
        pytest.param(zlib.compress(PAYLOAD)[:-4] + b"\0\0\0\0", id="wrong-adler"),
        pytest.param(b"", id="empty"),
    ],
)
def test_zlib_refuses(data):
    with pytest.raises(CompressionError):
        zlib_decompress_strict(data)


def test_zlib_refuses_a_bomb():
    bomb = zlib.compress(b"\x00" * 1_000_000)
    with pytest.raises(CompressionError):
        zlib_decompress_strict(bomb)


# ---- CBOR (RFC 8949) ----


def test_cbor_decodes_every_encoding_of_an_item():
    assert decode(bytes.fromhex("1817")) == 23  # over-long head
    assert decode(bytes.fromhex("1b0000000000000001")) == 1
    assert decode(bytes.fromhex("5f41014102ff")) == b"\x01\x02"  # chunked bytes
    assert decode(bytes.fromhex("7f61616162ff")) == "ab"
    assert decode(bytes.fromhex("9f0102ff")) == [1, 2]
    indefinite = decode(bytes.fromhex("bf0102ff"))
    assert isinstance(indefinite, CborMap) and indefinite.get(1) == 2
    assert decode(bytes.fromhex("f93c00")) == 1.0
    assert decode(bytes.fromhex("c11a514b67b0")) == CborTag(1, 1363896240)
    assert decode(bytes.fromhex("f7")) == UNDEFINED
    assert decode(bytes.fromhex("f820")) == CborSimple(32)
    assert decode(bytes.fromhex("3903e7")) == -1000
    assert decode(bytes.fromhex("3bffffffffffffffff")) == -(2**64)


@pytest.mark.parametrize(
    "hex_text",
    [
        "a2010201 03",  # duplicate int key 1
        "a201020104",  # 1 and 1 again (different values)
        "bf6161016161 02ff",  # indefinite map, duplicate text key
        "a2f93c0001f93c0002",  # 1.0 twice
        "a2fa3f80000001f93c0002",  # 1.0 as float32 and float16 is the same key
        "a2c1010101c10102",  # tag 1(1) twice
        "a282010201820102 02",  # array key [1, 2] twice
        "a2 5f4101ff 01 4101 02",  # chunked and plain h'01' are the same key
    ],
)
def test_cbor_duplicate_keys_compare_as_items(hex_text):
    with pytest.raises(CborError):
        decode(bytes.fromhex(hex_text.replace(" ", "")))


def test_cbor_keys_of_different_types_are_different():
    # 1, 1.0, true, 1(1), "1", h'01': six distinct keys, where Python would fold three.
    data = bytes.fromhex("a60100f93c0001f502c10103613104410105")
    decoded = decode(data)
    assert isinstance(decoded, CborMap) and len(decoded) == 6
    assert decoded.get(1) == 0
    assert decoded.get(1.0) == 1
    assert decoded.get(True) == 2
    assert decoded.get(CborTag(1, 1)) == 3
    assert decoded.get("1") == 4
    assert decoded.get(b"\x01") == 5


@pytest.mark.parametrize(
    "hex_text",
    [
        "",  # nothing
        "01 00",  # trailing byte
        "1c",  # reserved additional information 28
        "1f",  # indefinite integer
        "ff",  # break outside a container
        "5f 6161 ff",  # text chunk inside indefinite bytes
        "5f 5f4101ffff",  # nested indefinite chunk
        "7f 6180 ff",  # chunk that is not UTF-8 on its own
        "62c3",  # truncated text
        "61ff",  # invalid UTF-8
        "9f01",  # indefinite array without break
        "bf01ff",  # indefinite map with a key and no value
        "a101",  # definite map missing a value
        "8201",  # definite array missing an item
        "f801",  # two-byte simple value below 32
        "df",  # indefinite tag
        "c6",  # tag without content
        "c6ff",  # break as tag content
        "82 01 ff",  # break inside a definite array
        "5a ffffffff 00",  # length beyond the data
        "9b ffffffffffffffff",  # absurd array count
    ],
)
def test_cbor_refuses_malformed(hex_text):
    with pytest.raises(CborError):
        decode(bytes.fromhex(hex_text.replace(" ", "")))


def test_cbor_refuses_hostile_nesting():
    with pytest.raises(CborError):
        decode(b"\x81" * 10_000 + b"\x00")
    with pytest.raises(CborError):
        decode(b"\xc6" * 10_000 + b"\x00")


def test_cbor_keeps_float_values():
    assert math.isnan(decode(bytes.fromhex("f97e00")))
    assert decode(bytes.fromhex("fb3ff199999999999a")) == 1.1
    assert decode(bytes.fromhex("f9fc00")) == -math.inf


def test_cbor_encoder_is_deterministic_and_round_trips():
    value = {"b": 1, "a": [1, -2, b"x", "y", True, None, 1.5], 10: CborTag(18, [])}
    encoded = encode(value)
    # Keys sorted by their encoded bytes: 10 (0x0a) before "a" before "b".
    assert encoded.hex().startswith("a30ad2")
    decoded = decode(encoded)
    assert isinstance(decoded, CborMap)
    assert decoded.get("a") == [1, -2, b"x", "y", True, None, 1.5]
    assert encode(decoded) == encoded
    assert encode(1.1) == bytes.fromhex("fb3ff199999999999a")
    assert encode(100000.0) == bytes.fromhex("fa47c35000")
    assert encode(UNDEFINED) == b"\xf7" and encode(CborSimple(255)) == b"\xf8\xff"
