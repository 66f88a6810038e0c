"""Shared helpers for driver tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from drivers.device import Device, DeviceEvent, DeviceEventKind


class EventRecorder:
    """Collects a device's events and lets a test wait for one."""

    def __init__(self, device: Device) -> None:
        self.events: list[DeviceEvent] = []
        self.threads: list[threading.Thread] = []
        self._condition = threading.Condition()
        device.subscribe(self)

    def __call__(self, event: DeviceEvent) -> None:
        with self._condition:
            self.events.append(event)
            self.threads.append(threading.current_thread())
            self._condition.notify_all()

    @property
    def kinds(self) -> list[DeviceEventKind]:
        with self._condition:
            return [event.kind for event in self.events]

    def wait_for(self, kind: DeviceEventKind, timeout_s: float = 2.0) -> DeviceEvent:
        with self._condition:
            found = self._condition.wait_for(
                lambda: any(event.kind is kind for event in self.events), timeout_s
            )
            assert found, f"no {kind} event within {timeout_s}s; got {self.kinds}"
            return next(event for event in self.events if event.kind is kind)


@pytest.fixture
def record_events() -> Callable[[Device], EventRecorder]:
    return EventRecorder
