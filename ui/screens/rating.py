"""好差评: five grades, and reasons when the service fell short."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.feedback import Grade
from ui.rating_choice import RatingChoice
from ui.screens.base import Screen
from ui.widgets import button, label


class RatingScreen(Screen):
    rated = Signal(int, list)  # grade, [DissatisfactionReason value]
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = label("subtitle", "rating_message")
        self.choice = RatingChoice("", "", self)
        self.choice.rated.connect(self.rated.emit)
        grade_box = QVBoxLayout()
        for grade_button in self.choice.grade_buttons.values():
            grade_box.addWidget(grade_button)
        row = QHBoxLayout()
        self.skip_button = button("", "rating_skip")
        self.skip_button.clicked.connect(self.skipped.emit)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.choice.send_button)
        self.content.addWidget(self.message)
        self.content.addLayout(grade_box)
        self.content.addWidget(self.choice.reasons_caption)
        self.content.addLayout(self.choice.reasons_grid)
        self.content.addStretch(1)
        self.actions.addLayout(row)
        self.reset()

    def reset(self) -> None:
        self.choice.reset()

    def choose(self, grade: Grade) -> None:
        self.choice.choose(grade)

    def retranslate(self) -> None:
        self.title.setText(self.tr("How was the service?"))
        self.message.setText(self.tr("Your rating goes to the government service evaluation system."))
        self.choice.retranslate()
        self.skip_button.setText(self.tr("Skip"))
