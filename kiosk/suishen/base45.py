"""Base45 (RFC 9285), decoded strictly.

Strict means: only the 45 alphabet characters, no length of the form 3k+1,
and no group whose value overflows its bytes (a triple above 65535 or a
final pair above 255). A lenient decoder that wraps those values around
would map several texts to one byte string, so a tampered code could
still decode to a genuine payload.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUES = {character: index for index, character in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """The text is not a canonical base45 encoding."""


def b45decode(text: str) -> bytes:
    if len(text) % 3 == 1:
        raise Base45Error("base45 length of the form 3k+1")
    try:
        values = [_VALUES[character] for character in text]
    except (KeyError, TypeError) as exc:
        raise Base45Error("character outside the base45 alphabet") from exc
    out = bytearray()
    full = len(values) - len(values) % 3
    for start in range(0, full, 3):
        c, d, e = values[start : start + 3]
        number = c + d * 45 + e * 45 * 45
        if number > 0xFFFF:
            raise Base45Error("base45 triple above 65535")
        out += number.to_bytes(2, "big")
    if full != len(values):
        c, d = values[full:]
        number = c + d * 45
        if number > 0xFF:
            raise Base45Error("base45 final pair above 255")
        out.append(number)
    return bytes(out)


def b45encode(data: bytes) -> str:
    out = []
    for start in range(0, len(data) - 1, 2):
        number = data[start] << 8 | data[start + 1]
        e, rest = divmod(number, 45 * 45)
        d, c = divmod(rest, 45)
        out += [ALPHABET[c], ALPHABET[d], ALPHABET[e]]
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += [ALPHABET[c], ALPHABET[d]]
    return "".join(out)
