"""A clerk console against a real platform, with a real kiosk call as the resident.

Media stays on 127.0.0.1; video is small and slow so two peers, the
recorder and the rest of the suite share two cores comfortably.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from drivers.device import DeviceKind
from drivers.simulated.pattern_camera import PatternCamera
from kiosk.remote_window.audio import CountingAudioSink, ToneAudioSource
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.video_settings import VideoSettings
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from ui.clerk.console_window import ClerkConsoleWindow

TEST_VIDEO = VideoSettings(
    width=320, height=240, fps=10, document_width=640, document_height=360, document_fps=5
)
RESIDENT_KIOSK = "SH-CLERK-TEST-01"
WAIT_MS = 20_000


@pytest.fixture
def clerk_platform(tmp_path):
    settings = PlatformSettings(
        data_dir=tmp_path / "platform",
        demo_clerks=True,
        help_reconnect_grace_s=30.0,
        help_ping_interval_s=5.0,
    )
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture
def media_loop():
    restrict_host_addresses(["127.0.0.1"])
    loop = MediaLoop()
    loop.start()
    yield loop
    loop.stop()
    restrict_host_addresses(None)


def opened(camera: PatternCamera) -> PatternCamera:
    camera.open()
    return camera


class Resident:
    """The kiosk side of a call, driven by the test; its events are kept in order."""

    def __init__(self, loop: MediaLoop, platform_url: str, kiosk_id: str = RESIDENT_KIOSK):
        self._lock = threading.Lock()
        self._events: list[object] = []
        self.kiosk_id = kiosk_id
        self.speaker = CountingAudioSink()  # hears the clerk's console
        self.call = KioskCall(
            loop,
            platform_url,
            kiosk_id,
            self._record,
            camera=opened(PatternCamera("resident-camera", width=320, height=240, fps=10)),
            document_camera=opened(
                PatternCamera("resident-document-camera", DeviceKind.DOCUMENT_CAMERA, 640, 360, 5)
            ),
            microphone=ToneAudioSource(),
            speaker=self.speaker,
            video=TEST_VIDEO,
        )

    def _record(self, event: object) -> None:
        with self._lock:
            self._events.append(event)

    def events(self, kind: type | None = None) -> list:
        with self._lock:
            return [e for e in self._events if kind is None or isinstance(e, kind)]

    def ask_for_help(self, elderly: bool = False, skill: str = "personal") -> None:
        self.call.request_help(
            HelpContext("LN-ZHJT-SQ", "老年综合津贴申请", "form", skill, "zh", elderly)
        )


@pytest.fixture
def make_resident(media_loop, clerk_platform):
    made: list[Resident] = []

    def make(kiosk_id: str = RESIDENT_KIOSK) -> Resident:
        resident = Resident(media_loop, clerk_platform.url, kiosk_id)
        made.append(resident)
        return resident

    yield make
    for resident in made:
        resident.call.close()


@pytest.fixture
def make_console(qtbot, clerk_platform, media_loop, tmp_path):
    made: list[ClerkConsoleWindow] = []

    def make(platform_url: str | None = None, name: str = "clerk") -> ClerkConsoleWindow:
        window = ClerkConsoleWindow(
            platform_url or clerk_platform.url,
            tmp_path / name,
            loop=media_loop,
            camera=opened(PatternCamera(f"{name}-camera", width=320, height=240, fps=10)),
            video=TEST_VIDEO,
            audio_devices=("simulated", "simulated"),
        )
        window.resize(1400, 900)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()
        window.deleteLater()


def sign_in(qtbot, console: ClerkConsoleWindow, username: str, password: str) -> None:
    console.sign_in.username.setText(username)
    console.sign_in.password.setText(password)
    qtbot.mouseClick(console.sign_in.sign_in_button, Qt.MouseButton.LeftButton)


def signed_in_console(qtbot, make_console, username="clerk01", password="window-demo-01"):
    console = make_console(name=username)
    sign_in(qtbot, console, username, password)
    qtbot.waitUntil(lambda: console.pages.currentWidget() is console.work_page, timeout=WAIT_MS)
    qtbot.waitUntil(console.queue.availability_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(console.queue.availability_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.queue.available, timeout=WAIT_MS)
    return console


def answer_call(qtbot, console: ClerkConsoleWindow, resident: Resident, elderly=False) -> None:
    resident.ask_for_help(elderly=elderly)
    qtbot.waitUntil(lambda: console.queue.ringing is not None, timeout=WAIT_MS)
    qtbot.mouseClick(console.queue.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: console.work_stack.currentWidget() is console.call_view, timeout=WAIT_MS
    )


def submitted_application(platform: EmbeddedPlatform, kiosk_id: str, ref: str) -> str:
    """An application the resident at `kiosk_id` has submitted, as the platform stores it."""
    now = datetime.now(UTC).isoformat()
    with platform.state.db.write() as conn:
        conn.execute(
            "INSERT INTO applications (application_no, submission_ref, check_code, item_code,"
            " item_name_json, kiosk_id, applicant_id_number, applicant_name, form_json,"
            " prefill_ratio, submitted_at, received_at, status, idempotency_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"SH-{ref}", ref, "0000", "LN-ZHJT-SQ", '{"zh": "老年综合津贴申请", "en": "x"}',
             kiosk_id, "310101195001010018", "王秀英", "{}", 1.0, now, now, "received",
             f"idem-{ref}"),
        )  # fmt: skip
    return ref
