"""The fixed-layout text of a second-generation ID card read answer.

A read answer (command 30 01) carries: text length (2 bytes, big-endian),
photo length (2 bytes), [fingerprint length (2 bytes) for 30 10], then
the text, the WLT photo and the fingerprint data. The text is 256 bytes of
UCS-2 little-endian, each field space-padded to a fixed width. The
character at byte 248 tells the layout apart: "I" foreigner's permanent
residence card, "J" Hong Kong/Macao/Taiwan residence permit, anything
else (space) the resident ID card.

Field widths are in bytes (two per character).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from drivers.ethnic_groups import ETHNIC_GROUP_BY_CODE
from drivers.identity_document import IdentityDocument, IdentityDocumentType

TEXT_LENGTH = 256
CARD_TYPE_OFFSET = 248
LONG_TERM = "长期"
FOREIGN_PERMANENT_RESIDENCE_TYPE = "I"
HMT_RESIDENCE_PERMIT_TYPE = "J"

# (field name, width in bytes); each layout sums to 256.
RESIDENT_LAYOUT = (
    ("name", 30), ("sex", 2), ("ethnicity_code", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("reserved", 36),
)  # fmt: skip
FOREIGN_LAYOUT = (
    ("english_name", 120), ("sex", 2), ("residence_number", 30), ("nationality", 6),
    ("chinese_name", 30), ("valid_from", 16), ("valid_to", 16), ("birth", 16), ("version", 4),
    ("authority_code", 8), ("card_type", 2), ("reserved", 6),
)  # fmt: skip
HMT_LAYOUT = (
    ("name", 30), ("sex", 2), ("reserved1", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16),
    ("pass_number", 18), ("issue_count", 4), ("reserved2", 6), ("card_type", 2),
    ("reserved3", 6),
)  # fmt: skip

_SEX_BY_CODE = {"1": "M", "2": "F"}
CODE_BY_SEX = {"M": "1", "F": "2"}


class CardTextError(ValueError):
    """The read answer's text does not follow any known layout."""


@dataclass(frozen=True)
class CardReadout:
    text: bytes
    photo_wlt: bytes
    fingerprint: bytes = b""


@dataclass(frozen=True)
class ResidentIdText:
    name: str
    sex: str  # "M"/"F"
    ethnicity_code: str
    birth: dt.date
    address: str
    id_number: str
    issuer: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class ForeignPermanentResidenceText:
    english_name: str
    sex: str
    residence_number: str
    nationality: str  # ISO 3166-1 alpha-3
    chinese_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    birth: dt.date
    version: str
    authority_code: str


@dataclass(frozen=True)
class HmtResidencePermitText:
    name: str
    sex: str
    birth: dt.date
    address: str
    id_number: str
    issuer: str
    valid_from: dt.date
    valid_to: dt.date | None
    pass_number: str
    issue_count: str


CardText = ResidentIdText | ForeignPermanentResidenceText | HmtResidencePermitText


def split_read_answer(data: bytes, with_fingerprint: bool = False) -> CardReadout:
    """Split the data of a 30 01 (or 30 10) answer into text, photo, fingerprint."""
    header = 6 if with_fingerprint else 4
    if len(data) < header:
        raise CardTextError(f"read answer of {len(data)} bytes has no length header")
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    fingerprint_length = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    expected = header + text_length + photo_length + fingerprint_length
    if len(data) != expected:
        raise CardTextError(f"read answer has {len(data)} bytes, its length header says {expected}")
    text_end = header + text_length
    photo_end = text_end + photo_length
    return CardReadout(
        text=bytes(data[header:text_end]),
        photo_wlt=bytes(data[text_end:photo_end]),
        fingerprint=bytes(data[photo_end:]),
    )


def _fields(text: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    values = {}
    offset = 0
    for name, width in layout:
        raw = text[offset : offset + width]
        try:
            values[name] = raw.decode("utf-16-le").rstrip(" \x00")
        except UnicodeDecodeError as error:
            raise CardTextError(f"field {name} is not UCS-2: {error}") from error
        offset += width
    return values


def _date(value: str, field_name: str) -> dt.date:
    if len(value) != 8 or not value.isdigit():
        raise CardTextError(f"{field_name} {value!r} is not YYYYMMDD")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as error:
        raise CardTextError(f"{field_name} {value!r}: {error}") from error


def _end_date(value: str) -> dt.date | None:
    return None if value == LONG_TERM else _date(value, "valid_to")


def _sex(value: str) -> str:
    if value not in _SEX_BY_CODE:
        raise CardTextError(f"sex code {value!r} is neither 1 nor 2")
    return _SEX_BY_CODE[value]


def card_type_of(text: bytes) -> str:
    return text[CARD_TYPE_OFFSET : CARD_TYPE_OFFSET + 2].decode("utf-16-le", "replace").strip()


def parse_card_text(text: bytes) -> CardText:
    if len(text) != TEXT_LENGTH:
        raise CardTextError(f"text has {len(text)} bytes, expected {TEXT_LENGTH}")
    card_type = card_type_of(text)
    if card_type == FOREIGN_PERMANENT_RESIDENCE_TYPE:
        f = _fields(text, FOREIGN_LAYOUT)
        return ForeignPermanentResidenceText(
            english_name=f["english_name"],
            sex=_sex(f["sex"]),
            residence_number=f["residence_number"],
            nationality=f["nationality"],
            chinese_name=f["chinese_name"],
            valid_from=_date(f["valid_from"], "valid_from"),
            valid_to=_end_date(f["valid_to"]),
            birth=_date(f["birth"], "birth"),
            version=f["version"],
            authority_code=f["authority_code"],
        )
    if card_type == HMT_RESIDENCE_PERMIT_TYPE:
        f = _fields(text, HMT_LAYOUT)
        return HmtResidencePermitText(
            name=f["name"],
            sex=_sex(f["sex"]),
            birth=_date(f["birth"], "birth"),
            address=f["address"],
            id_number=f["id_number"],
            issuer=f["issuer"],
            valid_from=_date(f["valid_from"], "valid_from"),
            valid_to=_end_date(f["valid_to"]),
            pass_number=f["pass_number"],
            issue_count=f["issue_count"],
        )
    if card_type:
        raise CardTextError(f"unknown card type {card_type!r} at byte {CARD_TYPE_OFFSET}")
    f = _fields(text, RESIDENT_LAYOUT)
    if f["ethnicity_code"] not in ETHNIC_GROUP_BY_CODE:
        raise CardTextError(f"unknown ethnicity code {f['ethnicity_code']!r}")
    return ResidentIdText(
        name=f["name"],
        sex=_sex(f["sex"]),
        ethnicity_code=f["ethnicity_code"],
        birth=_date(f["birth"], "birth"),
        address=f["address"],
        id_number=f["id_number"],
        issuer=f["issuer"],
        valid_from=_date(f["valid_from"], "valid_from"),
        valid_to=_end_date(f["valid_to"]),
    )


def to_identity_document(card_text: CardText, photo_wlt: bytes = b"") -> IdentityDocument:
    """The interface's document. Fields a layout lacks are left empty.

    IdentityDocument has no slot for nationality, English name, pass number
    or issue count; callers that need them use the CardText record.
    """
    if isinstance(card_text, ForeignPermanentResidenceText):
        return IdentityDocument(
            doc_type=IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE,
            name=card_text.chinese_name or card_text.english_name,
            sex=card_text.sex,
            ethnicity="",
            birth_date=card_text.birth,
            address="",
            id_number=card_text.residence_number,
            issuer=card_text.authority_code,
            valid_from=card_text.valid_from,
            valid_to=card_text.valid_to,
            photo_wlt=photo_wlt,
        )
    if isinstance(card_text, HmtResidencePermitText):
        doc_type = IdentityDocumentType.HMT_RESIDENCE_PERMIT
        ethnicity = ""
    else:
        doc_type = IdentityDocumentType.RESIDENT_ID_CARD
        ethnicity = ETHNIC_GROUP_BY_CODE[card_text.ethnicity_code]
    return IdentityDocument(
        doc_type=doc_type,
        name=card_text.name,
        sex=card_text.sex,
        ethnicity=ethnicity,
        birth_date=card_text.birth,
        address=card_text.address,
        id_number=card_text.id_number,
        issuer=card_text.issuer,
        valid_from=card_text.valid_from,
        valid_to=card_text.valid_to,
        photo_wlt=photo_wlt,
    )


def parse_read_answer(data: bytes, with_fingerprint: bool = False) -> IdentityDocument:
    readout = split_read_answer(data, with_fingerprint)
    return to_identity_document(parse_card_text(readout.text), readout.photo_wlt)
