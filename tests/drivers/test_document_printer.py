import time

import pytest

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.document_printer import DocumentPrinterReason, JobState, UnknownJob
from drivers.simulated.document_printer import SimulatedDocumentPrinter

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def printer(tmp_path):
    device = SimulatedDocumentPrinter(
        output_dir=tmp_path / "printed", queue_delay_s=0.01, print_time_s=0.1
    )
    device.open()
    yield device
    device.close()


def test_job_lifecycle_writes_the_pdf(printer, record_events):
    recorder = record_events(printer)
    job_id = printer.print_pdf(PDF, "居住证明/2026")
    assert printer.job_state(job_id) in (JobState.PENDING, JobState.PRINTING)
    assert printer.wait_for_job(job_id, timeout_s=3.0) is JobState.COMPLETED
    output = printer.output_path(job_id)
    assert output is not None and output.parent == printer.output_dir
    assert output.read_bytes() == PDF
    assert "/" not in output.name.removeprefix(job_id)
    assert printer.wait_events_delivered()
    states = [event.data for event in recorder.events]
    assert states == [
        (job_id, JobState.PENDING),
        (job_id, JobState.PRINTING),
        (job_id, JobState.COMPLETED),
    ]


def test_jobs_get_distinct_ids_and_run_in_order(printer):
    first = printer.print_pdf(PDF, "one")
    second = printer.print_pdf(PDF, "two")
    assert first != second
    assert printer.wait_for_job(second, 3.0) is JobState.COMPLETED
    assert printer.job_state(first) is JobState.COMPLETED


def test_not_a_pdf_is_rejected(printer):
    with pytest.raises(ValueError):
        printer.print_pdf(b"hello", "x")


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        (DocumentPrinterReason.MEDIA_EMPTY, PrinterProblem.PAPER_OUT),
        (DocumentPrinterReason.MEDIA_JAM, PrinterProblem.PAPER_JAM),
        (DocumentPrinterReason.COVER_OPEN, PrinterProblem.COVER_OPEN),
        (DocumentPrinterReason.OFFLINE, PrinterProblem.OFFLINE),
    ],
)
def test_problems_refuse_jobs(printer, reason, problem):
    printer.set_condition(reason, True)
    assert reason in printer.status().reasons
    assert printer.status().problem is problem
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_pdf(PDF, "x")
    assert caught.value.reason is problem
    assert list(printer.output_dir.iterdir()) == []


def test_media_low_only_degrades(printer, record_events):
    recorder = record_events(printer)
    printer.set_condition("media-low", True)
    assert printer.health() is DeviceHealth.DEGRADED
    job_id = printer.print_pdf(PDF, "x")
    assert printer.wait_for_job(job_id, 3.0) is JobState.COMPLETED
    assert recorder.wait_for(DeviceEventKind.PAPER_LOW)


def test_jam_during_printing_fails_the_job_and_holds_the_next(tmp_path):
    printer = SimulatedDocumentPrinter(tmp_path, queue_delay_s=0.0, print_time_s=0.3)
    printer.open()
    first = printer.print_pdf(PDF, "first")
    second = printer.print_pdf(PDF, "second")
    deadline = time.monotonic() + 2.0
    while printer.job_state(first) is not JobState.PRINTING and time.monotonic() < deadline:
        time.sleep(0.005)
    printer.set_condition(DocumentPrinterReason.MEDIA_JAM, True)
    assert printer.wait_for_job(first, 2.0) is JobState.FAILED
    assert printer.output_path(first) is None
    assert printer.job_state(second) is JobState.PENDING  # held while jammed
    printer.set_condition(DocumentPrinterReason.MEDIA_JAM, False)
    assert printer.wait_for_job(second, 2.0) is JobState.COMPLETED
    printer.close()


def test_condition_events(printer, record_events):
    recorder = record_events(printer)
    printer.set_condition("media-empty", True)
    printer.set_condition("media-empty", True)  # unchanged: no second event
    printer.set_condition("media-empty", False)
    printer.set_condition("cover-open", True)
    printer.set_condition("cover-open", False)
    printer.unplug()
    assert printer.health() is DeviceHealth.UNAVAILABLE
    printer.replug()
    assert printer.health() is DeviceHealth.READY
    assert printer.wait_events_delivered()
    assert recorder.kinds == [
        DeviceEventKind.PAPER_OUT,
        DeviceEventKind.PAPER_OK,
        DeviceEventKind.COVER_OPEN,
        DeviceEventKind.COVER_CLOSED,
        DeviceEventKind.LOST,
        DeviceEventKind.FOUND,
    ]


def test_unknown_job(printer):
    with pytest.raises(UnknownJob):
        printer.job_state("nope")


def test_wait_for_job_times_out(tmp_path):
    printer = SimulatedDocumentPrinter(tmp_path, queue_delay_s=0.0, print_time_s=5.0)
    printer.open()
    job_id = printer.print_pdf(PDF, "slow")
    with pytest.raises(DeviceTimeout):
        printer.wait_for_job(job_id, timeout_s=0.1)
    printer.close()


def test_closed_printer_refuses(tmp_path):
    printer = SimulatedDocumentPrinter(tmp_path)
    assert printer.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        printer.print_pdf(PDF, "x")
