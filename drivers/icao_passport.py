"""Reading an ICAO 9303 e-passport over a contact/contactless PC/SC reader with BAC.

    with reader.connect(timeout_s=5) as connection:
        passport = read_passport(connection, "E12345678", birth, expiry, today=today)
        document = passport.to_identity_document()

Steps (ICAO 9303 parts 10 and 11): SELECT the LDS application
A0000002471001; Basic Access Control (GET CHALLENGE, EXTERNAL AUTHENTICATE
with keys from the document number, birth date and expiry date the
resident typed); then, under secure messaging, read EF.COM, EF.DG1 (the
MRZ) and, when asked, EF.DG2 (the face image).

A passport that refuses BAC (6300 / 6982 / 6988) raises PassportAccessDenied:
the details typed do not match the passport; the front end asks again.
Passive authentication (EF.SOD against the CSCA list) is not done here.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from dataclasses import dataclass
from enum import StrEnum

from drivers.apdu import SW_FILE_NOT_FOUND, SW_OK, CommandApdu, status_word
from drivers.device import CardNotPresent, CardReadIncomplete, DeviceError
from drivers.icao_mrz import MrzError, Td3Mrz, bac_mrz_information, parse_td3
from drivers.icao_secure_messaging import (
    SecureMessagingError,
    SessionKeys,
    bac_keys,
    decode_length,
    decrypt,
    encrypt,
    retail_mac,
)
from drivers.identity_document import (
    IdentityDocument,
    IdentityDocumentType,
    mask_document_number,
    mask_name,
)
from drivers.smart_card_reader import CardConnection

LDS_AID = bytes.fromhex("A0000002471001")
EF_COM = b"\x01\x1e"
EF_DG1 = b"\x01\x01"
EF_DG2 = b"\x01\x02"
# Answers to EXTERNAL AUTHENTICATE that mean "wrong keys" on deployed passports.
_BAC_REFUSED = (0x6300, 0x6982, 0x6988)
# Largest READ BINARY chunk whose protected answer still fits a short APDU.
_READ_CHUNK = 0xDF


class PassportErrorReason(StrEnum):
    DETAILS_DO_NOT_MATCH = "details_do_not_match"
    NOT_A_PASSPORT = "not_a_passport"
    PROTOCOL = "protocol"


class PassportError(DeviceError):
    reason = PassportErrorReason.PROTOCOL


class PassportAccessDenied(PassportError):
    """BAC refused: the passport details you typed do not match the passport."""

    reason = PassportErrorReason.DETAILS_DO_NOT_MATCH


class NotAPassport(PassportError):
    """The card has no ICAO LDS application."""

    reason = PassportErrorReason.NOT_A_PASSPORT


class PassportProtocolError(PassportError):
    """The chip answered, but wrongly: bad MAC, unexpected status word, malformed file."""


@dataclass(frozen=True, repr=False)
class PassportData:
    mrz: Td3Mrz
    lds_version: str
    data_groups: tuple[int, ...]  # as listed in EF.COM
    face_image: bytes | None = None  # JPEG or JPEG 2000 from DG2, when read

    def to_identity_document(self) -> IdentityDocument:
        return IdentityDocument(
            doc_type=IdentityDocumentType.PASSPORT,
            name=self.mrz.full_name,
            sex=self.mrz.sex,
            ethnicity="",
            birth_date=self.mrz.birth_date,
            address="",
            id_number=self.mrz.document_number,
            issuer=self.mrz.issuing_state,
            valid_from=None,
            valid_to=self.mrz.expiry_date,
            nationality=self.mrz.nationality,
        )

    def __repr__(self) -> str:
        face = f"{len(self.face_image)} bytes" if self.face_image else "not read"
        return (
            f"PassportData(name={mask_name(self.mrz.full_name)}, "
            f"document_number={mask_document_number(self.mrz.document_number)}, "
            f"data_groups={list(self.data_groups)}, face={face})"
        )

    __str__ = __repr__


def read_passport(
    connection: CardConnection,
    document_number: str,
    birth_date: dt.date,
    expiry_date: dt.date,
    *,
    today: dt.date,
    read_face: bool = False,
) -> PassportData:
    """BAC with the typed details, then EF.COM and DG1 (and DG2 if `read_face`).

    Raises MrzError before touching the card if the details cannot be an
    MRZ; PassportAccessDenied if the chip refuses them; NotAPassport;
    PassportProtocolError; CardNotPresent if there is no card;
    CardReadIncomplete if the card is pulled during the read.
    """
    mrz_information = bac_mrz_information(document_number, birth_date, expiry_date)
    session = _PassportSession(connection)
    session.select_application()
    session.basic_access_control(mrz_information)
    com = _parse_com(connection.reader_id, session.read_file(EF_COM, "EF.COM"))
    dg1 = session.read_file(EF_DG1, "EF.DG1")
    try:
        mrz = parse_td3(_parse_dg1(connection.reader_id, dg1), today)
    except MrzError as error:
        raise PassportProtocolError(connection.reader_id, f"DG1 MRZ invalid: {error}") from error
    face = None
    if read_face and 2 in com[1]:
        face = _face_image(session.read_file(EF_DG2, "EF.DG2"))
    return PassportData(mrz=mrz, lds_version=com[0], data_groups=com[1], face_image=face)


class _PassportSession:
    """APDU exchange with BAC and secure messaging; maps failures to typed errors."""

    def __init__(self, connection: CardConnection) -> None:
        self._connection = connection
        self._device_id = connection.reader_id
        self._keys: SessionKeys | None = None
        self.answered = 0

    def _transmit(self, apdu: bytes, step: str) -> tuple[bytes, int, int]:
        try:
            data, sw1, sw2 = self._connection.transmit(apdu)
        except CardNotPresent as error:
            if self.answered:
                raise CardReadIncomplete(error.device_id, f"card removed during {step}") from error
            raise
        self.answered += 1
        return data, sw1, sw2

    def select_application(self) -> None:
        apdu = CommandApdu(0x00, 0xA4, 0x04, 0x0C, data=LDS_AID).to_bytes()
        _data, sw1, sw2 = self._transmit(apdu, "SELECT LDS")
        sw = status_word(sw1, sw2)
        if sw == SW_FILE_NOT_FOUND:
            raise NotAPassport(self._device_id, "no ICAO LDS application (6A82)")
        if sw != SW_OK:
            raise PassportProtocolError(self._device_id, f"SELECT LDS -> {sw:04X}")

    def basic_access_control(self, mrz_information: str) -> None:
        k_enc, k_mac = bac_keys(mrz_information)
        rnd_icc, sw1, sw2 = self._transmit(
            CommandApdu(0x00, 0x84, 0x00, 0x00, le=8).to_bytes(), "GET CHALLENGE"
        )
        if status_word(sw1, sw2) != SW_OK or len(rnd_icc) != 8:
            raise PassportProtocolError(
                self._device_id, f"GET CHALLENGE -> {sw1:02X}{sw2:02X}, {len(rnd_icc)} bytes"
            )
        rnd_ifd, k_ifd = os.urandom(8), os.urandom(16)
        e_ifd = encrypt(k_enc, rnd_ifd + rnd_icc + k_ifd)
        apdu = CommandApdu(
            0x00, 0x82, 0x00, 0x00, data=e_ifd + retail_mac(k_mac, e_ifd), le=0x28
        ).to_bytes()
        answer, sw1, sw2 = self._transmit(apdu, "EXTERNAL AUTHENTICATE")
        sw = status_word(sw1, sw2)
        if sw in _BAC_REFUSED:
            raise PassportAccessDenied(
                self._device_id,
                f"BAC refused ({sw:04X}): the passport details typed do not match the passport",
            )
        if sw != SW_OK or len(answer) != 40:
            raise PassportProtocolError(self._device_id, f"EXTERNAL AUTHENTICATE -> {sw:04X}")
        if not hmac.compare_digest(retail_mac(k_mac, answer[:32]), answer[32:]):
            raise PassportProtocolError(self._device_id, "BAC answer MAC does not match")
        plain = decrypt(k_enc, answer[:32])
        if plain[:8] != rnd_icc or plain[8:16] != rnd_ifd:
            raise PassportProtocolError(self._device_id, "BAC answer does not echo our challenge")
        self._keys = SessionKeys.from_bac(k_ifd, plain[16:32], rnd_icc, rnd_ifd)

    def _protected(self, command: CommandApdu, step: str) -> tuple[bytes, int]:
        assert self._keys is not None, "BAC first"
        response, sw1, sw2 = self._transmit(self._keys.protect(command), step)
        if not response:
            # Secure messaging broken off by the chip: it answers in plain.
            raise PassportProtocolError(self._device_id, f"{step} -> {sw1:02X}{sw2:02X} (plain)")
        try:
            data, sw1, sw2 = self._keys.unprotect(response, sw1, sw2)
        except SecureMessagingError as error:
            raise PassportProtocolError(self._device_id, f"{step}: {error}") from error
        return data, status_word(sw1, sw2)

    def read_file(self, fid: bytes, name: str) -> bytes:
        _data, sw = self._protected(CommandApdu(0x00, 0xA4, 0x02, 0x0C, data=fid), f"SELECT {name}")
        if sw != SW_OK:
            raise PassportProtocolError(self._device_id, f"SELECT {name} -> {sw:04X}")
        head = self._read_binary(0, 4, name)
        try:
            length, value_offset = decode_length(head, 1)
        except SecureMessagingError as error:
            raise PassportProtocolError(self._device_id, f"{name}: {error}") from error
        total = value_offset + length
        content = bytearray(head[:total])
        while len(content) < total:
            chunk = self._read_binary(len(content), min(_READ_CHUNK, total - len(content)), name)
            if not chunk:
                raise PassportProtocolError(self._device_id, f"{name}: file shorter than its TLV")
            content += chunk
        return bytes(content)

    def _read_binary(self, offset: int, length: int, name: str) -> bytes:
        command = CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=length)
        data, sw = self._protected(command, f"READ BINARY {name}@{offset}")
        if sw != SW_OK:
            raise PassportProtocolError(self._device_id, f"READ BINARY {name} -> {sw:04X}")
        return data


def parse_ber(data: bytes) -> list[tuple[int, bytes]]:
    """Top-level BER-TLVs with multi-byte tags (5F1F, 7F61...)."""
    objects, offset = [], 0
    while offset < len(data):
        tag = data[offset]
        offset += 1
        if tag & 0x1F == 0x1F:
            while True:
                if offset >= len(data):
                    raise ValueError("tag runs past the end")
                tag = (tag << 8) | data[offset]
                offset += 1
                if not data[offset - 1] & 0x80:
                    break
        length, offset = decode_length(data, offset)
        if offset + length > len(data):
            raise ValueError("value runs past the end")
        objects.append((tag, data[offset : offset + length]))
        offset += length
    return objects


def _inner(device_id: str, data: bytes, outer_tag: int, name: str) -> dict[int, bytes]:
    try:
        objects = parse_ber(data)
        if not objects or objects[0][0] != outer_tag:
            raise ValueError(f"expected tag {outer_tag:X}")
        return dict(parse_ber(objects[0][1]))
    except (ValueError, SecureMessagingError) as error:
        raise PassportProtocolError(device_id, f"{name} malformed: {error}") from error


def _parse_com(device_id: str, data: bytes) -> tuple[str, tuple[int, ...]]:
    fields = _inner(device_id, data, 0x60, "EF.COM")
    version = fields.get(0x5F01, b"").decode("ascii", "replace")
    # Data group tags (61 = DG1, 75 = DG2, 63 = DG3...) to numbers.
    tag_to_dg = {0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8}
    tag_to_dg.update({0x69: 9, 0x6A: 10, 0x6B: 11, 0x6C: 12, 0x6D: 13, 0x6E: 14, 0x6F: 15})
    tag_to_dg[0x70] = 16
    groups = tuple(tag_to_dg[tag] for tag in fields.get(0x5C, b"") if tag in tag_to_dg)
    return version, groups


def _parse_dg1(device_id: str, data: bytes) -> str:
    fields = _inner(device_id, data, 0x61, "EF.DG1")
    mrz = fields.get(0x5F1F)
    if mrz is None:
        raise PassportProtocolError(device_id, "EF.DG1 has no MRZ (5F1F)")
    return mrz.decode("ascii", "replace")


def _face_image(dg2: bytes) -> bytes | None:
    """The image inside DG2's biometric data block, found by its file signature."""
    for signature in (b"\xff\xd8\xff", b"\x00\x00\x00\x0cjP  "):
        start = dg2.find(signature)
        if start >= 0:
            return dg2[start:]
    return None
