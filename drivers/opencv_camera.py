"""A real camera (or a video file) read through OpenCV's VideoCapture.

One worker thread owns the `cv2.VideoCapture` from `open()` to `close()`:
it opens the source, reads frames, notices when the source goes away and
reopens it. No other thread touches the capture object, so a read stuck in
a backend never blocks the caller: `open`, `start`, `stop`, `grab` and
`close` all wait with a timeout.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import cv2
import numpy as np

from drivers.camera import Camera, FrameCallback, FrameRateMeter
from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceKind,
    DeviceTimeout,
    DeviceUnavailable,
)

log = logging.getLogger(__name__)

# A USB camera that stops delivering for a second is unplugged or wedged;
# a healthy one at even 5 fps delivers five frames in that time.
LOST_AFTER_S = 1.0
# Poll for the camera coming back at the same pace AusweisApp polls readers.
REOPEN_INTERVAL_S = 1.0
# Opening a V4L2 device takes well under a second; network and some
# GStreamer sources take longer, so allow more before giving up.
OPEN_TIMEOUT_S = 5.0
# Joining the worker: a read blocked in a backend must not hang close().
JOIN_TIMEOUT_S = 2.0
# Video files have no clock of their own; play them at this rate if neither
# the caller nor the file says otherwise.
DEFAULT_FILE_FPS = 30.0


class OpenCvCamera(Camera):
    """Camera over `cv2.VideoCapture`.

    `source` is a device index (0, or "0" from a config file), a device path
    ("/dev/video0") or a video file; `loop=True` replays a file forever (demo
    builds, tests). `width`, `height` and `fps` are requests: the device may
    give something else, and `resolution` reports what it actually gives.
    """

    def __init__(
        self,
        source: int | str,
        device_id: str = "camera",
        kind: DeviceKind | str = DeviceKind.CAMERA,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        loop: bool = False,
        fourcc: str | None = None,
        api_preference: int = cv2.CAP_ANY,
    ) -> None:
        super().__init__(device_id, DeviceKind(kind))
        if isinstance(source, str) and source.strip().isdigit():
            source = int(source)
        if fps is not None and fps <= 0:
            raise ValueError("fps must be positive")
        if fourcc is not None and len(fourcc) != 4:
            raise ValueError("fourcc must be four characters, e.g. 'MJPG'")
        self._source = source
        self._requested_size = (width, height)
        self._requested_fps = fps
        self._loop = loop
        self._fourcc = fourcc
        self._api_preference = api_preference
        self._is_file = isinstance(source, str) and os.path.isfile(source)

        self._meter = FrameRateMeter()
        self._condition = threading.Condition()
        # Guarded by _condition:
        self._available = False  # the capture is open and delivering
        self._open_result: bool | None = None  # first open attempt, for open()
        self._latest: np.ndarray | None = None
        self._frame_number = 0
        self._size: tuple[int, int] | None = None
        self._on_frame: FrameCallback | None = None
        self._in_callback = False

        self._thread: threading.Thread | None = None
        self._stop_requested = threading.Event()

    # -- Device ------------------------------------------------------------

    @property
    def source(self) -> int | str:
        return self._source

    def open(self) -> None:
        if self._thread is not None:
            return
        self._stop_requested.clear()
        with self._condition:
            self._open_result = None
        thread = threading.Thread(target=self._run, name=f"{self.device_id}-capture", daemon=True)
        self._thread = thread
        thread.start()
        with self._condition:
            decided = self._condition.wait_for(
                lambda: self._open_result is not None, OPEN_TIMEOUT_S
            )
            opened = bool(self._open_result)
        if not opened:
            self.close()
            detail = "cannot open source" if decided else "opening timed out"
            raise DeviceUnavailable(self.device_id, f"{detail}: {self._source!r}")

    def close(self) -> None:
        self.stop()
        thread = self._thread
        if thread is None:
            return
        self._stop_requested.set()
        with self._condition:
            self._condition.notify_all()
        if thread is not threading.current_thread():
            thread.join(JOIN_TIMEOUT_S)
            if thread.is_alive():
                log.warning("%s: capture thread still blocked in the backend", self.device_id)
        self._thread = None
        with self._condition:
            self._available = False
            self._latest = None
            self._condition.notify_all()

    def health(self) -> DeviceHealth:
        with self._condition:
            if self._thread is None or not self._available:
                return DeviceHealth.UNAVAILABLE
            return DeviceHealth.BUSY if self._on_frame is not None else DeviceHealth.READY

    # -- Camera ------------------------------------------------------------

    @property
    def resolution(self) -> tuple[int, int]:
        """What the device delivers once opened; the request (or (0, 0)) before."""
        with self._condition:
            if self._size is not None:
                return self._size
        width, height = self._requested_size
        return (width or 0, height or 0)

    @property
    def fps(self) -> float:
        return self._meter.rate() if self.is_streaming else 0.0

    @property
    def is_streaming(self) -> bool:
        with self._condition:
            return self._on_frame is not None

    def start(self, on_frame: FrameCallback) -> None:
        self._require_usable()
        with self._condition:
            if self._on_frame is None:
                self._meter.reset()
            self._on_frame = on_frame

    def stop(self) -> None:
        with self._condition:
            self._on_frame = None
            if threading.current_thread() is self._thread:
                return  # called from the callback itself
            # The interface promises no callback runs after stop() returns.
            if not self._condition.wait_for(lambda: not self._in_callback, JOIN_TIMEOUT_S):
                log.warning("%s: frame callback still running after stop()", self.device_id)

    def grab(self, timeout_s: float) -> np.ndarray:
        self._require_usable()
        with self._condition:
            seen = self._frame_number
            arrived = self._condition.wait_for(
                lambda: self._frame_number != seen or not self._available or self._thread is None,
                timeout_s,
            )
            if not self._available or self._thread is None:
                raise DeviceUnavailable(self.device_id, "camera lost")
            if not arrived or self._latest is None:
                raise DeviceTimeout(self.device_id, "no frame")
            return self._latest

    def _require_usable(self) -> None:
        if self._thread is None:
            raise DeviceUnavailable(self.device_id, "not open")
        with self._condition:
            if not self._available:
                raise DeviceUnavailable(self.device_id, "camera lost")

    # -- capture thread -------------------------------------------------------

    def _run(self) -> None:
        capture = self._open_capture()
        with self._condition:
            self._open_result = capture is not None
            self._available = capture is not None
            self._condition.notify_all()
        if capture is None:
            return  # open() reports the failure; no retry for a device never seen
        try:
            while not self._stop_requested.is_set():
                if capture is None:
                    self._stop_requested.wait(REOPEN_INTERVAL_S)
                    if self._stop_requested.is_set():
                        break
                    capture = self._open_capture()
                    if capture is not None:
                        self._set_available(True)
                    continue
                stopped = self._stream(capture)  # releases the capture
                capture = None
                if not stopped:
                    self._set_available(False)
        finally:
            if capture is not None:
                capture.release()

    def _stream(self, capture: cv2.VideoCapture) -> bool:
        """Read until stopped (True) or the source is lost (False); releases `capture`."""
        try:
            return self._read_frames(capture)
        finally:
            capture.release()

    def _read_frames(self, capture: cv2.VideoCapture) -> bool:
        interval_s = 1.0 / self._file_fps(capture) if self._is_file else 0.0
        next_due = time.monotonic()
        last_frame_at = time.monotonic()
        just_rewound = False  # a file that gives nothing even from the start is gone
        while not self._stop_requested.is_set():
            ok, frame = capture.read() if capture.isOpened() else (False, None)
            if not ok or frame is None:
                if self._is_file and self._loop and not just_rewound:
                    # Seek rather than reopen: the capture stays owned by one frame of code.
                    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                    just_rewound = True
                    continue
                if self._is_file or time.monotonic() - last_frame_at > LOST_AFTER_S:
                    # A file that ended is a source that closed.
                    return False
                self._stop_requested.wait(0.02)
                continue
            last_frame_at = time.monotonic()
            just_rewound = False
            self._hand_off(frame)
            if interval_s:
                next_due += interval_s
                delay = next_due - time.monotonic()
                if delay < 0:
                    next_due, delay = time.monotonic(), 0.0
                self._stop_requested.wait(delay)
        return True

    def _hand_off(self, frame: np.ndarray) -> None:
        with self._condition:
            self._latest = frame
            self._frame_number += 1
            # The frame is the truth; some backends report a size they do not deliver.
            self._size = (frame.shape[1], frame.shape[0])
            callback = self._on_frame
            self._in_callback = callback is not None
            self._condition.notify_all()
        if callback is None:
            return
        self._meter.tick()
        try:
            callback(frame)
        except Exception:
            log.exception("frame callback failed on %s", self.device_id)
        finally:
            with self._condition:
                self._in_callback = False
                self._condition.notify_all()

    def _open_capture(self) -> cv2.VideoCapture | None:
        if self._is_file and not os.path.isfile(str(self._source)):
            return None  # avoids an FFmpeg warning per retry while a file is missing
        try:
            capture = cv2.VideoCapture(self._source, self._api_preference)
        except cv2.error:
            log.debug("%s: VideoCapture(%r) failed", self.device_id, self._source, exc_info=True)
            return None
        if not capture.isOpened():
            capture.release()
            return None
        if not self._is_file:
            self._negotiate(capture)
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        if width > 0 and height > 0:
            with self._condition:
                self._size = (width, height)
        return capture

    def _negotiate(self, capture: cv2.VideoCapture) -> None:
        """Ask for the configured format; the device picks the nearest it supports."""
        if self._fourcc:
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self._fourcc))
        width, height = self._requested_size
        if width:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        if height:
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        if self._requested_fps:
            capture.set(cv2.CAP_PROP_FPS, self._requested_fps)
        # A short driver queue keeps grab() close to "now" (ignored where unsupported).
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        got = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
               int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))  # fmt: skip
        if (width and got[0] != width) or (height and got[1] != height):
            log.info("%s: asked for %sx%s, device gives %dx%d",
                     self.device_id, width, height, *got)  # fmt: skip

    def _file_fps(self, capture: cv2.VideoCapture) -> float:
        if self._requested_fps:
            return self._requested_fps
        file_fps = capture.get(cv2.CAP_PROP_FPS)
        return file_fps if 0 < file_fps <= 240 else DEFAULT_FILE_FPS

    def _set_available(self, available: bool) -> None:
        with self._condition:
            if self._available == available:
                return
            self._available = available
            if not available:
                self._latest = None
            self._condition.notify_all()
        if not available:
            self._meter.reset()
        self._emit(DeviceEventKind.FOUND if available else DeviceEventKind.LOST, str(self._source))


__all__ = ["OpenCvCamera"]
