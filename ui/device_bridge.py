"""Carries device events from driver threads onto the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DeviceEventBridge(QObject):
    event = Signal(object)  # a drivers.device.DeviceEvent

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribers: list = []

    def watch(self, device: object | None) -> None:
        if device is None:
            return
        # Emitting a Qt signal from another thread queues it to this object's thread.
        self._unsubscribers.append(device.subscribe(self.event.emit))

    def close(self) -> None:
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()
