"""办不成事: a resident leaving unfinished is asked why, in one tap."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.feedback import LeaveReason
from ui.messages import leave_reason_text
from ui.screens.base import Screen
from ui.widgets import button, label


class LeavingScreen(Screen):
    reason_chosen = Signal(str)  # LeaveReason value
    skipped = Signal()
    stay = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = label("subtitle", "leaving_message")
        grid = QGridLayout()
        self.reason_buttons: dict[LeaveReason, object] = {}
        for index, reason in enumerate(LeaveReason):
            reason_button = button("", f"leave_{reason.value}")
            reason_button.clicked.connect(lambda _=False, r=reason: self.reason_chosen.emit(r.value))
            self.reason_buttons[reason] = reason_button
            grid.addWidget(reason_button, index // 2, index % 2)
        self.stay_button = button("primary", "leaving_stay")
        self.skip_button = button("", "leaving_skip")
        self.stay_button.clicked.connect(self.stay.emit)
        self.skip_button.clicked.connect(self.skipped.emit)
        grid.addWidget(self.skip_button, 4, 0)
        grid.addWidget(self.stay_button, 4, 1)
        self.content.addWidget(self.message)
        self.content.addLayout(grid)
        self.content.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Leaving without finishing?"))
        self.message.setText(
            self.tr(
                "Tell us why in one tap, so we can fix it. Your information is erased "
                "when you leave."
            )
        )
        for reason, reason_button in self.reason_buttons.items():
            reason_button.setText(leave_reason_text(reason))
        self.skip_button.setText(self.tr("Just leave"))
        self.stay_button.setText(self.tr("Continue my application"))
