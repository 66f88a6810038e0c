"""A real pcscd with vsmartcard's virtual reader, private to this test run.

One pcscd per session (started in well under a second), restarted by the
`pcscd` fixture if a test killed it. The client library reads
PCSCLITE_CSOCK_NAME once per process, so the socket path is fixed for the
session and every restart reuses it. Nothing here installs anything: a
missing Debian package fails the tests with its name (scripts/setup.sh
installs them).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest

from drivers.device import Device, DeviceEvent, DeviceEventKind
from drivers.simulated.private_pcscd import (
    VPCD_SLOT0_READER,
    PrivatePcscd,
    missing_debian_packages,
)

# Generous: a loaded 2-core CI machine; every wait below ends as soon as its condition holds.
WAIT_S = 10.0


@pytest.fixture(scope="session")
def private_pcscd(tmp_path_factory) -> Iterator[PrivatePcscd]:
    missing = missing_debian_packages()
    if missing:
        pytest.fail(f"PC/SC tests need Debian package(s) {missing}; run scripts/setup.sh")
    daemon = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    previous = os.environ.get("PCSCLITE_CSOCK_NAME")
    # Never let a PC/SC call of this process reach the system's /run/pcscd.
    os.environ.update(daemon.client_environment)
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()
        if previous is None:
            os.environ.pop("PCSCLITE_CSOCK_NAME", None)
        else:
            os.environ["PCSCLITE_CSOCK_NAME"] = previous


@pytest.fixture
def pcscd(private_pcscd: PrivatePcscd) -> PrivatePcscd:
    """The session's pcscd, running (started again if an earlier test killed it),
    with an empty slot: pcscd notices a card left by an earlier test only at
    its next presence poll."""
    private_pcscd.start()
    wait_slot_empty()
    return private_pcscd


def wait_slot_empty(timeout_s: float = WAIT_S) -> None:
    _wait_slot(empty=True, timeout_s=timeout_s)


def wait_slot_filled(timeout_s: float = WAIT_S) -> None:
    _wait_slot(empty=False, timeout_s=timeout_s)


def _wait_slot(empty: bool, timeout_s: float) -> None:
    """Wait until pcscd itself reports slot 0 empty (or holding a card)."""
    from drivers.pcsc_smart_card_reader import PcscSmartCardReader

    probe = PcscSmartCardReader(device_id="slot-probe", reader_name=VPCD_SLOT0_READER)
    changed = threading.Event()
    probe.subscribe(lambda _event: changed.set())
    probe.open()  # returns with the card state as pcscd sees it
    try:
        deadline = time.monotonic() + timeout_s
        while probe.is_card_present() == empty:
            left = deadline - time.monotonic()
            if left <= 0:
                what = "a card stayed in" if empty else "no card came into"
                raise AssertionError(f"{what} {VPCD_SLOT0_READER} for {timeout_s}s")
            changed.wait(min(left, 0.5))
            changed.clear()
    finally:
        probe.close()


@pytest.fixture
def reader(pcscd):
    from drivers.pcsc_smart_card_reader import PcscSmartCardReader

    device = PcscSmartCardReader(reader_name=VPCD_SLOT0_READER)
    device.open()
    yield device
    device.close()


class Events:
    """A device's events, with waits on conditions (never fixed sleeps)."""

    def __init__(self, device: Device) -> None:
        self.events: list[DeviceEvent] = []
        self._condition = threading.Condition()
        device.subscribe(self._record)

    def _record(self, event: DeviceEvent) -> None:
        with self._condition:
            self.events.append(event)
            self._condition.notify_all()

    def kinds(self) -> list[DeviceEventKind]:
        with self._condition:
            return [event.kind for event in self.events]

    def wait_for(self, kind: DeviceEventKind, after: int = 0, timeout_s: float = WAIT_S) -> int:
        """Wait for a `kind` event at index >= `after`; returns the index after it."""
        with self._condition:
            found = self._condition.wait_for(
                lambda: kind in [event.kind for event in self.events[after:]], timeout_s
            )
            assert found, f"no {kind} within {timeout_s}s; got {self.kinds_unlocked()}"
            index = next(i for i, e in enumerate(self.events) if i >= after and e.kind is kind)
            return index + 1

    def kinds_unlocked(self) -> list[DeviceEventKind]:
        return [event.kind for event in self.events]

    def count(self) -> int:
        with self._condition:
            return len(self.events)


@pytest.fixture
def events():
    return Events
