"""Reading the basic data of a Chinese social security card (社会保障卡) over APDUs.

File structure (public part of the national card specification):

    MF 3F00
     └─ DF SSSE, selected by name "sx1.sh.社会保障" (GBK)
         ├─ EF05 (SFI 5) card-level data, records 01..07
         └─ EF06 (SFI 6) personal data, records 08..0D

Each record is identified by its data item number, which is also the tag of
the single TLV it holds (tag, length, value), so READ RECORD with P1 = tag
returns `tag | len | value`. Text is GBK, dates are 4-byte BCD YYYYMMDD.

The item numbers of EF06 follow deployed reader software (0A sex, 0B ethnic
group, 0C birthplace, 0D birth date). Keep them in `SSSE_FIELDS` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from drivers.apdu import (
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_RECORD_NOT_FOUND,
    SW_SECURITY_STATUS_NOT_SATISFIED,
    CommandApdu,
    status_word,
)
from drivers.device import CardNotPresent, CardReadIncomplete, DeviceError
from drivers.ethnic_groups import ethnic_group_name
from drivers.identity_document import mask_id_number, mask_name
from drivers.smart_card_reader import CardConnection

MF_FID = b"\x3f\x00"
SSSE_DF_NAME = "sx1.sh.社会保障".encode("gbk")
EF05_FID = b"\xef\x05"
EF06_FID = b"\xef\x06"
TEXT_ENCODING = "gbk"
# GB/T 2261.1 sex codes as stored on the card.
SEX_BY_CODE = {"1": "M", "2": "F"}
CODE_BY_SEX = {sex: code for code, sex in SEX_BY_CODE.items()}


class FieldFormat(StrEnum):
    # Text (GBK; ASCII for the numeric-looking identifiers), padded with 00.
    TEXT = "an"
    # Packed BCD digits.
    BCD = "cn"


@dataclass(frozen=True)
class SsseField:
    tag: int
    name: str
    fid: bytes
    length: int
    fmt: FieldFormat


SSSE_FIELDS: tuple[SsseField, ...] = (
    SsseField(0x01, "card_identifier", EF05_FID, 16, FieldFormat.TEXT),
    SsseField(0x02, "card_type", EF05_FID, 1, FieldFormat.TEXT),
    SsseField(0x03, "spec_version", EF05_FID, 4, FieldFormat.TEXT),
    SsseField(0x04, "issuing_org", EF05_FID, 12, FieldFormat.TEXT),
    SsseField(0x05, "issue_date", EF05_FID, 4, FieldFormat.BCD),
    SsseField(0x06, "expiry_date", EF05_FID, 4, FieldFormat.BCD),
    SsseField(0x07, "card_number", EF05_FID, 9, FieldFormat.TEXT),
    SsseField(0x08, "id_number", EF06_FID, 18, FieldFormat.TEXT),
    SsseField(0x09, "name", EF06_FID, 30, FieldFormat.TEXT),
    SsseField(0x0A, "sex", EF06_FID, 1, FieldFormat.TEXT),
    SsseField(0x0B, "ethnicity", EF06_FID, 1, FieldFormat.BCD),
    SsseField(0x0C, "birthplace_code", EF06_FID, 3, FieldFormat.BCD),
    SsseField(0x0D, "birth_date", EF06_FID, 4, FieldFormat.BCD),
)


@dataclass(frozen=True, repr=False)
class SocialSecurityCardData:
    card_number: str
    id_number: str  # 社会保障号码, equal to the resident ID number
    name: str
    sex: str  # "M" / "F"
    ethnicity: str  # name, e.g. "汉"
    birth_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    card_identifier: str
    card_type: str
    spec_version: str
    issuing_org: str
    birthplace_code: str

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issue_date <= day <= self.expiry_date

    def __repr__(self) -> str:
        return (
            f"SocialSecurityCardData(card_number={mask_id_number(self.card_number)}, "
            f"name={mask_name(self.name)}, id_number={mask_id_number(self.id_number)}, "
            f"expiry_date={self.expiry_date.isoformat()})"
        )

    __str__ = __repr__


class CardStatusError(DeviceError):
    """The card answered a command with an error status word."""

    def __init__(self, device_id: str, command: str, sw: int) -> None:
        self.command = command
        self.sw = sw
        super().__init__(device_id, f"{command} -> {sw:04X}")


class FileNotFound(CardStatusError):
    """6A82: not a social security card, or a different application layout."""


class RecordNotFound(CardStatusError):
    """6A83."""


class SecurityStatusNotSatisfied(CardStatusError):
    """6982: the card wants PIN or PSAM authentication first."""


class UnexpectedStatusWord(CardStatusError):
    pass


class MalformedRecord(DeviceError):
    """A record's TLV or content does not match the specification."""


_ERRORS_BY_SW: dict[int, type[CardStatusError]] = {
    SW_FILE_NOT_FOUND: FileNotFound,
    SW_RECORD_NOT_FOUND: RecordNotFound,
    SW_SECURITY_STATUS_NOT_SATISFIED: SecurityStatusNotSatisfied,
}


def select_by_fid(fid: bytes) -> bytes:
    return CommandApdu(0x00, 0xA4, 0x00, 0x00, data=fid).to_bytes()


def select_by_name(df_name: bytes) -> bytes:
    return CommandApdu(0x00, 0xA4, 0x04, 0x00, data=df_name).to_bytes()


def read_record(record: int, le: int) -> bytes:
    # P2 = 04: record number in P1, current EF.
    return CommandApdu(0x00, 0xB2, record, 0x04, le=le).to_bytes()


def decode_bcd(value: bytes) -> str:
    digits = []
    for byte in value:
        for nibble in (byte >> 4, byte & 0x0F):
            if nibble == 0xF:
                continue  # filler
            if nibble > 9:
                raise ValueError(f"not BCD: {value.hex()}")
            digits.append(str(nibble))
    return "".join(digits)


def decode_text(value: bytes) -> str:
    return value.rstrip(b"\x00\xff ").decode(TEXT_ENCODING)


class _Session:
    """Sends APDUs and turns status words into typed errors."""

    def __init__(self, connection: CardConnection) -> None:
        self._connection = connection
        self.answered = 0

    def send(self, apdu: bytes, command: str, *, le_corrected: bool = False) -> bytes:
        try:
            data, sw1, sw2 = self._connection.transmit(apdu)
        except CardNotPresent as error:
            if self.answered:
                # Part of the card is read; the caller must not use partial data.
                raise CardReadIncomplete(
                    error.device_id, f"card removed during {command}"
                ) from error
            raise
        self.answered += 1
        sw = status_word(sw1, sw2)
        if sw1 == 0x6C and not le_corrected:
            # Wrong Le: the card tells the right one; resend once with it.
            return self.send(apdu[:-1] + bytes((sw2,)), command, le_corrected=True)
        if sw == SW_OK or (sw1 == 0x61 and command.startswith("SELECT")):
            return data
        error_type = _ERRORS_BY_SW.get(sw, UnexpectedStatusWord)
        raise error_type(self._connection.reader_id, command, sw)


def read_social_security_card(conn: CardConnection) -> SocialSecurityCardData:
    """Read the basic data of the SSSE application.

    Raises FileNotFound / RecordNotFound / SecurityStatusNotSatisfied /
    UnexpectedStatusWord for error status words, MalformedRecord for bad
    content, CardNotPresent if there is no card, CardReadIncomplete if the
    card is pulled during the read.
    """
    session = _Session(conn)
    session.send(select_by_fid(MF_FID), "SELECT MF")
    session.send(select_by_name(SSSE_DF_NAME), "SELECT SSSE")
    values: dict[str, str] = {}
    current_fid = b""
    for field in SSSE_FIELDS:
        if field.fid != current_fid:
            session.send(select_by_fid(field.fid), f"SELECT {field.fid.hex().upper()}")
            current_fid = field.fid
        command = f"READ RECORD {field.tag:02X}"
        record = session.send(read_record(field.tag, 2 + field.length), command)
        values[field.name] = _decode_field(conn.reader_id, field, record)
    return _to_card_data(conn.reader_id, values)


def _decode_field(reader_id: str, field: SsseField, record: bytes) -> str:
    if len(record) < 2 or record[0] != field.tag or record[1] != len(record) - 2:
        raise MalformedRecord(reader_id, f"record {field.tag:02X}: bad TLV {record.hex()}")
    value = record[2:]
    try:
        return decode_bcd(value) if field.fmt is FieldFormat.BCD else decode_text(value)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedRecord(reader_id, f"record {field.tag:02X}: {error}") from error


def _to_card_data(reader_id: str, values: dict[str, str]) -> SocialSecurityCardData:
    try:
        return SocialSecurityCardData(
            card_number=values["card_number"],
            id_number=values["id_number"],
            name=values["name"],
            sex=SEX_BY_CODE[values["sex"]],
            ethnicity=ethnic_group_name(values["ethnicity"]),
            birth_date=_parse_date(values["birth_date"]),
            issue_date=_parse_date(values["issue_date"]),
            expiry_date=_parse_date(values["expiry_date"]),
            card_identifier=values["card_identifier"],
            card_type=values["card_type"],
            spec_version=values["spec_version"],
            issuing_org=values["issuing_org"],
            birthplace_code=values["birthplace_code"],
        )
    except (KeyError, ValueError) as error:
        raise MalformedRecord(reader_id, f"field content: {error!r}") from error


def _parse_date(yyyymmdd: str) -> dt.date:
    return dt.datetime.strptime(yyyymmdd, "%Y%m%d").date()
