"""好差评 as a resident answers it: one of five grades, and a reason for a low one.

The rating screen (after a service) and the call panel (after a clerk's
call) ask the same question with the same rules; this holds the buttons and
the rules, and each place lays the buttons out its own way.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.feedback import DissatisfactionReason, Grade
from ui.messages import dissatisfaction_text, grade_text
from ui.widgets import button, label


class RatingChoice(QObject):
    rated = Signal(int, list)  # grade, [DissatisfactionReason value]

    def __init__(self, name_prefix: str, caption_style: str, parent: QObject | None = None):
        super().__init__(parent)
        self.grade: Grade | None = None
        self.grade_buttons: dict[Grade, QWidget] = {}
        for grade in sorted(Grade, reverse=True):
            grade_button = button("", f"{name_prefix}grade_{int(grade)}")
            grade_button.setCheckable(True)
            grade_button.clicked.connect(lambda _=False, g=grade: self.choose(g))
            self.grade_buttons[grade] = grade_button
        self.reasons_caption = label(caption_style, f"{name_prefix}reasons_caption")
        self.reasons_grid = QGridLayout()
        self.reason_buttons: dict[DissatisfactionReason, QWidget] = {}
        for index, reason in enumerate(DissatisfactionReason):
            reason_button = button("", f"{name_prefix}reason_{reason.value}")
            reason_button.setCheckable(True)
            reason_button.clicked.connect(self.refresh)
            self.reason_buttons[reason] = reason_button
            self.reasons_grid.addWidget(reason_button, index // 2, index % 2)
        self.send_button = button("primary", f"{name_prefix}rating_send")
        self.send_button.clicked.connect(self._send)

    def reset(self) -> None:
        self.grade = None
        for choice_button in (*self.grade_buttons.values(), *self.reason_buttons.values()):
            choice_button.setChecked(False)
        self.refresh()

    def choose(self, grade: Grade) -> None:
        self.grade = grade
        for other, grade_button in self.grade_buttons.items():
            grade_button.setChecked(other is grade)
        self.refresh()

    def chosen_reasons(self) -> list[DissatisfactionReason]:
        return [r for r, reason_button in self.reason_buttons.items() if reason_button.isChecked()]

    def refresh(self) -> None:
        """Reasons show only for a low grade, and sending waits until one is chosen."""
        asking = self.grade is not None and self.grade.needs_reasons
        self.reasons_caption.setVisible(asking)
        for reason_button in self.reason_buttons.values():
            reason_button.setVisible(asking)
        ready = self.grade is not None and (not asking or bool(self.chosen_reasons()))
        self.send_button.setEnabled(ready)

    def _send(self) -> None:
        if self.grade is not None:
            self.rated.emit(int(self.grade), [reason.value for reason in self.chosen_reasons()])

    def retranslate(self) -> None:
        for grade, grade_button in self.grade_buttons.items():
            grade_button.setText(grade_text(grade))
        for reason, reason_button in self.reason_buttons.items():
            reason_button.setText(dissatisfaction_text(reason))
        self.reasons_caption.setText(self.tr("What went wrong? Choose at least one."))
        self.send_button.setText(self.tr("Send rating"))
        self.refresh()
