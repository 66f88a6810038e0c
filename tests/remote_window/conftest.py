"""Two peers of a remote-window call, signaling through the real reference platform."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from drivers.device import DeviceKind
from drivers.simulated.pattern_camera import PatternCamera, read_pattern
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.media_loop import MediaLoop
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings

KIOSK_ID = "SH-TEST-RW01"
# Each camera counts in its own range, so a frame shows which camera sent it.
KIOSK_FIRST, CLERK_FIRST, DOCUMENT_FIRST = 1_000_000, 5_000_000, 9_000_000


class EventLog:
    """Events as a call delivers them (on the media loop), waited for from the test."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self._condition = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._condition:
            self.events.append(event)
            self._condition.notify_all()

    def of(self, kind: type) -> list:
        with self._condition:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, kind: type, where: Callable[[object], bool] = lambda e: True,
                 timeout_s: float = 15.0, after: int = 0):  # fmt: skip
        """The first event of `kind` (matching `where`) at index >= `after`."""
        deadline = time.monotonic() + timeout_s
        with self._condition:
            while True:
                for event in self.events[after:]:
                    if isinstance(event, kind) and where(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    names = [type(e).__name__ for e in self.events]
                    raise AssertionError(f"no {kind.__name__} within {timeout_s} s; got {names}")
                self._condition.wait(remaining)

    def mark(self) -> int:
        with self._condition:
            return len(self.events)


def wait_until(predicate: Callable[[], bool], timeout_s: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.05)


def pattern_counter(sink) -> int | None:
    """The frame counter the sink's latest frame shows, or None."""
    _count, frame = sink.latest()
    if frame is None:
        return None
    read = read_pattern(frame)
    return read[0] if read else None


@pytest.fixture(autouse=True)
def loopback_media() -> Iterator[None]:
    restrict_host_addresses(["127.0.0.1"])
    yield
    restrict_host_addresses(None)


@pytest.fixture
def rw_platform(tmp_path) -> Iterator[EmbeddedPlatform]:
    settings = PlatformSettings(
        data_dir=tmp_path / "platform",
        demo_clerks=True,
        demo_faces=False,
        demo_codes=False,
        help_reconnect_grace_s=4.0,
        help_answer_deadline_s=30.0,
        help_ping_interval_s=15.0,
    )
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture
def media_loop() -> Iterator[MediaLoop]:
    loop = MediaLoop()
    loop.start()
    yield loop
    loop.stop()


@pytest.fixture
def cameras() -> Iterator[dict[str, PatternCamera]]:
    made = {
        "kiosk": PatternCamera("kiosk-camera", DeviceKind.CAMERA, 640, 480, 25, KIOSK_FIRST),
        "document": PatternCamera(
            "document-camera", DeviceKind.DOCUMENT_CAMERA, 1280, 720, 10, DOCUMENT_FIRST
        ),
        "clerk": PatternCamera("clerk-camera", DeviceKind.CAMERA, 640, 480, 25, CLERK_FIRST),
    }
    for camera in made.values():
        camera.open()
    yield made
    for camera in made.values():
        camera.close()
