"""The kiosk side of a video call: call events become screens, the resident's taps become
call actions, and every screen change is mirrored to the clerk.

KioskCall reports on the media loop's thread; a Qt signal carries each event
to the UI thread (a queued connection), so nothing here ever runs elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QWidget

from kiosk.catalog import Audience
from kiosk.feedback import DissatisfactionReason, Grade
from kiosk.forms import FieldNotEditable
from kiosk.log_masking import mask_text
from kiosk.remote_window import call_events as ev
from kiosk.screen_mirror import ScreenMirror
from kiosk.session import SessionState
from ui.call_panel import CallPhase
from ui.guidance_overlay import GuidanceKind, GuidanceQuestion
from ui.screens.help import HelpPhase

if TYPE_CHECKING:
    from kiosk.remote_window.kiosk_call import KioskCall
    from ui.kiosk_controller import KioskController

log = logging.getLogger(__name__)

# The clerk's names for the buttons every screen shares, as the top bar names them.
_TOP_BAR_BUTTONS = {
    "help": "help_button",
    "exit": "exit_button",
    "elderly_mode": "elderly_toggle",
    "language": "language_toggle",
}
_NOTE_MAX_CHARS = 500

CallFactory = Callable[[Callable[[object], None]], "KioskCall"]


class CallFlow(QObject):
    _event = Signal(object)  # emitted on the media loop thread; Qt queues it here

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.window = controller.window
        self.mirror = ScreenMirror()
        self._make_call: CallFactory | None = None
        self.call: KioskCall | None = None
        self.phase: CallPhase | None = None  # None: no request, no call
        self.call_id: str | None = None  # the call being held, or just ended (for its rating)
        self.clerk: tuple[str, str] = ("", "")
        self.highlighted: str | None = None
        self._event.connect(self._handle)
        w = self.window
        w.help.set_video_available(False)
        w.help.video_requested.connect(self.request_help)
        w.help.cancel_requested.connect(self.cancel)
        w.help.callback_requested.connect(self.request_callback)
        w.call_panel.hang_up_requested.connect(self.hang_up)
        w.call_panel.rated.connect(self.rate)
        w.call_panel.closed.connect(self._panel_done)
        w.guidance.fill_answered.connect(self._fill_answered)
        w.guidance.consent_answered.connect(self._consent_answered)

    # -- set-up ------------------------------------------------------------------

    def enable(self, make_call: CallFactory) -> None:
        """Offer video help; the call is built at the first request (devices are ready then)."""
        self._make_call = make_call
        self.window.help.set_video_available(True)

    @property
    def available(self) -> bool:
        return self._make_call is not None

    @property
    def active(self) -> bool:
        """Waiting for a clerk or talking to one (a finished call waiting for its rating is not)."""
        return self.phase not in (None, CallPhase.ENDED, CallPhase.RATED)

    def _call(self) -> KioskCall:
        if self.call is None:
            self.call = self._make_call(self._event.emit)
        return self.call

    def shutdown(self) -> None:
        call, self.call = self.call, None
        if call is not None:
            call.close()

    # -- the resident's taps ------------------------------------------------------------

    def request_help(self) -> None:
        if not self.available:
            return
        if self.active:
            # Already waiting or talking: the panel beside the application is the way back.
            if self.controller.session.state is SessionState.HELP:
                self.controller.leave_help()
            return
        from kiosk.remote_window.kiosk_call import HelpContext  # aiortc: only once asked

        session = self.controller.session
        item = session.item
        step = session.left_from if session.state is SessionState.HELP else session.state
        context = HelpContext(
            service_code=item.code if item else "",
            # For the clerks' queue, in their language (the request says the resident's).
            service_title=item.name.zh_CN if item else "",
            step=(step or SessionState.IDLE).value,
            skill=Audience.ENTERPRISE.value
            if item is not None and item.audience is Audience.ENTERPRISE
            else Audience.PERSONAL.value,
            language="en" if session.language == "en" else "zh",
            elderly=session.elderly_mode,
        )
        self.call_id = None
        self.clerk = ("", "")
        self.phase = CallPhase.QUEUED
        self.window.help.show_queue(0, 0)
        self.window.call_panel.show_queue(0, 0)
        self._call().request_help(context)

    def cancel(self) -> None:
        """Leave the queue (the resident chose the hotline or changed their mind)."""
        if self.call is not None and self.phase is not None:
            self.call.cancel()
        self._finish()
        self.window.help.show_phase(HelpPhase.OFFER)

    def request_callback(self, phone: str) -> None:
        if self.call is not None:
            self.call.request_callback(phone)

    def hang_up(self) -> None:
        if self.call is None:
            return
        if self.phase in (CallPhase.QUEUED, CallPhase.REQUEUED):
            self.cancel()
            return
        self.call.hang_up()

    def rate(self, grade_value: int, reason_values: list[str]) -> None:
        call_id, session, core = self.call_id, self.controller.session, self.controller.core
        if call_id is None:
            self._finish()
            return
        reasons = [DissatisfactionReason(value) for value in reason_values]
        self.controller.runner.run(
            lambda: core.rate(session, Grade(grade_value), reasons, call_id=call_id),
            lambda _: None,
            lambda exc: log.error("call rating not saved: %s", type(exc).__name__),
        )
        self._finish()

    def _panel_done(self) -> None:
        self._finish()

    def _finish(self) -> None:
        self.phase = None
        self.highlighted = None
        self.window.call_panel.reset()
        self.window.guidance.forget()
        self.window.highlight.stop()

    # -- the mirror ------------------------------------------------------------------------

    @property
    def in_call(self) -> bool:
        return self.call is not None and self.phase in (
            CallPhase.CONNECTING,
            CallPhase.IN_CALL,
            CallPhase.CLERK_RECONNECTING,
            CallPhase.SIGNALING_LOST,
        )

    def screen_changed(self) -> None:
        """Tell the clerk what the resident sees now (only while a clerk is there)."""
        if not self.in_call:
            return
        session = self.controller.session
        title = self.window.current_screen().title.text()
        errors = self.controller.field_errors()
        self.call.send_screen(self.mirror.build(session, title, errors, self.highlighted))

    def end_session(self) -> None:
        """Privacy wipe: hang up or leave the queue, forget the mirror and the call."""
        if self.call is not None and self.phase is not None:
            self.call.cancel()
        self._finish()
        self.call_id = None
        self.clerk = ("", "")
        self.mirror.clear()

    # -- call events ------------------------------------------------------------------------

    def _handle(self, event: object) -> None:
        if self.phase is None and not isinstance(event, ev.SignalingFailed):
            return  # a late event for a request or call already left behind
        handler = getattr(self, f"_on_{type(event).__name__}", None)
        if handler is None:
            log.debug("call event not shown: %s", type(event).__name__)
            return
        handler(event)

    def _on_Queued(self, event: ev.Queued) -> None:  # noqa: N802 (named after the event)
        if self.phase not in (CallPhase.QUEUED, CallPhase.REQUEUED):
            return
        self.window.help.show_queue(event.position, event.expected_wait_s)
        self.window.call_panel.show_queue(
            event.position, event.expected_wait_s, requeued=self.phase is CallPhase.REQUEUED
        )

    def _on_Requeued(self, event: ev.Requeued) -> None:  # noqa: N802
        self.phase = CallPhase.REQUEUED
        self.call_id = None
        self.window.guidance.forget()
        self.window.highlight.stop()
        self.window.call_panel.clerk_video.watch(None)
        self.window.call_panel.self_view.watch(None)
        self.window.call_panel.show_queue(event.position, event.expected_wait_s, requeued=True)
        self.window.help.show_queue(event.position, event.expected_wait_s)

    def _on_NoAnswer(self, event: ev.NoAnswer) -> None:  # noqa: N802
        controller = self.controller
        if controller.session.state is not SessionState.HELP:
            controller.ask_for_help()
        records_phone = controller.session.records.get("phone", "")
        self.window.help.prefill_phone(records_phone)
        self.window.help.show_phase(HelpPhase.NO_ANSWER)

    def _on_CallbackBooked(self, event: ev.CallbackBooked) -> None:  # noqa: N802
        self.window.help.show_phase(HelpPhase.CALLBACK_BOOKED)
        self.phase = None  # the request is answered by a call-back, not a video call
        self.window.call_panel.reset()

    def _on_SignalingFailed(self, event: ev.SignalingFailed) -> None:  # noqa: N802
        log.warning("video help unavailable: %s", mask_text(event.detail))
        if self.phase is None and self.controller.session.state is not SessionState.HELP:
            return
        self._finish()
        if self.controller.session.state is not SessionState.HELP:
            self.controller.ask_for_help()
        self.window.help.show_phase(HelpPhase.UNAVAILABLE)

    def _on_SignalingLost(self, event: ev.SignalingLost) -> None:  # noqa: N802
        if self.in_call:
            self.phase = CallPhase.SIGNALING_LOST
            self.window.call_panel.show_phase(CallPhase.SIGNALING_LOST)

    def _on_Answered(self, event: ev.Answered) -> None:  # noqa: N802
        self.phase = CallPhase.CONNECTING
        self.call_id = event.call_id
        self.clerk = (event.clerk_name, event.staff_number)
        panel = self.window.call_panel
        panel.show_clerk(event.clerk_name, event.staff_number)
        panel.clerk_video.watch(self.call.clerk_video)
        panel.self_view.watch(self.call.self_view)
        panel.show_phase(CallPhase.CONNECTING)
        self.window.help.show_phase(HelpPhase.OFFER)
        if self.controller.session.state is SessionState.HELP:
            self.controller.leave_help()  # back to the application, with the clerk beside it
        else:
            self.screen_changed()

    def _on_MediaConnected(self, event: ev.MediaConnected) -> None:  # noqa: N802
        self.phase = CallPhase.IN_CALL
        self.window.call_panel.show_phase(CallPhase.IN_CALL)

    def _on_PeerLost(self, event: ev.PeerLost) -> None:  # noqa: N802
        self.phase = CallPhase.CLERK_RECONNECTING
        self.window.call_panel.show_phase(CallPhase.CLERK_RECONNECTING)

    def _on_PeerBack(self, event: ev.PeerBack) -> None:  # noqa: N802
        self.phase = CallPhase.CONNECTING
        self.window.call_panel.show_phase(CallPhase.CONNECTING)
        self.screen_changed()

    def _on_CallEnded(self, event: ev.CallEnded) -> None:  # noqa: N802
        self.window.guidance.forget()
        self.window.highlight.stop()
        self.highlighted = None
        self.window.call_panel.self_view.watch(None)
        self.window.call_panel.clerk_video.watch(None)
        if self.call_id is None:
            self._finish()
            return
        self.phase = CallPhase.ENDED
        self.window.call_panel.show_phase(CallPhase.ENDED)

    def _on_ConsentRequested(self, event: ev.ConsentRequested) -> None:  # noqa: N802
        self.window.guidance.ask(
            GuidanceQuestion(
                GuidanceKind.CONSENT,
                event.acceptance_id,
                {
                    "clerk_name": event.clerk_name,
                    "staff_number": event.staff_number,
                    "service_title": event.service_title,
                },
            )
        )

    def _on_AcceptanceStored(self, event: ev.AcceptanceStored) -> None:  # noqa: N802
        self.window.submitted.show_remote_acceptance(*self.clerk)

    def _on_GuideReceived(self, event: ev.GuideReceived) -> None:  # noqa: N802
        handler = getattr(self, f"_guide_{event.action}", None)
        if handler is None:
            log.info("guidance not supported: %s", event.action)
            return
        handler(event.guide_id, event.details)

    # -- guidance -----------------------------------------------------------------------------

    def _guide_highlight(self, guide_id: str, details: dict) -> None:
        target = str(details.get("target", ""))
        widget = self.find_target(target)
        if widget is None:
            log.info("nothing to highlight for %s", target)
            return
        self.window.highlight.point_at(widget, locate=lambda: self.find_target(target))
        self.highlighted = target
        self.screen_changed()

    def find_target(self, target: str) -> QWidget | None:
        """The field row or button the clerk named, on the screen the resident sees."""
        if not target:
            return None
        if target in _TOP_BAR_BUTTONS:
            widget = self.window.top_bar.findChild(QPushButton, _TOP_BAR_BUTTONS[target])
            return widget if widget is not None and widget.isVisible() else None
        screen = self.window.current_screen()
        state = self.controller.session.state
        for kind, name in (
            (QFrame, f"row_{target}"),
            (QPushButton, f"{state.value}_{target}"),
            (QPushButton, target),
        ):
            widget = screen.findChild(kind, name)
            if widget is not None and widget.isVisible():
                return widget
        return None

    def _guide_fill(self, guide_id: str, details: dict) -> None:
        form = self.controller.session.form
        key, value = str(details.get("field", "")), str(details.get("value", ""))
        try:
            form_field = form.item.field(key) if form is not None else None
        except KeyError:
            form_field = None
        if form_field is None:
            self.call.answer_fill(guide_id, False)
            return
        label = form_field.label.in_language(self.controller.session.language)
        self.window.guidance.ask(
            GuidanceQuestion(
                GuidanceKind.FILL, guide_id, {"field": key, "value": value, "label": label}
            )
        )

    def _fill_answered(self, guide_id: str, key: str, value: str, accepted: bool) -> None:
        form = self.controller.session.form
        if accepted and form is not None:
            try:
                form.set_by_resident(key, value)
            except (FieldNotEditable, KeyError):
                accepted = False
        if self.call is not None:
            self.call.answer_fill(guide_id, accepted)
        if accepted:
            self.controller.form_changed_by_clerk()

    def _consent_answered(self, acceptance_id: str, agreed: bool) -> None:
        if self.call is not None:
            self.call.answer_consent(acceptance_id, agreed)

    def _guide_note(self, guide_id: str, details: dict) -> None:
        text = str(details.get("text", ""))[:_NOTE_MAX_CHARS]
        if text:
            self.window.guidance.ask(GuidanceQuestion(GuidanceKind.NOTE, guide_id, {"text": text}))

    def _guide_video_link(self, guide_id: str, details: dict) -> None:
        url = str(details.get("url", ""))
        if not url.startswith("https://"):
            log.warning("guide video refused: not an https link")
            return
        title = str(details.get("title", ""))
        self.window.guidance.ask(
            GuidanceQuestion(GuidanceKind.VIDEO_LINK, guide_id, {"url": url, "title": title})
        )

    def _guide_elderly_mode(self, guide_id: str, details: dict) -> None:
        self.controller.set_elderly_mode(bool(details.get("on")))

    def _guide_document_camera(self, guide_id: str, details: dict) -> None:
        # KioskCall starts or stops the track itself; the resident is told where to look.
        self.window.call_panel.set_document_camera(bool(details.get("on")))

    def _guide_reveal(self, guide_id: str, details: dict) -> None:
        key = str(details.get("field", ""))
        value = self.mirror.clear_value(self.controller.session, key)
        if value is not None:
            self.call.answer_reveal(guide_id, key, value)
