"""Format checks for each form field type, shared by pre-review and the keypad."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.catalog import FieldType
from kiosk.id_numbers import id_number_problem

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_POSTCODE = re.compile(r"^\d{6}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _bank_account_ok(text: str) -> bool:
    """Bank card numbers are 16–19 digits with a Luhn check digit."""
    digits = text.replace(" ", "")
    if not digits.isdigit() or not 16 <= len(digits) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def format_ok(field_type: FieldType, value: str) -> bool:
    text = value.strip()
    match field_type:
        case FieldType.ID_NUMBER:
            return id_number_problem(text) is None
        case FieldType.PHONE:
            return bool(_MOBILE.match(text) or _LANDLINE.match(text))
        case FieldType.DATE:
            return parse_date(text) is not None
        case FieldType.POSTCODE:
            return bool(_POSTCODE.match(text))
        case FieldType.BANK_ACCOUNT:
            return _bank_account_ok(text)
        case FieldType.NUMBER:
            return bool(_NUMBER.match(text))
        case _:
            return True
