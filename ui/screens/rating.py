"""好差评: five grades, and reasons when the service fell short."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.feedback import DissatisfactionReason, Grade
from ui.messages import dissatisfaction_text, grade_text
from ui.screens.base import Screen
from ui.widgets import button, label


class RatingScreen(Screen):
    rated = Signal(int, list)  # grade, [DissatisfactionReason value]
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grade: Grade | None = None
        self.message = label("subtitle", "rating_message")
        self.grade_box = QVBoxLayout()
        self.grade_buttons: dict[Grade, object] = {}
        for grade in sorted(Grade, reverse=True):
            grade_button = button("", f"grade_{int(grade)}")
            grade_button.setCheckable(True)
            grade_button.clicked.connect(lambda _=False, g=grade: self.choose(g))
            self.grade_buttons[grade] = grade_button
            self.grade_box.addWidget(grade_button)
        self.reasons_caption = label("", "reasons_caption")
        self.reasons_grid = QGridLayout()
        self.reason_buttons: dict[DissatisfactionReason, object] = {}
        for index, reason in enumerate(DissatisfactionReason):
            reason_button = button("", f"reason_{reason.value}")
            reason_button.setCheckable(True)
            reason_button.clicked.connect(self._update)
            self.reason_buttons[reason] = reason_button
            self.reasons_grid.addWidget(reason_button, index // 2, index % 2)
        row = QHBoxLayout()
        self.skip_button = button("", "rating_skip")
        self.send_button = button("primary", "rating_send")
        self.skip_button.clicked.connect(self.skipped.emit)
        self.send_button.clicked.connect(self._send)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.send_button)
        self.content.addWidget(self.message)
        self.content.addLayout(self.grade_box)
        self.content.addWidget(self.reasons_caption)
        self.content.addLayout(self.reasons_grid)
        self.content.addStretch(1)
        self.actions.addLayout(row)
        self.reset()

    def reset(self) -> None:
        self.grade = None
        for grade_button in self.grade_buttons.values():
            grade_button.setChecked(False)
        for reason_button in self.reason_buttons.values():
            reason_button.setChecked(False)
        self._update()

    def choose(self, grade: Grade) -> None:
        self.grade = grade
        for other, grade_button in self.grade_buttons.items():
            grade_button.setChecked(other is grade)
        self._update()

    def chosen_reasons(self) -> list[DissatisfactionReason]:
        return [r for r, reason_button in self.reason_buttons.items() if reason_button.isChecked()]

    def _update(self) -> None:
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
        self.title.setText(self.tr("How was the service?"))
        self.message.setText(self.tr("Your rating goes to the government service evaluation system."))
        for grade, grade_button in self.grade_buttons.items():
            grade_button.setText(grade_text(grade))
        for reason, reason_button in self.reason_buttons.items():
            reason_button.setText(dissatisfaction_text(reason))
        self.reasons_caption.setText(self.tr("What went wrong? Choose at least one."))
        self.skip_button.setText(self.tr("Skip"))
        self.send_button.setText(self.tr("Send rating"))
