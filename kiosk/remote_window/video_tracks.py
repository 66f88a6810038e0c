"""Camera frames as aiortc video tracks.

A camera's capture thread drops each frame into a one-slot mailbox (the
newest frame wins, nothing queues up); the track takes the newest frame at
its own rate, scales it to the call's size and converts it to I420 once.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import threading
import time
from collections.abc import Callable

import cv2
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import VideoFrame

from drivers.camera import Camera
from drivers.device import DeviceError
from kiosk.remote_window.frames import VideoSink

log = logging.getLogger(__name__)

VIDEO_CLOCK_RATE = 90000
VIDEO_TIME_BASE = fractions.Fraction(1, VIDEO_CLOCK_RATE)


class CameraFeed:
    """One camera's newest frame, shared by the tracks of successive peer connections."""

    def __init__(self, camera: Camera | None, width: int, height: int) -> None:
        self.camera = camera
        self.size = (width, height)
        self._lock = threading.Lock()
        self._mailbox: np.ndarray | None = None
        self._serial = 0
        self._stop_listening: Callable[[], None] | None = None
        self.failed = False

    def _on_frame(self, frame: np.ndarray) -> None:
        with self._lock:
            self._mailbox = frame
            self._serial += 1

    def start(self) -> bool:
        """Start listening to the camera (on the calling thread); False when there is none
        or it failed. A listener, not start(): a code scan or a face check may be
        reading the same camera while the call streams it."""
        if self.camera is None:
            return False
        if self._stop_listening is not None:
            return True
        try:
            self._stop_listening = self.camera.add_listener(self._on_frame)
        except DeviceError as exc:
            log.warning("camera %s did not start: %s", self.camera.device_id, type(exc).__name__)
            self.failed = True
            return False
        self.failed = False
        return True

    def stop(self) -> None:
        stop_listening, self._stop_listening = self._stop_listening, None
        if stop_listening is not None:
            try:
                stop_listening()
            except DeviceError:
                pass
        with self._lock:
            self._mailbox = None

    @property
    def is_running(self) -> bool:
        return self._stop_listening is not None

    def take(self) -> tuple[int, np.ndarray | None]:
        """(serial of the newest frame, that frame) without waiting."""
        with self._lock:
            return self._serial, self._mailbox


def bgr_to_i420_frame(bgr: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, VideoFrame]:
    """Scale `bgr` to `size` (width, height) and wrap it as a yuv420p VideoFrame."""
    width, height = size
    if bgr.shape[1] != width or bgr.shape[0] != height:
        bgr = cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA)
    yuv = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
    return bgr, VideoFrame.from_ndarray(yuv, format="yuv420p")


class CameraTrack(MediaStreamTrack):
    """Sends the feed's newest frame `fps` times a second (repeating it if the camera is slower).

    Until `enabled` is set, `recv` waits and the track sends nothing (the
    document camera, silent until switched on).
    """

    kind = "video"

    def __init__(
        self,
        feed: CameraFeed,
        fps: int,
        self_view: VideoSink | None = None,
        enabled: asyncio.Event | None = None,
    ) -> None:
        super().__init__()
        self._feed = feed
        self._interval_s = 1.0 / fps
        self._ticks_per_frame = VIDEO_CLOCK_RATE // fps
        self._self_view = self_view
        self._enabled = enabled
        self._start: float | None = None
        self._pts = 0
        self._sent_serial = -1
        self._frame: VideoFrame | None = None

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._enabled is not None and not self._enabled.is_set():
            await self._enabled.wait()
            # Restart the clock: frames resume now, not in a burst for the gap.
            self._start = None
        frame = None
        while frame is None:
            await self._wait_due()
            serial, bgr = self._feed.take()
            if bgr is None:
                if self._enabled is not None and not self._enabled.is_set():
                    await self._enabled.wait()
                    self._start = None
                continue
            if serial != self._sent_serial or self._frame is None:
                shown, self._frame = bgr_to_i420_frame(bgr, self._feed.size)
                self._sent_serial = serial
                if self._self_view is not None:
                    self._self_view.push(shown)
            frame = self._frame
        # The encoder reads the frame only; repeating the same object is safe.
        frame.pts = self._pts
        frame.time_base = VIDEO_TIME_BASE
        return frame

    async def _wait_due(self) -> None:
        now = time.monotonic()
        if self._start is None:
            self._start = now
            self._pts = 0 if self._pts == 0 else self._pts + self._ticks_per_frame
            self._due = now
        else:
            self._due += self._interval_s
            self._pts += self._ticks_per_frame
            if self._due < now - self._interval_s:
                # Behind (a slow encode): skip ahead instead of bursting.
                missed = int((now - self._due) / self._interval_s)
                self._due += missed * self._interval_s
                self._pts += missed * self._ticks_per_frame
        delay = self._due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


async def drain_video(track: MediaStreamTrack, sink: VideoSink, on_first=None) -> None:
    """Push every frame of a remote track into `sink` until the track ends."""
    first = True
    while True:
        try:
            frame = await track.recv()
        except MediaStreamError:
            return
        sink.push(frame)
        if first and on_first is not None:
            first = False
            on_first()
