"""A simulated code scanner: `present(text)` is someone holding up a code."""

from __future__ import annotations

from drivers.code_scanner import CodeScanner
from drivers.device import DeviceEventKind, DeviceHealth
from drivers.simulated.hot_plug import HotPlugSimulation


class SimulatedCodeScanner(HotPlugSimulation, CodeScanner):
    def __init__(self, device_id: str = "simulated-code-scanner") -> None:
        super().__init__(device_id)

    def health(self) -> DeviceHealth:
        return self._presence_health() or DeviceHealth.READY

    def present(self, text: str) -> bool:
        """Scan a code showing `text`; returns whether it was delivered (open and plugged in)."""
        if not text:
            raise ValueError("a code carries at least one character")
        if not (self._plugged_in and self._is_open):
            return False
        self._emit(DeviceEventKind.CODE_READ, data=text)
        return True
