import threading

import pytest

from drivers.device import DeviceEventKind, DeviceHealth
from drivers.simulated.code_scanner import SimulatedCodeScanner


def test_presented_code_becomes_code_read_event(record_events):
    scanner = SimulatedCodeScanner()
    recorder = record_events(scanner)
    scanner.open()
    assert scanner.present("SH-APPT-20261130-0042")
    assert scanner.present("第二个码")
    assert scanner.wait_events_delivered()
    assert recorder.kinds == [DeviceEventKind.CODE_READ, DeviceEventKind.CODE_READ]
    assert [event.data for event in recorder.events] == ["SH-APPT-20261130-0042", "第二个码"]
    assert threading.current_thread() not in recorder.threads


def test_codes_are_lost_while_closed_or_unplugged(record_events):
    scanner = SimulatedCodeScanner()
    recorder = record_events(scanner)
    assert not scanner.present("before-open")
    scanner.open()
    scanner.unplug()
    assert scanner.health() is DeviceHealth.UNAVAILABLE
    assert not scanner.present("while-unplugged")
    scanner.replug()
    assert scanner.health() is DeviceHealth.READY
    assert scanner.present("after-replug")
    assert scanner.wait_events_delivered()
    assert recorder.kinds == [
        DeviceEventKind.LOST,
        DeviceEventKind.FOUND,
        DeviceEventKind.CODE_READ,
    ]
    assert recorder.events[-1].data == "after-replug"


def test_empty_code_is_rejected():
    scanner = SimulatedCodeScanner()
    scanner.open()
    with pytest.raises(ValueError):
        scanner.present("")
