"""Frames of the second-generation ID card SAM serial protocol (GA/T 467 readers).

Host -> SAM:  AA AA AA 96 69 | LEN(2, big-endian) | CMD | PARA | data | XOR
SAM -> host:  AA AA AA 96 69 | LEN(2, big-endian) | SW1 SW2 SW3 | data | XOR

LEN counts every byte after itself, checksum included; the checksum is the
XOR of the LEN bytes and everything up to (not including) the checksum.

`FrameReassembler` is fed bytes as they arrive from the port, because a
serial read returns whatever happens to be buffered: half a frame, two
frames, or line noise before the preamble.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
# Largest LEN we accept. The biggest real answer (text + photo + fingerprint)
# is about 2.3 KB; anything larger is a corrupted length field, and waiting
# for it would stall the reader until timeout.
MAX_LENGTH = 4096
_LENGTH_FIELD = 2


class SamCommand(Enum):
    """(command byte, parameter byte) pairs."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    READ_SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)

    @property
    def code(self) -> int:
        return self.value[0]

    @property
    def parameter(self) -> int:
        return self.value[1]


class SamStatus(IntEnum):
    """SW3 of an answer whose SW1 SW2 are 00 00 (the published status table)."""

    SUCCESS = 0x90
    FIND_CARD_SUCCESS = 0x9F
    NO_CONTENT = 0x91  # e.g. no fingerprint on this card
    CHECKSUM_ERROR = 0x10  # the SAM got a frame with a bad checksum from us
    LENGTH_ERROR = 0x11
    COMMAND_ERROR = 0x21
    UNAUTHORIZED = 0x23
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_SAM_FAILED = 0x31
    SAM_AUTH_CARD_FAILED = 0x32
    VERIFY_FAILED = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORIZED = 0x66
    NO_CARD = 0x80
    SELECT_FAILED = 0x81


class SamFrameErrorReason(StrEnum):
    BAD_CHECKSUM = "bad_checksum"
    LENGTH_TOO_LONG = "length_too_long"
    LENGTH_TOO_SHORT = "length_too_short"
    # A preamble arrived but the rest of the frame did not before the timeout.
    TRUNCATED = "truncated"
    # Bytes arrived, but none of them started a frame.
    NO_PREAMBLE = "no_preamble"
    UNKNOWN_STATUS = "unknown_status"


class SamFrameError(ValueError):
    def __init__(self, reason: SamFrameErrorReason, detail: str) -> None:
        self.reason = reason
        super().__init__(f"{reason.value}: {detail}")


@dataclass(frozen=True)
class SamRequest:
    command: int
    parameter: int
    data: bytes = b""


@dataclass(frozen=True)
class SamAnswer:
    status: SamStatus
    data: bytes = b""


def xor_checksum(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > MAX_LENGTH:
        raise ValueError(f"frame body of {len(body)} bytes exceeds MAX_LENGTH {MAX_LENGTH}")
    head = length.to_bytes(_LENGTH_FIELD, "big") + body
    return PREAMBLE + head + bytes([xor_checksum(head)])


def encode_request(command: SamCommand, data: bytes = b"") -> bytes:
    return _frame(bytes([command.code, command.parameter]) + data)


def encode_answer(status: SamStatus | int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, int(status)]) + data)


def parse_request(body: bytes) -> SamRequest:
    if len(body) < 2:
        raise SamFrameError(SamFrameErrorReason.LENGTH_TOO_SHORT, f"request body {body.hex()}")
    return SamRequest(body[0], body[1], bytes(body[2:]))


def parse_answer(body: bytes) -> SamAnswer:
    if len(body) < 3:
        raise SamFrameError(SamFrameErrorReason.LENGTH_TOO_SHORT, f"answer body {body.hex()}")
    sw1, sw2, sw3 = body[0], body[1], body[2]
    if sw1 != 0 or sw2 != 0 or sw3 not in SamStatus._value2member_map_:
        raise SamFrameError(
            SamFrameErrorReason.UNKNOWN_STATUS, f"status {sw1:02X} {sw2:02X} {sw3:02X}"
        )
    return SamAnswer(SamStatus(sw3), bytes(body[3:]))


class FrameReassembler:
    """Cuts frames out of a byte stream.

    `feed()` appends bytes; `next_body()` returns the next complete frame's
    body (the bytes between LEN and the checksum) or None when more bytes
    are needed. A bad frame raises SamFrameError after dropping its
    preamble, so the next call resynchronises on the following frame.
    `finish()` is called when the caller gives up waiting: it raises if a
    partial frame or only garbage is buffered.
    """

    def __init__(self, max_length: int = MAX_LENGTH) -> None:
        self._buffer = bytearray()
        self._max_length = max_length
        self.discarded = 0  # garbage bytes skipped before preambles

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def reset(self) -> None:
        self._buffer.clear()
        self.discarded = 0

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def next_body(self) -> bytes | None:
        start = self._buffer.find(PREAMBLE)
        if start < 0:
            # Keep a possible partial preamble at the end.
            drop = max(0, len(self._buffer) - (len(PREAMBLE) - 1))
            self._discard(drop)
            return None
        self._discard(start)
        header = len(PREAMBLE) + _LENGTH_FIELD
        if len(self._buffer) < header:
            return None
        length = int.from_bytes(self._buffer[len(PREAMBLE) : header], "big")
        if length > self._max_length:
            self._discard(len(PREAMBLE))
            raise SamFrameError(
                SamFrameErrorReason.LENGTH_TOO_LONG, f"LEN {length} > {self._max_length}"
            )
        if length < 2:
            self._discard(len(PREAMBLE))
            raise SamFrameError(SamFrameErrorReason.LENGTH_TOO_SHORT, f"LEN {length}")
        end = header + length
        if len(self._buffer) < end:
            return None
        covered = bytes(self._buffer[len(PREAMBLE) : end - 1])
        checksum = self._buffer[end - 1]
        if xor_checksum(covered) != checksum:
            self._discard(len(PREAMBLE))
            raise SamFrameError(
                SamFrameErrorReason.BAD_CHECKSUM,
                f"got {checksum:02X}, computed {xor_checksum(covered):02X} over {length} bytes",
            )
        body = covered[_LENGTH_FIELD:]
        del self._buffer[:end]
        return body

    def finish(self) -> None:
        """Raise if anything is left over when the caller stops waiting."""
        if not self._buffer and not self.discarded:
            return
        if self._buffer.startswith(PREAMBLE):
            expected = "?"
            header = len(PREAMBLE) + _LENGTH_FIELD
            if len(self._buffer) >= header:
                expected = str(int.from_bytes(self._buffer[len(PREAMBLE) : header], "big") + header)
            raise SamFrameError(
                SamFrameErrorReason.TRUNCATED,
                f"got {len(self._buffer)} of {expected} bytes",
            )
        raise SamFrameError(
            SamFrameErrorReason.NO_PREAMBLE,
            f"{self.discarded + len(self._buffer)} bytes without a frame preamble",
        )

    def _discard(self, count: int) -> None:
        if count:
            del self._buffer[:count]
            self.discarded += count
