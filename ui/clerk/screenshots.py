"""The clerk console's screens as PNGs, from a real call against an embedded platform.

The resident is a real kiosk call (pattern cameras, no kiosk window), so
what the pictures show is what a clerk sees: live video, the mirrored form,
guidance and a remote acceptance the resident agreed to.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from drivers.device import DeviceKind
from drivers.simulated.camera import SimulatedCamera
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.video_settings import VideoSettings
from ui.clerk.acceptance_panel import AcceptanceState
from ui.clerk.call_view import CallPhase
from ui.clerk.console_window import ClerkConsoleWindow
from ui.clerk.demo_resident import (
    DEMO_CLEAR_VALUES,
    DEMO_KIOSK_ID,
    DEMO_SUBMISSION_REF,
    demo_mirror,
    material_thumbnail_b64,
    store_demo_submission,
)
from ui.demo import start_demo_platform
from ui.i18n import LanguageSwitch
from ui.kiosk_app import qt_application

SIZE = (1600, 960)


class ClerkScreenshotStalled(RuntimeError):
    pass


def _pump_until(condition: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise ClerkScreenshotStalled(f"timed out waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _pump_for(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _opened(camera: SimulatedCamera) -> SimulatedCamera:
    camera.open()
    return camera


def _person(device_id: str, portrait, kind: DeviceKind = DeviceKind.CAMERA) -> SimulatedCamera:
    """A simulated camera with a synthetic portrait in front of it (no real person)."""
    camera = _opened(SimulatedCamera(device_id, kind, 640, 480, 15))
    camera.show_face(portrait)
    return camera


class _Cameras:
    def __init__(self) -> None:
        self._opened: list[SimulatedCamera] = []

    def add(self, camera: SimulatedCamera) -> SimulatedCamera:
        self._opened.append(camera)
        return camera

    def close(self) -> None:
        for camera in self._opened:
            camera.close()


def _document_camera() -> SimulatedCamera:
    camera = _opened(SimulatedCamera("resident-document", DeviceKind.DOCUMENT_CAMERA, 1280, 720, 10))
    camera.show_document("form")
    return camera


def write_clerk_screenshots(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = qt_application(["clerk-screenshots"])
    switch = LanguageSwitch(app)
    switch.use("zh_CN")
    written: list[Path] = []
    resident_events: list[object] = []
    restrict_host_addresses(["127.0.0.1"])
    loop = MediaLoop()
    loop.start()
    with tempfile.TemporaryDirectory(prefix="clerk-shots-") as scratch:
        platform = start_demo_platform(Path(scratch))
        cameras = _Cameras()
        console = ClerkConsoleWindow(
            platform.url,
            Path(scratch) / "clerk",
            loop=loop,
            camera=cameras.add(_person("clerk-camera", platform.demo_face("310101198504120018"))),
            language_switch=switch,
            # Small: it sets the clerk's own video and the recording, neither pictured.
            video=VideoSettings(width=320, height=240, fps=10),
        )
        resident = KioskCall(
            loop,
            platform.url,
            DEMO_KIOSK_ID,
            resident_events.append,
            camera=cameras.add(
                _person("resident-camera", platform.demo_face(DEMO_CLEAR_VALUES["id_number"]))
            ),
            document_camera=cameras.add(_document_camera()),
        )

        def shoot(name: str) -> None:
            _pump_for(0.3)
            path = out_dir / f"{name}.png"
            console.grab().save(str(path))
            written.append(path)

        try:
            console.resize(*SIZE)
            console.show()
            console.sign_in.username.setText("clerk01")
            console.sign_in.password.setText("window-demo-01")
            shoot("clerk-01-sign-in")

            console.sign_in.submit()
            _pump_until(lambda: console.pages.currentWidget() is console.work_page, "sign-in")
            _pump_until(console.queue.availability_button.isEnabled, "the platform")
            console.queue.availability_button.click()
            _pump_until(lambda: console.queue.available, "available")
            resident.request_help(
                HelpContext("LN-ZHJT-SQ", "老年综合津贴申请", "form", elderly=True)
            )
            _pump_until(lambda: console.queue.ringing is not None, "ringing")
            _pump_until(lambda: console.history.calls is not None, "history")
            shoot("clerk-02-ringing")

            console.queue.answer_button.click()
            view = console.call_view
            _pump_until(lambda: view.phase is CallPhase.CONNECTED, "media")
            thumbnail = material_thumbnail_b64()
            resident.send_screen(demo_mirror(None, thumbnail))
            _pump_until(lambda: "phone" in view.mirror.rows, "mirror")
            view.guidance.note_text.setText("请把户口簿放在文件台上")
            _pump_until(lambda: view.resident_video.frames_shown > 5, "resident video")
            shoot("clerk-03-call")

            store_demo_submission(platform, DEMO_KIOSK_ID, DEMO_SUBMISSION_REF)
            resident.send_screen(demo_mirror(DEMO_SUBMISSION_REF, thumbnail))
            _pump_until(view.acceptance.accept_button.isEnabled, "submission")
            view.acceptance.accept_button.click()
            _pump_until(
                lambda: any(isinstance(e, ev.ConsentRequested) for e in resident_events),
                "consent request",
            )
            asked = next(e for e in resident_events if isinstance(e, ev.ConsentRequested))
            resident.answer_consent(asked.acceptance_id, True)
            _pump_until(lambda: view.acceptance.state is AcceptanceState.ACCEPTED, "acceptance")
            shoot("clerk-04-accepted")

            resident.hang_up()
            _pump_until(lambda: view.recording_sm3 is not None, "sealed recording")
            shoot("clerk-05-ended")
        finally:
            resident.close()
            console.shutdown()
            console.close()
            console.deleteLater()
            loop.stop()
            cameras.close()
            platform.stop()
            restrict_host_addresses(None)
            switch.uninstall()
    return written
