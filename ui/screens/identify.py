"""Identification: choose a method, read the document, consent to records use."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.id_numbers import mask_name
from kiosk.identity import IdentificationMethod
from ui.screens.base import Screen
from ui.screens.face_panel import FacePanel
from ui.screens.passport_panel import PassportPanel
from ui.widgets import button, label


class IdentifyPhase(StrEnum):
    CHOOSE = "choose"
    WAITING = "waiting"  # waiting for the card on the reader
    READING = "reading"
    CONSENT = "consent"
    FETCHING = "fetching"
    SCANNING = "scanning"  # the camera is looking for a Suishen code
    STATIC_CODE_NEEDS_CARD = "static_code_needs_card"  # a paper code: now the ID card
    FACE_NUMBER = "face_number"  # face check: typing the ID number
    FACE_CAMERA = "face_camera"  # face check: guided photo
    FACE_CHECKING = "face_checking"  # face check: the platform compares
    PASSPORT_DETAILS = "passport_details"  # passport: typing the three BAC details
    PASSPORT_WAITING = "passport_waiting"  # passport: waiting for it on the reader
    PASSPORT_READING = "passport_reading"  # passport: BAC and DG1 under way


class IdentifyScreen(Screen):
    method_chosen = Signal(str)  # IdentificationMethod value
    consent_given = Signal(bool)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = IdentifyPhase.CHOOSE
        self.available_methods: list[IdentificationMethod] = []
        self.waiting_method: IdentificationMethod | None = None
        self.resident_name = ""
        self.error_text = ""
        self.message = label("subtitle", "identify_message")
        self.error = label("error", "identify_error")
        self.error.hide()
        self.method_row = QHBoxLayout()
        self.method_buttons: dict[IdentificationMethod, object] = {}
        for method in (
            IdentificationMethod.ID_CARD,
            IdentificationMethod.SOCIAL_SECURITY_CARD,
            IdentificationMethod.SUISHEN_CODE,
            IdentificationMethod.FACE,
            IdentificationMethod.PASSPORT,
        ):
            method_button = button("tile", f"method_{method.value}")
            method_button.setMinimumHeight(200)
            method_button.clicked.connect(
                lambda _=False, m=method: self.method_chosen.emit(m.value)
            )
            self.method_buttons[method] = method_button
            self.method_row.addWidget(method_button)
        self.agree_button = button("primary", "consent_yes")
        self.agree_button.clicked.connect(lambda: self.consent_given.emit(True))
        self.decline_button = button("", "consent_no")
        self.decline_button.clicked.connect(lambda: self.consent_given.emit(False))
        self.cancel_button = button("", "identify_cancel")
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.decline_button)
        consent_row.addWidget(self.agree_button)
        self.preview = label("", "scan_preview", wrap=False)
        self.preview.setFixedSize(640, 360)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.hide()
        self.face = FacePanel()
        self.face.hide()
        self.passport = PassportPanel()
        self.passport.hide()
        self.content.addWidget(self.message)
        self.content.addWidget(self.error)
        self.content.addWidget(self.preview, alignment=Qt.AlignmentFlag.AlignCenter)
        self.content.addWidget(self.face)
        self.content.addWidget(self.passport)
        self.content.addLayout(self.method_row)
        self.content.addLayout(consent_row)
        self.content.addStretch(1)
        self.actions.addWidget(self.cancel_button)
        self.actions.addStretch(1)

    def show_phase(
        self,
        phase: IdentifyPhase,
        method: IdentificationMethod | None = None,
        resident_name: str = "",
    ) -> None:
        self.phase = phase
        if method is not None:
            self.waiting_method = method
        if resident_name:
            self.resident_name = resident_name
        self.error_text = ""
        self.retranslate()

    def show_preview(self, image: QImage) -> None:
        """The camera picture with a frame to aim the code into."""
        framed = image.copy()
        painter = QPainter(framed)
        painter.setPen(QPen(QColor("#FFD60A"), 6))
        side = int(min(framed.width(), framed.height()) * 0.7)
        painter.drawRect((framed.width() - side) // 2, (framed.height() - side) // 2, side, side)
        painter.end()
        self.preview.setPixmap(
            QPixmap.fromImage(framed).scaled(
                self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio
            )
        )

    def show_error(self, text: str, phase: IdentifyPhase | None = None) -> None:
        """An error keeps the resident on the choice of methods, with another way out."""
        self.phase = phase or IdentifyPhase.CHOOSE
        self.retranslate()
        self.error_text = text
        self.error.setText(text)
        self.error.show()

    def set_available_methods(self, methods: list[IdentificationMethod]) -> None:
        self.available_methods = methods
        self.retranslate()

    def retranslate(self) -> None:
        choosing = self.phase is IdentifyPhase.CHOOSE
        for method, method_button in self.method_buttons.items():
            method_button.setVisible(choosing and method in self.available_methods)
        self.method_buttons[IdentificationMethod.ID_CARD].setText(
            self.tr("Second-generation ID card\nPlace it flat on the reader")
        )
        self.method_buttons[IdentificationMethod.SOCIAL_SECURITY_CARD].setText(
            self.tr("Social security card\nInsert it into the card slot")
        )
        self.method_buttons[IdentificationMethod.SUISHEN_CODE].setText(
            self.tr("Suishen code\nShow it on your phone or on paper")
        )
        self.method_buttons[IdentificationMethod.FACE].setText(
            self.tr("Face check\nType your ID number, look at the camera")
        )
        self.method_buttons[IdentificationMethod.PASSPORT].setText(
            self.tr("Passport (foreign residents)\nType 3 details, place it on the reader")
        )
        self.passport.setVisible(self.phase is IdentifyPhase.PASSPORT_DETAILS)
        self.passport.retranslate()
        self.preview.setVisible(self.phase is IdentifyPhase.SCANNING)
        self.face.setVisible(self.phase in (IdentifyPhase.FACE_NUMBER, IdentifyPhase.FACE_CAMERA))
        if self.phase is IdentifyPhase.FACE_NUMBER:
            self.face.show_number_entry()
        elif self.phase is IdentifyPhase.FACE_CAMERA:
            self.face.show_camera()
        consenting = self.phase is IdentifyPhase.CONSENT
        self.agree_button.setVisible(consenting)
        self.decline_button.setVisible(consenting)
        self.agree_button.setText(self.tr("Agree and continue"))
        self.decline_button.setText(self.tr("No, I will fill in myself"))
        self.cancel_button.setText(self.tr("Back"))
        self.error.setVisible(bool(self.error_text))
        card = (
            self.tr("social security card")
            if self.waiting_method is IdentificationMethod.SOCIAL_SECURITY_CARD
            else self.tr("ID card")
        )
        match self.phase:
            case IdentifyPhase.CHOOSE:
                self.title.setText(self.tr("Who is applying?"))
                self.message.setText(self.tr("Choose how to identify yourself."))
            case IdentifyPhase.WAITING:
                self.title.setText(self.tr("Please present your %1").replace("%1", card))
                self.message.setText(self.tr("The light on the reader turns on while it reads."))
            case IdentifyPhase.READING:
                self.title.setText(self.tr("Reading your %1…").replace("%1", card))
                self.message.setText(self.tr("Please do not move the card."))
            case IdentifyPhase.CONSENT:
                self.title.setText(
                    self.tr("Hello, %1").replace("%1", mask_name(self.resident_name))
                )
                self.message.setText(
                    self.tr(
                        "May this kiosk fetch the information government departments already "
                        "hold about you (address, phone, social insurance, earlier applications) "
                        "to fill in forms for you? It is used only for this visit and erased "
                        "when you finish."
                    )
                )
            case IdentifyPhase.FETCHING:
                self.title.setText(self.tr("Fetching your information…"))
                self.message.setText(self.tr("This takes a few seconds."))
            case IdentifyPhase.SCANNING:
                self.title.setText(self.tr("Show your Suishen code to the camera"))
                self.message.setText(
                    self.tr("Hold it inside the yellow frame, about 20 cm from the camera.")
                )
            case IdentifyPhase.FACE_NUMBER:
                self.title.setText(self.tr("Type your ID number"))
                self.message.setText(
                    self.tr(
                        "The kiosk then takes a photo of your face and sends it with your ID "
                        "number to the government platform, which compares it with your ID "
                        "photo. If they match, the kiosk fetches your information to fill in "
                        "forms. The photo is deleted after the check."
                    )
                )
            case IdentifyPhase.FACE_CAMERA:
                self.title.setText(self.tr("Look at the camera"))
                self.message.setText(
                    self.tr("The photo is taken by itself when your face is clear and still.")
                )
            case IdentifyPhase.FACE_CHECKING:
                self.title.setText(self.tr("Checking your face…"))
                self.message.setText(self.tr("This takes a few seconds."))
            case IdentifyPhase.PASSPORT_DETAILS:
                self.title.setText(self.tr("Type three details from your passport"))
                self.message.setText(
                    self.tr(
                        "From the page with your photo: the passport number, your date of birth "
                        "and the expiry date. They unlock the passport's chip; the kiosk sends "
                        "them nowhere."
                    )
                )
            case IdentifyPhase.PASSPORT_WAITING:
                self.title.setText(self.tr("Place your passport on the reader"))
                self.message.setText(
                    self.tr("Lay it flat, closed, on the card reader and leave it there.")
                )
            case IdentifyPhase.PASSPORT_READING:
                self.title.setText(self.tr("Reading your passport…"))
                self.message.setText(self.tr("Please do not move the passport."))
            case IdentifyPhase.STATIC_CODE_NEEDS_CARD:
                self.title.setText(self.tr("Now place your ID card on the reader"))
                self.message.setText(
                    self.tr(
                        "A paper Suishen code shows your rights but does not prove who you are: "
                        "the kiosk checks that it belongs to your ID card."
                    )
                )

    def relayout(self) -> None:
        self.passport.set_portrait(self.portrait)

    def read_out_text(self) -> str:
        guidance = self.face.guidance.text() if self.phase is IdentifyPhase.FACE_CAMERA else ""
        if self.phase is IdentifyPhase.PASSPORT_DETAILS:
            guidance = self.passport.error_text()
        parts = (self.title.text(), self.message.text(), guidance, self.error_text)
        return "。".join(part.rstrip("。.") for part in parts if part)

    def wipe(self) -> None:
        self.preview.clear()
        self.face.wipe()
        self.passport.wipe()
        self.resident_name = ""
        self.error_text = ""
        self.waiting_method = None
        self.phase = IdentifyPhase.CHOOSE
        self.retranslate()
