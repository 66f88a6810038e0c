"""The attract screen: one big button, no personal data, works offline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen
from ui.widgets import button, label


class HomeScreen(Screen):
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = label("subtitle", "home_subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = button("primary", "start_button")
        self.start_button.setMinimumHeight(160)
        self.start_button.clicked.connect(self.start_requested.emit)
        self.hint = label("note", "home_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_note = label("note", "offline_note")
        self.offline_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_note.hide()
        self.content.addStretch(1)
        self.content.addWidget(self.subtitle)
        self.content.addSpacing(32)
        self.content.addWidget(self.start_button)
        self.content.addWidget(self.hint)
        self.content.addStretch(2)
        self.content.addWidget(self.offline_note)
        self.catalog_ready = True
        self.out_of_service = False

    def set_status(
        self, catalog_ready: bool, platform_reachable: bool | None, out_of_service: bool = False
    ) -> None:
        self.catalog_ready = catalog_ready
        self.out_of_service = out_of_service
        self.start_button.setEnabled(catalog_ready and not out_of_service)
        self.offline_note.setVisible(
            out_of_service or platform_reachable is False or not catalog_ready
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Shanghai One-Network Government Services"))
        self.subtitle.setText(self.tr("Self-service kiosk: certificates, records and applications"))
        self.start_button.setText(self.tr("Tap here to start"))
        self.hint.setText(
            self.tr("You can also place your ID card on the reader to start straight away.")
        )
        if self.out_of_service:
            self.offline_note.setText(
                self.tr(
                    "This kiosk is out of service. Please use another kiosk nearby or a staffed "
                    "window."
                )
            )
        elif not self.catalog_ready:
            self.offline_note.setText(
                self.tr("Services are not available yet: this kiosk is connecting to the platform.")
            )
        else:
            self.offline_note.setText(
                self.tr(
                    "The network is down. You can still apply: your application is saved here "
                    "and sent automatically when the network returns."
                )
            )

    def read_out_text(self) -> str:
        return f"{self.title.text()}。{self.start_button.text()}"
