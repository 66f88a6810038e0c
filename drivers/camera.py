"""Interface of a camera (face camera or document camera)."""

from __future__ import annotations

import abc
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # frames are numpy arrays; importing numpy here would slow start-up
    import numpy as np

from drivers.device import Device, DeviceKind

# BGR uint8 array of shape (height, width, 3), as OpenCV delivers it.
FrameCallback = Callable[["np.ndarray"], None]

CAMERA_KINDS = (DeviceKind.CAMERA, DeviceKind.DOCUMENT_CAMERA)

log = logging.getLogger(__name__)


class Camera(Device):
    """Delivers BGR frames.

    `start` calls `on_frame` on the camera's capture thread for every frame;
    the callback must return quickly (copy or hand off the frame), or frames
    are dropped. Events: LOST / FOUND when the camera is unplugged or back.

    Users of the kiosk's cameras call `add_listener` instead of `start`: a
    video call streams the camera to a clerk while a code scan or a face
    check reads the same frames, and neither may stop the other.
    """

    def __init__(self, device_id: str, kind: DeviceKind = DeviceKind.CAMERA) -> None:
        if kind not in CAMERA_KINDS:
            raise ValueError(f"camera kind must be one of {[k.value for k in CAMERA_KINDS]}")
        super().__init__(device_id, kind)
        # Read without a lock on the capture thread: replaced, never mutated.
        self._frame_listeners: tuple[tuple[int, FrameCallback], ...] = ()
        self._frame_listeners_lock = threading.Lock()
        self._next_frame_listener = 0

    def add_listener(self, on_frame: FrameCallback) -> Callable[[], None]:
        """Receive every frame alongside the other listeners; returns what removes this one.

        The camera streams while it has listeners (started by the first,
        stopped after the last). Raises what `start` raises (DeviceUnavailable)
        and then adds nothing. A camera that was reopened meanwhile (unplugged
        and back) is started again.
        """
        with self._frame_listeners_lock:
            token = self._next_frame_listener
            self._next_frame_listener += 1
            self._frame_listeners = (*self._frame_listeners, (token, on_frame))
            try:
                if not self.is_streaming:
                    self.start(self._deliver_frame)
            except BaseException:
                self._frame_listeners = tuple(entry for entry in self._frame_listeners if entry[0] != token)
                raise

        def remove() -> None:
            with self._frame_listeners_lock:
                remaining = tuple(entry for entry in self._frame_listeners if entry[0] != token)
                if len(remaining) == len(self._frame_listeners):
                    return
                self._frame_listeners = remaining
                if not remaining:
                    self.stop()

        return remove

    def _deliver_frame(self, frame: np.ndarray) -> None:
        for _, on_frame in self._frame_listeners:
            try:
                on_frame(frame)
            except Exception:  # one listener's bug must not starve the others
                log.exception("frame listener failed on %s", self.device_id)

    @property
    @abc.abstractmethod
    def resolution(self) -> tuple[int, int]:
        """(width, height) in pixels."""

    @property
    @abc.abstractmethod
    def fps(self) -> float:
        """Frames per second measured over the last seconds of streaming; 0 when idle."""

    @property
    @abc.abstractmethod
    def is_streaming(self) -> bool: ...

    @abc.abstractmethod
    def start(self, on_frame: FrameCallback) -> None:
        """Start streaming to `on_frame`; calling again replaces the callback."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop streaming; returns after the last callback finished."""

    @abc.abstractmethod
    def grab(self, timeout_s: float) -> np.ndarray:
        """Return the next frame (streaming or not).

        Raises DeviceTimeout if none arrives in time, DeviceUnavailable if
        the camera is gone.
        """


class FrameRateMeter:
    """Frame rate over a sliding window, safe to read from any thread."""

    def __init__(self, window_s: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window_s = window_s
        self._clock = clock
        self._stamps: deque[float] = deque()
        self._lock = threading.Lock()

    def tick(self) -> None:
        now = self._clock()
        with self._lock:
            self._stamps.append(now)
            self._trim(now)

    def reset(self) -> None:
        with self._lock:
            self._stamps.clear()

    def rate(self) -> float:
        with self._lock:
            self._trim(self._clock())
            if len(self._stamps) < 2:
                return 0.0
            span = self._stamps[-1] - self._stamps[0]
            return (len(self._stamps) - 1) / span if span > 0 else 0.0

    def _trim(self, now: float) -> None:
        while self._stamps and now - self._stamps[0] > self._window_s:
            self._stamps.popleft()
