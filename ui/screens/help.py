"""Human help: the 12345 hotline and the staffed window, reachable from every step."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen
from ui.widgets import button, label


class HelpScreen(Screen):
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = label("subtitle", "help_message")
        self.hotline = label("title", "help_hotline")
        self.counter = label("", "help_counter")
        self.back_button = button("primary", "help_back")
        self.back_button.clicked.connect(self.back.emit)
        self.content.addWidget(self.message)
        self.content.addWidget(self.hotline)
        self.content.addWidget(self.counter)
        self.content.addStretch(1)
        self.actions.addStretch(1)
        self.actions.addWidget(self.back_button)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Need help?"))
        self.message.setText(self.tr("Call the citizen service hotline:"))
        self.hotline.setText("12345")
        self.counter.setText(
            self.tr(
                "Or ask at the staffed window of the nearest community affairs acceptance "
                "centre. Your application here stays open while you ask."
            )
        )
        self.back_button.setText(self.tr("Back to my application"))
