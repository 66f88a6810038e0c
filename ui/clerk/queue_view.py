"""The clerk between calls: on a break or available, who is waiting, the ringing call."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.clerk.kiosk_terms import step_text
from ui.widgets import button, label

RING_SECONDS = 30  # the platform passes an unanswered ring on after this


def minutes_seconds(seconds: int) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class QueueView(QWidget):
    availability_requested = Signal(bool)
    answer_requested = Signal(str)  # request_id
    pass_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_view")
        self.available = False
        self.connected = False  # availability means nothing until the platform has answered
        self.waiting = 0
        self.ringing = None  # the Ringing event on show
        self.ring_left_s = 0
        self._ring_timer = QTimer(self)
        self._ring_timer.setInterval(1000)
        self._ring_timer.timeout.connect(self._tick)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.availability_button = button(object_name="availability")
        self.availability_button.setCheckable(True)
        self.availability_button.clicked.connect(
            lambda checked: self.availability_requested.emit(bool(checked))
        )
        self.waiting_label = label("subtitle", "waiting_count")
        top.addWidget(self.availability_button)
        top.addWidget(self.waiting_label, 1)
        layout.addLayout(top)

        self.ring_panel = QFrame()
        self.ring_panel.setObjectName("ring_panel")
        self.ring_panel.setProperty("role", "panel")
        ring = QVBoxLayout(self.ring_panel)
        self.ring_title = label("title", "ring_title")
        self.ring_service = label(object_name="ring_service")
        self.ring_details = label("subtitle", "ring_details")
        self.ring_countdown = label("badge", "ring_countdown")
        actions = QHBoxLayout()
        self.answer_button = button("primary", "answer")
        self.answer_button.clicked.connect(self._answer)
        self.pass_button = button(object_name="pass")
        self.pass_button.clicked.connect(self._pass)
        actions.addWidget(self.answer_button)
        actions.addWidget(self.pass_button)
        actions.addStretch(1)
        for widget in (self.ring_title, self.ring_service, self.ring_details, self.ring_countdown):
            ring.addWidget(widget)
        ring.addLayout(actions)
        self.ring_panel.hide()
        layout.addWidget(self.ring_panel)
        self.idle_hint = label("note", "idle_hint")
        layout.addWidget(self.idle_hint)
        self.retranslate()

    def show_connected(self, connected: bool) -> None:
        self.connected = connected
        self.retranslate()

    def show_status(self, available: bool, waiting: int) -> None:
        self.connected = True
        self.available = available
        self.waiting = waiting
        self.retranslate()

    def show_ringing(self, ringing) -> None:
        self.ringing = ringing
        self.ring_left_s = RING_SECONDS
        self._ring_timer.start()
        self.answer_button.setEnabled(True)
        self.pass_button.setEnabled(True)
        self.ring_panel.show()
        self.retranslate()

    def clear_ringing(self) -> None:
        self.ringing = None
        self._ring_timer.stop()
        self.ring_panel.hide()
        self.retranslate()

    def cancel_ringing(self, request_id: str) -> None:
        """The platform ended this ring (the resident left, or it went to someone else)."""
        if self.ringing is not None and self.ringing.request_id == request_id:
            self.clear_ringing()

    def _tick(self) -> None:
        self.ring_left_s -= 1
        if self.ring_left_s <= 0:
            self.clear_ringing()  # the platform has passed it to the next clerk
        else:
            self.retranslate()

    def _answer(self) -> None:
        if self.ringing is not None:
            self.answer_button.setEnabled(False)
            self.pass_button.setEnabled(False)
            self.answer_requested.emit(self.ringing.request_id)

    def _pass(self) -> None:
        if self.ringing is not None:
            request_id = self.ringing.request_id
            self.clear_ringing()
            self.pass_requested.emit(request_id)

    def _language_name(self, code: str) -> str:
        return {"zh": self.tr("Chinese"), "en": self.tr("English")}.get(code, code)

    def _skill_name(self, code: str) -> str:
        return {"personal": self.tr("personal"), "enterprise": self.tr("enterprise")}.get(
            code, code
        )

    def retranslate(self) -> None:
        self.availability_button.setChecked(self.available)
        self.availability_button.setEnabled(self.connected)
        self.availability_button.setText(
            self.tr("Available") if self.available else self.tr("On a break")
        )
        self.waiting_label.setText(
            self.tr("%n resident(s) waiting for your skills", "", self.waiting)
        )
        self.idle_hint.setVisible(self.ringing is None)
        if not self.connected:
            hint = self.tr("Connecting to the platform…")
        elif self.available:
            hint = self.tr("Calls ring here while you are available.")
        else:
            hint = self.tr("You are on a break: no calls are offered to you.")
        self.idle_hint.setText(hint)
        self.answer_button.setText(self.tr("Answer"))
        self.pass_button.setText(self.tr("Pass to a colleague"))
        ring = self.ringing
        if ring is None:
            return
        self.ring_title.setText(self.tr("A resident is calling"))
        self.ring_service.setText(ring.service_title)
        details = [
            self.tr("step: %1").replace("%1", step_text(ring.step)),
            self._skill_name(ring.skill),
            self._language_name(ring.language),
            self.tr("waited %1").replace("%1", minutes_seconds(ring.waited_s)),
        ]
        if ring.elderly:
            details.insert(0, self.tr("elderly resident"))
        self.ring_details.setText(" · ".join(details))
        self.ring_countdown.setText(
            self.tr("Answer within %n second(s)", "", max(0, self.ring_left_s))
        )
