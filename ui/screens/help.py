"""Human help: a video call with a clerk, the 12345 hotline, and the staffed window.

Reachable from every step. Whatever happens to the video call (no clerk in
time, the remote window switched off), the resident is offered a call-back
or the hotline: this screen is never a dead end.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.catalog import FieldType
from kiosk.field_formats import format_ok
from kiosk.id_numbers import mask_phone
from ui.call_panel import minutes_of
from ui.screens.base import Screen
from ui.widgets import Keypad, button, label

HOTLINE = "12345"


class HelpPhase(StrEnum):
    OFFER = "offer"  # video call (when the kiosk has it) and the hotline
    QUEUED = "queued"
    NO_ANSWER = "no_answer"
    CALLBACK_ENTRY = "callback_entry"
    CALLBACK_BOOKED = "callback_booked"
    UNAVAILABLE = "unavailable"  # the remote window is off, unreachable or refused us


class HelpScreen(Screen):
    back = Signal()
    video_requested = Signal()
    cancel_requested = Signal()  # leave the queue
    callback_requested = Signal(str)  # the phone number to call back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = HelpPhase.OFFER
        self.video_available = False
        self.position = 0
        self.wait_s = 0
        self.phone = ""  # what the resident typed, or the records' number
        self.phone_prefilled = False  # shown masked until the resident types
        self.phone_error = False
        self.video_button = button("primary", "help_video")
        self.video_button.clicked.connect(self.video_requested.emit)
        self.queue_status = label("title", "help_queue_status")
        self.problem = label("error", "help_problem")
        self.callback_button = button("primary", "help_callback")
        self.callback_button.clicked.connect(lambda: self.show_phase(HelpPhase.CALLBACK_ENTRY))
        self.phone_caption = label("subtitle", "help_phone_caption")
        self.phone_line = label("title", "help_phone")
        self.keypad = Keypad()
        self.keypad.setObjectName("help_keypad")
        # The form's keypad is named key_1...; these must not be mistaken for it.
        for key_button in self.keypad.findChildren(QPushButton):
            key_button.setObjectName("help_" + key_button.objectName())
        self.keypad.key_pressed.connect(self._key)
        self.keypad.backspace.connect(self._backspace)
        self.send_phone_button = button("primary", "help_callback_send")
        self.send_phone_button.clicked.connect(self._send_phone)
        self.cancel_button = button("", "help_cancel")
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        self.message = label("subtitle", "help_message")
        self.hotline = label("title", "help_hotline")
        self.counter = label("", "help_counter")
        self.back_button = button("", "help_back")
        self.back_button.clicked.connect(self.back.emit)
        for widget in (
            self.video_button,
            self.queue_status,
            self.problem,
            self.callback_button,
            self.phone_caption,
            self.phone_line,
            self.keypad,
            self.send_phone_button,
            self.cancel_button,
            self.message,
            self.hotline,
            self.counter,
        ):
            self.content.addWidget(widget)
        self.content.addStretch(1)
        self.actions.addStretch(1)
        self.actions.addWidget(self.back_button)
        self.show_phase(HelpPhase.OFFER)

    # -- what the call flow tells the screen -------------------------------------

    def set_video_available(self, available: bool) -> None:
        self.video_available = available
        self.retranslate()

    def show_phase(self, phase: HelpPhase) -> None:
        self.phase = phase
        self.retranslate()

    def show_queue(self, position: int, wait_s: int) -> None:
        self.position, self.wait_s = position, wait_s
        self.show_phase(HelpPhase.QUEUED)

    def prefill_phone(self, phone: str) -> None:
        """The government records' number, shown masked; typing replaces it."""
        self.phone = phone
        self.phone_prefilled = bool(phone)
        self.phone_error = False
        self.retranslate()

    # -- the digit pad --------------------------------------------------------------

    def _key(self, key: str) -> None:
        if key == "X":
            return
        if self.phone_prefilled:
            self.phone, self.phone_prefilled = "", False
        if len(self.phone) < 13:
            self.phone += key
        self.phone_error = False
        self.retranslate()

    def _backspace(self) -> None:
        if self.phone_prefilled:
            self.phone, self.phone_prefilled = "", False
        self.phone = self.phone[:-1]
        self.phone_error = False
        self.retranslate()

    def press(self, key: str) -> None:
        self._key(key)

    def _send_phone(self) -> None:
        if not format_ok(FieldType.PHONE, self.phone):
            self.phone_error = True
            self.retranslate()
            return
        self.callback_requested.emit(self.phone)

    # -- text -------------------------------------------------------------------------

    def retranslate(self) -> None:
        phase = self.phase
        self.title.setText(self.tr("Need help?"))
        self.video_button.setText(self.tr("Video call with a clerk"))
        self.video_button.setVisible(phase is HelpPhase.OFFER and self.video_available)
        self.queue_status.setVisible(phase is HelpPhase.QUEUED)
        self.queue_status.setText(
            self.tr("You are number %1 in line, about %2 minutes.")
            .replace("%1", str(self.position))
            .replace("%2", str(minutes_of(self.wait_s)))
        )
        problems = {
            HelpPhase.NO_ANSWER: self.tr(
                "All clerks are busy right now. A clerk can call you back, or you can call "
                "the hotline."
            ),
            HelpPhase.UNAVAILABLE: self.tr(
                "Video help is not available right now. Please call the hotline or ask at "
                "a staffed window."
            ),
            HelpPhase.CALLBACK_BOOKED: self.tr(
                "Thank you. A clerk will call you back on %1."
            ).replace("%1", mask_phone(self.phone)),
        }
        self.problem.setText(problems.get(phase, ""))
        self.problem.setVisible(phase in problems)
        self.callback_button.setText(self.tr("Call me back"))
        self.callback_button.setVisible(phase is HelpPhase.NO_ANSWER)
        entering = phase is HelpPhase.CALLBACK_ENTRY
        self.phone_caption.setText(
            self.tr("That is not a phone number. Please check it and try again.")
            if self.phone_error
            else self.tr("Your mobile phone number:")
        )
        self.phone_line.setText(
            (mask_phone(self.phone) if self.phone_prefilled else self.phone) or "—"
        )
        for widget in (self.phone_caption, self.phone_line, self.keypad, self.send_phone_button):
            widget.setVisible(entering)
        self.send_phone_button.setText(self.tr("Call me back on this number"))
        self.cancel_button.setVisible(
            phase in (HelpPhase.QUEUED, HelpPhase.NO_ANSWER, HelpPhase.CALLBACK_ENTRY)
        )
        self.cancel_button.setText(
            self.tr("Leave the line") if phase is HelpPhase.QUEUED else self.tr("Cancel")
        )
        self.message.setText(self.tr("Call the citizen service hotline:"))
        self.hotline.setText(HOTLINE)
        self.counter.setText(
            self.tr(
                "Or ask at the staffed window of the nearest community affairs acceptance "
                "centre. Your application here stays open while you ask."
            )
        )
        self.back_button.setText(self.tr("Back to my application"))

    def read_out_text(self) -> str:
        shown = [self.title.text()]
        for widget in (self.queue_status, self.problem):
            if not widget.isHidden():
                shown.append(widget.text())
        shown += [self.message.text(), HOTLINE]
        return "。".join(shown)

    def wipe(self) -> None:
        self.phone = ""
        self.phone_prefilled = False
        self.phone_error = False
        self.position = self.wait_s = 0
        self.show_phase(HelpPhase.OFFER)
