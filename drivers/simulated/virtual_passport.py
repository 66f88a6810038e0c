"""A virtual ICAO 9303 e-passport chip: LDS application, BAC and secure messaging.

The card side of `drivers.icao_passport`, for tests, the benchmark and the
demo, behind vpcd (`VpcdCard`) or any other VirtualCard holder. It keeps to
what a real chip checks: plain READ BINARY is refused (6982) until BAC,
a wrong MRZ makes EXTERNAL AUTHENTICATE fail with 6300, a wrong MAC on a
protected command ends the session (6988), and the send sequence counter
advances on both sides. The cryptographic primitives are the shared ones,
verified against ICAO 9303 part 11 appendix D in the tests.

Default holder: the ICAO 9303 specimen (Anna Maria Eriksson, Utopia).
"""

from __future__ import annotations

import hmac
import os

from drivers.apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_FILE_NOT_FOUND,
    SW_INCORRECT_P1_P2,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_STATUS_NOT_SATISFIED,
    SW_WRONG_LENGTH,
    CommandApdu,
    split_status_word,
)
from drivers.icao_mrz import split_td3
from drivers.icao_passport import EF_COM, EF_DG1, EF_DG2, LDS_AID
from drivers.icao_secure_messaging import (
    SecureMessagingError,
    SessionKeys,
    bac_keys,
    decrypt,
    encrypt,
    pad,
    parse_tlvs,
    retail_mac,
    tlv,
    unpad,
)

SPECIMEN_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
# Contactless-style ATR a PC/SC reader builds for an ISO 14443-4 chip:
# TD1 = 80 (T=0, TD2 follows), TD2 = 01 (T=1), 4 historical bytes, TCK.
_ATR_BODY = bytes((0x84, 0x80, 0x01)) + b"EPAS"
SW_WRONG_MRZ = 0x6300
SW_SM_OBJECTS_INCORRECT = 0x6988


def _atr() -> bytes:
    check = 0
    for byte in _ATR_BODY:
        check ^= byte
    return b"\x3b" + _ATR_BODY + bytes((check,))


def _ber_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    if length <= 0xFF:
        return bytes((0x81, length))
    return bytes((0x82, length >> 8, length & 0xFF))


def _ber(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + _ber_length(len(value)) + value


def _respond(sw: int, data: bytes = b"") -> bytes:
    return data + bytes(split_status_word(sw))


class VirtualPassport:
    """One passport chip; `reset()` is a power cycle (BAC session dropped)."""

    def __init__(self, mrz: str = SPECIMEN_MRZ, face_jpeg: bytes | None = None) -> None:
        line1, line2 = split_td3(mrz)
        self.mrz = line1 + line2
        number, birth, expiry = line2[0:10], line2[13:20], line2[21:28]
        self._k_enc, self._k_mac = bac_keys(number + birth + expiry)
        groups = b"\x61" + (b"\x75" if face_jpeg else b"")
        com = _ber(0x5F01, b"0107") + _ber(0x5F36, b"040000") + _ber(0x5C, groups)
        self.files: dict[bytes, bytes] = {
            EF_COM: _ber(0x60, com),
            EF_DG1: _ber(0x61, _ber(0x5F1F, self.mrz.encode("ascii"))),
        }
        if face_jpeg:
            self.files[EF_DG2] = _ber(0x75, _ber(0x7F61, _ber(0x5F2E, face_jpeg)))
        self.atr = _atr()
        self.reset()

    def reset(self) -> None:
        self._app_selected = False
        self._challenge: bytes | None = None
        self._keys: SessionKeys | None = None
        self._current: bytes | None = None

    @property
    def bac_established(self) -> bool:
        return self._keys is not None

    def process_apdu(self, apdu: bytes) -> bytes:
        try:
            command = CommandApdu.from_bytes(apdu)
        except ValueError:
            return _respond(SW_WRONG_LENGTH)
        if command.cla == 0x0C:
            return self._secure(apdu, command)
        if command.cla != 0x00:
            return _respond(SW_CLA_NOT_SUPPORTED)
        if command.ins == 0xA4 and command.p1 == 0x04:
            if command.data != LDS_AID:
                return _respond(SW_FILE_NOT_FOUND)
            self.reset()
            self._app_selected = True
            return _respond(SW_OK)
        if command.ins == 0x84:
            return self._get_challenge(command)
        if command.ins == 0x82:
            return self._external_authenticate(command)
        if command.ins in (0xA4, 0xB0):
            # Plain access to the LDS files needs BAC first.
            return _respond(SW_SECURITY_STATUS_NOT_SATISFIED)
        return _respond(SW_INS_NOT_SUPPORTED)

    # -- BAC ------------------------------------------------------------------------

    def _get_challenge(self, command: CommandApdu) -> bytes:
        if command.le != 8:
            return _respond(SW_WRONG_LENGTH)
        self._challenge = os.urandom(8)
        return _respond(SW_OK, self._challenge)

    def _external_authenticate(self, command: CommandApdu) -> bytes:
        challenge, self._challenge = self._challenge, None
        self._keys = None
        if not self._app_selected or challenge is None:
            return _respond(SW_SECURITY_STATUS_NOT_SATISFIED)
        if len(command.data) != 40:
            return _respond(SW_WRONG_LENGTH)
        e_ifd, m_ifd = command.data[:32], command.data[32:]
        if not hmac.compare_digest(retail_mac(self._k_mac, e_ifd), m_ifd):
            return _respond(SW_WRONG_MRZ)  # keys from another MRZ
        plain = decrypt(self._k_enc, e_ifd)
        rnd_ifd, echoed, k_ifd = plain[:8], plain[8:16], plain[16:32]
        if echoed != challenge:
            return _respond(SW_WRONG_MRZ)
        k_icc = os.urandom(16)
        e_icc = encrypt(self._k_enc, challenge + rnd_ifd + k_icc)
        self._keys = SessionKeys.from_bac(k_ifd, k_icc, challenge, rnd_ifd)
        return _respond(SW_OK, e_icc + retail_mac(self._k_mac, e_icc))

    # -- secure messaging ------------------------------------------------------------

    def _secure(self, apdu: bytes, command: CommandApdu) -> bytes:
        keys = self._keys
        if keys is None:
            return _respond(SW_SM_OBJECTS_INCORRECT)
        try:
            inner = self._unwrap(keys, apdu, command)
        except SecureMessagingError:
            self._keys = None  # a chip ends the session on any SM error
            return _respond(SW_SM_OBJECTS_INCORRECT)
        data, sw = self._execute(inner)
        body = b""
        if data:
            body += tlv(0x87, b"\x01" + encrypt(keys.ks_enc, pad(data)))
        body += tlv(0x99, bytes(split_status_word(sw)))
        body += tlv(0x8E, keys.mac(body))
        return _respond(SW_OK, body)

    def _unwrap(self, keys: SessionKeys, apdu: bytes, command: CommandApdu) -> CommandApdu:
        objects = parse_tlvs(command.data)
        if not objects or objects[-1][0] != 0x8E:
            raise SecureMessagingError("no MAC")
        header = apdu[:4]
        covered = command.data[: len(command.data) - 2 - len(objects[-1][1])]
        if not hmac.compare_digest(keys.mac(pad(header) + covered), objects[-1][1]):
            raise SecureMessagingError("MAC mismatch")
        values = dict(objects[:-1])
        data = b""
        if 0x87 in values:
            data = unpad(decrypt(keys.ks_enc, values[0x87][1:]))
        le = values[0x97][0] if 0x97 in values else None
        return CommandApdu(0x00, command.ins, command.p1, command.p2, data, le)

    def _execute(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.ins == 0xA4:
            if command.p1 != 0x02 or command.data not in self.files:
                return b"", SW_FILE_NOT_FOUND
            self._current = command.data
            return b"", SW_OK
        if command.ins == 0xB0:
            if self._current is None:
                return b"", SW_INCORRECT_P1_P2
            content = self.files[self._current]
            offset = (command.p1 << 8) | command.p2
            length = command.le or 256
            return content[offset : offset + length], SW_OK
        return b"", SW_INS_NOT_SUPPORTED
