"""Open/unplug bookkeeping shared by the simulators."""

from __future__ import annotations

from drivers.device import Device, DeviceEventKind, DeviceHealth, DeviceUnavailable


class HotPlugSimulation(Device):
    """A simulated device that can be opened and unplugged.

    Subclasses guard I/O with `_require_usable()` and start their health
    from `_presence_health()`.
    """

    _plugged_in: bool = True
    _is_open: bool = False

    def open(self) -> None:
        if not self._plugged_in:
            raise DeviceUnavailable(self.device_id, "unplugged")
        self._is_open = True

    def close(self) -> None:
        self._is_open = False

    @property
    def plugged_in(self) -> bool:
        return self._plugged_in

    def unplug(self) -> None:
        if self._plugged_in:
            self._plugged_in = False
            self._on_plug_changed()
            self._emit(DeviceEventKind.LOST)

    def replug(self) -> None:
        if not self._plugged_in:
            self._plugged_in = True
            self._on_plug_changed()
            self._emit(DeviceEventKind.FOUND)

    def _on_plug_changed(self) -> None:
        """Hook for subclasses that must wake waiting threads."""

    def _require_usable(self) -> None:
        if not self._plugged_in:
            raise DeviceUnavailable(self.device_id, "unplugged")
        if not self._is_open:
            raise DeviceUnavailable(self.device_id, "not open")

    def _presence_health(self) -> DeviceHealth | None:
        """UNAVAILABLE when unplugged or closed, else None (subclass decides)."""
        if not self._plugged_in or not self._is_open:
            return DeviceHealth.UNAVAILABLE
        return None
