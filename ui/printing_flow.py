"""What the kiosk prints after a submission: the receipt, a certificate, a paper code.

A mixin of KioskController (it uses the controller's session, devices,
window and background runner); kept apart because printing is its own idea:
each printer can fail on its own, and none of it may block the screen.
"""

from __future__ import annotations

import logging

from drivers.device import (
    DeviceError,
    DeviceHealth,
    DeviceKind,
    DeviceUnavailable,
    PrinterNotReady,
)
from drivers.document_printer import JobState
from kiosk.catalog import ItemOutput
from kiosk.offline_code_print import module_dots_for
from kiosk.platform_client import PlatformRejected, PlatformUnavailable
from kiosk.session import ResidentSession
from offline_cache.outbox import OutboxState
from ui.messages import (
    device_error_text,
    document_printer_problem_text,
    offline_code_refused_text,
    printer_problem_text,
)
from ui.receipt_layout import application_receipt, offline_code_receipt
from ui.screens.submitted import CertificateState, PrintState

log = logging.getLogger(__name__)

_CERTIFICATE_PRINT_TIMEOUT_S = 60.0


class PrintingFlow:
    def _delivery_known(self, session: ResidentSession, status: object) -> None:
        if session is not self.session or session.submission is None:
            return
        if status is not None and status.application_no:
            session.submission.application_no = status.application_no
        delivered = bool(status and status.state is OutboxState.DELIVERED)
        self.window.submitted.show_receipt(session.submission, delivered)
        if session.item.output is ItemOutput.CERTIFICATE:
            if delivered and status.document:
                self._certificate = status.document
                self.print_certificate()
            else:
                self.window.submitted.set_certificate_state(CertificateState.NEEDS_NETWORK)
        elif session.item.output is ItemOutput.OFFLINE_CODE:
            self.print_offline_code()
        self.print_receipt()

    def print_offline_code(self) -> None:
        """Issue a new 离线随申码 (revoking the old one) and print it large enough to scan."""
        session, printer = self.session, self.devices.receipt_printer
        submitted = self.window.submitted
        if printer is None:
            submitted.set_certificate_state(
                CertificateState.FAILED,
                device_error_text(
                    DeviceUnavailable("receipt_printer"), kind=DeviceKind.RECEIPT_PRINTER
                ),
                True,
            )
            return

        def work() -> None:
            code, valid_until = self.core.issue_offline_code(session)
            document = offline_code_receipt(
                code, session.identity.name, valid_until.isoformat(), module_dots_for(code)
            )
            printer.print_receipt(document)

        def failed(exc: Exception) -> None:
            if session is not self.session:
                return
            if isinstance(exc, PlatformUnavailable):
                submitted.set_certificate_state(CertificateState.NEEDS_NETWORK, offline_code=True)
            elif isinstance(exc, PlatformRejected):
                submitted.set_certificate_state(
                    CertificateState.FAILED, offline_code_refused_text(), True
                )
            elif isinstance(exc, PrinterNotReady):
                submitted.set_certificate_state(
                    CertificateState.FAILED, printer_problem_text(exc.reason), True
                )
            else:
                log.error("offline code not printed: %s", type(exc).__name__)
                submitted.set_certificate_state(
                    CertificateState.FAILED,
                    device_error_text(exc, kind=DeviceKind.RECEIPT_PRINTER),
                    True,
                )

        submitted.set_certificate_state(CertificateState.PRINTING, offline_code=True)
        self.runner.run(
            work,
            lambda _: (
                submitted.set_certificate_state(CertificateState.PRINTED, offline_code=True)
                if session is self.session
                else None
            ),
            failed,
        )

    def print_certificate(self) -> None:
        session, document = self.session, self._certificate
        printer = self.devices.document_printer
        if document is None:
            return
        if printer is None:
            self.window.submitted.set_certificate_state(
                CertificateState.FAILED,
                device_error_text(
                    DeviceUnavailable("document_printer"), kind=DeviceKind.DOCUMENT_PRINTER
                ),
            )
            return
        language, font = session.language, self.window.font().family()

        def work() -> JobState:
            # Imported here, on the worker: the PDF machinery is not needed at start-up.
            from ui.certificate_layout import render_certificate_pdf

            pdf = render_certificate_pdf(document, language, font)
            job = printer.print_pdf(pdf, str(document.get("document_no", "certificate")))
            return printer.wait_for_job(job, _CERTIFICATE_PRINT_TIMEOUT_S)

        self.window.submitted.set_certificate_state(CertificateState.PRINTING)
        self.runner.run(
            work,
            lambda state: self._certificate_printed(session, state),
            lambda exc: self._certificate_failed(session, exc),
        )

    def _certificate_printed(self, session: ResidentSession, state: JobState) -> None:
        if session is not self.session:
            return
        if state is JobState.COMPLETED:
            self.window.submitted.set_certificate_state(CertificateState.PRINTED)
        else:
            printer = self.devices.document_printer
            # A job spoiled because the printer went away is said as such.
            gone = printer is None or printer.health() is DeviceHealth.UNAVAILABLE
            error_type = DeviceUnavailable if gone else DeviceError
            self._certificate_failed(session, error_type("document_printer", state.value))

    def _certificate_failed(self, session: ResidentSession, exc: Exception) -> None:
        if session is not self.session:
            return
        log.warning("certificate not printed: %s", type(exc).__name__)
        text = (
            document_printer_problem_text(exc.reason)
            if isinstance(exc, PrinterNotReady)
            else device_error_text(exc, kind=DeviceKind.DOCUMENT_PRINTER)
        )
        self.window.submitted.set_certificate_state(CertificateState.FAILED, text)

    def print_receipt(self) -> None:
        session = self.session
        printer = self.devices.receipt_printer
        if session.submission is None:
            return
        if printer is None:
            self.window.submitted.set_print_state(
                PrintState.FAILED,
                device_error_text(
                    DeviceUnavailable("receipt_printer"), kind=DeviceKind.RECEIPT_PRINTER
                ),
            )
            return
        document = application_receipt(
            session.item,
            session.submission,
            session.identity.name,
            self.core.config.kiosk_id,
            session.language,
        )
        self.window.submitted.set_print_state(PrintState.PRINTING)
        self.runner.run(
            lambda: printer.print_receipt(document),
            lambda _: self._printed(session),
            lambda exc: self._print_failed(session, exc),
        )

    def _printed(self, session: ResidentSession) -> None:
        if session is self.session:
            self.window.submitted.set_print_state(PrintState.PRINTED)

    def _print_failed(self, session: ResidentSession, exc: Exception) -> None:
        if session is not self.session:
            return
        text = (
            printer_problem_text(exc.reason)
            if isinstance(exc, PrinterNotReady)
            else device_error_text(exc, kind=DeviceKind.RECEIPT_PRINTER)
        )
        self.window.submitted.set_print_state(PrintState.FAILED, text)
