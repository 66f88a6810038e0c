"""Strict CBOR (RFC 8949) for SC1: a decoder that hides nothing, and a deterministic encoder.

General-purpose decoders fold details SC1 must see: they turn 1, 1.0 and
true into equal Python dict keys (so a duplicate key slips through or
overwrites silently), accept trailing bytes, and interpret tags. This
decoder:

- accepts every well-formed encoding of an item (definite or indefinite
  lengths, chunked strings, over-long heads), because issuers are not the
  only producers of codes a kiosk sees and the signature covers bytes, not
  encodings;
- refuses anything not well-formed (reserved additional information,
  misplaced break, chunk of the wrong type, invalid UTF-8, truncation),
  bytes after the item, and maps with a duplicate key, where keys are
  compared as CBOR data items (1, 1.0, true and 1(1) are four keys);
- returns tags as `CborTag` and maps as `CborMap`, so callers decide which
  tags are allowed and look keys up by CBOR identity.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass

# Deep enough for every SC1 structure (a trust list is the deepest, ~6),
# shallow enough that hostile nesting cannot exhaust the Python stack.
MAX_DEPTH = 48


class CborError(ValueError):
    """The bytes are not exactly one well-formed, duplicate-free CBOR item."""


@dataclass(frozen=True)
class CborTag:
    number: int
    value: object


@dataclass(frozen=True)
class CborSimple:
    """A simple value other than false, true and null (undefined is CborSimple(23))."""

    value: int


UNDEFINED = CborSimple(23)


def item_identity(value: object) -> tuple:
    """A hashable identity under which two values are equal iff they are the same CBOR item.

    Python equates 1, 1.0 and True; CBOR does not, so the type is part of the identity.
    Floats compare by value regardless of their encoded width (the CBOR data model).
    """
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        if math.isnan(value):
            return ("float", "nan")
        return ("float", struct.pack(">d", value))
    if isinstance(value, bytes):
        return ("bytes", value)
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, CborTag):
        return ("tag", value.number, item_identity(value.value))
    if isinstance(value, CborSimple):
        return ("simple", value.value)
    if isinstance(value, list | tuple):
        return ("array", tuple(item_identity(element) for element in value))
    if isinstance(value, CborMap):
        return (
            "map",
            frozenset((item_identity(k), item_identity(v)) for k, v in value.items()),
        )
    raise TypeError(f"not a CBOR value: {type(value).__name__}")


class CborMap:
    """A CBOR map: pairs in encoded order, looked up by CBOR item identity."""

    __slots__ = ("_pairs", "_index")

    def __init__(self, pairs: list[tuple[object, object]] | None = None) -> None:
        self._pairs: list[tuple[object, object]] = []
        self._index: dict[tuple, object] = {}
        for key, value in pairs or ():
            identity = item_identity(key)
            if identity in self._index:
                raise CborError("duplicate map key")
            self._index[identity] = value
            self._pairs.append((key, value))

    def get(self, key: object, default: object = None) -> object:
        return self._index.get(item_identity(key), default)

    def __contains__(self, key: object) -> bool:
        return item_identity(key) in self._index

    def __len__(self) -> int:
        return len(self._pairs)

    def items(self) -> Iterator[tuple[object, object]]:
        return iter(self._pairs)

    def keys(self) -> Iterator[object]:
        return (key for key, _ in self._pairs)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CborMap):
            return NotImplemented
        return item_identity(self) == item_identity(other)

    def __hash__(self) -> int:
        return hash(item_identity(self))

    def __repr__(self) -> str:
        inner = ", ".join(f"{key!r}: {value!r}" for key, value in self._pairs)
        return f"CborMap({{{inner}}})"


_BREAK = object()


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise CborError("truncated CBOR")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def head(self) -> tuple[int, int, int | None]:
        """(major type, additional info, argument); argument None for indefinite length."""
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if info < 24:
            return major, info, info
        if info <= 27:
            size = 1 << (info - 24)
            return major, info, int.from_bytes(self.take(size), "big")
        if info == 31:
            return major, info, None
        raise CborError("reserved additional information 28-30")


def _read_string(reader: _Reader, major: int, length: int | None) -> bytes:
    if length is not None:
        if length > reader.remaining():
            raise CborError("truncated CBOR string")
        return reader.take(length)
    chunks = []
    while True:
        chunk_major, info, chunk_length = reader.head()
        if chunk_major == 7 and info == 31:
            return b"".join(chunks)
        if chunk_major != major or chunk_length is None:
            raise CborError("indefinite-length string chunk of the wrong kind")
        piece = _read_string(reader, major, chunk_length)
        if major == 3:
            _utf8(piece)  # each text chunk must be valid UTF-8 on its own
        chunks.append(piece)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CborError("text string is not valid UTF-8") from exc


def _read_item(reader: _Reader, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise CborError("CBOR nested too deeply")
    major, info, argument = reader.head()
    if major == 0:
        if argument is None:
            raise CborError("indefinite length on an integer")
        return argument
    if major == 1:
        if argument is None:
            raise CborError("indefinite length on an integer")
        return -1 - argument
    if major == 2:
        return _read_string(reader, 2, argument)
    if major == 3:
        return _utf8(_read_string(reader, 3, argument))
    if major == 4:
        return _read_array(reader, argument, depth)
    if major == 5:
        return _read_map(reader, argument, depth)
    if major == 6:
        if argument is None:
            raise CborError("indefinite length on a tag")
        content = _read_item(reader, depth + 1)
        if content is _BREAK:
            raise CborError("break where a tag content belongs")
        return CborTag(argument, content)
    return _read_simple_or_float(reader, info, argument)


def _read_array(reader: _Reader, count: int | None, depth: int) -> list[object]:
    if count is not None:
        # Every item takes at least one byte: refuse absurd counts before looping.
        if count > reader.remaining():
            raise CborError("truncated CBOR array")
        elements = []
        for _ in range(count):
            element = _read_item(reader, depth + 1)
            if element is _BREAK:
                raise CborError("break inside a definite-length array")
            elements.append(element)
        return elements
    elements = []
    while True:
        element = _read_item(reader, depth + 1)
        if element is _BREAK:
            return elements
        elements.append(element)


def _read_map(reader: _Reader, count: int | None, depth: int) -> CborMap:
    pairs: list[tuple[object, object]] = []
    if count is not None:
        if 2 * count > reader.remaining():
            raise CborError("truncated CBOR map")
        for _ in range(count):
            key = _read_item(reader, depth + 1)
            value = _read_item(reader, depth + 1)
            if key is _BREAK or value is _BREAK:
                raise CborError("break inside a definite-length map")
            pairs.append((key, value))
        return CborMap(pairs)
    while True:
        key = _read_item(reader, depth + 1)
        if key is _BREAK:
            return CborMap(pairs)
        value = _read_item(reader, depth + 1)
        if value is _BREAK:
            raise CborError("indefinite-length map with a key and no value")
        pairs.append((key, value))


def _read_simple_or_float(reader: _Reader, info: int, argument: int | None) -> object:
    if info == 31:
        return _BREAK
    if info < 24:
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        return CborSimple(info)
    assert argument is not None
    if info == 24:
        if argument < 32:
            raise CborError("two-byte encoding of a simple value below 32")
        return CborSimple(argument)
    width = {25: ">e", 26: ">f", 27: ">d"}[info]
    size = {25: 2, 26: 4, 27: 8}[info]
    return struct.unpack(width, argument.to_bytes(size, "big"))[0]


def decode(data: bytes) -> object:
    """Decode exactly one CBOR item; anything after it is an error."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CborError("CBOR input must be bytes")
    reader = _Reader(bytes(data))
    item = _read_item(reader, 0)
    if item is _BREAK:
        raise CborError("break outside an indefinite-length item")
    if reader.remaining():
        raise CborError("bytes after the CBOR item")
    return item


# ---- deterministic encoding (RFC 8949 section 4.2.1) ----


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("integer too large for a CBOR head")


def _encode_float(value: float) -> bytes:
    for info, width in ((25, ">e"), (26, ">f")):
        try:
            packed = struct.pack(width, value)
        except (OverflowError, struct.error):
            continue
        if struct.unpack(width, packed)[0] == value or math.isnan(value):
            return bytes([0xE0 | info]) + packed
    return b"\xfb" + struct.pack(">d", value)


def encode(value: object) -> bytes:
    """Deterministically encode value: shortest heads, definite lengths, sorted map keys."""
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, bytes | bytearray):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list | tuple):
        return _head(4, len(value)) + b"".join(encode(element) for element in value)
    if isinstance(value, dict | CborMap):
        encoded = sorted((encode(k), encode(v)) for k, v in value.items())
        keys = [key for key, _ in encoded]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate map key")
        return _head(5, len(encoded)) + b"".join(k + v for k, v in encoded)
    if isinstance(value, CborTag):
        return _head(6, value.number) + encode(value.value)
    if isinstance(value, CborSimple):
        if value.value < 24:
            return bytes([0xE0 | value.value])
        return bytes([0xF8, value.value])
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")
