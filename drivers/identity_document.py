"""The data read from an identity document, and how to log it safely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class IdentityDocumentType(StrEnum):
    RESIDENT_ID_CARD = "resident_id_card"
    # 外国人永久居留身份证
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"
    # 港澳台居民居住证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    # ICAO 9303 e-passport, read over BAC: no address, issue date or ethnicity;
    # `id_number` holds the passport number.
    PASSPORT = "passport"


_ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_NUMBER_CHECK_CHARS = "10X98765432"


def id_number_checksum_valid(id_number: str) -> bool:
    """ISO 7064 MOD 11-2 check of an 18-character ID number (GB 11643).

    All three document types use the same 18-character scheme.
    """
    if len(id_number) != 18 or not id_number[:17].isdigit():
        return False
    total = sum(
        int(digit) * weight
        for digit, weight in zip(id_number[:17], _ID_NUMBER_WEIGHTS, strict=True)
    )
    return _ID_NUMBER_CHECK_CHARS[total % 11] == id_number[17].upper()


def mask_name(name: str) -> str:
    """Keep first and last character: 王秀英 -> 王*英, 张伟 -> 张*."""
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(id_number: str) -> str:
    """Keep the first and last four characters: 3101**********0021."""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_document_number(document_number: str) -> str:
    """Keep two characters at each end: E1*****78. Passport numbers are short,
    so the ID-number mask (four at each end) would show almost all of one."""
    if len(document_number) <= 4:
        return "*" * len(document_number)
    return document_number[:2] + "*" * (len(document_number) - 4) + document_number[-2:]


def mask_address(address: str) -> str:
    """Keep the city/district prefix only."""
    keep = min(6, len(address) // 2)
    return address[:keep] + "*" * (len(address) - keep)


@dataclass(frozen=True, repr=False)
class IdentityDocument:
    doc_type: IdentityDocumentType
    name: str
    # "M" or "F", as the card encodes it (GB/T 2261.1 codes 1/2); passports
    # may also say "X" (unspecified, "<" in the MRZ).
    sex: str
    ethnicity: str  # as printed on the card face, e.g. "汉"; "" on passports
    birth_date: dt.date
    address: str
    id_number: str  # the ID number; the passport number for passports
    issuer: str  # issuing authority; the ICAO issuing state code for passports
    valid_from: dt.date | None  # None only for passports: DG1 has no issue date
    valid_to: dt.date | None  # None: 长期 (valid without end date)
    # Vendor-encrypted WLT photo; only a licensed decoder can turn it into an image.
    photo_wlt: bytes = field(default=b"")
    # ICAO 3-letter nationality code (passports); "" for Chinese ID documents.
    nationality: str = ""

    def __post_init__(self) -> None:
        allowed_sex = (
            ("M", "F", "X") if self.doc_type is IdentityDocumentType.PASSPORT else ("M", "F")
        )
        if self.sex not in allowed_sex:
            raise ValueError(f"sex must be one of {allowed_sex}, got {self.sex!r}")
        if self.valid_from is None and self.doc_type is not IdentityDocumentType.PASSPORT:
            raise ValueError("valid_from is required except on passports")
        if (
            self.valid_to is not None
            and self.valid_from is not None
            and self.valid_to < self.valid_from
        ):
            raise ValueError("valid_to before valid_from")

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the document is within its validity period on `day` (clock injected)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def __repr__(self) -> str:
        # Logs and tracebacks end up in support tickets; never show full personal data.
        valid_to = self.valid_to.isoformat() if self.valid_to else "long-term"
        masked_number = (
            mask_document_number(self.id_number)
            if self.doc_type is IdentityDocumentType.PASSPORT
            else mask_id_number(self.id_number)
        )
        return (
            f"IdentityDocument({self.doc_type.value}, name={mask_name(self.name)}, "
            f"sex={self.sex}, birth_year={self.birth_date.year}, "
            f"id_number={masked_number}, "
            f"address={mask_address(self.address)}, valid_to={valid_to}, "
            f"photo_wlt={len(self.photo_wlt)} bytes)"
        )

    __str__ = __repr__
