"""The three passport details a resident types for Basic Access Control, checked as typed.

A chip answers only to the document number, birth date and expiry date
printed in its passport (ICAO 9303 part 11). Each is checked here before
anything touches the card, so a slip is named by field while the resident
still sees what they typed; a well-formed but wrong detail can only be told
by the chip refusing BAC.

Dates are typed as eight digits, shown as YYYY-MM-DD; the MRZ holds them as
YYMMDD (`drivers.icao_mrz.format_mrz_date` does that when the keys are made).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk.id_numbers import mask_document_number

# Nine characters fill the MRZ field; longer numbers continue into the
# optional data (ICAO 9303 part 4), which BAC handles. Fourteen is that
# field's room plus the nine.
MAX_DOCUMENT_NUMBER_LENGTH = 14
DATE_DIGITS = 8  # YYYYMMDD
# Passports are issued for ten years at most; a later expiry is a typing slip.
_LONGEST_VALIDITY_YEARS = 15
_DOCUMENT_NUMBER = re.compile(r"[0-9A-Z]+")


class PassportDetailField(StrEnum):
    DOCUMENT_NUMBER = "document_number"
    BIRTH_DATE = "birth_date"
    EXPIRY_DATE = "expiry_date"


class PassportDetailProblem(StrEnum):
    """What is wrong with one typed detail; the front end words it with the field."""

    INCOMPLETE = "incomplete"  # fewer digits than a date has
    NOT_A_DATE = "not_a_date"  # 2024-02-30, month 13...
    IN_THE_FUTURE = "in_the_future"  # a birth date after today
    TOO_EARLY = "too_early"  # born before 1900, or expiry before birth
    TOO_LATE = "too_late"  # expiry further ahead than any passport runs
    CHARACTERS = "characters"  # anything but A-Z and 0-9 in the number
    EMPTY = "empty"


@dataclass(frozen=True)
class DetailError:
    field: PassportDetailField
    problem: PassportDetailProblem


@dataclass(frozen=True, repr=False)
class PassportDetails:
    """Checked details, ready for BAC."""

    document_number: str
    birth_date: dt.date
    expiry_date: dt.date

    def __repr__(self) -> str:
        # These are the keys to the chip: never in a log whole.
        return (
            f"PassportDetails({mask_document_number(self.document_number)}, "
            f"birth_year={self.birth_date.year})"
        )

    __str__ = __repr__


def date_from_digits(digits: str) -> dt.date | None:
    """YYYYMMDD to a date; None if it is not a calendar date."""
    if len(digits) != DATE_DIGITS or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def document_number_problem(number: str) -> PassportDetailProblem | None:
    if not number:
        return PassportDetailProblem.EMPTY
    if len(number) > MAX_DOCUMENT_NUMBER_LENGTH or not _DOCUMENT_NUMBER.fullmatch(number):
        return PassportDetailProblem.CHARACTERS
    return None


def birth_date_problem(digits: str, today: dt.date) -> PassportDetailProblem | None:
    if len(digits) < DATE_DIGITS:
        return PassportDetailProblem.INCOMPLETE
    birth = date_from_digits(digits)
    if birth is None:
        return PassportDetailProblem.NOT_A_DATE
    if birth > today:
        return PassportDetailProblem.IN_THE_FUTURE
    if birth.year < 1900:
        return PassportDetailProblem.TOO_EARLY
    return None


def expiry_date_problem(
    digits: str, today: dt.date, birth_digits: str = ""
) -> PassportDetailProblem | None:
    """An expired passport is not refused here: the chip still answers to it."""
    if len(digits) < DATE_DIGITS:
        return PassportDetailProblem.INCOMPLETE
    expiry = date_from_digits(digits)
    if expiry is None:
        return PassportDetailProblem.NOT_A_DATE
    birth = date_from_digits(birth_digits)
    if (birth is not None and expiry <= birth) or expiry.year < 1900:
        return PassportDetailProblem.TOO_EARLY
    if expiry.year > today.year + _LONGEST_VALIDITY_YEARS:
        return PassportDetailProblem.TOO_LATE
    return None


def check_passport_details(
    document_number: str, birth_digits: str, expiry_digits: str, today: dt.date
) -> PassportDetails | DetailError:
    """All three details, or the first one that is wrong (in the order typed)."""
    number = document_number.strip().upper()
    problem = document_number_problem(number)
    if problem is not None:
        return DetailError(PassportDetailField.DOCUMENT_NUMBER, problem)
    problem = birth_date_problem(birth_digits, today)
    if problem is not None:
        return DetailError(PassportDetailField.BIRTH_DATE, problem)
    problem = expiry_date_problem(expiry_digits, today, birth_digits)
    if problem is not None:
        return DetailError(PassportDetailField.EXPIRY_DATE, problem)
    birth, expiry = date_from_digits(birth_digits), date_from_digits(expiry_digits)
    assert birth is not None and expiry is not None  # checked above
    return PassportDetails(number, birth, expiry)
