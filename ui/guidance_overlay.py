"""What the clerk shows the resident: a pointer at a field, a proposed value, a note,
a guide video's QR code, and the question that lets the clerk accept the application.

Questions wait their turn: a fill suggestion arriving while the resident reads a
note is shown after it, never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.technician_panel import Overlay
from ui.widgets import button, label, qr_pixmap

HIGHLIGHT_S = 5.0
_PULSE_MS = 400


class GuidanceKind(StrEnum):
    FILL = "fill"
    CONSENT = "consent"
    NOTE = "note"
    VIDEO_LINK = "video_link"


@dataclass(frozen=True)
class GuidanceQuestion:
    kind: GuidanceKind
    reference: str  # guide_id for a fill, acceptance_id for consent
    details: dict


class GuidanceOverlay(Overlay):
    fill_answered = Signal(str, str, str, bool)  # guide_id, field key, value, accepted
    consent_answered = Signal(str, bool)  # acceptance_id, agreed

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "guidance_overlay")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        self.heading = label("title", "guidance_heading")
        self.message = label("subtitle", "guidance_message")
        self.qr = label("", "guidance_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.qr)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.no_button = button("", "guidance_no")
        self.yes_button = button("primary", "guidance_yes")
        self.no_button.clicked.connect(lambda: self._answer(False))
        self.yes_button.clicked.connect(lambda: self._answer(True))
        row.addWidget(self.no_button)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        layout.addLayout(row)
        self.current: GuidanceQuestion | None = None
        self.waiting: list[GuidanceQuestion] = []
        self.field_label = ""  # the fill's field, named as the form names it

    def ask(self, question: GuidanceQuestion) -> None:
        if self.current is None:
            self._present(question)
        else:
            self.waiting.append(question)

    def _present(self, question: GuidanceQuestion) -> None:
        self.current = question
        self.retranslate()
        self.cover()

    def _answer(self, yes: bool) -> None:
        question, self.current = self.current, None
        self.hide()
        if question is not None:
            if question.kind is GuidanceKind.FILL:
                details = question.details
                self.fill_answered.emit(
                    question.reference, details["field"], details["value"], yes
                )
            elif question.kind is GuidanceKind.CONSENT:
                self.consent_answered.emit(question.reference, yes)
        if self.waiting:
            self._present(self.waiting.pop(0))

    def forget(self) -> None:
        """End of call or session: unanswered questions go away unanswered."""
        self.current = None
        self.waiting.clear()
        self.qr.clear()
        self.hide()

    def retranslate(self) -> None:
        question = self.current
        if question is None:
            return
        details = question.details
        kind = question.kind
        self.qr.setVisible(kind is GuidanceKind.VIDEO_LINK)
        self.no_button.setVisible(kind in (GuidanceKind.FILL, GuidanceKind.CONSENT))
        if kind is GuidanceKind.FILL:
            self.heading.setText(self.tr("The clerk suggests a value"))
            self.message.setText(
                self.tr("The clerk suggests: %1 = %2. Use it?")
                .replace("%1", details.get("label", ""))
                .replace("%2", details["value"])
            )
            self.yes_button.setText(self.tr("Use it"))
            self.no_button.setText(self.tr("No, keep mine"))
        elif kind is GuidanceKind.CONSENT:
            self.heading.setText(self.tr("Remote acceptance"))
            self.message.setText(
                self.tr(
                    "Clerk %1 (%2) will accept your application %3 on your behalf. "
                    "The call is recorded. Do you agree?"
                )
                .replace("%1", details["clerk_name"])
                .replace("%2", details["staff_number"])
                .replace("%3", details["service_title"])
            )
            self.yes_button.setText(self.tr("Agree"))
            self.no_button.setText(self.tr("Don't agree"))
        elif kind is GuidanceKind.NOTE:
            self.heading.setText(self.tr("A note from the clerk"))
            self.message.setText(details["text"])
            self.yes_button.setText(self.tr("OK"))
        else:
            self.heading.setText(details.get("title") or self.tr("A guide video"))
            self.message.setText(self.tr("Scan the code with your phone to watch the video."))
            self.qr.setPixmap(qr_pixmap(details["url"], 320))
            self.yes_button.setText(self.tr("Close"))


class HighlightFrame(QFrame):
    """An outline that pulses around one widget for a few seconds, then goes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("call_highlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.target: QWidget | None = None
        self._locate: Callable[[], QWidget | None] | None = None
        self._pulse = QTimer(self)
        self._pulse.setInterval(_PULSE_MS)
        self._pulse.timeout.connect(self._toggle)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.stop)
        self.hide()

    def point_at(
        self,
        target: QWidget,
        seconds: float = HIGHLIGHT_S,
        locate: Callable[[], QWidget | None] | None = None,
    ) -> None:
        """Outline `target`; `locate` finds it again if the screen rebuilds its widgets."""
        self.target = target
        self._locate = locate
        self._place()
        self.show()
        self.raise_()
        self._pulse.start()
        self._end.start(int(seconds * 1000))

    def _place(self) -> None:
        host = self.parentWidget()
        if self.target is not None and not (isValid(self.target) and host.isAncestorOf(self.target)):
            self.target = self._locate() if self._locate is not None else None
        if self.target is None:
            self.stop()
            return
        corner = self.target.mapTo(self.parentWidget(), self.target.rect().topLeft())
        self.setGeometry(QRect(corner, self.target.size()).adjusted(-8, -8, 8, 8))

    def _toggle(self) -> None:
        self._place()  # the screen may have scrolled or relaid out under it
        if self.target is None:
            return
        self.setProperty("pulse", not bool(self.property("pulse")))
        self.style().unpolish(self)
        self.style().polish(self)

    def stop(self) -> None:
        self._pulse.stop()
        self._end.stop()
        self.target = None
        self._locate = None
        self.hide()
