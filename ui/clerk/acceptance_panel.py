"""Remote acceptance: the clerk accepts a submitted application once the resident agrees."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ui.clerk.history_view import local_time
from ui.widgets import button, label


class AcceptanceState(Enum):
    NOT_SUBMITTED = "not_submitted"  # the mirror carries no submission_ref yet
    READY = "ready"
    ASKING = "asking"  # posting to the platform
    AWAITING_CONSENT = "awaiting_consent"
    AGREED = "agreed"  # the resident agreed; the platform is storing it
    ACCEPTED = "accepted"
    REFUSED = "refused"
    FAILED = "failed"


class AcceptancePanel(QFrame):
    accept_requested = Signal(str)  # submission_ref

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("acceptance_panel")
        self.setProperty("role", "panel")
        self.state = AcceptanceState.NOT_SUBMITTED
        self.submission_ref: str | None = None
        self.acceptance_id: str | None = None
        self.accepted_at: str | None = None
        self.clerk_text = ""
        layout = QHBoxLayout(self)
        self.accept_button = button("primary", "accept_remotely")
        self.accept_button.clicked.connect(self._accept)
        self.status = label(object_name="acceptance_status")
        layout.addWidget(self.accept_button)
        layout.addWidget(self.status, 1)
        self.retranslate()

    def reset(self, clerk_text: str = "") -> None:
        self.clerk_text = clerk_text
        self.submission_ref = None
        self.acceptance_id = None
        self.accepted_at = None
        self._set(AcceptanceState.NOT_SUBMITTED)

    def set_submission(self, submission_ref: str | None) -> None:
        if submission_ref == self.submission_ref:
            return
        self.submission_ref = submission_ref
        if self.state in (AcceptanceState.NOT_SUBMITTED, AcceptanceState.READY):
            self._set(AcceptanceState.READY if submission_ref else AcceptanceState.NOT_SUBMITTED)

    def asked(self, acceptance_id: str) -> None:
        self.acceptance_id = acceptance_id
        if self.state is AcceptanceState.ASKING:
            self._set(AcceptanceState.AWAITING_CONSENT)

    def failed(self) -> None:
        self._set(AcceptanceState.FAILED)

    def consent(self, acceptance_id: str, agreed: bool) -> None:
        if self.state is AcceptanceState.ACCEPTED:
            return
        self.acceptance_id = self.acceptance_id or acceptance_id
        self._set(AcceptanceState.AGREED if agreed else AcceptanceState.REFUSED)

    def stored(self, acceptance_id: str, accepted_at: str) -> None:
        self.acceptance_id = acceptance_id
        self.accepted_at = accepted_at
        self._set(AcceptanceState.ACCEPTED)

    def _accept(self) -> None:
        if self.submission_ref and self.state in (
            AcceptanceState.READY,
            AcceptanceState.REFUSED,
            AcceptanceState.FAILED,
        ):
            self._set(AcceptanceState.ASKING)
            self.accept_requested.emit(self.submission_ref)

    def _set(self, state: AcceptanceState) -> None:
        self.state = state
        self.retranslate()

    def retranslate(self) -> None:
        state = self.state
        self.accept_button.setText(self.tr("Accept remotely"))
        self.accept_button.setEnabled(
            bool(self.submission_ref)
            and state in (AcceptanceState.READY, AcceptanceState.REFUSED, AcceptanceState.FAILED)
        )
        ref = self.submission_ref or ""
        texts = {
            AcceptanceState.NOT_SUBMITTED: self.tr(
                "Remote acceptance is possible once the resident has submitted."
            ),
            AcceptanceState.READY: self.tr("Application %1 can be accepted remotely."),
            AcceptanceState.ASKING: self.tr("Asking the platform…"),
            AcceptanceState.AWAITING_CONSENT: self.tr(
                "Waiting for the resident to agree to remote acceptance of %1…"
            ),
            AcceptanceState.AGREED: self.tr("The resident agreed; storing the acceptance…"),
            AcceptanceState.ACCEPTED: self.tr("Application %1 accepted by %2 at %3."),
            AcceptanceState.REFUSED: self.tr("The resident refused remote acceptance of %1."),
            AcceptanceState.FAILED: self.tr("Remote acceptance failed. Try again."),
        }
        text = texts[state].replace("%1", ref)
        if state is AcceptanceState.ACCEPTED:
            text = text.replace("%2", self.clerk_text).replace("%3", local_time(self.accepted_at))
        self.status.setText(text)
