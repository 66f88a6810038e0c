"""The latest frame of a video stream, for a front end to paint at its own pace."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np
from av.video.reformatter import VideoReformatter

from drivers.camera import FrameRateMeter

# Called on the media loop with every frame as it arrives (tests, benchmarks, recorder).
FrameListener = Callable[[object, float], None]  # (av.VideoFrame or BGR ndarray, monotonic time)


class VideoSink:
    """The latest decoded frame of a remote video track, for a UI to paint at its own pace.

    Frames are kept as they arrive (an av.VideoFrame or a BGR array) and
    converted to BGR only when a reader asks, so frames nobody paints cost
    nothing.
    """

    def __init__(self, fps_window_s: float = 2.0) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._latest: object | None = None
        self._converted: np.ndarray | None = None
        self._rate = FrameRateMeter(fps_window_s)
        self._listeners: list[FrameListener] = []
        # A reformatter (an FFmpeg SwsContext) of this sink's own: a frame's
        # built-in one is shared with whoever else converts that frame (the
        # recorder, on its thread), and swscale deadlocks when two threads
        # drive one context.
        self._reformatter = VideoReformatter()
        self._convert_lock = threading.Lock()

    def add_listener(self, listener: FrameListener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: FrameListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def push(self, frame: object) -> None:
        now = time.monotonic()
        self._rate.tick()
        with self._lock:
            self._count += 1
            self._latest = frame
            self._converted = None
            listeners = tuple(self._listeners)
        for listener in listeners:
            listener(frame, now)

    def clear(self) -> None:
        """Forget the picture (the stream stopped); the count stays."""
        with self._lock:
            self._latest = None
            self._converted = None
        self._rate.reset()

    @property
    def count(self) -> int:
        return self._count

    def latest(self) -> tuple[int, np.ndarray | None]:
        """(frames received so far, BGR uint8 HxWx3 or None)."""
        with self._lock:
            count, frame, converted = self._count, self._latest, self._converted
        if frame is None:
            return count, None
        if converted is None:
            if isinstance(frame, np.ndarray):
                converted = frame
            else:
                with self._convert_lock:
                    converted = self._reformatter.reformat(frame, format="bgr24").to_ndarray()
            with self._lock:
                if self._latest is frame:
                    self._converted = converted
        return count, converted

    @property
    def fps(self) -> float:
        """Frames per second measured over the last 2 s."""
        return self._rate.rate()
