"""The video call, docked beside every screen: the clerk, the resident, and hanging up.

The resident keeps using the kiosk during the call, so the panel narrows the
screens instead of covering them. After the call it asks for a rating of the
clerk (好差评) in the same place.
"""

from __future__ import annotations

import math
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.call_video import VideoView
from ui.rating_choice import RatingChoice
from ui.theme import call_panel_width
from ui.widgets import button, label


class CallPhase(StrEnum):
    QUEUED = "queued"
    CONNECTING = "connecting"  # a clerk answered; no picture yet
    IN_CALL = "in_call"
    CLERK_RECONNECTING = "clerk_reconnecting"
    REQUEUED = "requeued"
    SIGNALING_LOST = "signaling_lost"
    ENDED = "ended"  # the call is over: rate the clerk
    RATED = "rated"


def minutes_of(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


class CallPanel(QFrame):
    hang_up_requested = Signal()
    rated = Signal(int, list)  # grade, [DissatisfactionReason value]
    closed = Signal()  # the resident is done with the panel (rated or not)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_panel")
        self.setProperty("role", "panel")
        self.phase = CallPhase.QUEUED
        self.position = 0
        self.wait_s = 0
        self.clerk_name = ""
        self.staff_number = ""
        self.document_camera_on = False
        self.elderly = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        self.heading = label("subtitle", "call_heading")
        self.status = label("", "call_status")
        self.clerk_video = VideoView("call_clerk_video", 240)
        self.clerk = label("", "call_clerk")
        self.self_view = VideoView("call_self_view", 90)
        self.self_view.setMaximumWidth(160)
        self.document_camera = label("badge", "call_document_camera")
        self.hang_up_button = button("danger", "call_hang_up")
        self.hang_up_button.clicked.connect(self.hang_up_requested.emit)
        for widget in (self.heading, self.status, self.clerk_video, self.clerk):
            layout.addWidget(widget)
        layout.addWidget(self.self_view)
        layout.addWidget(self.document_camera)
        layout.addWidget(self._rating_box())
        layout.addStretch(1)
        layout.addWidget(self.hang_up_button)
        self.hide()

    def _rating_box(self) -> QWidget:
        box = QWidget()
        box.setObjectName("call_rating")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rating_caption = label("", "call_rating_caption")
        layout.addWidget(self.rating_caption)
        self.rating = RatingChoice("call_", "note", self)
        self.rating.rated.connect(self.rated.emit)
        for grade_button in self.rating.grade_buttons.values():
            layout.addWidget(grade_button)
        layout.addWidget(self.rating.reasons_caption)
        layout.addLayout(self.rating.reasons_grid)
        row = QHBoxLayout()
        self.skip_button = button("", "call_rating_skip")
        self.skip_button.clicked.connect(self.closed.emit)
        row.addWidget(self.skip_button)
        row.addWidget(self.rating.send_button)
        layout.addLayout(row)
        self.rating_box = box
        return box

    # -- state ----------------------------------------------------------------

    def show_phase(self, phase: CallPhase) -> None:
        self.phase = phase
        if phase is CallPhase.ENDED:
            self.reset_rating()
        if phase in (CallPhase.QUEUED, CallPhase.REQUEUED, CallPhase.ENDED, CallPhase.RATED):
            self.clerk_video.clear()
        self.retranslate()
        self.show()

    def show_queue(self, position: int, wait_s: int, requeued: bool = False) -> None:
        self.position, self.wait_s = position, wait_s
        self.show_phase(CallPhase.REQUEUED if requeued else CallPhase.QUEUED)

    def show_clerk(self, name: str, staff_number: str) -> None:
        self.clerk_name, self.staff_number = name, staff_number
        self.retranslate()

    def set_document_camera(self, on: bool) -> None:
        self.document_camera_on = on
        self.retranslate()

    def set_elderly(self, elderly: bool) -> None:
        self.elderly = elderly
        self.setFixedWidth(call_panel_width(elderly))
        self.self_view.setMaximumWidth(240 if elderly else 160)

    def reset(self) -> None:
        """Hide and forget the last call (privacy wipe)."""
        self.hide()
        self.clerk_video.watch(None)
        self.self_view.watch(None)
        self.clerk_name = self.staff_number = ""
        self.document_camera_on = False
        self.position = self.wait_s = 0
        self.reset_rating()
        self.phase = CallPhase.QUEUED

    # -- rating -----------------------------------------------------------------

    def reset_rating(self) -> None:
        self.rating.reset()

    # -- text -------------------------------------------------------------------

    def status_text(self) -> str:
        minutes = str(minutes_of(self.wait_s))
        return {
            CallPhase.QUEUED: self.tr("You are number %1 in line, about %2 minutes.")
            .replace("%1", str(self.position))
            .replace("%2", minutes),
            CallPhase.CONNECTING: self.tr("A clerk has answered. Connecting the video…"),
            CallPhase.IN_CALL: self.tr("You are talking with a clerk. You can keep using the kiosk."),
            CallPhase.CLERK_RECONNECTING: self.tr(
                "The clerk's connection dropped. Please wait, the clerk is reconnecting…"
            ),
            CallPhase.REQUEUED: self.tr(
                "The clerk was disconnected; you are first in line again (about %1 minutes)."
            ).replace("%1", minutes),
            CallPhase.SIGNALING_LOST: self.tr("The connection dropped. Reconnecting…"),
            CallPhase.ENDED: self.tr("The call has ended."),
            CallPhase.RATED: self.tr("Thank you for your rating."),
        }[self.phase]

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Video call with a clerk"))
        self.status.setText(self.status_text())
        in_call = self.phase in (
            CallPhase.CONNECTING,
            CallPhase.IN_CALL,
            CallPhase.CLERK_RECONNECTING,
        )
        self.clerk_video.setVisible(in_call)
        self.self_view.setVisible(in_call)
        self.clerk.setVisible(in_call and bool(self.clerk_name))
        self.clerk.setText(
            self.tr("Clerk %1, staff number %2")
            .replace("%1", self.clerk_name)
            .replace("%2", self.staff_number)
        )
        self.document_camera.setVisible(in_call and self.document_camera_on)
        self.document_camera.setText(
            self.tr(
                "Please put the document under the document camera. The document camera is "
                "being shown to the clerk."
            )
        )
        ended = self.phase is CallPhase.ENDED
        self.rating_box.setVisible(ended)
        self.rating_caption.setText(self.tr("How did the clerk help you?"))
        self.rating.retranslate()
        self.skip_button.setText(self.tr("Skip"))
        self.hang_up_button.setVisible(not ended and self.phase is not CallPhase.RATED)
        queued = self.phase in (CallPhase.QUEUED, CallPhase.REQUEUED)
        self.hang_up_button.setText(self.tr("Leave the line") if queued else self.tr("Hang up"))
