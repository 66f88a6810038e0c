"""A simulated camera streaming synthetic frames at a set rate."""

from __future__ import annotations

import logging
import threading
import time

import cv2
import numpy as np

from drivers.camera import Camera, FrameCallback, FrameRateMeter
from drivers.device import DeviceHealth, DeviceKind, DeviceTimeout
from drivers.simulated.camera_scene import (
    SceneOverlay,
    SimulatedDocumentKind,
    compose,
    document_overlay,
    draw_background,
    face_overlay,
    qr_overlay,
)
from drivers.simulated.hot_plug import HotPlugSimulation

log = logging.getLogger(__name__)


class SimulatedCamera(HotPlugSimulation, Camera):
    def __init__(
        self,
        device_id: str = "simulated-camera",
        kind: DeviceKind | str = DeviceKind.CAMERA,
        width: int = 1280,
        height: int = 720,
        fps: float = 15.0,
    ) -> None:
        super().__init__(device_id, DeviceKind(kind))
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._size = (width, height)
        self._interval_s = 1.0 / fps
        self._background = draw_background(self.kind, width, height)
        self._overlay: SceneOverlay | None = None
        self._document_corners: np.ndarray | None = None
        self._meter = FrameRateMeter()
        self._condition = threading.Condition()
        self._latest: np.ndarray | None = None
        self._frame_number = 0
        self._on_frame: FrameCallback | None = None
        self._thread: threading.Thread | None = None
        self._stop_requested = threading.Event()

    # -- simulation controls -------------------------------------------------

    def show_qr(self, text: str | None) -> None:
        """Hold a phone showing a QR code of `text` in front of the lens (None: take it away)."""
        self._document_corners = None
        self._overlay = qr_overlay(text, *self._size) if text is not None else None

    def show_face(self, portrait: np.ndarray | None) -> None:
        """Someone steps in front of the lens: `portrait` is their picture (BGR;
        None: they step away)."""
        self._document_corners = None
        self._overlay = face_overlay(portrait, *self._size) if portrait is not None else None

    def show_document(self, kind: SimulatedDocumentKind | str | None) -> None:
        """Lay a synthetic A4 page under the lens (None: take it away)."""
        if kind is None:
            self._overlay, self._document_corners = None, None
            return
        self._overlay, self._document_corners = document_overlay(
            SimulatedDocumentKind(kind), *self._size
        )

    @property
    def document_corners(self) -> np.ndarray | None:
        """Where the shown page lies in the frame, (4, 2) float32 TL, TR, BR, BL."""
        return self._document_corners

    # -- Device / Camera ------------------------------------------------------

    @property
    def resolution(self) -> tuple[int, int]:
        return self._size

    @property
    def fps(self) -> float:
        return self._meter.rate() if self.is_streaming else 0.0

    @property
    def is_streaming(self) -> bool:
        return self._thread is not None

    def health(self) -> DeviceHealth:
        presence = self._presence_health()
        if presence is not None:
            return presence
        return DeviceHealth.BUSY if self.is_streaming else DeviceHealth.READY

    def start(self, on_frame: FrameCallback) -> None:
        self._require_usable()
        self._on_frame = on_frame
        if self._thread is not None:
            return
        self._stop_requested.clear()
        self._meter.reset()
        self._thread = threading.Thread(
            target=self._capture_loop, name=f"{self.device_id}-capture", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._stop_requested.set()
        with self._condition:
            self._condition.notify_all()
        if thread is not threading.current_thread():
            thread.join(timeout=5.0)
        self._thread = None
        self._on_frame = None

    def close(self) -> None:
        self.stop()
        super().close()

    def grab(self, timeout_s: float) -> np.ndarray:
        self._require_usable()
        if not self.is_streaming:
            return self._render()
        with self._condition:
            seen = self._frame_number
            arrived = self._condition.wait_for(
                lambda: self._frame_number != seen or not self._plugged_in, timeout_s
            )
            self._require_usable()
            if not arrived or self._latest is None:
                raise DeviceTimeout(self.device_id, "no frame")
            return self._latest

    def _on_plug_changed(self) -> None:
        with self._condition:
            self._condition.notify_all()

    # -- capture thread -------------------------------------------------------

    def _render(self) -> np.ndarray:
        frame = compose(self._background, self._overlay)
        # A moving mark and a counter, so consecutive frames differ like real video.
        x = (self._frame_number * 8) % self._size[0]
        cv2.rectangle(frame, (x, 4), (x + 24, 10), (0, 0, 200), -1)
        cv2.putText(
            frame, f"SIM {self._frame_number:06d}", (12, self._size[1] - 14),
            cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1,
        )  # fmt: skip
        return frame

    def _capture_loop(self) -> None:
        next_due = time.monotonic()
        while not self._stop_requested.is_set():
            if self._plugged_in:
                frame = self._render()
                with self._condition:
                    self._latest = frame
                    self._frame_number += 1
                    self._condition.notify_all()
                self._meter.tick()
                callback = self._on_frame
                if callback is not None:
                    try:
                        callback(frame)
                    except Exception:
                        log.exception("frame callback failed on %s", self.device_id)
            next_due += self._interval_s
            delay = next_due - time.monotonic()
            if delay < 0:
                # Behind schedule (slow callback): drop frames instead of bursting.
                next_due = time.monotonic()
                delay = 0.0
            self._stop_requested.wait(delay)


__all__ = ["SimulatedCamera", "SimulatedDocumentKind"]
