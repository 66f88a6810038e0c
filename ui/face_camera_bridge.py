"""Face-photo guidance from the camera onto the UI thread.

Frames are graded on the camera's own thread (`kiosk.face_capture`, a few
ms each); a frame arriving while the previous one is still being graded is
skipped, never queued. The UI receives the guidance only when it changes,
the photo once it is taken, and a preview image when it asks for one.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from kiosk.face_capture import FaceCapture

PREVIEW_WIDTH = 640
# A new guidance line is shown once this many graded frames in a row agree:
# a face lost for one frame (a blink of the detector) must not make the big
# line flicker, or be read out, every few hundred milliseconds.
GUIDANCE_CONFIRM_FRAMES = 2


class FaceCameraBridge(QObject):
    guidance_changed = Signal(str)  # FaceGuidance value
    captured = Signal(bytes)  # the face photo (JPEG)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop_listening = None
        self._capture: FaceCapture | None = None
        self._busy = threading.Lock()
        self._latest = None
        self._latest_lock = threading.Lock()
        self._last_guidance: str | None = None
        self._pending: tuple[str, int] = ("", 0)

    @property
    def running(self) -> bool:
        return self._stop_listening is not None

    def start(self, camera: object) -> None:
        self.stop()
        self._capture = FaceCapture()
        self._last_guidance = None
        self._pending = ("", 0)
        # A listener, not start(): a video call may be streaming this camera too.
        self._stop_listening = camera.add_listener(self._frame)

    def _frame(self, frame) -> None:
        capture = self._capture  # stop() may clear it while a last frame is in flight
        if capture is None:
            return
        with self._latest_lock:
            self._latest = frame
        if not self._busy.acquire(blocking=False):
            return
        try:
            if capture.captured:
                return
            step = capture.feed(frame)
        finally:
            self._busy.release()
        # Signals emitted here are queued onto the UI thread.
        value = step.guidance.value
        seen = self._pending[1] + 1 if self._pending[0] == value else 1
        self._pending = (value, seen)
        if value != self._last_guidance and (
            seen >= GUIDANCE_CONFIRM_FRAMES or step.jpeg is not None
        ):
            self._last_guidance = value
            self.guidance_changed.emit(value)
        if step.jpeg is not None:
            self.captured.emit(step.jpeg)

    def preview(self) -> QImage | None:
        """The newest frame, mirrored like a looking glass and scaled for the screen."""
        with self._latest_lock:
            frame = self._latest
        if frame is None:
            return None
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
        image = image.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.FastTransformation)
        # People expect to see themselves as in a mirror: "move left" then works.
        return image.flipped(Qt.Orientation.Horizontal)

    def stop(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        self._capture = None
        with self._latest_lock:
            self._latest = None
