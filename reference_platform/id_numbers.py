"""Citizen ID numbers (GB 11643-1999) and the ages derived from them."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    """The check character that completes a 17-digit ID number body."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def birth_date_of(id_number: str) -> date | None:
    """The birth date encoded in positions 7-14, or None if it is not a date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def is_valid_id_number(id_number: str) -> bool:
    """True for an 18-character ID number with a real birth date and a correct check char."""
    if not isinstance(id_number, str) or not _SHAPE.match(id_number):
        return False
    if birth_date_of(id_number) is None:
        return False
    return check_char(id_number[:17]) == id_number[17]


def age_on(birth: date, today: date) -> int:
    """Completed years of age on `today`."""
    had_birthday = (today.month, today.day) >= (birth.month, birth.day)
    return today.year - birth.year - (0 if had_birthday else 1)


def mask_id_number(id_number: str) -> str:
    """3101**********0021: region and last four digits, enough to tell two documents apart."""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]
