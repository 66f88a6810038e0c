"""After submit: the reference, a QR code for the phone, and the receipt printing."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.session import SubmissionReceipt
from ui.screens.base import Screen
from ui.widgets import button, label, qr_pixmap


class PrintState(StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class CertificateState(StrEnum):
    NONE = "none"  # the item prints no certificate
    WAITING = "waiting"  # the platform has not answered yet
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    NEEDS_NETWORK = "needs_network"


class SubmittedScreen(Screen):
    reprint_requested = Signal()
    certificate_retry_requested = Signal()
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt: SubmissionReceipt | None = None
        self.delivered = False
        self.print_state = PrintState.PRINTING
        self.print_problem = ""
        self.certificate_state = CertificateState.NONE
        self.certificate_problem = ""
        self.offline_code = False  # the document is a paper Suishen code, not an A4 certificate
        self.message = label("subtitle", "submitted_message")
        self.reference = label("", "submitted_reference")
        self.application_no = label("", "submitted_application_no")
        self.qr = label("", "submitted_qr")
        self.qr_caption = label("note", "submitted_qr_caption")
        self.print_status = label("", "print_status")
        self.certificate_status = label("", "certificate_status")
        self.remote_acceptance = label("badge", "submitted_remote_acceptance")
        self.remote_acceptance.hide()
        self.accepted_by: tuple[str, str] | None = None  # clerk name, staff number
        body = QHBoxLayout()
        texts = QVBoxLayout()
        for widget in (
            self.reference,
            self.application_no,
            self.remote_acceptance,
            self.certificate_status,
            self.print_status,
        ):
            texts.addWidget(widget)
        texts.addStretch(1)
        qr_column = QVBoxLayout()
        qr_column.addWidget(self.qr, alignment=Qt.AlignmentFlag.AlignCenter)
        qr_column.addWidget(self.qr_caption)
        body.addLayout(texts, 2)
        body.addLayout(qr_column, 1)
        row = QHBoxLayout()
        self.reprint_button = button("", "reprint")
        self.done_button = button("primary", "submitted_done")
        self.reprint_button.clicked.connect(self.reprint_requested.emit)
        self.certificate_retry = button("", "certificate_retry")
        self.certificate_retry.clicked.connect(self.certificate_retry_requested.emit)
        self.done_button.clicked.connect(self.done.emit)
        row.addWidget(self.reprint_button)
        row.addWidget(self.certificate_retry)
        row.addStretch(1)
        row.addWidget(self.done_button)
        self.content.addWidget(self.message)
        self.content.addLayout(body, 1)
        self.actions.addLayout(row)

    def show_receipt(self, receipt: SubmissionReceipt, delivered: bool | None) -> None:
        """`delivered`: None while still sending, then whether the platform has it."""
        self.receipt = receipt
        self.delivered = delivered
        self.qr.setPixmap(qr_pixmap(receipt.status_url, 280))
        self.retranslate()

    def set_print_state(self, state: PrintState, problem: str = "") -> None:
        self.print_state, self.print_problem = state, problem
        self.retranslate()

    def show_remote_acceptance(self, clerk_name: str, staff_number: str) -> None:
        """A clerk accepted the application over the video call, with the resident's consent."""
        self.accepted_by = (clerk_name, staff_number)
        self.retranslate()

    def set_certificate_state(
        self, state: CertificateState, problem: str = "", offline_code: bool = False
    ) -> None:
        self.certificate_state, self.certificate_problem = state, problem
        self.offline_code = offline_code
        self.retranslate()

    def retranslate(self) -> None:
        self.done_button.setText(self.tr("Finish"))
        self.reprint_button.setText(self.tr("Print again"))
        self.reprint_button.setVisible(self.print_state is PrintState.FAILED)
        self.qr_caption.setText(self.tr("Scan with your phone to follow the progress."))
        self.certificate_retry.setText(self.tr("Print the certificate again"))
        self.certificate_retry.setVisible(self.certificate_state is CertificateState.FAILED)
        self._certificate_text()
        self.remote_acceptance.setVisible(self.accepted_by is not None)
        if self.accepted_by is not None:
            self.remote_acceptance.setText(
                self.tr("Accepted by the clerk %1 (%2).")
                .replace("%1", self.accepted_by[0])
                .replace("%2", self.accepted_by[1])
            )
        if self.receipt is None:
            return
        self.title.setText(self.tr("Your application is submitted"))
        if self.delivered is None:
            self.message.setText(self.tr("Saved. Sending it to the service department…"))
        elif self.delivered:
            self.message.setText(self.tr("The service department has received it."))
        else:
            self.message.setText(
                self.tr(
                    "It is saved on this kiosk and will be sent automatically as soon as the "
                    "network is back. You do not need to do anything."
                )
            )
        self.reference.setText(self.tr("Reference: %1").replace("%1", self.receipt.submission_ref))
        self.application_no.setText(
            self.tr("Application number: %1").replace("%1", self.receipt.application_no or "")
        )
        self.application_no.setVisible(bool(self.receipt.application_no))
        match self.print_state:
            case PrintState.PRINTING:
                self.print_status.setText(self.tr("Printing your receipt…"))
            case PrintState.PRINTED:
                self.print_status.setText(self.tr("Please take your receipt."))
            case PrintState.FAILED:
                self.print_status.setText(
                    self.print_problem
                    + " "
                    + self.tr("You can keep the reference above or scan the QR code instead.")
                )

    def _certificate_text(self) -> None:
        if self.offline_code:
            self._offline_code_text()
            return
        texts = {
            CertificateState.NONE: "",
            CertificateState.WAITING: self.tr("Waiting for the department to issue your certificate…"),
            CertificateState.PRINTING: self.tr("Printing your certificate (A4)…"),
            CertificateState.PRINTED: self.tr("Please take your certificate from the A4 tray."),
            CertificateState.FAILED: self.certificate_problem,
            CertificateState.NEEDS_NETWORK: self.tr(
                "The certificate is issued online, and the network is down. Your request is saved "
                "and sent when the network is back: follow it with the QR code, or ask a staffed "
                "window for the printed certificate."
            ),
        }
        self.certificate_status.setText(texts[self.certificate_state])
        self.certificate_status.setVisible(self.certificate_state is not CertificateState.NONE)

    def _offline_code_text(self) -> None:
        texts = {
            CertificateState.NONE: "",
            CertificateState.WAITING: self.tr("Issuing your new offline Suishen code…"),
            CertificateState.PRINTING: self.tr("Printing your offline Suishen code…"),
            CertificateState.PRINTED: self.tr(
                "Please take your new offline Suishen code. Your old paper code no longer works."
            ),
            CertificateState.FAILED: self.certificate_problem,
            CertificateState.NEEDS_NETWORK: self.tr(
                "A new offline Suishen code is issued online, and the network is down. Please try "
                "again later or ask at a staffed window; your old code keeps working until then."
            ),
        }
        self.certificate_status.setText(texts[self.certificate_state])
        self.certificate_status.setVisible(self.certificate_state is not CertificateState.NONE)

    def read_out_text(self) -> str:
        return "。".join(
            text
            for text in (
                self.title.text(),
                self.message.text(),
                self.certificate_status.text(),
                self.print_status.text(),
            )
            if text
        )

    def wipe(self) -> None:
        self.receipt = None
        self.accepted_by = None
        self.remote_acceptance.hide()
        self.certificate_state = CertificateState.NONE
        self.certificate_problem = ""
        self.offline_code = False
        self.qr.clear()
        self.reference.clear()
        self.application_no.clear()
