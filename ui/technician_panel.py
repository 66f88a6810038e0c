"""The widgets of the hidden technician screen: the gesture, the PIN entry, the panel.

What they do is decided in `ui/technician_tools.py`; these only show and ask.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drivers.device import DeviceHealth
from drivers.device_manager import DeviceStatus
from ui.widgets import Keypad, button, clear_layout, label

LONG_PRESS_MS = 3000
# A finger resting on glass drifts; more than this is a swipe, not a hold.
LONG_PRESS_SLOP_PX = 30


class LongPressDetector(QObject):
    """Emits `long_pressed` when `watched` is held for LONG_PRESS_MS without moving."""

    long_pressed = Signal()

    def __init__(self, watched: QWidget, hold_ms: int = LONG_PRESS_MS) -> None:
        super().__init__(watched)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.long_pressed.emit)
        self._origin = QPointF()
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._origin = event.position()
            self._timer.start()
        elif kind == QEvent.Type.MouseMove and self._timer.isActive():
            if (event.position() - self._origin).manhattanLength() > LONG_PRESS_SLOP_PX:
                self._timer.stop()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Leave, QEvent.Type.Hide):
            self._timer.stop()
        return False


class _PinKeypad(Keypad):
    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Names of their own: the form's keypad is in the same window.
        for key in self.findChildren(QPushButton):
            key.setObjectName("pin_" + key.objectName())


class Overlay(QFrame):
    """A panel over the whole window, above the screens."""

    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setObjectName(object_name)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class PinEntry(Overlay):
    submitted = Signal(str)
    cancelled = Signal()

    MAX_DIGITS = 12

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "technician_pin")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 48, 96, 48)
        self.title = label("title", "technician_pin_title")
        self.display = label("title", "technician_pin_display")
        self.message = label("error", "technician_pin_message")
        self.keypad = _PinKeypad()
        self.keypad.key_pressed.connect(self._digit)
        self.keypad.backspace.connect(lambda: self._set(self._pin[:-1]))
        self.ok_button = button("primary", "technician_pin_ok")
        self.ok_button.clicked.connect(lambda: self.submitted.emit(self._pin))
        self.cancel_button = button("", "technician_pin_cancel")
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for widget in (self.title, self.display, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addWidget(self.keypad, 1)
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self._pin = ""
        self.retranslate()

    def ask(self) -> None:
        self._set("")
        self.show_message("")
        self.cover()

    @property
    def pin(self) -> str:
        return self._pin

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _digit(self, digit: str) -> None:
        if len(self._pin) < self.MAX_DIGITS:
            self._set(self._pin + digit)

    def _set(self, pin: str) -> None:
        self._pin = pin
        # Dots only: someone behind the technician must not read the PIN.
        self.display.setText("●" * len(pin) if pin else " ")
        self.ok_button.setEnabled(bool(pin))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician PIN"))
        self.ok_button.setText(self.tr("Enter"))
        self.cancel_button.setText(self.tr("Cancel"))


class TechnicianPanel(Overlay):
    test_requested = Signal(str)  # a device slot
    test_page_requested = Signal(str)  # a printer slot
    self_check_requested = Signal()
    quit_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "technician_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.title = label("title", "technician_title")
        layout.addWidget(self.title)
        self.device_grid = QGridLayout()
        layout.addLayout(self.device_grid)
        self.report = label("subtitle", "technician_report")
        layout.addWidget(self.report)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.self_check_button = button("primary", "technician_self_check")
        self.self_check_button.clicked.connect(self.self_check_requested.emit)
        self.quit_button = button("danger", "technician_quit")
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.close_button = button("", "technician_close")
        self.close_button.clicked.connect(self.close_requested.emit)
        for widget in (self.self_check_button, self.quit_button, self.close_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self._statuses: list[DeviceStatus] = []
        self._results: dict[str, str] = {}
        self._rows: dict[str, dict[str, QLabel]] = {}
        self.retranslate()

    def set_statuses(self, statuses: list[DeviceStatus]) -> None:
        slots_changed = [status.slot for status in statuses] != [
            status.slot for status in self._statuses
        ]
        self._statuses = list(statuses)
        if slots_changed or not self._rows:
            self._rebuild()
        else:
            self._update_rows()  # in place: a technician may be about to tap a row

    def set_result(self, slot: str, text: str) -> None:
        self._results[slot] = text
        row = self._rows.get(slot)
        if row is not None:
            row["result"].setText(text)

    def clear_results(self) -> None:
        self._results.clear()
        self.report.setText("")
        for row in self._rows.values():
            row["result"].setText("")

    def result_text(self, slot: str) -> str:
        return self._results.get(slot, "")

    def _rebuild(self) -> None:
        clear_layout(self.device_grid)
        self._rows = {}
        if not self._statuses:
            self.device_grid.addWidget(self._cell(self.tr("No devices are configured.")), 0, 0)
            return
        for row, status in enumerate(self._statuses):
            name = self._cell(self.kind_name(status.slot), "subtitle")
            state = self._cell("")
            state.setObjectName(f"technician_state_{status.slot}")
            driver = self._cell("", "note")
            test = button("", f"technician_test_{status.slot}")
            test.setText(self.tr("Test"))
            test.clicked.connect(lambda _=False, slot=status.slot: self.test_requested.emit(slot))
            result = self._cell(self._results.get(status.slot, ""), "note")
            result.setObjectName(f"technician_result_{status.slot}")
            for column, widget in enumerate((name, state, driver, test, result)):
                self.device_grid.addWidget(widget, row, column)
            if status.slot in ("receipt_printer", "document_printer"):
                page = button("", f"technician_test_page_{status.slot}")
                page.setText(self.tr("Test page"))
                page.clicked.connect(
                    lambda _=False, slot=status.slot: self.test_page_requested.emit(slot)
                )
                self.device_grid.addWidget(page, row, 5)
            self._rows[status.slot] = {"state": state, "driver": driver, "result": result}
        self._update_rows()

    def _update_rows(self) -> None:
        for status in self._statuses:
            row = self._rows[status.slot]
            row["state"].setText(self.health_text(status.health))
            why = status.detail if status.health is DeviceHealth.UNAVAILABLE else None
            row["driver"].setText(
                f"{status.driver} · {status.device_id}" + (f" · {why}" if why else "")
            )

    @staticmethod
    def _cell(text: str, role: str = ""):
        widget = label(role)
        widget.setText(text)
        return widget

    def kind_name(self, slot: str) -> str:
        names = {
            "id_card_reader": self.tr("ID card reader"),
            "smart_card_reader": self.tr("Social security card reader"),
            "camera": self.tr("Camera"),
            "document_camera": self.tr("Document camera"),
            "code_scanner": self.tr("Code scanner"),
            "receipt_printer": self.tr("Receipt printer"),
            "document_printer": self.tr("A4 printer"),
            "speech": self.tr("Voice read-out"),
        }
        return names.get(slot, slot)

    def health_text(self, health: DeviceHealth) -> str:
        return {
            DeviceHealth.READY: self.tr("Ready"),
            DeviceHealth.BUSY: self.tr("Working"),
            DeviceHealth.DEGRADED: self.tr("Needs attention soon"),
            DeviceHealth.UNAVAILABLE: self.tr("Not connected"),
            DeviceHealth.FAULT: self.tr("Fault"),
        }[health]

    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician: devices and self-check"))
        self.self_check_button.setText(self.tr("Run self-check and save report"))
        self.quit_button.setText(self.tr("Quit the kiosk application"))
        self.close_button.setText(self.tr("Back to the home screen"))
        self._rebuild()
