"""OpenCvCamera against a real video file written with cv2.VideoWriter."""

import threading
import time

import cv2
import numpy as np
import pytest

from drivers.device import DeviceEventKind, DeviceHealth, DeviceKind, DeviceUnavailable
from drivers.opencv_camera import OpenCvCamera

WIDTH, HEIGHT, FRAMES = 320, 240, 60
# Play the file fast so a whole pass takes about half a second.
PLAY_FPS = 120.0


def write_counter_video(path, frames=FRAMES):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for index in range(frames):
        frame = np.full((HEIGHT, WIDTH, 3), 40, np.uint8)
        # The frame number as a flat grey patch survives JPEG; the text is for humans.
        frame[20:80, 20:80] = index * 4
        cv2.putText(frame, f"{index:03d}", (120, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.5,
                    (255, 255, 255), 2)  # fmt: skip
        writer.write(frame)
    writer.release()
    return path


def frame_index(frame):
    return int(round(float(frame[35:65, 35:65].mean()) / 4))


@pytest.fixture
def video(tmp_path):
    return write_counter_video(tmp_path / "counter.avi")


class FrameSink:
    def __init__(self, stop_after=None):
        self.indices = []
        self.threads = set()
        self.shapes = set()
        self.enough = threading.Event()
        self._stop_after = stop_after

    def __call__(self, frame):
        self.indices.append(frame_index(frame))
        self.shapes.add(frame.shape)
        self.threads.add(threading.current_thread())
        if self._stop_after is not None and len(self.indices) >= self._stop_after:
            self.enough.set()


def test_frames_arrive_in_order_with_the_files_resolution(video):
    camera = OpenCvCamera(str(video), "doc-cam", DeviceKind.DOCUMENT_CAMERA, fps=PLAY_FPS)
    camera.open()
    try:
        assert camera.resolution == (WIDTH, HEIGHT)
        assert camera.health() is DeviceHealth.READY
        sink = FrameSink(stop_after=30)
        camera.start(sink)
        assert camera.is_streaming and camera.health() is DeviceHealth.BUSY
        assert sink.enough.wait(10.0)
        measured = camera.fps
        camera.stop()
        assert camera.fps == 0.0
    finally:
        camera.close()
    indices = sink.indices
    assert len(indices) >= 30
    # The capture thread reads from open(); start() joins wherever it is.
    # From there frames come in file order, none skipped.
    first = indices[0]
    assert indices[:30] == list(range(first, first + 30))
    assert sink.shapes == {(HEIGHT, WIDTH, 3)}
    assert threading.current_thread() not in sink.threads
    # Loose: paced at 120 fps, a loaded machine may manage much less.
    assert 10.0 < measured < 200.0
    assert camera.health() is DeviceHealth.UNAVAILABLE


def test_stop_ends_delivery(video):
    camera = OpenCvCamera(str(video), fps=PLAY_FPS, loop=True)
    camera.open()
    try:
        sink = FrameSink(stop_after=3)
        camera.start(sink)
        assert sink.enough.wait(5.0)
        camera.stop()
        count = len(sink.indices)
        time.sleep(0.1)
        assert len(sink.indices) == count
    finally:
        camera.close()


def test_grab_returns_the_newest_frame_streaming_or_not(video):
    camera = OpenCvCamera(str(video), fps=PLAY_FPS, loop=True)
    camera.open()
    try:
        first = camera.grab(2.0)
        second = camera.grab(2.0)
        assert first.shape == (HEIGHT, WIDTH, 3)
        assert frame_index(second) != frame_index(first)
        camera.start(lambda frame: None)
        assert camera.grab(2.0).shape == (HEIGHT, WIDTH, 3)
    finally:
        camera.close()
    with pytest.raises(DeviceUnavailable):
        camera.grab(0.5)


def test_looping_plays_past_the_end(video, record_events):
    camera = OpenCvCamera(str(video), fps=PLAY_FPS, loop=True)
    recorder = record_events(camera)
    camera.open()
    try:
        sink = FrameSink(stop_after=FRAMES + 20)
        camera.start(sink)
        assert sink.enough.wait(10.0)
        camera.wait_events_delivered()
        # Rewound in place: the end of the file is not a lost source.
        assert recorder.kinds == []
    finally:
        camera.close()
    indices = sink.indices
    # Delivery joins the file wherever the capture thread was at start();
    # from there it runs to the last frame and on from the first, none skipped.
    first = indices[0]
    expected = [(first + step) % FRAMES for step in range(FRAMES + 20)]
    assert indices[: FRAMES + 20] == expected
    assert camera.health() is DeviceHealth.UNAVAILABLE


def test_missing_file_is_unavailable(tmp_path):
    camera = OpenCvCamera(str(tmp_path / "nothing.avi"), "cam")
    with pytest.raises(DeviceUnavailable):
        camera.open()
    assert camera.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        camera.grab(0.2)
    with pytest.raises(DeviceUnavailable):
        camera.start(lambda frame: None)


def test_missing_device_index_is_unavailable():
    # Index 99 does not exist on any test machine; must fail, not hang.
    camera = OpenCvCamera(99, "cam")
    started = time.monotonic()
    with pytest.raises(DeviceUnavailable):
        camera.open()
    assert time.monotonic() - started < 10.0


def test_source_that_closes_is_lost_then_found_again(tmp_path, record_events):
    path = write_counter_video(tmp_path / "short.avi", frames=10)
    camera = OpenCvCamera(str(path), "cam", fps=PLAY_FPS)
    recorder = record_events(camera)
    camera.open()
    try:
        path.unlink()  # the reader keeps the open file; the retry finds nothing
        recorder.wait_for(DeviceEventKind.LOST, 5.0)
        assert camera.health() is DeviceHealth.UNAVAILABLE
        with pytest.raises(DeviceUnavailable):
            camera.grab(0.5)
        write_counter_video(path, frames=10)
        recorder.wait_for(DeviceEventKind.FOUND, 5.0)
        assert camera.health() is DeviceHealth.READY
        assert camera.grab(2.0).shape == (HEIGHT, WIDTH, 3)
    finally:
        camera.close()
    assert recorder.kinds[:2] == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_device_index_from_config_text_and_kind_check():
    assert OpenCvCamera("0").source == 0
    assert OpenCvCamera("/dev/video2").source == "/dev/video2"
    with pytest.raises(ValueError):
        OpenCvCamera(0, kind=DeviceKind.CODE_SCANNER)
    with pytest.raises(ValueError):
        OpenCvCamera(0, fps=0)
