"""The real EscPosReceiptPrinter over TCP against the network printer simulator."""

import socket
import threading

import cv2
import numpy as np
import pytest

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.escpos import encode_receipt, receipt_lines
from drivers.escpos_network import TcpPrinterTransport, network_receipt_printer
from drivers.escpos_status import OFFLINE_CAUSE, PRINTER_STATUS, ROLL_PAPER_SENSOR
from drivers.receipt_printer import PaperState, PrinterStatus
from drivers.simulated.network_receipt_printer import SimulatedNetworkPrinter

from .receipts import QR_URL, service_receipt

IO_TIMEOUT_S = 0.5


@pytest.fixture
def simulator():
    with SimulatedNetworkPrinter() as server:
        yield server


@pytest.fixture
def printer(simulator):
    # No monitor thread: tests refresh explicitly, so nothing depends on timing.
    device = network_receipt_printer(
        "receipt-tcp", "127.0.0.1", simulator.port, poll_interval_s=0, io_timeout_s=IO_TIMEOUT_S,
        connect_timeout_s=1.0,
    )  # fmt: skip
    device.open()
    yield device
    device.close()


def test_a_receipt_prints_and_reads_back(printer, simulator):
    document = service_receipt()
    printer.print_receipt(document)

    assert simulator.wait_for_jobs(1)
    job = simulator.jobs[0]
    assert job.data == encode_receipt(document)
    assert job.parsed.lines == receipt_lines(document)
    assert [qr.text for qr in job.parsed.qr_codes] == [QR_URL]
    assert job.parsed.cuts == 1
    image = cv2.imdecode(np.frombuffer(job.png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert cv2.QRCodeDetector().detectAndDecode(image)[0] == QR_URL


def test_several_jobs_on_one_connection(printer, simulator):
    for _ in range(3):
        printer.print_receipt(service_receipt())
    assert simulator.wait_for_jobs(3)
    assert simulator.connections_accepted == 1
    assert {job.data for job in simulator.jobs} == {encode_receipt(service_receipt())}


def test_status_bytes_follow_the_simulator(printer, simulator):
    assert printer.status() == PrinterStatus(online=True, paper=PaperState.OK, cover_open=False)
    simulator.paper = PaperState.NEAR_END
    assert printer.status().paper is PaperState.NEAR_END
    simulator.paper = PaperState.OUT
    assert printer.status() == PrinterStatus(online=False, paper=PaperState.OUT, cover_open=False)


def test_raw_status_answers_match_the_spec(simulator):
    transport = TcpPrinterTransport("127.0.0.1", simulator.port)
    transport.open()
    try:
        answers = lambda: [transport.query_status(n, 1.0) for n in (1, 2, 4)]  # noqa: E731
        assert answers() == [0x12, 0x12, 0x12]
        simulator.cover_open = True
        # DLE EOT 1 bit 3 offline; DLE EOT 2 bit 2 cover open.
        assert answers() == [0x1A, 0x16, 0x12]
        simulator.cover_open = False
        simulator.paper = PaperState.OUT
        # Stopped by paper end (2: bit 5); near end and end sensors (4: bits 2-3, 5-6).
        assert answers() == [0x1A, 0x32, 0x7E]
    finally:
        transport.close()
    assert (PRINTER_STATUS, OFFLINE_CAUSE, ROLL_PAPER_SENSOR) == (1, 2, 4)


@pytest.mark.parametrize(
    ("fault", "problem", "event"),
    [
        ("paper", PrinterProblem.PAPER_OUT, DeviceEventKind.PAPER_OUT),
        ("cover", PrinterProblem.COVER_OPEN, DeviceEventKind.COVER_OPEN),
    ],
)
def test_faults_refuse_before_sending(printer, simulator, record_events, fault, problem, event):
    recorder = record_events(printer)
    if fault == "paper":
        simulator.paper = PaperState.OUT
    else:
        simulator.cover_open = True

    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())

    assert caught.value.reason is problem
    assert recorder.wait_for(event).device_id == "receipt-tcp"
    assert simulator.job_bytes_received == 0
    assert simulator.jobs == []
    assert printer.health() is DeviceHealth.FAULT


def test_fault_cleared_emits_and_prints_again(printer, simulator, record_events):
    recorder = record_events(printer)
    simulator.cover_open = True
    printer.refresh_status()
    simulator.cover_open = False
    printer.refresh_status()
    printer.print_receipt(service_receipt())
    assert printer.wait_events_delivered()
    assert recorder.kinds == [DeviceEventKind.COVER_OPEN, DeviceEventKind.COVER_CLOSED]
    assert simulator.wait_for_jobs(1)


def test_printer_lost_mid_job_fails_clearly_then_recovers(printer, simulator):
    simulator.drop_connection_mid_job(after_bytes=100)

    with pytest.raises(DeviceUnavailable) as caught:
        printer.print_receipt(service_receipt())

    assert "connection" in str(caught.value)
    assert simulator.jobs == []  # no cut arrived: the printer holds a partial job
    # The next request opens a new connection by itself.
    assert printer.status().problem is None
    printer.print_receipt(service_receipt())
    assert simulator.wait_for_jobs(1)
    assert simulator.connections_accepted == 2


def test_unplugged_printer_is_lost_then_found(printer, simulator, record_events):
    recorder = record_events(printer)
    simulator.stop()

    assert printer.refresh_status() is None
    assert recorder.wait_for(DeviceEventKind.LOST)
    assert printer.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())
    assert caught.value.reason is PrinterProblem.OFFLINE

    simulator.start()  # same port, as a printer powered on again
    assert printer.refresh_status() == PrinterStatus(True, PaperState.OK, False)
    assert recorder.wait_for(DeviceEventKind.FOUND)
    assert printer.health() is DeviceHealth.READY
    printer.print_receipt(service_receipt())
    assert simulator.wait_for_jobs(1)


def test_monitor_finds_a_restarted_printer(simulator, record_events):
    device = network_receipt_printer(
        "receipt-tcp", "127.0.0.1", simulator.port, poll_interval_s=0.05, io_timeout_s=0.5
    )
    recorder = record_events(device)
    device.open()
    try:
        simulator.stop()
        assert recorder.wait_for(DeviceEventKind.LOST, timeout_s=5.0)
        simulator.start()
        assert recorder.wait_for(DeviceEventKind.FOUND, timeout_s=5.0)
        assert device.status().problem is None
    finally:
        device.close()


def test_silent_printer_times_out(printer, simulator):
    simulator.answer_status = False

    with pytest.raises(DeviceTimeout):
        printer.status()
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())
    assert caught.value.reason is PrinterProblem.OFFLINE
    assert simulator.job_bytes_received == 0

    simulator.answer_status = True
    assert printer.refresh_status() is not None


def test_open_fails_fast_when_nothing_listens():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connections are refused
        device = network_receipt_printer("receipt-tcp", "127.0.0.1", port, poll_interval_s=0)
        with pytest.raises(DeviceUnavailable):
            device.open()


def test_peer_that_accepts_but_never_reads_times_out_on_write():
    """A printer whose buffer is full: the write deadline holds, nothing hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        transport = TcpPrinterTransport("127.0.0.1", server.getsockname()[1])
        transport.open()
        conn, _ = server.accept()
        try:
            with pytest.raises(DeviceTimeout):
                transport.write_raw(b"x" * 50_000_000, timeout_s=0.5)
            assert not transport.connected
        finally:
            conn.close()
            transport.close()


def test_concurrent_status_and_print_do_not_mix_answers(printer, simulator):
    errors: list[BaseException] = []

    def poll() -> None:
        try:
            for _ in range(30):
                assert printer.status().problem is None
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    thread = threading.Thread(target=poll)
    thread.start()
    for _ in range(5):
        printer.print_receipt(service_receipt())
    thread.join(timeout=10)
    assert errors == []
    assert simulator.wait_for_jobs(5)


def test_the_network_printer_is_chosen_by_configuration():
    from drivers.device_set import build_device_set
    from drivers.escpos_printer import EscPosReceiptPrinter

    devices = build_device_set(
        {"receipt_printer": {"driver": "network", "host": "127.0.0.1", "port": 9, "poll_interval_s": 0}}
    )
    assert isinstance(devices.receipt_printer, EscPosReceiptPrinter)
