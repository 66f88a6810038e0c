"""Capturing paper materials with the document camera (高拍仪)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.catalog import ServiceItem
from ui.screens.base import Screen
from ui.widgets import button, clear_layout, label


class MaterialsScreen(Screen):
    capture_requested = Signal(str)  # material code
    proceed = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ServiceItem | None = None
        self.captured: dict[str, bytes] = {}
        self.licences: set[str] = set()
        self.busy_code: str | None = None
        self.error_text = ""
        self.message = label("subtitle", "materials_message")
        self.error = label("error", "materials_error")
        self.error.hide()
        self.rows_host = QWidget()
        self.rows = QGridLayout(self.rows_host)
        row = QHBoxLayout()
        self.back_button = button("", "materials_back")
        self.next_button = button("primary", "materials_next")
        self.back_button.clicked.connect(self.back.emit)
        self.next_button.clicked.connect(self.proceed.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.content.addWidget(self.message)
        self.content.addWidget(self.error)
        self.content.addWidget(self.rows_host)
        self.content.addStretch(1)
        self.actions.addLayout(row)

    def show_materials(self, item: ServiceItem, captured: dict[str, bytes], licences: set[str]) -> None:
        self.item = item
        self.captured = dict(captured)
        self.licences = set(licences)
        self.busy_code = None
        self.error_text = ""
        self.retranslate()

    def set_busy(self, code: str | None) -> None:
        self.busy_code = code
        self.retranslate()

    def show_error(self, text: str) -> None:
        self.error_text = text
        self.busy_code = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Materials"))
        self.message.setText(
            self.tr("Lay each page face up under the document camera, then tap “Capture”.")
        )
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.error.setText(self.error_text)
        self.error.setVisible(bool(self.error_text))
        clear_layout(self.rows)
        if self.item is None:
            return
        for index, material in enumerate(self.item.materials):
            name = label("", f"material_{material.code}")
            required = self.tr("required") if material.required else self.tr("optional")
            name.setText(f"{material.name.in_language(self.language)} ({required})")
            status = label("badge", f"material_status_{material.code}")
            thumb = label("", f"material_thumb_{material.code}")
            capture = button("", f"capture_{material.code}")
            capture.clicked.connect(lambda _=False, c=material.code: self.capture_requested.emit(c))
            if material.e_licence and material.e_licence in self.licences:
                status.setText(self.tr("Taken from your e-licences"))
                capture.hide()
            elif material.code in self.captured:
                status.setText(self.tr("Captured"))
                pixmap = QPixmap()
                pixmap.loadFromData(self.captured[material.code], "JPEG")
                thumb.setPixmap(
                    pixmap.scaledToHeight(96, Qt.TransformationMode.SmoothTransformation)
                )
                capture.setText(self.tr("Capture again"))
            else:
                status.hide()
                capture.setText(self.tr("Capture"))
            if self.busy_code == material.code:
                capture.setText(self.tr("Capturing…"))
                capture.setEnabled(False)
            self.rows.addWidget(name, index, 0)
            self.rows.addWidget(thumb, index, 1)
            self.rows.addWidget(status, index, 2)
            self.rows.addWidget(capture, index, 3)
        self.rows.setColumnStretch(0, 1)

    def read_out_text(self) -> str:
        return f"{self.title.text()}。{self.message.text()}"

    def wipe(self) -> None:
        self.item = None
        self.captured = {}
        self.licences = set()
        self.error_text = ""
        self.retranslate()
