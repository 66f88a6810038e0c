"""Citizen identity numbers (GB 11643-1999) and masking for display and logs."""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalize_id_number(text: str) -> str:
    return text.strip().upper()


def id_number_problem(text: str) -> str | None:
    """None if valid, else which part is wrong: 'length', 'characters', 'birth_date', 'checksum'."""
    number = normalize_id_number(text)
    if len(number) != 18:
        return "length"
    if not _SHAPE.match(number):
        return "characters"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "birth_date"
    if birth.year < 1900:
        return "birth_date"
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK_CHARS[total % 11] != number[17]:
        return "checksum"
    return None


def is_valid_id_number(text: str) -> bool:
    return id_number_problem(text) is None


def birth_date_of(id_number: str) -> dt.date:
    number = normalize_id_number(id_number)
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def mask_id_number(id_number: str) -> str:
    """Keep region prefix and last four, as printed on government receipts."""
    number = normalize_id_number(id_number)
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """张*明 for three characters, 张* for two; Latin names keep the first letter."""
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_document_number(number: str) -> str:
    """Keep two characters at each end: E1*****78. Passport numbers are short,
    so the ID-number mask (four at each end) would show almost all of one."""
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_generic(text: str) -> str:
    """Show only the last four characters of anything else sensitive."""
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
