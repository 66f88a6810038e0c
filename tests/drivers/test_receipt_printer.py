import itertools
import threading
import time

import cv2
import numpy as np
import pytest

from drivers.device import (
    DeviceError,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.escpos import encode_receipt
from drivers.escpos_printer import EscPosReceiptPrinter, PrinterTransport
from drivers.escpos_status import decode_status, encode_status, status_request
from drivers.receipt import ReceiptDocument, Text
from drivers.receipt_printer import PaperState, PrinterStatus
from drivers.simulated.receipt_printer import SimulatedReceiptPrinter

from .receipts import QR_URL, service_receipt


@pytest.fixture
def printer():
    device = SimulatedReceiptPrinter(print_time_s=0.01, poll_interval_s=0.05)
    device.open()
    yield device
    device.close()


def test_prints_the_escpos_stream_of_the_document(printer):
    document = service_receipt()
    printer.print_receipt(document)
    assert printer.printed == [encode_receipt(document)]
    assert printer.last_printed().lines[0] == "上海市一网通办"


def test_preview_of_the_last_receipt_scans(printer):
    assert printer.last_preview_png() is None
    printer.print_receipt(service_receipt())
    image = cv2.imdecode(np.frombuffer(printer.last_preview_png(), np.uint8), 0)
    assert cv2.QRCodeDetector().detectAndDecode(image)[0] == QR_URL


def test_status_is_read_over_dle_eot(printer):
    assert printer.status() == PrinterStatus(online=True, paper=PaperState.OK, cover_open=False)
    printer.virtual_printer.paper = PaperState.NEAR_END
    assert printer.status().paper is PaperState.NEAR_END


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (lambda p: p.set_paper(PaperState.OUT), PrinterProblem.PAPER_OUT),
        (lambda p: p.set_cover_open(True), PrinterProblem.COVER_OPEN),
        (lambda p: p.set_offline(True), PrinterProblem.OFFLINE),
        (lambda p: p.unplug(), PrinterProblem.OFFLINE),
    ],
)
def test_faults_refuse_before_sending_anything(printer, fault, problem):
    fault(printer)
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())
    assert caught.value.reason is problem
    assert printer.printed == []
    assert printer.health() in (DeviceHealth.FAULT, DeviceHealth.UNAVAILABLE)


def test_paper_near_end_still_prints_but_degrades(printer, record_events):
    recorder = record_events(printer)
    printer.set_paper(PaperState.NEAR_END)
    printer.print_receipt(service_receipt())
    assert len(printer.printed) == 1
    assert printer.health() is DeviceHealth.DEGRADED
    assert recorder.wait_for(DeviceEventKind.PAPER_LOW)


def test_fault_events_in_order(printer, record_events):
    recorder = record_events(printer)
    printer.set_paper(PaperState.NEAR_END)
    printer.set_paper(PaperState.OUT)
    printer.set_paper(PaperState.OK)
    printer.set_cover_open(True)
    printer.set_cover_open(False)
    printer.unplug()
    assert printer.health() is DeviceHealth.UNAVAILABLE
    printer.replug()
    assert printer.health() is DeviceHealth.READY
    assert printer.wait_events_delivered()
    assert recorder.kinds == [
        DeviceEventKind.PAPER_LOW,
        DeviceEventKind.PAPER_OUT,
        DeviceEventKind.PAPER_OK,
        DeviceEventKind.COVER_OPEN,
        DeviceEventKind.COVER_CLOSED,
        DeviceEventKind.LOST,
        DeviceEventKind.FOUND,
    ]
    printer.print_receipt(service_receipt())
    assert len(printer.printed) == 1


def test_monitor_notices_changes_by_polling(printer, record_events):
    recorder = record_events(printer)
    printer.virtual_printer.cover_open = True  # no helper: only polling can see it
    assert recorder.wait_for(DeviceEventKind.COVER_OPEN, timeout_s=2.0)
    printer.virtual_printer.plugged_in = False
    assert recorder.wait_for(DeviceEventKind.LOST, timeout_s=2.0)
    printer.virtual_printer.plugged_in = True
    assert recorder.wait_for(DeviceEventKind.FOUND, timeout_s=2.0)


def test_busy_while_printing():
    printer = SimulatedReceiptPrinter(print_time_s=0.3, poll_interval_s=0)
    printer.open()
    worker = threading.Thread(target=printer.print_receipt, args=(service_receipt(),))
    worker.start()
    time.sleep(0.1)
    assert printer.health() is DeviceHealth.BUSY
    worker.join()
    assert printer.health() is DeviceHealth.READY
    printer.close()


def test_closed_printer_is_unavailable():
    printer = SimulatedReceiptPrinter(print_time_s=0.0, poll_interval_s=0)
    assert printer.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        printer.print_receipt(service_receipt())


@pytest.mark.parametrize(
    ("online", "paper", "cover_open"),
    list(itertools.product([True, False], list(PaperState), [True, False])),
)
def test_status_bytes_round_trip(online, paper, cover_open):
    status = PrinterStatus(online=online, paper=paper, cover_open=cover_open)
    answers = encode_status(status)
    decoded = decode_status(answers[1], answers[2], answers[4])
    assert decoded.paper is paper
    assert decoded.cover_open is cover_open
    assert decoded.problem is status.problem


def test_real_printer_status_bytes():
    # Answers per the DLE EOT bit tables: idle 0x12 everywhere; cover open n=1 0x1A, n=2 0x16;
    # paper end n=2 0x32 (stopped by paper end), n=4 0x7E (near-end bits 0x0C, end bits 0x60).
    assert decode_status(0x12, 0x12, 0x12) == PrinterStatus(True, PaperState.OK, False)
    assert decode_status(0x1A, 0x16, 0x12).problem is PrinterProblem.COVER_OPEN
    assert decode_status(0x1A, 0x32, 0x7E).paper is PaperState.OUT
    assert decode_status(0x12, 0x12, 0x1E).paper is PaperState.NEAR_END
    with pytest.raises(ValueError):
        decode_status(0x00, 0x12, 0x12)
    assert status_request(4) == b"\x10\x04\x04"


class ScriptedTransport(PrinterTransport):
    """A transport whose status answers are fixed, to test the printer logic alone."""

    def __init__(self, answer: int | None) -> None:
        self.answer = answer
        self.written: list[bytes] = []

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def write_raw(self, data: bytes, timeout_s: float) -> None:
        self.written.append(data)

    def read_raw(self, count: int, timeout_s: float) -> bytes:
        if self.answer is None:
            raise DeviceTimeout("scripted", "silent")
        return bytes([self.answer] * count)


def test_silent_printer_refuses_as_offline():
    transport = ScriptedTransport(answer=0x12)
    printer = EscPosReceiptPrinter("p", transport, poll_interval_s=0)
    printer.open()
    transport.answer = None
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(ReceiptDocument([Text("x")]))
    assert caught.value.reason is PrinterProblem.OFFLINE
    assert all(chunk.startswith(b"\x10\x04") for chunk in transport.written)


def test_garbage_status_byte_is_a_device_error():
    printer = EscPosReceiptPrinter("p", ScriptedTransport(answer=0xFF), poll_interval_s=0)
    with pytest.raises(DeviceError):
        printer.open()
