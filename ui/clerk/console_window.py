"""The clerk console window: sign in, wait for calls, take them.

The window owns the clerk's signaling and media (one ClerkCall on the media
loop) and reacts to its events, which the bridge brings onto the Qt thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.remote_window import call_events as ev
from kiosk.remote_window.audio import audio_sink_for, audio_source_for
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.video_settings import VideoSettings
from ui.background import BackgroundRunner
from ui.clerk.call_view import CallPhase, CallView
from ui.clerk.clerk_bridge import ClerkEventBridge
from ui.clerk.clerk_style import CLERK_STYLE
from ui.clerk.history_view import HistoryView
from ui.clerk.queue_view import QueueView
from ui.clerk.sign_in import SignInView
from ui.i18n import LanguageSwitch
from ui.widgets import button, label

log = logging.getLogger(__name__)


class ClerkConsoleWindow(QMainWindow):
    def __init__(
        self,
        platform_url: str,
        data_dir: Path,
        loop: MediaLoop | None = None,
        camera=None,
        language_switch: LanguageSwitch | None = None,
        sign_in: Callable[[str, str], ClerkAccount] | None = None,
        video: VideoSettings | None = None,
        audio_devices: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("clerk_console")
        self.platform_url = platform_url
        self.data_dir = Path(data_dir)
        self._owns_loop = loop is None
        self.loop = loop or MediaLoop()
        if self._owns_loop:
            self.loop.start()
        self.camera = camera
        self.video = video or VideoSettings()
        # (microphone, speaker): ALSA names or "simulated"; None: a call without sound.
        self.audio_devices = audio_devices
        self.language_switch = language_switch
        self.account: ClerkAccount | None = None
        self.call: ClerkCall | None = None
        self.current_call_id: str | None = None
        self.platform_problem: str | None = None  # "lost" | "failed" | an error code
        self._closed = False
        self._history_generation = 0
        self.runner = BackgroundRunner(self)
        self.bridge: ClerkEventBridge | None = None  # one per signed-in session

        self.sign_in = SignInView(
            sign_in or (lambda user, password: ClerkAccount.sign_in(platform_url, user, password)),
            self.runner,
        )
        self.sign_in.signed_in.connect(self._signed_in)
        self.queue = QueueView()
        self.queue.availability_requested.connect(self._set_available)
        self.queue.answer_requested.connect(self._take)
        self.queue.pass_requested.connect(self._decline)
        self.history = HistoryView()
        self.history.refresh_button.clicked.connect(self.refresh_history)
        self.call_view = CallView()
        self.call_view.hang_up_requested.connect(self.hang_up)
        self.call_view.back_requested.connect(self._back_to_queue)
        self.call_view.guidance.guide_requested.connect(self._guide)
        self.call_view.mirror.reveal_requested.connect(self._reveal)
        self.call_view.acceptance.accept_requested.connect(self._accept_remotely)

        self.who = label("subtitle", "clerk_identity", wrap=False)
        self.banner = label("error", "platform_banner")
        self.banner.hide()
        self.language_button = button(object_name="language_toggle")
        self.language_button.clicked.connect(self._toggle_language)
        self.sign_out_button = button(object_name="sign_out")
        self.sign_out_button.clicked.connect(self.sign_out)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.language_button)
        top.addWidget(self.sign_out_button)

        queue_page = QWidget()
        queue_layout = QVBoxLayout(queue_page)
        queue_layout.addWidget(self.queue)
        queue_layout.addWidget(self.history, 1)
        self.work_stack = QStackedWidget()
        self.work_stack.addWidget(queue_page)
        self.work_stack.addWidget(self.call_view)
        self.queue_page = queue_page
        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.addWidget(self.banner)
        work_layout.addWidget(self.work_stack, 1)
        self.work_page = work

        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(work)
        # The header stays over both pages: the language can be changed before signing in.
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.addLayout(top)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(CLERK_STYLE)
        self.retranslate()

    # -- signing in and out -------------------------------------------------

    def _signed_in(self, account: ClerkAccount) -> None:
        self.account = account
        self.platform_problem = None
        recordings = self.data_dir / "recordings"
        recordings.mkdir(parents=True, exist_ok=True)
        self.bridge = ClerkEventBridge(self.handle_event, self)
        self.call = ClerkCall(
            self.loop,
            self.platform_url,
            account.token,
            self.bridge.post,
            camera=self.camera,
            microphone=audio_source_for(self.audio_devices[0]) if self.audio_devices else None,
            speaker=audio_sink_for(self.audio_devices[1]) if self.audio_devices else None,
            recordings_dir=recordings,
            video=self.video,
        )
        self.call.connect()
        self.queue.show_status(False, 0)
        self.queue.show_connected(False)
        self.queue.clear_ringing()
        self.history.supervisor = account.clerk.get("role") == "supervisor"
        self.work_stack.setCurrentWidget(self.queue_page)
        self.pages.setCurrentWidget(self.work_page)
        self.refresh_history()
        self.retranslate()

    def sign_out(self) -> None:
        account, call = self.account, self.call
        self.account, self.call, self.current_call_id = None, None, None
        self._detach_session()

        def leave() -> None:
            # Closing ends any call and waits for the socket: never on the UI thread.
            if call is not None:
                call.close()
            if account is not None:
                account.sign_out()

        self.runner.run(leave, lambda _: None, self._log_failure("sign out"))
        self.history.show_calls([])
        self.sign_in.reset()
        self.pages.setCurrentWidget(self.sign_in)
        self.retranslate()

    # -- queue --------------------------------------------------------------

    def _set_available(self, on: bool) -> None:
        if self.call is not None:
            self.call.set_available(on)

    def _take(self, request_id: str) -> None:
        if self.call is not None:
            self.call.take(request_id)

    def _decline(self, request_id: str) -> None:
        if self.call is not None:
            self.call.decline(request_id)

    def refresh_history(self) -> None:
        account = self.account
        if account is None:
            return

        # Refreshes overlap (call ended, recording sealed, back to the queue): only the
        # newest one may paint, or an older answer could hide the sealed recording.
        self._history_generation += 1
        generation = self._history_generation

        def show(calls: list[dict]) -> None:
            if self.account is account and generation == self._history_generation:
                self.history.show_calls(calls)

        self.runner.run(lambda: account.calls(50), show, self._log_failure("call history"))

    # -- in a call ----------------------------------------------------------

    def hang_up(self) -> None:
        if self.call is not None:
            self.call.hang_up()

    def _guide(self, action: str, details: dict) -> None:
        if self.call is not None and self.current_call_id:
            self.call.guide(action, **details)

    def _reveal(self, field: str, reason: str) -> None:
        if self.call is not None and self.current_call_id:
            self.call.reveal(field, reason)

    def _accept_remotely(self, submission_ref: str) -> None:
        account, call_id = self.account, self.current_call_id
        if account is None or call_id is None:
            self.call_view.acceptance.failed()
            return

        def failed(exc: Exception) -> None:
            log.warning("remote acceptance refused: %s", type(exc).__name__)
            self.call_view.acceptance.failed()

        self.runner.run(
            lambda: account.accept_remotely(call_id, submission_ref),
            self.call_view.acceptance.asked,
            failed,
        )

    def _back_to_queue(self) -> None:
        self.current_call_id = None
        self.work_stack.setCurrentWidget(self.queue_page)
        self.refresh_history()

    # -- events from the call (on the Qt thread) ----------------------------

    def handle_event(self, event: object) -> None:
        if self._closed:
            return
        handler = self._handlers().get(type(event))
        if handler is None:
            return
        call_id = getattr(event, "call_id", None)
        if (
            call_id is not None
            and not isinstance(event, (ev.CallStarted, ev.RecordingSealed, ev.RecordingFailed))
            and call_id != self.current_call_id
        ):
            return  # a late event of a call already left behind
        handler(event)

    def _handlers(self) -> dict[type, Callable]:
        view = self.call_view
        return {
            ev.ClerkStatus: self._on_status,
            ev.Ringing: self.queue.show_ringing,
            ev.RingCancelled: lambda e: self.queue.cancel_ringing(e.request_id),
            ev.CallStarted: self._on_call_started,
            ev.MediaConnected: lambda e: view.set_phase(CallPhase.CONNECTED),
            ev.PeerLost: lambda e: view.set_phase(CallPhase.RESIDENT_RECONNECTING),
            ev.PeerBack: lambda e: view.set_phase(CallPhase.CONNECTED),
            ev.ScreenMirrored: lambda e: view.show_mirror(e.screen),
            ev.FillAnswered: lambda e: view.guidance.fill_answered(e.accepted),
            ev.ConsentAnswered: lambda e: view.acceptance.consent(e.acceptance_id, e.agreed),
            ev.AcceptanceStored: lambda e: view.acceptance.stored(e.acceptance_id, e.accepted_at),
            ev.DocumentCameraChanged: lambda e: view.document_camera_changed(e.on, e.available),
            ev.Revealed: lambda e: view.mirror.show_revealed(e.field, e.value),
            ev.CallEnded: self._on_call_ended,
            ev.RecordingSealed: self._on_recording_sealed,
            ev.RecordingFailed: self._on_recording_failed,
            ev.SignalingLost: lambda e: self._signaling_problem("lost"),
            ev.SignalingFailed: lambda e: self._signaling_problem("failed"),
            ev.PlatformError: self._on_platform_error,
        }

    def _on_status(self, event) -> None:
        self.platform_problem = None
        self.queue.show_status(event.available, event.waiting)
        self.retranslate()

    def _on_call_started(self, event) -> None:
        self.current_call_id = event.call_id
        self.queue.clear_ringing()
        call = self.call
        if call is None:
            return
        self.call_view.start(
            event, self._clerk_text(), call.resident_video, call.document_video, call.self_view
        )
        self.work_stack.setCurrentWidget(self.call_view)

    def _on_call_ended(self, event) -> None:
        self.call_view.set_phase(CallPhase.ENDED, event.by)
        self.refresh_history()

    def _on_recording_sealed(self, event) -> None:
        if self.call_view.call is not None and event.call_id == self.call_view.call.call_id:
            self.call_view.recording_sealed(event.recording_ref, event.sm3)
        self.refresh_history()

    def _on_recording_failed(self, event) -> None:
        log.error("recording %s failed: %s", event.recording_ref, event.detail)
        self.platform_problem = "recording_failed"
        self.retranslate()

    def _on_platform_error(self, event) -> None:
        log.warning("platform error %s", event.error)
        if self.current_call_id is None:
            self.queue.clear_ringing()  # e.g. the request was taken or withdrawn meanwhile
        self.platform_problem = event.error
        self.retranslate()

    def _signaling_problem(self, problem: str) -> None:
        self.queue.show_connected(False)
        self.platform_problem = problem
        self.retranslate()

    # -- language, text, quitting -------------------------------------------

    def _toggle_language(self) -> None:
        if self.language_switch is None:
            return
        self.language_switch.use("en" if self.language_switch.language == "zh_CN" else "zh_CN")
        self.retranslate()

    def _clerk_text(self) -> str:
        clerk = self.account.clerk if self.account is not None else {}
        return f"{clerk.get('name', '')} ({clerk.get('staff_number', '')})"

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Clerk console — remote service window"))
        for widget in (self.sign_in, self.queue, self.history, self.call_view):
            widget.retranslate()
        for part in (self.call_view.mirror, self.call_view.guidance, self.call_view.acceptance):
            part.retranslate()
        self.who.setText(self._clerk_text() if self.account is not None else "")
        english = self.language_switch is None or self.language_switch.language == "en"
        self.language_button.setText("中文" if english else "English")
        self.language_button.setVisible(self.language_switch is not None)
        self.sign_out_button.setText(self.tr("Sign out"))
        self.sign_out_button.setVisible(self.account is not None)
        problems = {
            None: "",
            "lost": self.tr("Connection to the platform lost; reconnecting…"),
            "failed": self.tr("The platform refused the connection. Sign out and sign in again."),
            "recording_failed": self.tr(
                "The call recording could not be saved. Tell your supervisor."
            ),
        }
        text = problems.get(
            self.platform_problem,
            self.tr("The platform refused the last action (%1).").replace(
                "%1", str(self.platform_problem)
            ),
        )
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def shutdown(self) -> None:
        """Ends any call, closes the socket and stops the media loop; idempotent."""
        if self._closed:
            return
        self._closed = True
        call, self.call = self.call, None
        self._detach_session()
        if call is not None:
            call.close()
        self.runner.wait(5_000)
        if self._owns_loop:
            self.loop.stop()

    def _detach_session(self) -> None:
        if self.bridge is not None:
            self.bridge.detach()
        for view in (
            self.call_view.resident_video,
            self.call_view.document_view.video,
            self.call_view.self_view,
        ):
            view.show_source(None)

    def sign_in_ready(self) -> bool:
        return self.isVisible() and self.pages.currentWidget() is self.sign_in

    def close_console(self) -> None:
        self.shutdown()
        self.close()
        # Deleted by Qt on this (the GUI) thread: left to Python's cyclic
        # collector it could be destroyed on whichever thread collects, and a
        # widget destroyed off the GUI thread crashes the process.
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.shutdown()
        super().closeEvent(event)

    @staticmethod
    def _log_failure(what: str) -> Callable[[Exception], None]:
        def failed(exc: Exception) -> None:
            log.warning("%s failed: %s", what, type(exc).__name__)

        return failed
