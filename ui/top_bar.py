"""Always on screen: elderly mode, language, help, and leaving."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ui.widgets import button, label


class TopBar(QFrame):
    elderly_toggled = Signal(bool)
    language_toggled = Signal()
    help_requested = Signal()
    exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        self.brand = label("", "brand", wrap=False)
        self.elderly_button = button("", "elderly_toggle")
        self.elderly_button.setCheckable(True)
        self.elderly_button.clicked.connect(
            lambda: self.elderly_toggled.emit(self.elderly_button.isChecked())
        )
        self.language_button = button("", "language_toggle")
        self.language_button.clicked.connect(self.language_toggled.emit)
        self.help_button = button("", "help_button")
        self.help_button.clicked.connect(self.help_requested.emit)
        self.exit_button = button("danger", "exit_button")
        self.exit_button.clicked.connect(self.exit_requested.emit)
        layout.addWidget(self.brand)
        layout.addStretch(1)
        for widget in (self.elderly_button, self.language_button, self.help_button, self.exit_button):
            layout.addWidget(widget)

    def set_in_session(self, in_session: bool) -> None:
        self.help_button.setVisible(in_session)
        self.exit_button.setVisible(in_session)

    def retranslate(self, language: str, elderly: bool) -> None:
        self.brand.setText(self.tr("One-Network Services"))
        self.elderly_button.setChecked(elderly)
        self.elderly_button.setText(
            self.tr("Standard text") if elderly else self.tr("Elderly mode")
        )
        # Each language is named in itself so a resident can find their own.
        self.language_button.setText("中文" if language == "en" else "English")
        self.help_button.setText(self.tr("Help"))
        self.exit_button.setText(self.tr("Exit"))
