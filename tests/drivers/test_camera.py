import threading
import time

import cv2
import numpy as np
import pytest

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceKind,
    DeviceTimeout,
    DeviceUnavailable,
)
from drivers.simulated.camera import SimulatedCamera, SimulatedDocumentKind


@pytest.fixture
def camera():
    device = SimulatedCamera(fps=20.0)
    device.open()
    yield device
    device.close()


class FrameSink:
    def __init__(self) -> None:
        self.frames: list[np.ndarray] = []
        self.threads: set[threading.Thread] = set()
        self.first = threading.Event()

    def __call__(self, frame: np.ndarray) -> None:
        self.frames.append(frame)
        self.threads.add(threading.current_thread())
        self.first.set()


def test_frames_arrive_at_roughly_the_set_rate(camera):
    sink = FrameSink()
    camera.start(sink)
    time.sleep(0.6)
    measured_fps = camera.fps
    camera.stop()
    # 20 fps for 0.6 s is 12 frames; allow a loaded CI machine plenty of slack.
    assert 5 <= len(sink.frames) <= 16
    assert 8.0 <= measured_fps <= 30.0
    assert threading.current_thread() not in sink.threads
    frame = sink.frames[0]
    assert frame.shape == (720, 1280, 3) and frame.dtype == np.uint8
    assert camera.resolution == (1280, 720)


def test_stop_ends_delivery(camera):
    sink = FrameSink()
    camera.start(sink)
    assert sink.first.wait(1.0)
    camera.stop()
    count = len(sink.frames)
    time.sleep(0.15)
    assert len(sink.frames) == count
    assert not camera.is_streaming
    assert camera.fps == 0.0


def test_grab_while_idle_and_while_streaming(camera):
    idle_frame = camera.grab(1.0)
    assert idle_frame.shape == (720, 1280, 3)
    camera.start(lambda frame: None)
    first = camera.grab(1.0)
    second = camera.grab(1.0)
    assert first is not second
    assert not np.array_equal(first, second)  # frames move like real video
    assert camera.health() is DeviceHealth.BUSY


def test_grab_times_out_when_no_frame_comes():
    camera = SimulatedCamera(fps=0.5)
    camera.open()
    sink = FrameSink()
    camera.start(sink)
    assert sink.first.wait(1.0)
    with pytest.raises(DeviceTimeout):
        camera.grab(0.1)
    camera.close()


def test_qr_overlay_decodes(camera):
    text = "https://zwdt.sh.gov.cn/appt/ABC-123456"
    camera.show_qr(text)
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(camera.grab(1.0))
    assert decoded == text
    camera.show_qr(None)
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(camera.grab(1.0))
    assert decoded == ""


@pytest.mark.parametrize("kind", list(SimulatedDocumentKind))
def test_document_is_a_bright_page_on_a_dark_desk(kind):
    camera = SimulatedCamera(kind=DeviceKind.DOCUMENT_CAMERA)
    camera.open()
    assert camera.kind is DeviceKind.DOCUMENT_CAMERA
    camera.show_document(kind)
    frame = cv2.cvtColor(camera.grab(1.0), cv2.COLOR_BGR2GRAY)
    corners = camera.document_corners
    assert corners is not None and corners.shape == (4, 2)
    page = np.zeros(frame.shape, np.uint8)
    cv2.fillConvexPoly(page, corners.astype(np.int32), 255)
    inside, outside = frame[page > 0], frame[page == 0]
    assert inside.mean() > 180
    assert outside.mean() < 110
    assert (inside < 100).mean() > 0.02  # there is ink: text lines on the page
    # Perspective: the far (top) edge is shorter than the near (bottom) one.
    top = np.linalg.norm(corners[1] - corners[0])
    bottom = np.linalg.norm(corners[2] - corners[3])
    assert top < bottom
    camera.show_document(None)
    assert camera.document_corners is None
    assert cv2.cvtColor(camera.grab(1.0), cv2.COLOR_BGR2GRAY).mean() < 110


def test_unplug_stops_frames_and_reports_lost_found(camera, record_events):
    recorder = record_events(camera)
    sink = FrameSink()
    camera.start(sink)
    assert sink.first.wait(1.0)
    camera.unplug()
    assert camera.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        camera.grab(0.2)
    count = len(sink.frames)
    time.sleep(0.15)
    assert len(sink.frames) <= count + 1  # at most one frame already in flight
    camera.replug()
    assert camera.grab(1.0).shape == (720, 1280, 3)
    assert camera.wait_events_delivered()
    assert recorder.kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_failing_frame_callback_does_not_stop_streaming(camera):
    calls = []

    def broken(frame):
        calls.append(1)
        raise RuntimeError("consumer bug")

    camera.start(broken)
    time.sleep(0.25)
    assert len(calls) >= 2


def test_closed_camera_refuses():
    camera = SimulatedCamera()
    with pytest.raises(DeviceUnavailable):
        camera.start(lambda frame: None)
    with pytest.raises(DeviceUnavailable):
        camera.grab(0.1)


def test_camera_kind_must_be_a_camera():
    with pytest.raises(ValueError):
        SimulatedCamera(kind=DeviceKind.SPEECH)


def test_listeners_share_one_stream_and_neither_stops_the_other(camera):
    call, scan = FrameSink(), FrameSink()
    stop_call = camera.add_listener(call)
    stop_scan = camera.add_listener(scan)
    assert call.first.wait(5) and scan.first.wait(5)
    stop_scan()  # the scan ends; the call goes on
    assert camera.is_streaming
    seen = len(call.frames)
    deadline = time.monotonic() + 5
    while len(call.frames) <= seen + 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(call.frames) > seen + 2
    frozen = len(scan.frames)
    time.sleep(0.2)
    assert len(scan.frames) == frozen
    stop_call()
    assert not camera.is_streaming
    stop_call()  # removing twice is harmless


def test_a_listener_that_raises_does_not_starve_the_others(camera):
    def broken(frame):
        raise RuntimeError("listener bug")

    sink = FrameSink()
    stop_broken = camera.add_listener(broken)
    stop_sink = camera.add_listener(sink)
    assert sink.first.wait(5)
    stop_sink()
    stop_broken()


def test_a_listener_on_a_missing_camera_is_refused_and_not_kept(camera):
    camera.unplug()
    with pytest.raises(DeviceUnavailable):
        camera.add_listener(FrameSink())
    camera.replug()
    sink = FrameSink()
    stop = camera.add_listener(sink)
    assert sink.first.wait(5)
    stop()
    assert not camera.is_streaming


def test_a_reopened_camera_streams_again_for_a_new_listener(camera):
    first = FrameSink()
    camera.add_listener(first)
    assert first.first.wait(5)
    camera.close()  # the device manager reopens a camera that was lost
    camera.open()
    second = FrameSink()
    stop = camera.add_listener(second)
    assert second.first.wait(5)
    assert len({id(t) for t in first.threads | second.threads}) >= 1
    stop()
