"""The passport part of the identify screen: three details typed on large keys.

Basic Access Control opens the chip only with the passport number, the date
of birth and the expiry date printed on the photo page. The resident taps a
field and types it: the number on a compact A-Z and 0-9 keyboard, each date
on a digit pad, shown as YYYY-MM-DD. A date is checked the moment its eighth
digit is typed, and every field again on confirm, so a slip is named by
field before the passport goes anywhere near the reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QWidget

from kiosk.passport_details import (
    DATE_DIGITS,
    MAX_DOCUMENT_NUMBER_LENGTH,
    DetailError,
    PassportDetailField,
    PassportDetailProblem,
    birth_date_problem,
    check_passport_details,
    expiry_date_problem,
)
from ui.messages import passport_detail_text, passport_field_name
from ui.widgets import button, label

_FIELDS = tuple(PassportDetailField)
_DATE_FIELDS = (PassportDetailField.BIRTH_DATE, PassportDetailField.EXPIRY_DATE)


class PassportPanel(QWidget):
    details_entered = Signal(object)  # kiosk.passport_details.PassportDetails

    # Digits on top as on any keyboard, letters in alphabetical order below:
    # residents who rarely type find a letter faster in A-Z than in QWERTY.
    KEYBOARD_ROWS = ("1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ")
    DIGIT_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
    DIGIT_COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: Callable[[], dt.date] = dt.date.today  # the controller injects the core's
        self.values: dict[PassportDetailField, str] = dict.fromkeys(_FIELDS, "")
        self.active = PassportDetailField.DOCUMENT_NUMBER
        self.problem: DetailError | None = None
        self.portrait: bool | None = None
        self.fields = QWidget()
        self.fields_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.fields)
        self.fields_box.setContentsMargins(0, 0, 0, 0)
        self.field_buttons = {}
        for field in _FIELDS:
            field_button = button("tile", f"passport_field_{field.value}")
            field_button.setCheckable(True)
            field_button.setMinimumHeight(84)
            field_button.clicked.connect(lambda _=False, f=field: self.select(f))
            self.field_buttons[field] = field_button
            self.fields_box.addWidget(field_button)
        self.detail_error = label("error", "passport_detail_error")
        self.detail_error.hide()
        self.keyboard = QWidget()
        grid = QGridLayout(self.keyboard)
        grid.setSpacing(8)
        for row, keys in enumerate(self.KEYBOARD_ROWS):
            for column, key in enumerate(keys):
                grid.addWidget(self._key(f"passport_key_{key}", key), row, column)
        last_row = len(self.KEYBOARD_ROWS) - 1
        backspace = self._key("passport_key_backspace", "⌫", self.backspace)
        grid.addWidget(backspace, last_row, len(self.KEYBOARD_ROWS[-1]), 1, 4)
        self.digit_pad = QWidget()
        grid = QGridLayout(self.digit_pad)
        grid.setSpacing(10)
        for index, key in enumerate(self.DIGIT_KEYS):
            digit = self._key(f"passport_digit_{key}", key, width=104, height=72)
            grid.addWidget(digit, index // self.DIGIT_COLUMNS, index % self.DIGIT_COLUMNS)
        backspace = self._key("passport_digit_backspace", "⌫", self.backspace, 104, 72)
        grid.addWidget(backspace, 2, 2, 1, 2)
        self.confirm_button = button("primary", "passport_confirm")
        self.confirm_button.setMinimumHeight(84)
        self.confirm_button.clicked.connect(self.confirm)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(16)
        self.set_portrait(False)

    def set_portrait(self, portrait: bool) -> None:
        """Fields beside the keys on a landscape screen, above them on a portrait one.

        Side by side, the keys and the confirm button fit a landscape screen
        without scrolling, in elderly mode's large type too.
        """
        if portrait == self.portrait:
            return
        self.portrait = portrait
        self.retranslate()
        center = Qt.AlignmentFlag.AlignCenter
        for widget in (self.fields, self.detail_error, self.confirm_button, self.keyboard):
            self.grid.removeWidget(widget)
        self.grid.removeWidget(self.digit_pad)
        if portrait:
            self.fields_box.setDirection(QBoxLayout.Direction.LeftToRight)
            self.grid.addWidget(self.fields, 0, 0)
            self.grid.addWidget(self.detail_error, 1, 0)
            self.grid.addWidget(self.keyboard, 2, 0, center)
            self.grid.addWidget(self.digit_pad, 2, 0, center)
            self.grid.addWidget(self.confirm_button, 3, 0)
            self.grid.setColumnStretch(1, 0)
        else:
            self.fields_box.setDirection(QBoxLayout.Direction.TopToBottom)
            self.grid.addWidget(self.fields, 0, 0)
            self.grid.addWidget(self.detail_error, 1, 0)
            self.grid.addWidget(self.confirm_button, 2, 0)
            self.grid.addWidget(self.keyboard, 0, 1, 3, 1, center)
            self.grid.addWidget(self.digit_pad, 0, 1, 3, 1, center)
            self.grid.setColumnStretch(0, 1)

    def _key(
        self,
        name: str,
        text: str,
        action: Callable[[], None] | None = None,
        width: int = 64,
        height: int = 64,
    ):
        key_button = button("tile", name)
        key_button.setText(text)
        # Ten keys across must fit a portrait screen: the theme's touch minimum
        # and padding are for word buttons; a one-character key needs less.
        key_button.setStyleSheet(
            f"QPushButton {{ min-width: {width}px; min-height: {height}px; padding: 4px 8px; }}"
        )
        if action is None:
            key_button.clicked.connect(lambda _=False, k=text: self.press(k))
        else:
            key_button.clicked.connect(action)
        return key_button

    # -- typing ---------------------------------------------------------------------

    def select(self, field: PassportDetailField) -> None:
        self.active = field
        self.retranslate()

    def press(self, key: str) -> None:
        value = self.values[self.active]
        if self.active in _DATE_FIELDS:
            if not key.isdigit() or len(value) >= DATE_DIGITS:
                return
        elif len(value) >= MAX_DOCUMENT_NUMBER_LENGTH:
            return
        self.values[self.active] = value + key
        self.problem = None
        if self.active in _DATE_FIELDS and len(self.values[self.active]) == DATE_DIGITS:
            self._check_date(self.active)
            if self.problem is None:
                self._advance()
        self.retranslate()

    def backspace(self) -> None:
        self.values[self.active] = self.values[self.active][:-1]
        self.problem = None
        self.retranslate()

    def _check_date(self, field: PassportDetailField) -> None:
        digits = self.values[field]
        if field is PassportDetailField.BIRTH_DATE:
            problem = birth_date_problem(digits, self.today())
        else:
            birth = self.values[PassportDetailField.BIRTH_DATE]
            problem = expiry_date_problem(digits, self.today(), birth)
        self.problem = DetailError(field, problem) if problem is not None else None

    def _advance(self) -> None:
        """On to the next field still to type, if there is one."""
        start = _FIELDS.index(self.active)
        for field in _FIELDS[start + 1 :] + _FIELDS[:start]:
            if not self._complete(field):
                self.active = field
                return

    def _complete(self, field: PassportDetailField) -> bool:
        value = self.values[field]
        return len(value) == DATE_DIGITS if field in _DATE_FIELDS else bool(value)

    def all_complete(self) -> bool:
        return all(self._complete(field) for field in _FIELDS)

    def confirm(self) -> None:
        """Next field while some are still empty; all checked, then sent, once complete."""
        if not self.all_complete():
            if not self._complete(self.active):
                problem = (
                    PassportDetailProblem.INCOMPLETE
                    if self.active in _DATE_FIELDS
                    else PassportDetailProblem.EMPTY
                )
                self.problem = DetailError(self.active, problem)
            else:
                self._advance()
            self.retranslate()
            return
        result = check_passport_details(
            self.values[PassportDetailField.DOCUMENT_NUMBER],
            self.values[PassportDetailField.BIRTH_DATE],
            self.values[PassportDetailField.EXPIRY_DATE],
            self.today(),
        )
        if isinstance(result, DetailError):
            self.problem = result
            self.active = result.field  # straight to the field to correct
            self.retranslate()
            return
        self.problem = None
        self.retranslate()
        self.details_entered.emit(result)

    # -- showing --------------------------------------------------------------------

    @staticmethod
    def shown_date(digits: str) -> str:
        """20240501 as 2024-05-01; underscores for digits still to come."""
        padded = digits.ljust(DATE_DIGITS, "_")
        return f"{padded[:4]}-{padded[4:6]}-{padded[6:]}"

    def shown_value(self, field: PassportDetailField) -> str:
        value = self.values[field]
        if field in _DATE_FIELDS:
            return self.shown_date(value)
        return value or "_"

    def retranslate(self) -> None:
        for field, field_button in self.field_buttons.items():
            field_button.setChecked(field is self.active)
            cursor = " ◀" if field is self.active else ""
            # One line each when stacked (landscape), two when side by side (portrait).
            gap = "\n" if self.portrait else "    "
            field_button.setText(
                f"{passport_field_name(field)}{gap}{self.shown_value(field)}{cursor}"
            )
        dates = self.active in _DATE_FIELDS
        self.keyboard.setVisible(not dates)
        self.digit_pad.setVisible(dates)
        self.confirm_button.setText(
            self.tr("Read my passport") if self.all_complete() else self.tr("Next")
        )
        problem = self.problem
        self.detail_error.setVisible(problem is not None)
        self.detail_error.setText(
            passport_detail_text(problem.field, problem.problem) if problem is not None else ""
        )

    def error_text(self) -> str:
        return self.detail_error.text() if self.problem is not None else ""

    def wipe(self) -> None:
        self.values = dict.fromkeys(_FIELDS, "")
        self.active = PassportDetailField.DOCUMENT_NUMBER
        self.problem = None
        self.retranslate()
