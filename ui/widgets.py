"""Touch widgets shared by the screens."""

from __future__ import annotations

import io

from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget


def button(role: str = "", object_name: str = "") -> QPushButton:
    widget = QPushButton()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if role:
        widget.setProperty("role", role)
    if object_name:
        widget.setObjectName(object_name)
    return widget


def label(role: str = "", object_name: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    # Personal data on screen must not be selectable or copyable.
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if role:
        widget.setProperty("role", role)
    if object_name:
        widget.setObjectName(object_name)
    return widget


def qr_image(text: str, size_px: int) -> QImage:
    """A QR code as a QImage: safe to make on a worker thread, unlike QPixmap."""
    import qrcode  # first needed after a submission, not at start-up

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return QImage.fromData(buffer.getvalue(), "PNG").scaled(
        size_px, size_px, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


def qr_pixmap(text: str, size_px: int) -> QPixmap:
    return QPixmap.fromImage(qr_image(text, size_px))


class Keypad(QWidget):
    """On-screen keys for numbers, ID numbers, dates and phone numbers."""

    key_pressed = Signal(str)
    backspace = Signal()

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "-")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(8)
        for index, key in enumerate(self.KEYS):
            key_button = button(object_name=f"key_{key}")
            key_button.setText(key)
            key_button.clicked.connect(lambda _=False, k=key: self.key_pressed.emit(k))
            grid.addWidget(key_button, index // 3, index % 3)
        self.backspace_button = button(object_name="key_backspace")
        self.backspace_button.setText("⌫")
        self.backspace_button.clicked.connect(self.backspace.emit)
        grid.addWidget(self.backspace_button, 4, 0, 1, 3)


class SignaturePad(QWidget):
    """A resident signs with a finger; the strokes become a PNG for the application."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(220)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._paths: list[QPainterPath] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def is_empty(self) -> bool:
        return not any(path.length() > 20 for path in self._paths)

    def clear(self) -> None:
        self._paths.clear()
        self.update()
        self.changed.emit()

    def stroke(self, points: list[QPoint]) -> None:
        """Add one stroke; also what touch and mouse input end up calling."""
        if not points:
            return
        path = QPainterPath(points[0].toPointF())
        for point in points[1:]:
            path.lineTo(point.toPointF())
        self._paths.append(path)
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._paths.append(QPainterPath(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._paths:
            self._paths[-1].lineTo(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.changed.emit()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(Qt.GlobalColor.gray, 2, Qt.PenStyle.DashLine))
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        self._draw_strokes(painter)

    def _draw_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(Qt.GlobalColor.black, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for path in self._paths:
            painter.drawPath(path)

    def to_png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_Grayscale8)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._draw_strokes(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(buffer.data())


def clear_layout(layout) -> None:
    """Remove and destroy a layout's widgets now, not at the next event loop pass.

    deleteLater alone leaves the old widgets painted over the new ones until
    Qt gets round to deleting them.
    """
    while layout.count():
        entry = layout.takeAt(0)
        widget = entry.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
