"""Painting a remote video track: poll the call's VideoSink, show the newest frame.

The media loop decodes frames at its own pace; the UI looks at the latest
one ~25 times a second and skips the rest, so a slow repaint never backs up
the call.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

PAINT_INTERVAL_MS = 40  # 25 fps, the call's video rate


class FrameSource(Protocol):
    def latest(self) -> tuple[int, np.ndarray | None]: ...


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """A QImage owning its pixels (the numpy buffer may be reused by the decoder)."""
    height, width = frame.shape[:2]
    contiguous = np.ascontiguousarray(frame)
    return QImage(contiguous.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()


def qimage_to_bgr(image: QImage) -> np.ndarray:
    converted = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height, stride = converted.width(), converted.height(), converted.bytesPerLine()
    buffer = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


class VideoView(QWidget):
    """Shows one VideoSink; `fit` scales to the widget, otherwise pixels are shown 1:1."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.fit = True
        self.frames_shown = 0
        self.image: QImage | None = None
        self.placeholder = ""  # said on the black panel when there is no picture
        self._source: FrameSource | None = None
        self._seen = 0
        self._timer = QTimer(self)
        self._timer.setInterval(PAINT_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)

    def show_source(self, source: FrameSource | None) -> None:
        self._source = source
        self._seen = 0
        self.image = None
        self.frames_shown = 0
        if source is None:
            self._timer.stop()
        else:
            self._timer.start()
        self.update()

    def refresh(self) -> None:
        if self._source is None:
            return
        count, frame = self._source.latest()
        if frame is None or count == self._seen:
            return
        self._seen = count
        self.image = bgr_to_qimage(frame)
        self.frames_shown += 1
        if not self.fit:
            self.setFixedSize(self.image.size())
        self.update()

    def displayed_frame(self) -> np.ndarray | None:
        """The pixels last painted, as BGR (what the clerk sees, before scaling)."""
        return None if self.image is None else qimage_to_bgr(self.image)

    def set_fit(self, fit: bool) -> None:
        self.fit = fit
        if fit:
            self.setMinimumSize(160, 120)
            self.setMaximumSize(QSize(16_777_215, 16_777_215))
        elif self.image is not None:
            self.setFixedSize(self.image.size())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 480)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        if self.image is None:
            if self.placeholder:
                painter.setPen(QColor("#FFFFFF"))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        if not self.fit:
            painter.drawImage(0, 0, self.image)
            return
        scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, scaled.width(), scaled.height())
        target.moveCenter(self.rect().center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)


class DocumentView(QScrollArea):
    """The document camera: fitted to the panel, or at full size to read small print."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_view")
        self.video = VideoView("document_video")
        self.setWidget(self.video)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    @property
    def fit(self) -> bool:
        return self.video.fit

    def set_fit(self, fit: bool) -> None:
        self.setWidgetResizable(fit)
        self.video.set_fit(fit)
