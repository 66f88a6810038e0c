"""Identification by face: ID number on a digit pad, a guided photo, the platform's check.

A mixin of KioskController, beside IdentificationFlow. The resident agrees
to the check on the number screen (it says what is sent and that the photo
is deleted); the kiosk first asks the platform whether it can check faces
at all, so a network outage is told before they pose. Frames are graded on
the camera thread (FaceCameraBridge); the photo goes to the platform off
the UI thread, and on a match the usual records path continues.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer

from drivers.device import DeviceError, DeviceKind
from kiosk.face_capture import FaceGuidance
from kiosk.face_check import FaceCheckOutcome
from kiosk.kiosk_core import RecordsOutcome
from kiosk.platform_client import PlatformUnavailable
from kiosk.session import ResidentSession, SessionState
from ui.face_camera_bridge import FaceCameraBridge
from ui.messages import (
    device_error_text,
    face_check_needs_network_text,
    face_check_outcome_text,
)
from ui.screens.identify import IdentifyPhase

log = logging.getLogger(__name__)


class FaceFlow:
    def _init_face_flow(self) -> None:
        self.face_camera = FaceCameraBridge(self)
        self.face_camera.guidance_changed.connect(self._face_guidance)
        self.face_camera.captured.connect(self._face_captured)
        self.face_preview_timer = QTimer(self)
        self.face_preview_timer.setInterval(100)  # 10 fps is enough to see oneself
        self.face_preview_timer.timeout.connect(self._update_face_preview)
        self._face_id_number: str | None = None
        # Last answer to "does the platform check faces?"; None until asked.
        self._face_checks_offered: bool | None = None
        self.window.identify.face.id_number_entered.connect(self._face_number_entered)

    def _face_method_available(self) -> bool:
        """Offered with a camera, unless the platform said it cannot check faces."""
        return self.devices.camera is not None and self._face_checks_offered is not False

    def _refresh_face_offer(self) -> None:
        """Ask the platform in the background; the method appears or goes accordingly."""
        if self.devices.camera is None:
            return

        def known(offered: bool) -> None:
            self._face_checks_offered = offered
            if self.session.state is SessionState.IDENTIFYING:
                self.window.identify.set_available_methods(self._available_methods())

        def failed(exc: Exception) -> None:
            pass  # unreachable now: keep the last answer; choosing it will say so

        self.runner.run(self.core.face_checks_offered, known, failed)

    def _start_face_check(self) -> None:
        self.stop_scanning()
        self._face_id_number = None
        self.window.identify.face.wipe()
        self.window.identify.show_phase(IdentifyPhase.FACE_NUMBER)
        self.read_out()
        session = self.session

        def known(offered: bool) -> None:
            self._face_checks_offered = offered
            if session is not self.session or not self._in_face_check():
                return
            if not offered:
                self._face_failed(FaceCheckOutcome.NOT_ENROLLED)

        def failed(exc: Exception) -> None:
            if session is not self.session or not self._in_face_check():
                return
            if not isinstance(exc, PlatformUnavailable):
                log.error("face-check service query failed: %s", type(exc).__name__)
            self._face_failed(FaceCheckOutcome.PLATFORM_UNREACHABLE)

        # Tell a network outage now, before the resident types and poses.
        self.runner.run(self.core.face_checks_offered, known, failed)

    def _in_face_check(self) -> bool:
        return self.session.state is SessionState.IDENTIFYING and self.window.identify.phase in (
            IdentifyPhase.FACE_NUMBER,
            IdentifyPhase.FACE_CAMERA,
            IdentifyPhase.FACE_CHECKING,
        )

    def _face_number_entered(self, id_number: str) -> None:
        if self.session.state is not SessionState.IDENTIFYING or self.devices.camera is None:
            return
        self._face_id_number = id_number
        self.window.identify.show_phase(IdentifyPhase.FACE_CAMERA)
        self._face_guidance(FaceGuidance.NO_FACE.value)
        try:
            self.face_camera.start(self.devices.camera)
        except DeviceError as exc:  # unplugged or broken since the method was offered
            self.stop_face_check()
            self.window.identify.face.wipe()
            self.window.identify.show_error(device_error_text(exc, kind=DeviceKind.CAMERA))
            self.read_out()
            return
        self.face_preview_timer.start()

    def _face_guidance(self, value: str) -> None:
        if self.window.identify.phase is not IdentifyPhase.FACE_CAMERA:
            return
        self.window.identify.face.set_guidance(FaceGuidance(value))
        self.read_out()

    def _update_face_preview(self) -> None:
        image = self.face_camera.preview()
        if image is not None and self.window.identify.phase is IdentifyPhase.FACE_CAMERA:
            self.window.identify.face.show_preview(image)

    def stop_face_check(self) -> None:
        self.face_preview_timer.stop()
        self.face_camera.stop()
        self._face_id_number = None

    def _face_captured(self, jpeg: bytes) -> None:
        id_number = self._face_id_number
        if id_number is None or self.window.identify.phase is not IdentifyPhase.FACE_CAMERA:
            return
        self.stop_face_check()
        self.window.identify.show_phase(IdentifyPhase.FACE_CHECKING)
        self.read_out()
        session = self.session
        self.runner.run(
            lambda: self.core.identify_by_face(session, id_number, jpeg),
            lambda outcome: self._face_checked(session, outcome),
            lambda exc: self._face_checked(session, FaceCheckOutcome.PLATFORM_UNREACHABLE),
        )

    def _face_checked(self, session: ResidentSession, outcome: FaceCheckOutcome) -> None:
        if session is not self.session or self.session.state is not SessionState.IDENTIFYING:
            return
        if outcome is FaceCheckOutcome.MATCHED:
            self._after_records(RecordsOutcome.AVAILABLE)
            return
        log.info("face check did not identify the resident: %s", outcome.value)
        self._face_failed(outcome)

    def _face_failed(self, outcome: FaceCheckOutcome) -> None:
        """Back to the choice of methods, with the reason and the other ways in."""
        self.stop_face_check()
        self.window.identify.face.wipe()  # the typed ID number goes too
        if outcome is FaceCheckOutcome.PLATFORM_UNREACHABLE:
            text = face_check_needs_network_text()
        else:
            text = face_check_outcome_text(outcome)
        self.window.identify.show_error(text)
        self.read_out()
