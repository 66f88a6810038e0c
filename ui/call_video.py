"""A remote video track on screen: the latest decoded frame, painted at the UI's own pace."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

PAINT_INTERVAL_MS = 40  # ~25 fps: the call's frame rate; faster would only burn the CPU


class FrameSource(Protocol):
    def latest(self) -> tuple[int, np.ndarray | None]: ...


class VideoView(QWidget):
    """Polls a VideoSink and paints its newest frame, keeping the picture's proportions.

    Decoding happens on the media loop; here a frame is only wrapped in a
    QImage when it is new, so an idle call costs almost nothing.
    """

    def __init__(self, object_name: str, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumHeight(min_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.source: FrameSource | None = None
        self.frames_seen = 0  # the sink's counter at the last frame shown
        self.displayed_frame: np.ndarray | None = None  # what is on screen now (BGR)
        self._image: QImage | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PAINT_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)

    def watch(self, source: FrameSource | None) -> None:
        self.source = source
        self.clear()
        if source is None:
            self._timer.stop()
        else:
            self._timer.start()

    def clear(self) -> None:
        self.frames_seen = 0
        self.displayed_frame = None
        self._image = None
        self.update()

    def _poll(self) -> None:
        if self.source is None or not self.isVisible():
            return
        count, frame = self.source.latest()
        if frame is None or count == self.frames_seen:
            return
        self.frames_seen = count
        frame = np.ascontiguousarray(frame)
        height, width = frame.shape[:2]
        # The QImage borrows the array's memory: keep the array alive with it.
        self.displayed_frame = frame
        self._image = QImage(frame.data, width, height, 3 * width, QImage.Format.Format_BGR888)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self._image is None:
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(self.rect().center())
        painter.drawImage(target, self._image)
