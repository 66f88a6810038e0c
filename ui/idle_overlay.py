"""The countdown a resident sees before an idle session ends."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets import button, label


class IdleOverlay(QFrame):
    keep_going = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setObjectName("idle_overlay")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        self.title = label("title", "idle_title")
        self.message = label("subtitle", "idle_message")
        self.continue_button = button("primary", "idle_continue")
        self.continue_button.clicked.connect(self.keep_going.emit)
        for widget in (self.title, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addWidget(self.continue_button)
        self.seconds_left = 0
        self.hide()

    def show_countdown(self, seconds_left: float) -> None:
        self.seconds_left = math.ceil(seconds_left)
        self.retranslate()
        if not self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.message.setText(
            self.tr("In %1 seconds this kiosk will end your session and erase your information.")
            .replace("%1", str(self.seconds_left))
        )
        self.continue_button.setText(self.tr("I am still here"))
