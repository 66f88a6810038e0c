"""A last line of defence: mask anything that looks like personal data in logs.

Code should never log personal data in the first place; this filter catches
what slips through (an exception message quoting a value, say).
"""

from __future__ import annotations

import logging
import re

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_BANK_CARD = re.compile(r"(?<!\d)\d{12,15}(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    text = _ID_NUMBER.sub(r"\1**********\2", text)
    text = _BANK_CARD.sub(r"************\1", text)
    return _MOBILE.sub(r"\1****\2", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_personal_data_filter() -> None:
    """Attach the filter to every handler of the root logger (idempotent)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())
