"""CupsDocumentPrinter against a real, private cupsd and the simulated printer backend.

Every test waits on conditions (events, job states) with generous limits,
never on fixed sleeps: on a loaded two-core machine cupsd may take a while
to start a backend, but it gets there.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import time
import unicodedata

import cups
import pytest

from drivers.cups_channel import connection_arguments
from drivers.cups_document_printer import CupsDocumentPrinter
from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.device_set import build_device_set
from drivers.document_printer import (
    DocumentPrinterReason,
    DocumentPrinterStatus,
    JobState,
    UnknownJob,
)
from drivers.simulated.cups_pdf_backend import set_conditions
from tests.drivers.cups_fixtures import PrivateCupsd, missing_tools

pytestmark = pytest.mark.skipif(
    bool(missing_tools()), reason=f"CUPS not installed: {missing_tools()}"
)

WAIT_S = 20.0  # cupsd starting a backend on a busy machine
POLL_S = 0.1  # the driver's monitor, faster than production's 0.5 s
RECHECK_S = 0.3  # status checks while a problem lasts (production: 10 s)
# A tiny but well-formed one-page PDF, for tests that do not read the text.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
_queue_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def cupsd(tmp_path_factory):
    daemon = PrivateCupsd(tmp_path_factory.mktemp("cupsd"))
    daemon.start()
    yield daemon
    daemon.stop()
    assert daemon.stray_processes() == []


@pytest.fixture
def queue(cupsd, tmp_path):
    """A fresh raw queue per test, printing into tmp_path/printed."""
    name = f"kiosk_a4_{next(_queue_numbers)}"
    output_dir = tmp_path / "printed"
    cupsd.add_queue(name, output_dir)
    yield name, output_dir
    cupsd.delete_queue(name)


def make_printer(server: str, queue_name: str, **options) -> CupsDocumentPrinter:
    options = {"poll_interval_s": POLL_S, "recheck_interval_s": RECHECK_S, **options}
    return CupsDocumentPrinter(queue=queue_name, server=server, **options)


@pytest.fixture
def printer(cupsd, queue):
    device = make_printer(str(cupsd.socket_path), queue[0])
    device.open()
    yield device
    device.close()


def printed(output_dir, job_id):
    """The file the backend wrote for `job_id` ("<queue>-<cups id>")."""
    return output_dir / f"job-{job_id.rpartition('-')[2]}.pdf"


def wait_until(predicate, timeout_s=WAIT_S, interval_s=0.02):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval_s)
    return True


# -- printing --------------------------------------------------------------------


@pytest.fixture
def certificate_pdf(qapp):
    from ui.certificate_layout import render_certificate_pdf

    document = {
        "document_no": "ZM-2026-000123",
        "title": {"zh_CN": "居住证明", "en": "Certificate of Residence"},
        "issuer": {"zh_CN": "上海市公安局", "en": "Shanghai Public Security Bureau"},
        "issued_at": "2026-11-30T10:00:00+08:00",
        "holder": {"name": "Zhang Wei", "id_number_masked": "3101**********1234"},
        "fields": [{"label": {"en": "Address"}, "value": {"en": "100 Century Avenue"}}],
        "verify_url": "https://zwdt.sh.gov.cn/verify/ZM-2026-000123",
    }
    return render_certificate_pdf(document, "en", "DejaVu Sans")


def test_prints_a_certificate_and_tracks_it_to_completed(
    printer, queue, cupsd, certificate_pdf, record_events
):
    _, output_dir = queue
    recorder = record_events(printer)
    job_id = printer.print_pdf(certificate_pdf, "Certificate of Residence - Zhang Wei")
    assert job_id.startswith(f"{printer.queue}-")
    assert printer.wait_for_job(job_id, timeout_s=WAIT_S) is JobState.COMPLETED

    output = printed(output_dir, job_id)
    assert output.read_bytes() == certificate_pdf
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = unicodedata.normalize("NFKC", text)  # the font sets "fi" as one ligature
        assert "Certificate of Residence" in text
        assert "ZM-2026-000123" in text

    assert printer.wait_events_delivered()
    states = [
        event.data for event in recorder.events if event.kind is DeviceEventKind.JOB_STATE_CHANGED
    ]
    assert states[0] == (job_id, JobState.PENDING)
    assert states[-1] == (job_id, JobState.COMPLETED)
    # The title may carry a name: CUPS (job history, page log) never gets it.
    cups_id = int(job_id.rpartition("-")[2])
    name = cupsd.connection().getJobAttributes(cups_id, requested_attributes=["job-name"])
    assert "Zhang" not in str(name.get("job-name"))
    assert printer.health() is DeviceHealth.READY


def test_jobs_run_in_order_with_distinct_ids(printer, queue):
    first = printer.print_pdf(TINY_PDF, "one")
    second = printer.print_pdf(TINY_PDF, "two")
    assert first != second
    assert printer.wait_for_job(second, WAIT_S) is JobState.COMPLETED
    assert printer.wait_for_job(first, WAIT_S) is JobState.COMPLETED
    assert printed(queue[1], first).read_bytes() == TINY_PDF


def test_not_a_pdf_and_unknown_jobs_are_refused(printer, queue, cupsd):
    with pytest.raises(ValueError):
        printer.print_pdf(b"Zhang Wei 310101199001011234", "x")
    assert cupsd.connection().getJobs(which_jobs="all") == {}
    with pytest.raises(UnknownJob):
        printer.job_state("nope")
    with pytest.raises(UnknownJob):
        printer.job_state(f"{printer.queue}-999999")


# -- printer conditions ---------------------------------------------------------------


def test_paper_out_fails_the_job_refuses_the_next_and_recovers(
    printer, queue, cupsd, record_events
):
    name, output_dir = queue
    recorder = record_events(printer)
    set_conditions(output_dir, ["media-empty"])
    job_id = printer.print_pdf(TINY_PDF, "certificate")
    # The backend reports media-empty-error and exits CUPS_BACKEND_STOP.
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.FAILED
    assert recorder.wait_for(DeviceEventKind.PAPER_OUT, WAIT_S).detail == "media-empty"
    assert printer.status().problem is PrinterProblem.PAPER_OUT
    assert printer.health() is DeviceHealth.FAULT
    with pytest.raises(PrinterNotReady) as refused:
        printer.print_pdf(TINY_PDF, "next")
    assert refused.value.reason is PrinterProblem.PAPER_OUT
    # The failed certificate was cancelled in CUPS: loading paper must not
    # print it for whoever stands at the kiosk then.
    cups_id = int(job_id.rpartition("-")[2])
    connection = cupsd.connection()
    assert wait_until(
        lambda: connection.getJobAttributes(cups_id)["job-state"] == cups.IPP_JOB_CANCELED
    )

    set_conditions(output_dir, [])  # paper loaded
    recorder.wait_for(DeviceEventKind.PAPER_OK, WAIT_S)
    assert printer.status().ready
    assert connection.getPrinterAttributes(name)["printer-state"] != cups.IPP_PRINTER_STOPPED
    job_id = printer.print_pdf(TINY_PDF, "again")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED
    assert sorted(path.name for path in output_dir.iterdir()) == [printed(output_dir, job_id).name]


@pytest.mark.parametrize(
    ("condition", "problem", "event", "words"),
    [
        ("cover-open", PrinterProblem.COVER_OPEN, DeviceEventKind.COVER_OPEN, "open: close it"),
        ("media-jam", PrinterProblem.PAPER_JAM, None, "paper jammed"),
    ],
)
def test_cover_open_and_jam(printer, queue, record_events, condition, problem, event, words):
    _, output_dir = queue
    recorder = record_events(printer)
    set_conditions(output_dir, [condition])
    job_id = printer.print_pdf(TINY_PDF, "certificate")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.FAILED
    status = printer.status()
    assert status.problem is problem
    assert words in str(status)  # what the technician reads in `main.py diagnose`
    if event is not None:
        recorder.wait_for(event, WAIT_S)
    with pytest.raises(PrinterNotReady):
        printer.print_pdf(TINY_PDF, "next")
    set_conditions(output_dir, [])
    assert wait_until(lambda: printer.health() is DeviceHealth.READY)
    if event is DeviceEventKind.COVER_OPEN:
        recorder.wait_for(DeviceEventKind.COVER_CLOSED, WAIT_S)
    job_id = printer.print_pdf(TINY_PDF, "again")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED


def test_jam_while_printing_spoils_that_sheet(printer, queue):
    _, output_dir = queue
    set_conditions(output_dir, [], print_time_s=1.0)
    job_id = printer.print_pdf(TINY_PDF, "certificate")
    assert wait_until(lambda: printer.job_state(job_id) is not JobState.PENDING)
    set_conditions(output_dir, ["media-jam"])
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.FAILED
    assert not printed(output_dir, job_id).exists()


def test_paper_low_still_prints(printer, queue, record_events):
    _, output_dir = queue
    recorder = record_events(printer)
    set_conditions(output_dir, ["media-low"])
    job_id = printer.print_pdf(TINY_PDF, "certificate")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED
    recorder.wait_for(DeviceEventKind.PAPER_LOW, WAIT_S)
    assert printer.status().reasons == {DocumentPrinterReason.MEDIA_LOW}
    assert printer.health() is DeviceHealth.DEGRADED


def test_printer_switched_off_is_lost_until_it_answers(printer, queue, record_events):
    _, output_dir = queue
    recorder = record_events(printer)
    set_conditions(output_dir, ["offline"])
    job_id = printer.print_pdf(TINY_PDF, "certificate")
    # offline-report and CUPS_BACKEND_RETRY: cupsd keeps the queue going.
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.FAILED
    recorder.wait_for(DeviceEventKind.LOST, WAIT_S)
    with pytest.raises(PrinterNotReady) as refused:
        printer.print_pdf(TINY_PDF, "next")
    assert refused.value.reason is PrinterProblem.OFFLINE
    set_conditions(output_dir, [])
    recorder.wait_for(DeviceEventKind.FOUND, WAIT_S)
    job_id = printer.print_pdf(TINY_PDF, "again")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED


# -- the queue and cupsd ---------------------------------------------------------------


def test_queue_disabled_by_a_technician_is_lost_and_not_reenabled(
    printer, queue, cupsd, record_events
):
    name, _ = queue
    recorder = record_events(printer)
    cupsd.run_tool("cupsdisable", name)
    recorder.wait_for(DeviceEventKind.LOST, WAIT_S)
    with pytest.raises(PrinterNotReady) as refused:
        printer.print_pdf(TINY_PDF, "x")
    assert refused.value.reason is PrinterProblem.OFFLINE
    # A person's decision: the monitor must not undo it. This waits on
    # something that must not happen, so it waits a few monitor rounds only.
    connection = cupsd.connection()
    assert not wait_until(
        lambda: connection.getPrinterAttributes(name)["printer-state"] != cups.IPP_PRINTER_STOPPED,
        timeout_s=4 * RECHECK_S,
    )
    assert connection.getJobs(which_jobs="all") == {}  # and no status checks sent
    cupsd.run_tool("cupsenable", name)
    recorder.wait_for(DeviceEventKind.FOUND, WAIT_S)
    job_id = printer.print_pdf(TINY_PDF, "again")
    assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED


def test_deleted_queue_is_lost(cupsd, tmp_path, record_events):
    cupsd.add_queue("kiosk_a4_doomed", tmp_path / "printed")
    printer = make_printer(str(cupsd.socket_path), "kiosk_a4_doomed")
    printer.open()
    try:
        recorder = record_events(printer)
        cupsd.delete_queue("kiosk_a4_doomed")
        assert recorder.wait_for(DeviceEventKind.LOST, WAIT_S).detail == "queue not found"
        with pytest.raises(DeviceUnavailable):
            printer.print_pdf(TINY_PDF, "x")
        assert printer.health() is DeviceHealth.UNAVAILABLE
    finally:
        printer.close()
    with pytest.raises(DeviceUnavailable):
        make_printer(str(cupsd.socket_path), "kiosk_a4_missing").open()


def test_cupsd_crash_stall_and_restart(tmp_path, record_events):
    """Its own cupsd, over TCP: killed mid-job, restarted, then frozen and thawed."""
    daemon = PrivateCupsd(tmp_path / "cupsd")
    output_dir = tmp_path / "printed"
    daemon.start()
    printer = None
    try:
        daemon.add_queue("kiosk_a4", output_dir)
        printer = make_printer(daemon.tcp_server, "kiosk_a4", io_timeout_s=1.0)
        printer.open()
        recorder = record_events(printer)
        assert printer.wait_for_job(printer.print_pdf(TINY_PDF, "a"), WAIT_S) is JobState.COMPLETED

        set_conditions(output_dir, [], print_time_s=3.0)
        in_flight = printer.print_pdf(TINY_PDF, "in flight")
        assert wait_until(lambda: printer.job_state(in_flight) is JobState.PRINTING)
        daemon.kill()  # and the backend with it, as when the machine's print stack dies
        assert recorder.wait_for(DeviceEventKind.LOST, WAIT_S).detail == "cupsd not reachable"
        assert printer.job_state(in_flight) is JobState.FAILED
        for call in (lambda: printer.print_pdf(TINY_PDF, "b"), printer.status):
            started = time.monotonic()
            with pytest.raises(DeviceUnavailable):
                call()
            assert time.monotonic() - started < 0.5  # fails fast, no connect attempt
        assert printer.health() is DeviceHealth.UNAVAILABLE

        daemon.start()  # restarts the interrupted job: the driver cancels it
        recorder.wait_for(DeviceEventKind.FOUND, WAIT_S)
        connection = daemon.connection()
        cups_id = int(in_flight.rpartition("-")[2])
        assert wait_until(
            lambda: connection.getJobAttributes(cups_id)["job-state"] == cups.IPP_JOB_CANCELED
        )
        assert not printed(output_dir, in_flight).exists()
        set_conditions(output_dir, [])
        job_id = printer.print_pdf(TINY_PDF, "c")
        assert printer.wait_for_job(job_id, WAIT_S) is JobState.COMPLETED

        # Frozen: the kernel still accepts connections, nobody answers.
        daemon.suspend()
        try:
            assert wait_until(lambda: recorder.kinds.count(DeviceEventKind.LOST) == 2)
            started = time.monotonic()
            with pytest.raises((DeviceUnavailable, DeviceTimeout)):
                printer.status()
            assert time.monotonic() - started < 3.0
        finally:
            daemon.resume()
        assert wait_until(lambda: recorder.kinds.count(DeviceEventKind.FOUND) == 2)
        assert printer.status().ready
    finally:
        if printer is not None:
            printer.close()
        daemon.stop()
    assert daemon.stray_processes() == []


# -- configuration and plain words -----------------------------------------------------


def test_built_from_json_config(cupsd, queue):
    devices = build_device_set(
        {
            "document_printer": {
                "driver": "cups",
                "queue": queue[0],
                "server": cupsd.tcp_server,
                "poll_interval_s": 0.5,
            }
        }
    )
    printer = devices.document_printer
    assert isinstance(printer, CupsDocumentPrinter)
    assert printer.device_id == "document_printer"
    printer.open()
    try:
        assert printer.status().ready
    finally:
        printer.close()


@pytest.mark.parametrize(
    ("server", "arguments"),
    [
        (None, {}),
        ("/run/kiosk/cups.sock", {"host": "/run/kiosk/cups.sock"}),
        ("print.example", {"host": "print.example"}),
        ("127.0.0.1:8631", {"host": "127.0.0.1", "port": 8631}),
        ("[::1]:631", {"host": "::1", "port": 631}),
    ],
)
def test_server_names(server, arguments):
    assert connection_arguments(server) == arguments


@pytest.mark.parametrize(
    ("keyword", "reason"),
    [
        ("media-empty-error", DocumentPrinterReason.MEDIA_EMPTY),
        ("media-empty-report", DocumentPrinterReason.MEDIA_EMPTY),
        ("media-needed-warning", DocumentPrinterReason.MEDIA_EMPTY),
        ("media-low-warning", DocumentPrinterReason.MEDIA_LOW),
        ("media-jam-error", DocumentPrinterReason.MEDIA_JAM),
        ("cover-open-report", DocumentPrinterReason.COVER_OPEN),
        ("door-open-error", DocumentPrinterReason.COVER_OPEN),
        ("offline-report", DocumentPrinterReason.OFFLINE),
        ("toner-low-warning", None),
        ("paused", None),
    ],
)
def test_printer_state_reasons_map_to_conditions(keyword, reason):
    assert DocumentPrinterReason.from_keyword(keyword) is reason


def test_every_condition_has_plain_words():
    status = DocumentPrinterStatus(
        frozenset(DocumentPrinterReason), frozenset({"toner-low-warning"})
    )
    text = str(status)
    for reason in DocumentPrinterReason:
        assert reason.plain_words in text
    assert "toner-low-warning" in text
    assert str(DocumentPrinterStatus()) == "ready"
