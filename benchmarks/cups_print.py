"""A4 certificate print time through CUPS: a one-page certificate PDF (the
kiosk's own layout) sent by `CupsDocumentPrinter` to a private cupsd on a
unix socket in a temporary directory, raw queue, simulated printer backend
(`kiosk-pdf`), from `print_pdf` to the job seen COMPLETED. Printed next to
the same run's bare pycups time (create job, send, poll job-state on one
connection, no status check, no monitor), the baseline, so shared-machine
noise cancels in the ratio.

    .venv/bin/python benchmarks/cups_print.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cups  # noqa: E402

from drivers.cups_document_printer import CupsDocumentPrinter  # noqa: E402
from drivers.document_printer import JobState  # noqa: E402
from tests.drivers.cups_fixtures import PrivateCupsd, missing_tools  # noqa: E402

QUEUE = "kiosk_a4"
POLL_S = 0.005  # both sides poll job-state this often


def certificate_pdf() -> bytes:
    from PySide6.QtGui import QGuiApplication

    from ui.certificate_layout import render_certificate_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])
    document = {
        "document_no": "ZM-2026-000123",
        "title": {"zh_CN": "居住证明", "en": "Certificate of Residence"},
        "issuer": {"zh_CN": "上海市公安局", "en": "Shanghai Public Security Bureau"},
        "issued_at": "2026-11-30T10:00:00+08:00",
        "holder": {"name": "Zhang Wei", "id_number_masked": "3101**********1234"},
        "fields": [{"label": {"en": "Address"}, "value": {"en": "100 Century Avenue"}}],
        "verify_url": "https://zwdt.sh.gov.cn/verify/ZM-2026-000123",
    }
    return render_certificate_pdf(document, "zh_CN", "DejaVu Sans")


def driver_print(printer: CupsDocumentPrinter, pdf: bytes) -> float:
    started = time.perf_counter()
    job_id = printer.print_pdf(pdf, "certificate")
    state = printer.wait_for_job(job_id, timeout_s=30.0, poll_s=POLL_S)
    elapsed = time.perf_counter() - started
    assert state is JobState.COMPLETED, state
    return elapsed


def bare_pycups_print(connection: cups.Connection, pdf: bytes) -> float:
    started = time.perf_counter()
    job = connection.createJob(QUEUE, "certificate", {})
    connection.startDocument(QUEUE, job, "certificate", "application/pdf", 1)
    connection.writeRequestData(pdf, len(pdf))
    connection.finishDocument(QUEUE)
    while connection.getJobAttributes(job, requested_attributes=["job-state"])["job-state"] != (
        cups.IPP_JOB_COMPLETED
    ):
        time.sleep(POLL_S)
    return time.perf_counter() - started


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print(f"CUPS not installed: {missing}", file=sys.stderr)
        return 2
    pdf = certificate_pdf()
    with tempfile.TemporaryDirectory(prefix="cups-bench-") as temporary:
        daemon = PrivateCupsd(Path(temporary) / "cupsd")
        daemon.start()
        try:
            daemon.add_queue(QUEUE, Path(temporary) / "printed")
            printer = CupsDocumentPrinter(QUEUE, server=str(daemon.socket_path))
            printer.open()
            connection = daemon.connection()
            try:
                driver_print(printer, pdf)  # warm-up: first backend start, imports
                bare_pycups_print(connection, pdf)
                driver, bare = [], []
                for _ in range(args.repeat):
                    driver.append(driver_print(printer, pdf))
                    bare.append(bare_pycups_print(connection, pdf))
            finally:
                printer.close()
        finally:
            daemon.stop()
    ratio = statistics.median(driver) / statistics.median(bare)
    print(f"certificate PDF: {len(pdf) / 1024:.0f} KiB, {args.repeat} runs each")
    print(f"submit to COMPLETED, CupsDocumentPrinter: {summary(driver)}")
    print(f"submit to COMPLETED, bare pycups:         {summary(bare)}")
    print(f"driver / bare: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
