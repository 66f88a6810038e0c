"""Suishen codes from the camera (or a hardware scanner) onto the UI thread.

Frames are decoded on the camera's own thread (drivers.qr_frame_pipeline);
the UI only ever receives confirmed code texts, and a small preview image at
a calm frame rate for the resident to aim with.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from drivers.device import DeviceEvent, DeviceEventKind
from drivers.qr_frame_pipeline import QrFramePipeline

PREVIEW_WIDTH = 640


class CodeScanBridge(QObject):
    code_read = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop_listening = None
        self._pipeline: QrFramePipeline | None = None
        self._latest = None
        self._latest_lock = threading.Lock()
        self._unsubscribe = None

    @property
    def scanning(self) -> bool:
        return self._stop_listening is not None

    def start(self, camera: object | None, scanner: object | None = None) -> None:
        """Start reading from the camera and a hardware scanner (either may be None)."""
        self.stop()
        if scanner is not None:
            self._unsubscribe = scanner.subscribe(self._scanner_event)
        if camera is None:
            return
        # Signal emission from the capture thread is queued onto the UI thread.
        self._pipeline = QrFramePipeline(self.code_read.emit)
        # A listener, not start(): a video call may be streaming this camera too.
        # Raises DeviceUnavailable; the scanner keeps reading.
        self._stop_listening = camera.add_listener(self._frame)

    def _frame(self, frame) -> None:
        pipeline = self._pipeline  # stop() may clear it while a last frame is in flight
        if pipeline is None:
            return
        with self._latest_lock:
            self._latest = frame
        pipeline.on_frame(frame)

    def _scanner_event(self, event: DeviceEvent) -> None:
        if event.kind is DeviceEventKind.CODE_READ and isinstance(event.data, str):
            self.code_read.emit(event.data)

    def preview(self) -> QImage | None:
        """The newest frame, scaled for the screen (UI thread, a few ms)."""
        with self._latest_lock:
            frame = self._latest
        if frame is None:
            return None
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
        return image.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.FastTransformation).copy()

    def rearm(self) -> None:
        """Let the same code be read again (after the resident was told its verdict)."""
        if self._pipeline is not None:
            self._pipeline.debouncer.reset()

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        self._pipeline = None
        with self._latest_lock:
            self._latest = None
