"""A virtual social security card that answers real APDUs byte by byte.

It implements just enough of ISO 7816-4 (SELECT, READ RECORD, status
words, Le correction with 6Cxx) for the SSSE basic-data files, so
`read_social_security_card` runs against it exactly as against a card in a
PC/SC reader.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Protocol

from drivers.apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_COMMAND_NOT_ALLOWED_NO_EF,
    SW_FILE_NOT_FOUND,
    SW_INCORRECT_P1_P2,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_RECORD_NOT_FOUND,
    SW_SECURITY_STATUS_NOT_SATISFIED,
    SW_WRONG_LENGTH,
    CommandApdu,
    split_status_word,
)
from drivers.ethnic_groups import ethnic_group_code
from drivers.social_security_card import (
    CODE_BY_SEX,
    EF05_FID,
    EF06_FID,
    MF_FID,
    SSSE_DF_NAME,
    SSSE_FIELDS,
    TEXT_ENCODING,
    FieldFormat,
    SocialSecurityCardData,
    SsseField,
)

DEFAULT_CARDS_DIR = Path(__file__).with_name("social_security_cards")
_SFI_TO_FID = {5: EF05_FID, 6: EF06_FID}
# TS=3B direct convention, T0=6C: TB1 and TC1 follow, then 12 historical bytes.
SIMULATED_ATR = bytes((0x3B, 0x6C, 0x00, 0x00)) + b"SIM-SSCARD01"


class VirtualCard(Protocol):
    """Anything that answers command APDUs with response APDUs (data + SW1 SW2)."""

    @property
    def atr(self) -> bytes: ...

    def process_apdu(self, apdu: bytes) -> bytes: ...

    def reset(self) -> None: ...


def load_social_security_card(path: Path) -> SocialSecurityCardData:
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        return SocialSecurityCardData(
            card_number=raw["card_number"],
            id_number=raw["id_number"],
            name=raw["name"],
            sex=raw["sex"],
            ethnicity=raw["ethnicity"],
            birth_date=dt.date.fromisoformat(raw["birth_date"]),
            issue_date=dt.date.fromisoformat(raw["issue_date"]),
            expiry_date=dt.date.fromisoformat(raw["expiry_date"]),
            card_identifier=raw["card_identifier"],
            card_type=raw["card_type"],
            spec_version=raw["spec_version"],
            issuing_org=raw["issuing_org"],
            birthplace_code=raw["birthplace_code"],
        )
    except (KeyError, ValueError) as error:
        raise ValueError(f"invalid card file {path.name}: {error}") from error


def encode_bcd(digits: str, length: int) -> bytes:
    if not digits.isdigit() or len(digits) > 2 * length:
        raise ValueError(f"cannot store {digits!r} as {length} BCD bytes")
    padded = digits.ljust(2 * length, "F")
    return bytes.fromhex(padded)


def encode_field(field: SsseField, value: str) -> bytes:
    if field.fmt is FieldFormat.BCD:
        return encode_bcd(value, field.length)
    encoded = value.encode(TEXT_ENCODING)
    if len(encoded) > field.length:
        raise ValueError(f"{field.name} longer than {field.length} bytes")
    return encoded.ljust(field.length, b"\x00")


def personalise(data: SocialSecurityCardData) -> dict[int, bytes]:
    """The TLV records a card issuer would write for `data`, by record number."""
    logical = {
        "card_identifier": data.card_identifier,
        "card_type": data.card_type,
        "spec_version": data.spec_version,
        "issuing_org": data.issuing_org,
        "issue_date": data.issue_date.strftime("%Y%m%d"),
        "expiry_date": data.expiry_date.strftime("%Y%m%d"),
        "card_number": data.card_number,
        "id_number": data.id_number,
        "name": data.name,
        "sex": CODE_BY_SEX[data.sex],
        "ethnicity": ethnic_group_code(data.ethnicity),
        "birthplace_code": data.birthplace_code,
        "birth_date": data.birth_date.strftime("%Y%m%d"),
    }
    records = {}
    for field in SSSE_FIELDS:
        value = encode_field(field, logical[field.name])
        records[field.tag] = bytes((field.tag, len(value))) + value
    return records


def _respond(sw: int, data: bytes = b"") -> bytes:
    return data + bytes(split_status_word(sw))


class VirtualSocialSecurityCard:
    """The SSSE application of one card, with switches for error cases."""

    def __init__(self, data: SocialSecurityCardData) -> None:
        self.data = data
        records = personalise(data)
        self._files: dict[bytes, dict[int, bytes]] = {
            fid: {f.tag: records[f.tag] for f in SSSE_FIELDS if f.fid == fid}
            for fid in (EF05_FID, EF06_FID)
        }
        # Cards issued for another province's application layout answer 6A82.
        self.has_ssse_application = True
        # Some cards only release EF06 after PSAM authentication: 6982.
        self.personal_data_locked = False
        self._in_ssse = False
        self._current_ef: bytes | None = None

    @property
    def atr(self) -> bytes:
        return SIMULATED_ATR

    def reset(self) -> None:
        self._in_ssse = False
        self._current_ef = None

    def remove_record(self, tag: int) -> None:
        """Simulate a badly personalised card (READ RECORD then answers 6A83)."""
        for records in self._files.values():
            records.pop(tag, None)

    def process_apdu(self, apdu: bytes) -> bytes:
        try:
            command = CommandApdu.from_bytes(apdu)
        except ValueError:
            return _respond(SW_WRONG_LENGTH)
        if command.cla != 0x00:
            return _respond(SW_CLA_NOT_SUPPORTED)
        if command.ins == 0xA4:
            return self._select(command)
        if command.ins == 0xB2:
            return self._read_record(command)
        return _respond(SW_INS_NOT_SUPPORTED)

    def _select(self, command: CommandApdu) -> bytes:
        if command.p1 == 0x04:
            if command.data == SSSE_DF_NAME and self.has_ssse_application:
                self._in_ssse, self._current_ef = True, None
                return _respond(SW_OK)
            return _respond(SW_FILE_NOT_FOUND)
        if command.p1 not in (0x00, 0x02):
            return _respond(SW_INCORRECT_P1_P2)
        if command.data == MF_FID and command.p1 == 0x00:
            self._in_ssse, self._current_ef = False, None
            return _respond(SW_OK)
        if self._in_ssse and command.data in self._files:
            self._current_ef = command.data
            return _respond(SW_OK)
        return _respond(SW_FILE_NOT_FOUND)

    def _read_record(self, command: CommandApdu) -> bytes:
        if command.p2 & 0x07 not in (0x04, 0x00):
            return _respond(SW_INCORRECT_P1_P2)
        sfi = command.p2 >> 3
        if sfi:
            if not self._in_ssse or sfi not in _SFI_TO_FID:
                return _respond(SW_FILE_NOT_FOUND)
            self._current_ef = _SFI_TO_FID[sfi]
        if self._current_ef is None:
            return _respond(SW_COMMAND_NOT_ALLOWED_NO_EF)
        if self._current_ef == EF06_FID and self.personal_data_locked:
            return _respond(SW_SECURITY_STATUS_NOT_SATISFIED)
        record = self._files[self._current_ef].get(command.p1)
        if record is None:
            return _respond(SW_RECORD_NOT_FOUND)
        if command.le is None:
            return _respond(SW_WRONG_LENGTH)
        if command.le not in (0, len(record)):
            # T=0 style: tell the terminal the exact length to ask for.
            return _respond(0x6C00 | len(record))
        return _respond(SW_OK, record)
