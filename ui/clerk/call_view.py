"""One call on the clerk's screen: the resident, their kiosk screen, and what to do."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from ui.clerk.acceptance_panel import AcceptancePanel
from ui.clerk.guidance_bar import GuidanceBar
from ui.clerk.mirror_view import MirrorView
from ui.clerk.video_view import DocumentView, VideoView
from ui.widgets import button, label

SM3_SHOWN_CHARS = 16


class CallPhase(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RESIDENT_RECONNECTING = "resident_reconnecting"
    ENDED = "ended"


class CallView(QWidget):
    hang_up_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_view")
        self.phase = CallPhase.CONNECTING
        self.call = None  # the CallStarted event
        self.ended_by: str | None = None
        self.recording_ref: str | None = None
        self.recording_sm3: str | None = None
        self.document_on = False

        self.header = label("subtitle", "call_header")
        self.status = label("badge", "call_status")
        self.recording = label("error", "recording_indicator", wrap=False)
        self.hang_up_button = button("danger", "hang_up")
        self.hang_up_button.clicked.connect(self.hang_up_requested.emit)
        self.back_button = button("primary", "back_to_queue")
        self.back_button.clicked.connect(self.back_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.status)
        top.addWidget(self.recording)
        top.addWidget(self.hang_up_button)
        top.addWidget(self.back_button)

        self.resident_video = VideoView("resident_video")
        self.self_view = VideoView("self_view")
        self.self_view.setFixedSize(192, 144)
        self.document_view = DocumentView()
        self.document_view.setMinimumHeight(360)
        self.document_fit_button = button(object_name="document_fit")
        self.document_fit_button.clicked.connect(self._toggle_fit)
        self.document_caption = label("note", "document_caption")
        videos = QWidget()
        video_layout = QVBoxLayout(videos)
        video_layout.addWidget(self.resident_video, 3)
        small = QHBoxLayout()
        small.addWidget(self.self_view)
        small.addWidget(self.document_caption, 1)
        small.addWidget(self.document_fit_button)
        video_layout.addLayout(small)
        video_layout.addWidget(self.document_view, 3)

        self.mirror = MirrorView()
        self.guidance = GuidanceBar()
        self.acceptance = AcceptancePanel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.mirror, 1)
        right_layout.addWidget(self.acceptance)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(videos)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.guidance)
        self._show_document(False)
        self.retranslate()

    # -- life of a call -----------------------------------------------------

    def start(self, call, clerk_text: str, resident, document, self_view) -> None:
        self.call = call
        self.ended_by = None
        self.recording_ref = getattr(call, "recording_ref", None) or None
        self.recording_sm3 = None
        self.mirror.clear()
        self.guidance.reset()
        self.guidance.set_elderly(bool(getattr(call, "elderly", False)))
        self.acceptance.reset(clerk_text)
        self.resident_video.show_source(resident)
        self.document_view.video.show_source(document)
        self.self_view.show_source(self_view)
        self._show_document(False)
        self.set_phase(CallPhase.CONNECTING)
        self.resident_video.placeholder = ""

    def set_phase(self, phase: CallPhase, ended_by: str | None = None) -> None:
        self.phase = phase
        if phase is CallPhase.ENDED:
            self.ended_by = ended_by
            for view in (self.resident_video, self.document_view.video, self.self_view):
                view.show_source(None)
            self.resident_video.placeholder = self._phase_text()
        self.retranslate()

    def show_mirror(self, screen: dict) -> None:
        self.mirror.show_screen(screen)
        self.guidance.set_targets(
            [(str(f.get("key", "")), str(f.get("label", ""))) for f in screen.get("fields", [])],
            self.mirror.button_names(),
        )
        if "elderly" in screen:
            self.guidance.set_elderly(bool(screen["elderly"]))
        self.acceptance.set_submission(self.mirror.submission_ref())

    def document_camera_changed(self, on: bool, available: bool) -> None:
        self.guidance.set_document_camera(on, available)
        self._show_document(on)

    def recording_sealed(self, recording_ref: str, sm3: str) -> None:
        self.recording_ref = recording_ref
        self.recording_sm3 = sm3
        self.retranslate()

    def _show_document(self, on: bool) -> None:
        self.document_on = on
        self.document_view.setVisible(on)
        self.document_fit_button.setVisible(on)
        self.retranslate()

    def _toggle_fit(self) -> None:
        self.document_view.set_fit(not self.document_view.fit)
        self.retranslate()

    # -- text ---------------------------------------------------------------

    def _phase_text(self) -> str:
        if self.phase is CallPhase.ENDED:
            by = {
                "clerk": self.tr("Call ended by you."),
                "kiosk": self.tr("Call ended by the resident."),
                "platform": self.tr("Call ended: the connection was lost."),
            }
            return by.get(self.ended_by or "", self.tr("Call ended."))
        return {
            CallPhase.CONNECTING: self.tr("Connecting to the kiosk…"),
            CallPhase.CONNECTED: self.tr("Connected"),
            CallPhase.RESIDENT_RECONNECTING: self.tr("Resident reconnecting…"),
        }[self.phase]

    def _recording_text(self) -> str:
        if self.recording_sm3:
            return self.tr("Recording sealed (SM3 %1…)").replace(
                "%1", self.recording_sm3[:SM3_SHOWN_CHARS]
            )
        if not self.recording_ref:
            return ""
        if self.phase is CallPhase.ENDED:
            return self.tr("Sealing the recording…")
        return self.tr("● Recording")

    def retranslate(self) -> None:
        call = self.call
        if call is not None:
            parts = [call.service_title, call.kiosk_location or call.kiosk_id]
            if call.elderly:
                parts.append(self.tr("elderly resident"))
            self.header.setText(" · ".join(p for p in parts if p))
        self.status.setText(self._phase_text())
        recording = self._recording_text()
        self.recording.setText(recording)
        self.recording.setVisible(bool(recording))
        self.recording.setProperty("role", "badge" if self.recording_sm3 else "error")
        self.recording.style().unpolish(self.recording)
        self.recording.style().polish(self.recording)
        ended = self.phase is CallPhase.ENDED
        self.hang_up_button.setVisible(not ended)
        self.back_button.setVisible(ended)
        self.hang_up_button.setText(self.tr("Hang up"))
        self.back_button.setText(self.tr("Back to the queue"))
        self.guidance.setEnabled(not ended)
        self.mirror.setEnabled(not ended)
        self.acceptance.setEnabled(not ended or self.acceptance.accepted_at is not None)
        self.self_view.setToolTip(self.tr("You"))
        self.document_caption.setText(self.tr("Document camera") if self.document_on else "")
        self.document_fit_button.setText(
            self.tr("Actual size") if self.document_view.fit else self.tr("Fit to panel")
        )
