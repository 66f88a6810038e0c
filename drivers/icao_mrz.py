"""ICAO 9303 machine readable zone of a passport (TD3): check digits, parsing, BAC input.

A resident at the kiosk types three things printed on the data page: the
document number, the birth date and the expiry date. `bac_mrz_information`
turns them into the "MRZ information" Basic Access Control derives its
keys from (ICAO 9303 part 11, 4.3.2): document number, birth date and
expiry date, each followed by its check digit.

`parse_td3` reads the two 44-character lines (from DG1, or typed/scanned)
and checks every check digit, so a mistyped MRZ is refused with the field
that is wrong (`MrzError.field`), never half-parsed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from drivers.identity_document import mask_document_number, mask_name

TD3_LINE_LENGTH = 44
FILLER = "<"
_WEIGHTS = (7, 3, 1)
_MRZ_CHARS = re.compile(r"[0-9A-Z<]*")


class MrzField(StrEnum):
    """Which part of the MRZ is wrong; the front end words the message."""

    LAYOUT = "layout"  # line count/length, not a TD3 passport
    CHARACTERS = "characters"  # characters outside 0-9 A-Z <
    DOCUMENT_NUMBER = "document_number"
    BIRTH_DATE = "birth_date"
    EXPIRY_DATE = "expiry_date"
    SEX = "sex"
    OPTIONAL_DATA = "optional_data"
    COMPOSITE = "composite"  # the final check digit over the whole second line


class MrzError(ValueError):
    def __init__(self, field: MrzField, detail: str) -> None:
        self.field = field
        self.detail = detail
        super().__init__(f"{field.value}: {detail}")


def char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == FILLER:
        return 0
    raise MrzError(MrzField.CHARACTERS, f"{char!r} is not an MRZ character")


def check_digit(field: str) -> str:
    """ICAO 9303 part 3, 4.9: weights 7-3-1 repeated, sum modulo 10."""
    total = sum(char_value(char) * _WEIGHTS[i % 3] for i, char in enumerate(field))
    return str(total % 10)


def normalise_document_number(document_number: str) -> str:
    """Upper case, no spaces; raises MrzError for characters an MRZ cannot hold."""
    cleaned = document_number.strip().upper().replace(" ", "")
    if not cleaned or not _MRZ_CHARS.fullmatch(cleaned):
        raise MrzError(
            MrzField.DOCUMENT_NUMBER, "a document number is letters A-Z and digits 0-9 only"
        )
    return cleaned


def format_mrz_date(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def bac_mrz_information(document_number: str, birth_date: dt.date, expiry_date: dt.date) -> str:
    """The BAC key seed input from what a resident types.

    Document numbers longer than nine characters are used whole, with the
    check digit over the whole number (ICAO 9303 part 11, 9.7.3 note).
    """
    number = normalise_document_number(document_number).ljust(9, FILLER)
    if expiry_date <= birth_date:
        raise MrzError(MrzField.EXPIRY_DATE, "the expiry date is before the birth date")
    birth, expiry = format_mrz_date(birth_date), format_mrz_date(expiry_date)
    return number + check_digit(number) + birth + check_digit(birth) + expiry + check_digit(expiry)


@dataclass(frozen=True, repr=False)
class Td3Mrz:
    """The fields of a passport's MRZ, check digits verified."""

    document_code: str  # "P", "PO", "PD"...
    issuing_state: str  # ICAO 3-letter code, "CHN", "D<<", "UTO"
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: dt.date
    sex: str  # "M", "F" or "X" (the MRZ's "<": unspecified)
    expiry_date: dt.date
    optional_data: str

    @property
    def full_name(self) -> str:
        """Surname, then given names, as the MRZ orders them."""
        return f"{self.surname} {self.given_names}".strip()

    def bac_mrz_information(self) -> str:
        return bac_mrz_information(self.document_number, self.birth_date, self.expiry_date)

    def __repr__(self) -> str:
        return (
            f"Td3Mrz({self.document_code}, {self.issuing_state}, "
            f"name={mask_name(self.full_name)}, "
            f"document_number={mask_document_number(self.document_number)}, "
            f"birth_year={self.birth_date.year}, expiry_date={self.expiry_date.isoformat()})"
        )

    __str__ = __repr__


def split_td3(mrz: str) -> tuple[str, str]:
    """Two lines from a typed or stored MRZ: newline-separated, or 88 characters in one."""
    text = mrz.strip().upper().replace(" ", "").replace("\r", "")
    lines = [line for line in text.split("\n") if line]
    if len(lines) == 1 and len(lines[0]) == 2 * TD3_LINE_LENGTH:
        lines = [lines[0][:TD3_LINE_LENGTH], lines[0][TD3_LINE_LENGTH:]]
    if len(lines) != 2 or any(len(line) != TD3_LINE_LENGTH for line in lines):
        lengths = [len(line) for line in lines]
        raise MrzError(
            MrzField.LAYOUT, f"a passport MRZ is two lines of 44 characters, got {lengths}"
        )
    for line in lines:
        if not _MRZ_CHARS.fullmatch(line):
            raise MrzError(MrzField.CHARACTERS, "only A-Z, 0-9 and < may appear in an MRZ")
    return lines[0], lines[1]


def parse_td3(mrz: str, today: dt.date) -> Td3Mrz:
    """Parse and verify a TD3 MRZ. `today` picks the century of two-digit years."""
    line1, line2 = split_td3(mrz)
    if line1[0] != "P":
        raise MrzError(MrzField.LAYOUT, "not a passport MRZ (the first line starts with P)")
    surname, given_names = _parse_name(line1[5:])
    number_field, number_check = line2[0:9], line2[9]
    optional, optional_check = line2[28:42], line2[42]
    if number_check == FILLER and number_field[-1] != FILLER:
        # Long document number: the rest is at the start of the optional data,
        # followed by the check digit over the whole number (ICAO 9303 part 4).
        rest, _, _ = optional.partition(FILLER)
        number_field, number_check = number_field + rest[:-1], rest[-1:] or FILLER
    _verify(MrzField.DOCUMENT_NUMBER, number_field, number_check)
    _verify(MrzField.BIRTH_DATE, line2[13:19], line2[19])
    _verify(MrzField.EXPIRY_DATE, line2[21:27], line2[27])
    if optional_check != FILLER or optional.strip(FILLER):
        _verify(MrzField.OPTIONAL_DATA, optional, optional_check, filler_means_zero=True)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    _verify(MrzField.COMPOSITE, composite, line2[43])
    sex = line2[20]
    if sex not in ("M", "F", FILLER, "X"):
        raise MrzError(MrzField.SEX, f"sex must be M, F or <, got {sex!r}")
    return Td3Mrz(
        document_code=line1[0:2].rstrip(FILLER),
        issuing_state=line1[2:5],
        surname=surname,
        given_names=given_names,
        document_number=number_field.rstrip(FILLER),
        nationality=line2[10:13],
        birth_date=_parse_date(MrzField.BIRTH_DATE, line2[13:19], today, past=True),
        sex="X" if sex == FILLER else sex,
        expiry_date=_parse_date(MrzField.EXPIRY_DATE, line2[21:27], today, past=False),
        optional_data=optional.rstrip(FILLER),
    )


def _verify(field: MrzField, value: str, digit: str, filler_means_zero: bool = False) -> None:
    if filler_means_zero and digit == FILLER:
        digit = "0"
    if not digit.isdigit():
        raise MrzError(field, f"check digit {digit!r} is not a digit")
    if check_digit(value) != digit:
        raise MrzError(field, "check digit does not match; a character was mistyped")


def _parse_name(field: str) -> tuple[str, str]:
    primary, _, secondary = field.partition(FILLER * 2)
    return _words(primary), _words(secondary)


def _words(part: str) -> str:
    return " ".join(word for word in part.split(FILLER) if word)


def _parse_date(field: MrzField, yymmdd: str, today: dt.date, past: bool) -> dt.date:
    if not yymmdd.isdigit():
        raise MrzError(field, f"{yymmdd!r} is not a YYMMDD date")
    yy = int(yymmdd[:2])
    # Birth dates lie in the past; expiry dates within a few decades of today.
    century = today.year // 100 * 100
    year = century + yy
    if past and year > today.year:
        year -= 100
    elif not past and year > today.year + 50:
        year -= 100
    try:
        return dt.date(year, int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError as error:
        raise MrzError(field, f"{yymmdd} is not a calendar date") from error
