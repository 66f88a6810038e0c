"""SerialCodeScanner against a pseudo-terminal standing in for the scanner's port."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.device import DeviceEventKind, DeviceHealth, DeviceUnavailable
from drivers.serial_code_scanner import SerialCodeScanner

SC1_CODE = "SC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B"


class FakePort:
    """A pty pair: the test writes to the master, the driver opens the slave."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        self.path = os.ttyname(self._slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        self.unplug()
        if self._slave >= 0:
            os.close(self._slave)
            self._slave = -1


@pytest.fixture
def fake_port() -> Iterator[FakePort]:
    port = FakePort()
    yield port
    port.close()


@pytest.fixture
def scanner(fake_port: FakePort) -> Iterator[SerialCodeScanner]:
    device = SerialCodeScanner(fake_port.path, device_id="scanner-1")
    device.open()
    yield device
    device.close()


def codes(recorder) -> list[object]:
    return [e.data for e in recorder.events if e.kind is DeviceEventKind.CODE_READ]


def wait_for_codes(recorder, count: int, timeout_s: float = 3.0) -> list[object]:
    deadline = time.monotonic() + timeout_s
    while len(codes(recorder)) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return codes(recorder)


def test_a_line_arrives_as_code_read(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    assert scanner.health() is DeviceHealth.READY
    fake_port.write(SC1_CODE.encode() + b"\r")
    event = recorder.wait_for(DeviceEventKind.CODE_READ)
    assert event.data == SC1_CODE
    assert event.device_id == "scanner-1"


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_every_line_ending_works(scanner, fake_port, record_events, ending):
    recorder = record_events(scanner)
    fake_port.write(b"ONE" + ending + b"TWO" + ending)
    assert wait_for_codes(recorder, 2) == ["ONE", "TWO"]
    time.sleep(0.2)
    assert codes(recorder) == ["ONE", "TWO"]  # CR LF is one line end, not two


def test_split_writes_reassemble(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    for piece in (b"SC1:6B", b"FOX", b"N*TS0", b"\r"):
        fake_port.write(piece)
        time.sleep(0.15)  # longer than the driver's read timeout
    assert wait_for_codes(recorder, 1) == ["SC1:6BFOXN*TS0"]


def test_utf8_text_is_decoded(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    fake_port.write("一网通办\r".encode())
    assert wait_for_codes(recorder, 1) == ["一网通办"]


def test_overlong_line_is_dropped_and_next_line_arrives(fake_port, record_events, caplog):
    scanner = SerialCodeScanner(fake_port.path, device_id="scanner-1", max_length=10)
    recorder = record_events(scanner)
    scanner.open()
    try:
        with caplog.at_level(logging.WARNING):
            fake_port.write(b"X" * 11 + b"\r" + b"Y" * 10 + b"\r")
            assert wait_for_codes(recorder, 1) == ["Y" * 10]
        assert "longer than 10 bytes" in caplog.text
        assert "X" * 11 not in caplog.text
    finally:
        scanner.close()


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        (b"AB\x00CD", "control byte 0x00"),
        (b"\x1b[2J", "control byte 0x1b"),
        (b"\xff\xfe\xc3", "not UTF-8"),
        (bytes(range(0x80, 0xC0)), "not UTF-8"),
    ],
)
def test_garbage_line_is_dropped_and_next_line_arrives(
    scanner, fake_port, record_events, caplog, garbage, reason
):
    recorder = record_events(scanner)
    with caplog.at_level(logging.WARNING):
        fake_port.write(garbage + b"\r" + b"GOOD\r")
        assert wait_for_codes(recorder, 1) == ["GOOD"]
    assert reason in caplog.text
    assert scanner.health() is DeviceHealth.READY


def test_closing_the_port_emits_lost(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    fake_port.write(b"PARTIAL")
    time.sleep(0.2)
    fake_port.unplug()
    recorder.wait_for(DeviceEventKind.LOST)
    assert scanner.health() is DeviceHealth.UNAVAILABLE
    assert codes(recorder) == []  # the partial line was discarded


def test_port_coming_back_emits_found(tmp_path: Path, record_events):
    first, second = FakePort(), FakePort()
    link = tmp_path / "ttyScanner"
    link.symlink_to(first.path)
    scanner = SerialCodeScanner(str(link), device_id="scanner-1", reconnect_interval_s=0.1)
    recorder = record_events(scanner)
    scanner.open()
    try:
        first.write(b"HALF-A-CO")
        time.sleep(0.2)
        link.unlink()
        first.unplug()
        recorder.wait_for(DeviceEventKind.LOST)
        link.symlink_to(second.path)
        recorder.wait_for(DeviceEventKind.FOUND)
        assert scanner.health() is DeviceHealth.READY
        second.write(b"DE\rAFTER\r")
        assert wait_for_codes(recorder, 2) == ["DE", "AFTER"]
        kinds = [k for k in recorder.kinds if k is not DeviceEventKind.CODE_READ]
        assert kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND]
    finally:
        scanner.close()
        first.close()
        second.close()


def test_open_on_missing_port_raises(tmp_path: Path):
    scanner = SerialCodeScanner(str(tmp_path / "nothing"))
    with pytest.raises(DeviceUnavailable):
        scanner.open()
    assert scanner.health() is DeviceHealth.UNAVAILABLE
    scanner.close()


def test_close_stops_delivery_and_is_idempotent(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    scanner.close()
    scanner.close()
    assert scanner.health() is DeviceHealth.UNAVAILABLE
    fake_port.write(b"IGNORED\r")
    time.sleep(0.2)
    assert codes(recorder) == []


def test_reopen_discards_what_was_scanned_while_closed(scanner, fake_port, record_events):
    recorder = record_events(scanner)
    scanner.close()
    fake_port.write(b"STALE\r")
    time.sleep(0.05)
    scanner.open()
    fake_port.write(b"FRESH\r")
    assert wait_for_codes(recorder, 1) == ["FRESH"]
    time.sleep(0.2)
    assert codes(recorder) == ["FRESH"]


def test_rejects_bad_terminator():
    with pytest.raises(ValueError):
        SerialCodeScanner("/dev/null", terminator=b";")
