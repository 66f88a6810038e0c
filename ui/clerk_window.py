"""The clerk console (remote virtual window).

Video calls, the mirrored kiosk screen and remote acceptance are built with
the remote-window work; until then the console opens and says so plainly,
so nobody mistakes it for a working window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from ui.i18n import LanguageSwitch
from ui.kiosk_app import qt_application
from ui.theme import STANDARD, stylesheet
from ui.widgets import label


class ClerkConsoleWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("clerk_console")
        central = QWidget()
        layout = QVBoxLayout(central)
        self.title = label("title", "clerk_title")
        self.message = label("subtitle", "clerk_message")
        for widget in (self.title, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        self.setCentralWidget(central)
        self.setStyleSheet(stylesheet(STANDARD))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Clerk console"))
        self.title.setText(self.tr("Clerk console"))
        self.message.setText(
            self.tr(
                "Remote video help and remote acceptance are not available in this version. "
                "Residents at kiosks are directed to the 12345 hotline meanwhile."
            )
        )


def run_clerk_console() -> int:
    app = qt_application()
    LanguageSwitch(app).use("zh_CN")
    window = ClerkConsoleWindow()
    window.resize(1280, 800)
    window.show()
    return app.exec()
