"""The face-identification part of the identify screen: ID-number pad, then the camera.

First the resident types their ID number on large keys (X included); the
number is checked (GB 11643 checksum) before anything else happens. Then
they see themselves with one large line telling them what to do; the photo
is taken by itself once the face is good and still.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.face_capture import FaceGuidance
from kiosk.id_numbers import id_number_problem
from ui.messages import face_guidance_text
from ui.widgets import button, label

ID_NUMBER_LENGTH = 18


class FacePanel(QWidget):
    id_number_entered = Signal(str)

    # Four across, three rows: the pad must fit beside the explanation on a
    # landscape screen in elderly mode's large type.
    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "X")
    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = ""
        self.number_invalid = False
        self.guidance_value: FaceGuidance | None = None
        layout = QVBoxLayout(self)
        self.number_display = label("title", "face_id_number", wrap=False)
        self.number_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_error = label("error", "face_id_number_error")
        self.number_error.hide()
        self.pad = QWidget()
        grid = QGridLayout(self.pad)
        grid.setSpacing(10)
        for index, key in enumerate(self.KEYS):
            key_button = button("tile", f"face_key_{key}")
            key_button.setText(key)
            key_button.setMinimumSize(130, 84)
            key_button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(key_button, index // self.COLUMNS, index % self.COLUMNS)
        self.backspace_button = button("tile", "face_key_backspace")
        self.backspace_button.setText("⌫")
        self.backspace_button.setMinimumSize(130, 84)
        self.backspace_button.clicked.connect(self.backspace)
        grid.addWidget(self.backspace_button, 2, 3)
        self.confirm_button = button("primary", "face_id_confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.guidance = label("title", "face_guidance")
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview = label("", "face_preview", wrap=False)
        self.preview.setFixedSize(640, 360)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Pad beside the number and its button, so all of it fits a landscape
        # screen without scrolling, in elderly mode's large type too.
        entry = QHBoxLayout()
        entry.addStretch(1)
        entry.addWidget(self.pad)
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.number_display)
        side.addWidget(self.number_error)
        side.addWidget(self.confirm_button)
        side.addStretch(1)
        entry.addLayout(side)
        entry.addStretch(1)
        layout.addLayout(entry)
        layout.addWidget(self.guidance)
        layout.addWidget(self.preview, alignment=Qt.AlignmentFlag.AlignCenter)
        self.show_number_entry()

    # -- the ID number -------------------------------------------------------

    def press(self, key: str) -> None:
        if len(self.number) >= ID_NUMBER_LENGTH:
            return
        # X is only ever the check character, the 18th.
        if key == "X" and len(self.number) != ID_NUMBER_LENGTH - 1:
            return
        self.number += key
        self.number_invalid = False
        self.retranslate()

    def backspace(self) -> None:
        self.number = self.number[:-1]
        self.number_invalid = False
        self.retranslate()

    def confirm(self) -> None:
        if id_number_problem(self.number) is not None:
            self.number_invalid = True
            self.retranslate()
            return
        self.id_number_entered.emit(self.number)

    # -- phases ---------------------------------------------------------------

    def show_number_entry(self) -> None:
        self._set_mode(entering=True)

    def show_camera(self) -> None:
        self._set_mode(entering=False)

    def _set_mode(self, entering: bool) -> None:
        for widget in (self.number_display, self.pad, self.confirm_button):
            widget.setVisible(entering)
        self.guidance.setVisible(not entering)
        self.preview.setVisible(not entering)
        self.retranslate()

    def set_guidance(self, guidance: FaceGuidance | None) -> None:
        self.guidance_value = guidance
        self.retranslate()

    def show_preview(self, image: QImage) -> None:
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )

    def retranslate(self) -> None:
        # Grouped as printed on the card (6 region, 8 birth date, 4), so a
        # slip is easy to see; underscores show how many are still to come.
        shown = self.number.ljust(ID_NUMBER_LENGTH, "_")
        self.number_display.setText(f"{shown[:6]} {shown[6:14]} {shown[14:]}")
        self.confirm_button.setText(self.tr("Agree and take my photo"))
        self.confirm_button.setEnabled(len(self.number) == ID_NUMBER_LENGTH)
        self.number_error.setVisible(self.number_invalid)
        self.number_error.setText(
            self.tr("This is not a valid ID number. Please check it and correct it.")
        )
        # Kept as the enum so a language switch re-words the line at once.
        value = self.guidance_value
        self.guidance.setText(face_guidance_text(value) if value is not None else "")

    def wipe(self) -> None:
        self.number = ""
        self.number_invalid = False
        self.preview.clear()
        self.guidance_value = None
        self.show_number_entry()
