"""ISO/IEC 7816-4 command APDUs (short length form) and status words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    # None: no response expected (case 1/3); 0 means "up to 256 bytes".
    le: int | None = None

    def to_bytes(self) -> bytes:
        if len(self.data) > 255:
            raise ValueError("extended-length APDUs are not supported")
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        body = bytes((len(self.data),)) + self.data if self.data else b""
        trailer = bytes((self.le,)) if self.le is not None else b""
        return header + body + trailer

    @classmethod
    def from_bytes(cls, apdu: bytes) -> CommandApdu:
        """Parse cases 1-4 of the short form; raises ValueError if malformed."""
        if len(apdu) < 4:
            raise ValueError("APDU shorter than its header")
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0])
        lc = body[0]
        if lc == 0:
            raise ValueError("extended-length APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, data=body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, data=body[1 : 1 + lc], le=body[-1])
        raise ValueError("Lc does not match the APDU length")


SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982
SW_COMMAND_NOT_ALLOWED_NO_EF = 0x6986
SW_FILE_NOT_FOUND = 0x6A82
SW_RECORD_NOT_FOUND = 0x6A83
SW_INCORRECT_P1_P2 = 0x6A86
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


def status_word(sw1: int, sw2: int) -> int:
    return (sw1 << 8) | sw2


def split_status_word(sw: int) -> tuple[int, int]:
    return sw >> 8, sw & 0xFF
