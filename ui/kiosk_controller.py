"""Drives the resident journey: screens ask, the core answers, devices report.

All slow work (card reads, platform calls, disk writes, printing) goes
through the background runner; this object only ever runs on the UI thread.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from drivers.device import DeviceKind, DeviceUnavailable
from drivers.device_manager import DeviceManager
from drivers.device_set import DeviceSet
from kiosk.catalog import ItemOutput
from kiosk.document_capture import PageNotReady
from kiosk.document_capture import capture_material as capture_page
from kiosk.feedback import DissatisfactionReason, Grade, LeaveReason
from kiosk.identity import IdentificationMethod, ResidentIdentity
from kiosk.idle_watch import ELDERLY_IDLE_FACTOR, IdlePhase, IdleWatch
from kiosk.kiosk_core import KioskCore, NotReadyToSubmit
from kiosk.session import ResidentSession, SessionState
from offline_cache.outbox import OutboxState
from ui.background import BackgroundRunner
from ui.call_flow import CallFlow
from ui.code_scan_bridge import CodeScanBridge
from ui.device_bridge import DeviceEventBridge
from ui.device_presence_flow import DevicePresenceFlow
from ui.face_flow import FaceFlow
from ui.i18n import LanguageSwitch
from ui.identification_flow import IdentificationFlow
from ui.kiosk_window import KioskWindow
from ui.messages import (
    device_error_text,
    finding_text,
    page_problem_text,
)
from ui.passport_flow import PassportFlow
from ui.printing_flow import PrintingFlow
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import CertificateState, PrintState

log = logging.getLogger(__name__)

_CARD_READ_TIMEOUT_S = 5.0
_REPEAT_READ_OUT_S = 10.0
_DELIVERY_WAIT_S = 3.0  # how long a receipt waits for the platform's number


class KioskController(
    IdentificationFlow, FaceFlow, PassportFlow, PrintingFlow, DevicePresenceFlow, QObject
):
    # Emitted from the sync thread; Qt queues it onto the UI thread.
    catalog_changed = Signal()

    def __init__(
        self,
        core: KioskCore,
        devices: DeviceSet,
        window: KioskWindow,
        languages: LanguageSwitch,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(window)
        self.core = core
        self.devices = devices
        self.window = window
        self.languages = languages
        self.runner = runner or BackgroundRunner(self)
        self.session = ResidentSession(language=core.config.language)
        self.idle = IdleWatch(core.config.idle)
        self.reading_card = False
        self._pending_identity: ResidentIdentity | None = None
        self._certificate: dict | None = None  # issued for this session; wiped with it
        self._last_read_out: tuple[str, float] = ("", 0.0)
        self._pending_code: str | None = None  # a verified dynamic code awaiting consent
        self._static_claims = None  # a verified paper code awaiting its ID card
        self.scan = CodeScanBridge(self)
        self.scan.code_read.connect(self._code_read)
        self.preview_timer = QTimer(self)
        self.preview_timer.setInterval(100)  # 10 fps is enough to aim by
        self.preview_timer.timeout.connect(self._update_preview)
        self._init_face_flow()
        self.device_manager: DeviceManager | None = None
        self.bridge = DeviceEventBridge(self)
        self.bridge.event.connect(self._on_device_event)
        self._init_passport_flow()  # after the bridge: it listens for the passport too
        self.attach_devices(devices)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(500)
        self.idle_timer.timeout.connect(self._check_idle)
        self._connect_screens()
        self.call_flow = CallFlow(self)  # video help; enabled by the app when configured
        self.catalog_changed.connect(self.refresh_home)
        core.catalog_service.on_change(lambda _catalog: self.catalog_changed.emit())

    # -- wiring ---------------------------------------------------------------

    def _connect_screens(self) -> None:
        w = self.window
        w.top_bar.elderly_toggled.connect(self.set_elderly_mode)
        w.top_bar.language_toggled.connect(self.toggle_language)
        w.top_bar.help_requested.connect(self.ask_for_help)
        w.top_bar.exit_requested.connect(self.exit_requested)
        w.idle_overlay.keep_going.connect(self._still_here)
        w.home.start_requested.connect(self.start_session)
        w.identify.method_chosen.connect(self.choose_method)
        w.identify.consent_given.connect(self.consent)
        w.identify.cancel_requested.connect(self.exit_requested)
        w.services.item_chosen.connect(self.choose_item)
        w.guide.back.connect(lambda: self._go(SessionState.CHOOSING))
        w.guide.proceed.connect(self.open_form)
        w.form.back.connect(lambda: self._go(SessionState.GUIDE))
        w.form.proceed.connect(self.after_form)
        w.materials.back.connect(self.open_form)
        w.materials.proceed.connect(self.open_review)
        w.materials.capture_requested.connect(self.capture_material)
        w.review.back.connect(self.open_form)
        w.review.fix_requested.connect(self.fix)
        w.review.submit_requested.connect(self.submit)
        w.submitted.reprint_requested.connect(self.print_receipt)
        w.submitted.certificate_retry_requested.connect(self.print_certificate)
        w.submitted.done.connect(lambda: self._go(SessionState.RATING))
        w.rating.rated.connect(self.rate)
        w.rating.skipped.connect(self.end_session)
        w.help.back.connect(self.leave_help)
        w.leaving.reason_chosen.connect(self.report_leaving)
        w.leaving.skipped.connect(self.end_session)
        w.leaving.stay.connect(self.leave_help)
        # After the form's own handler has stored the value: the clerk sees the edit.
        w.form.editor.committed.connect(lambda _key, _value: self.call_flow.screen_changed())

    def attach_devices(self, devices: DeviceSet, manager: DeviceManager | None = None) -> None:
        """Use these devices from now on (they may arrive after the first screen).

        With a device manager, every device's events come through it once.
        """
        self.bridge.close()
        self.devices = devices
        self.device_manager = manager
        if manager is not None:
            self.bridge.watch(manager)
        else:
            for device in (
                devices.id_card_reader,
                devices.smart_card_reader,
                devices.receipt_printer,
            ):
                self.bridge.watch(device)
        if self.session.state is SessionState.IDENTIFYING:
            self.window.identify.set_available_methods(self._available_methods())

    def start(self) -> None:
        self.languages.use(self.session.language)
        self.window.set_language(self.session.language)
        self.refresh_home()
        self._show(SessionState.IDLE)
        self.idle_timer.start()

    def refresh_home(self) -> None:
        self.window.home.set_status(
            self.core.catalog is not None,
            self.core.sync.platform_reachable,
            # The platform refuses this terminal (revoked, not enrolled).
            out_of_service=self.core.sync.device_refusal is not None,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
        ):
            self.idle.touch()
        return False

    # -- navigation -------------------------------------------------------------

    def _show(self, state: SessionState) -> None:
        self.window.show_state(state)
        self.read_out()
        self.call_flow.screen_changed()

    def field_errors(self) -> dict[str, str]:
        """The pre-review problems shown beside fields now (for the clerk's mirror)."""
        if self.session.state is not SessionState.REVIEW:
            return {}
        return {
            finding.field_key: finding.problem.value
            for finding in self.window.review.findings
            if finding.field_key
        }

    def form_changed_by_clerk(self) -> None:
        """The resident accepted a value the clerk proposed: show it where they are."""
        match self.session.state:
            case SessionState.FORM:
                self.window.form.show_form(
                    self.session.form,
                    identity_method=self.session.identity.method if self.session.identity else None,
                )
            case SessionState.REVIEW:
                self.window.review.show_review(
                    self.session.item, self.session.form, self.core.review(self.session)
                )
        self.call_flow.screen_changed()

    def read_out(self) -> None:
        """In elderly mode, speak what the current screen says (errors included)."""
        if not self.session.elderly_mode or self.devices.speech is None:
            return
        text = self.window.current_screen().read_out_text()
        now = time.monotonic()
        # A code held in front of the camera is re-read many times: say it once.
        if text == self._last_read_out[0] and now - self._last_read_out[1] < _REPEAT_READ_OUT_S:
            return
        self._last_read_out = (text, now)
        self.devices.speech.say(text, "en" if self.session.language == "en" else "zh")

    def _go(self, state: SessionState) -> None:
        self.session.go(state)
        self._show(state)

    def start_session(self) -> None:
        if self.session.state is not SessionState.IDLE:
            return
        self.idle.touch()
        self._go(SessionState.IDENTIFYING)
        self.window.identify.set_available_methods(self._available_methods())
        self.window.identify.show_phase(IdentifyPhase.CHOOSE)
        self._refresh_face_offer()
        if self.devices.id_card_reader is not None:
            self._probe_card(IdentificationMethod.ID_CARD, quiet=True)

    # -- identification -----------------------------------------------------------

    # -- Suishen codes ------------------------------------------------------------

    # -- choosing, form, materials, review ------------------------------------------

    def choose_item(self, code: str) -> None:
        item = self.core.catalog.item(code)
        findings = self.core.open_item(self.session, item)
        if findings:
            self.window.services.notice.setText(finding_text(findings[0]))
            self.window.services.notice.show()
            return
        self._go(SessionState.GUIDE)
        self.window.guide.show_item(item, self.session.licences)

    def open_form(self, highlight_key: str | None = None) -> None:
        self._go(SessionState.FORM)
        identity = self.session.identity
        self.window.form.show_form(
            self.session.form, highlight_key, identity.method if identity else None
        )

    def _needs_materials_step(self) -> bool:
        item = self.session.item
        return any(
            not (material.e_licence and material.e_licence in self.session.licences)
            for material in item.materials
        )

    def after_form(self) -> None:
        if self._needs_materials_step():
            self.open_materials()
        else:
            self.open_review()

    def open_materials(self) -> None:
        self._go(SessionState.MATERIALS)
        self.window.materials.show_materials(
            self.session.item,
            {code: m.data for code, m in self.session.materials.items()},
            self.session.licences,
        )

    def capture_material(self, code: str) -> None:
        camera = self.devices.document_camera
        if camera is None:
            self.window.materials.show_error(
                device_error_text(
                    DeviceUnavailable("document_camera"), kind=DeviceKind.DOCUMENT_CAMERA
                )
            )
            return
        self.window.materials.set_busy(code)
        session = self.session

        def failed(exc: Exception) -> None:
            if isinstance(exc, PageNotReady):
                self.window.materials.show_error(page_problem_text(exc.problems[0]))
            else:
                self.window.materials.show_error(
                    device_error_text(exc, kind=DeviceKind.DOCUMENT_CAMERA)
                )
            self.read_out()

        # Find the page, straighten it and check it is readable before keeping it.
        self.runner.run(
            lambda: capture_page(camera.grab(3.0)),
            lambda jpeg: self._material_captured(session, code, jpeg),
            failed,
        )

    def _material_captured(self, session: ResidentSession, code: str, jpeg: bytes) -> None:
        if session is not self.session or session.state is not SessionState.MATERIALS:
            return
        self.core.add_material(session, code, jpeg)
        self.open_materials_refresh()

    def open_materials_refresh(self) -> None:
        self.window.materials.show_materials(
            self.session.item,
            {code: m.data for code, m in self.session.materials.items()},
            self.session.licences,
        )

    def open_review(self) -> None:
        self._go(SessionState.REVIEW)
        self.window.review.show_review(
            self.session.item, self.session.form, self.core.review(self.session)
        )
        self.call_flow.screen_changed()  # the findings arrive after the screen

    def fix(self, field_key: str, material_code: str) -> None:
        if field_key:
            self.open_form(field_key)
        elif material_code:
            self.open_materials()

    # -- submitting and printing ----------------------------------------------------

    def submit(self) -> None:
        review = self.window.review
        if review.submitting:
            return  # a second tap while saving must not submit twice
        self.session.signature_png = review.signature_png()
        review.set_submitting(True)
        session = self.session
        self.runner.run(
            lambda: self.core.submit(session),
            lambda receipt: self._submitted(session),
            self._submit_failed,
        )

    def _submit_failed(self, exc: Exception) -> None:
        if isinstance(exc, NotReadyToSubmit):
            self.window.review.show_review(self.session.item, self.session.form, exc.findings)
            return
        log.error("saving the application failed: %s", type(exc).__name__)
        self.window.review.set_submitting(
            False,
            self.tr(
                "Your application could not be saved. Nothing was sent. Please try again or ask for help."
            ),
        )

    def _submitted(self, session: ResidentSession) -> None:
        if session is not self.session:
            return
        self._go(SessionState.SUBMITTED)
        # "Saved" is true now; "received" is told once the sync worker has delivered it.
        self.window.submitted.show_receipt(session.submission, delivered=None)
        self.window.submitted.set_print_state(PrintState.PRINTING)
        if session.item.output is ItemOutput.CERTIFICATE:
            self.window.submitted.set_certificate_state(CertificateState.WAITING)
        ref = session.submission.submission_ref

        def wait_for_number() -> object:
            deadline = time.monotonic() + _DELIVERY_WAIT_S
            while time.monotonic() < deadline:
                current = self.core.delivery_status(ref)
                if current and current.state is not OutboxState.PENDING:
                    return current
                time.sleep(0.1)
            return self.core.delivery_status(ref)

        self.runner.run(wait_for_number, lambda status: self._delivery_known(session, status))

    # -- rating, help, leaving ------------------------------------------------------------

    def rate(self, grade_value: int, reason_values: list[str]) -> None:
        session = self.session
        reasons = [DissatisfactionReason(value) for value in reason_values]
        self.runner.run(
            lambda: self.core.rate(session, Grade(grade_value), reasons),
            lambda _: self.end_session(),
            lambda exc: self._feedback_not_saved(exc),
        )

    def ask_for_help(self) -> None:
        if self.session.state in (SessionState.IDLE, SessionState.HELP):
            return
        self._go(SessionState.HELP)

    def leave_help(self) -> None:
        target = self.session.left_from or SessionState.IDLE
        self.session.go(target)
        self._show(target)

    def exit_requested(self) -> None:
        if self.session.state is SessionState.IDLE:
            return
        if self.session.should_ask_why_leaving():
            self._go(SessionState.LEAVING)
        else:
            self.end_session()

    def report_leaving(self, reason_value: str) -> None:
        session = self.session
        self.runner.run(
            lambda: self.core.report_leaving(session, LeaveReason(reason_value)),
            lambda _: self.end_session(),
            lambda exc: self._feedback_not_saved(exc),
        )

    def _feedback_not_saved(self, exc: Exception) -> None:
        # The resident is leaving either way; a lost rating must not keep them here.
        log.error("feedback not saved: %s: %s", type(exc).__name__, exc)
        self.end_session()

    def end_session(self) -> None:
        """Privacy wipe, then a fresh session on the home screen."""
        language, elderly = self.core.config.language, False
        ending = self.session
        self.call_flow.end_session()
        # The core's wipe touches the disk (a printed certificate is forgotten there too).
        self.runner.run(lambda: self.core.end_session(ending), lambda _: None)
        for screen in self.window.screens.values():
            screen.wipe()
        self.window.rating.reset()
        self.session = ResidentSession(language=language, elderly_mode=elderly)
        self.reading_card = False
        self._pending_identity = None
        self._certificate = None
        self._pending_code = None
        self._static_claims = None
        self.stop_scanning()
        self.stop_face_check()
        self.stop_passport()
        self.window.idle_overlay.hide()
        if self.languages.language != language:
            self.languages.use(language)
            self.window.set_language(language)
        self.set_elderly_mode(False)
        self.idle = IdleWatch(self.core.config.idle)
        self.refresh_home()
        self._show(SessionState.IDLE)
        self._remind_to_take_cards()  # ui/device_presence_flow.py

    # -- modes -------------------------------------------------------------------------

    def set_elderly_mode(self, on: bool) -> None:
        self.session.elderly_mode = on
        self.call_flow.screen_changed()
        policy = self.core.config.idle.scaled(ELDERLY_IDLE_FACTOR) if on else self.core.config.idle
        self.idle.policy = policy
        self.window.apply_look(on)
        self.window.retranslate_all()
        self.read_out()

    def toggle_language(self) -> None:
        language = "en" if self.session.language == "zh_CN" else "zh_CN"
        self.session.language = language
        self.languages.use(language)
        self.window.set_language(language)
        self.call_flow.screen_changed()

    def _still_here(self) -> None:
        self.idle.touch()
        self.window.idle_overlay.hide()

    def _check_idle(self) -> None:
        if self.session.state is SessionState.IDLE:
            self.window.idle_overlay.hide()
            self.refresh_home()  # the platform may have come or gone
            return
        if self.call_flow.active:
            self.idle.touch()  # talking to a clerk or waiting for one is not being away
        phase, seconds_left = self.idle.phase()
        if phase is IdlePhase.ACTIVE:
            self.window.idle_overlay.hide()
        elif phase is IdlePhase.WARNING:
            self.window.idle_overlay.show_countdown(seconds_left)
        else:
            log.info("session ended after inactivity")
            self.end_session()
