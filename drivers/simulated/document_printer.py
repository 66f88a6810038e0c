"""A simulated A4 printer that "prints" by writing each PDF into a folder.

Jobs run one at a time on a worker thread, like a print queue: PENDING,
then PRINTING for `print_time_s`, then COMPLETED (file written). A problem
arising mid-job fails that job; queued jobs wait until the problem clears,
as CUPS holds jobs for a stopped printer.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections import deque
from pathlib import Path

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceUnavailable,
    PrinterNotReady,
)
from drivers.document_printer import (
    DocumentPrinter,
    DocumentPrinterReason,
    DocumentPrinterStatus,
    JobState,
    UnknownJob,
)

_EVENTS_ON = {
    DocumentPrinterReason.MEDIA_EMPTY: DeviceEventKind.PAPER_OUT,
    DocumentPrinterReason.MEDIA_LOW: DeviceEventKind.PAPER_LOW,
    DocumentPrinterReason.COVER_OPEN: DeviceEventKind.COVER_OPEN,
    DocumentPrinterReason.OFFLINE: DeviceEventKind.LOST,
}
_EVENTS_OFF = {
    DocumentPrinterReason.MEDIA_EMPTY: DeviceEventKind.PAPER_OK,
    DocumentPrinterReason.MEDIA_LOW: DeviceEventKind.PAPER_OK,
    DocumentPrinterReason.COVER_OPEN: DeviceEventKind.COVER_CLOSED,
    DocumentPrinterReason.OFFLINE: DeviceEventKind.FOUND,
}
_UNSAFE_FILENAME_CHARS = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


class SimulatedDocumentPrinter(DocumentPrinter):
    def __init__(
        self,
        output_dir: str | Path,
        device_id: str = "simulated-document-printer",
        queue_delay_s: float = 0.05,
        print_time_s: float = 0.5,
    ) -> None:
        super().__init__(device_id)
        self.output_dir = Path(output_dir)
        self._queue_delay_s = queue_delay_s
        self._print_time_s = print_time_s
        self._condition = threading.Condition()
        self._reasons: set[DocumentPrinterReason] = set()
        self._jobs: dict[str, JobState] = {}
        self._queue: deque[tuple[str, bytes, str]] = deque()
        self._job_numbers = itertools.count(1)
        self._is_open = False
        self._worker: threading.Thread | None = None

    # -- simulation controls -------------------------------------------------

    def set_condition(self, reason: DocumentPrinterReason | str, active: bool) -> None:
        """Raise or clear a printer condition (paper empty, jam, cover open, offline)."""
        reason = DocumentPrinterReason(reason)
        with self._condition:
            if (reason in self._reasons) == active:
                return
            if active:
                self._reasons.add(reason)
            else:
                self._reasons.discard(reason)
            self._condition.notify_all()
        event = _EVENTS_ON.get(reason) if active else _EVENTS_OFF.get(reason)
        if event is not None:
            self._emit(event, detail=reason.value)

    def unplug(self) -> None:
        self.set_condition(DocumentPrinterReason.OFFLINE, True)

    def replug(self) -> None:
        self.set_condition(DocumentPrinterReason.OFFLINE, False)

    def output_path(self, job_id: str) -> Path | None:
        """Where a completed job's PDF was written."""
        matches = sorted(self.output_dir.glob(f"{job_id}-*.pdf"))
        return matches[0] if matches else None

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        with self._condition:
            self._is_open = True
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._run_queue, name=f"{self.device_id}-queue", daemon=True
                )
                self._worker.start()

    def close(self) -> None:
        with self._condition:
            self._is_open = False
            worker, self._worker = self._worker, None
            self._condition.notify_all()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=5.0)

    def health(self) -> DeviceHealth:
        status = self.status()
        if not self._is_open or DocumentPrinterReason.OFFLINE in status.reasons:
            return DeviceHealth.UNAVAILABLE
        if status.problem is not None:
            return DeviceHealth.FAULT
        with self._condition:
            if any(state is JobState.PRINTING for state in self._jobs.values()):
                return DeviceHealth.BUSY
        if DocumentPrinterReason.MEDIA_LOW in status.reasons:
            return DeviceHealth.DEGRADED
        return DeviceHealth.READY

    # -- DocumentPrinter ------------------------------------------------------

    def status(self) -> DocumentPrinterStatus:
        with self._condition:
            return DocumentPrinterStatus(frozenset(self._reasons))

    def print_pdf(self, pdf: bytes, title: str) -> str:
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF document")
        with self._condition:
            if not self._is_open:
                raise DeviceUnavailable(self.device_id, "not open")
            problem = DocumentPrinterStatus(frozenset(self._reasons)).problem
            if problem is not None:
                raise PrinterNotReady(self.device_id, problem)
            job_id = f"{self.device_id}-{next(self._job_numbers)}"
            self._jobs[job_id] = JobState.PENDING
            self._queue.append((job_id, bytes(pdf), title))
            self._condition.notify_all()
        self._emit(DeviceEventKind.JOB_STATE_CHANGED, data=(job_id, JobState.PENDING))
        return job_id

    def job_state(self, job_id: str) -> JobState:
        with self._condition:
            if job_id not in self._jobs:
                raise UnknownJob(self.device_id, job_id)
            return self._jobs[job_id]

    # -- worker ---------------------------------------------------------------

    def _set_job(self, job_id: str, state: JobState) -> None:
        with self._condition:
            self._jobs[job_id] = state
        self._emit(DeviceEventKind.JOB_STATE_CHANGED, data=(job_id, state))

    def _has_problem(self) -> bool:
        return DocumentPrinterStatus(frozenset(self._reasons)).problem is not None

    def _run_queue(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(
                    lambda: not self._is_open or (self._queue and not self._has_problem())
                )
                if not self._is_open:
                    return
                job_id, pdf, title = self._queue.popleft()
            time.sleep(self._queue_delay_s)
            self._set_job(job_id, JobState.PRINTING)
            with self._condition:
                # Any problem during the print time spoils this sheet.
                failed = self._condition.wait_for(
                    lambda: self._has_problem() or not self._is_open, self._print_time_s
                )
            if failed:
                self._set_job(job_id, JobState.FAILED)
                continue
            safe_title = _UNSAFE_FILENAME_CHARS.sub("_", title)[:60] or "document"
            (self.output_dir / f"{job_id}-{safe_title}.pdf").write_bytes(pdf)
            self._set_job(job_id, JobState.COMPLETED)
