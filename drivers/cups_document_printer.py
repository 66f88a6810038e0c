"""An A4 document printer behind a CUPS queue, through pycups.

The queue should be a raw queue dedicated to the kiosk: the kiosk sends
finished PDF, and the printer (or its driverless IPP path) does the rest.

What the kiosk does about printer problems, and why:

* A job is refused up front (PrinterNotReady) while the queue reports a
  problem (paper out, jam, cover open, printer offline, queue disabled).
* A resident's job that cannot print now is cancelled in CUPS and reported
  FAILED. A certificate that comes out minutes later, when paper is loaded,
  lands in a stranger's hands; the resident is told at once instead.
* cupsd keeps a condition a backend reported (and stops the queue for paper,
  jam or cover) until a backend clears it, which happens only when a job
  runs. So while the queue reports a problem and no resident's job waits,
  the driver re-enables the queue it stopped for that problem and sends a
  CUPS command file (the kind behind CUPS' printer maintenance commands)
  every `recheck_interval_s`: the backend reports the printer's state again
  without printing, and loading paper turns into PAPER_OK with no technician
  at a terminal. A queue a person disabled (paused with no problem) or set
  to reject jobs is reported LOST and left alone.
* cupsd unreachable or the queue deleted: LOST; calls fail at once with
  DeviceUnavailable until the monitor sees cupsd again (FOUND). Jobs then
  unfinished are reported FAILED and cancelled once cupsd answers again.

Configuration (see device_set.py):

    "document_printer": {"driver": "cups", "queue": "Kiosk_A4",
                         "server": "/run/cups/cups.sock"}

`server` is "host", "host:port" or cupsd's unix socket (default: the
system's CUPS server); `poll_interval_s`, `io_timeout_s` (the longest any
call to cupsd may take) and `recheck_interval_s` are optional.

Job titles go to CUPS only with `send_titles=True` (they may hold names,
and CUPS keeps job names in its job history and page log); this module
logs job ids, never titles.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import cups

from drivers.cups_channel import CupsChannel, CupsTimeout, CupsUnreachable
from drivers.cups_queue_state import PRINTER_ATTRIBUTES, QueueView, job_state_from_ipp
from drivers.device import (
    DeviceError,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.document_printer import (
    DocumentPrinter,
    DocumentPrinterReason,
    DocumentPrinterStatus,
    JobState,
    UnknownJob,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

_FINISHED = (JobState.COMPLETED, JobState.FAILED)
_STATUS_CHECK = b"#CUPS-COMMAND\nReportLevels\n"
_STATUS_CHECK_FORMAT = "application/vnd.cups-command"
_NEUTRAL_TITLE = "kiosk document"
_REMEMBERED_FINISHED_JOBS = 200


@dataclass
class _Job:
    cups_id: int
    state: JobState


class CupsDocumentPrinter(DocumentPrinter):
    def __init__(
        self,
        queue: str,
        server: str | None = None,
        device_id: str = "document_printer",
        poll_interval_s: float = 0.5,
        io_timeout_s: float = 5.0,
        recheck_interval_s: float = 10.0,
        send_titles: bool = False,
    ) -> None:
        super().__init__(device_id)
        self.queue = queue
        self._poll_interval_s = poll_interval_s
        self._io_timeout_s = io_timeout_s
        self._recheck_interval_s = recheck_interval_s
        self._send_titles = send_titles
        self._server = server
        self._channel = CupsChannel(server, name=device_id)
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        # CUPS ids of jobs reported FAILED that CUPS may still print.
        self._to_cancel: set[int] = set()
        self._reachable = True
        self._queue_present = True
        self._status = DocumentPrinterStatus()
        self._disabled = False
        self._printer_offline = False
        self._status_check_job: int | None = None
        self._last_status_check = 0.0
        self._is_open = False
        self._stop_monitor = threading.Event()
        self._monitor: threading.Thread | None = None

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        if self._is_open:
            return
        self._channel = CupsChannel(self._server, name=self.device_id)
        self._is_open = True
        try:
            self._refresh()
            if self._lost_detail() is not None:
                raise DeviceUnavailable(self.device_id, self._lost_detail())
        except DeviceError:
            self._is_open = False
            self._channel.close()
            raise
        self._stop_monitor.clear()
        self._monitor = threading.Thread(
            target=self._monitor_loop, name=f"{self.device_id}-status", daemon=True
        )
        self._monitor.start()

    def close(self) -> None:
        self._is_open = False
        self._stop_monitor.set()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=self._io_timeout_s + 1.0)
        self._monitor = None
        self._channel.close()

    def health(self) -> DeviceHealth:
        with self._lock:
            if not self._is_open or self._lost_detail() is not None:
                return DeviceHealth.UNAVAILABLE
            status = self._status
            if DocumentPrinterReason.OFFLINE in status.reasons:
                return DeviceHealth.UNAVAILABLE
            if status.problem is not None:
                return DeviceHealth.FAULT
            if any(job.state is JobState.PRINTING for job in self._jobs.values()):
                return DeviceHealth.BUSY
            if DocumentPrinterReason.MEDIA_LOW in status.reasons:
                return DeviceHealth.DEGRADED
            return DeviceHealth.READY

    # -- DocumentPrinter ------------------------------------------------------

    def status(self) -> DocumentPrinterStatus:
        self._require_reachable()
        self._refresh()
        with self._lock:
            return self._status

    def print_pdf(self, pdf: bytes, title: str) -> str:
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF document")
        problem = self.status().problem
        if problem is not None:
            raise PrinterNotReady(self.device_id, problem)
        job_name = title if self._send_titles else _NEUTRAL_TITLE
        try:
            cups_id = self._call(lambda c: c.createJob(self.queue, job_name, {}))
        except cups.IPPError as error:
            raise self._submit_error(error) from None
        try:
            # Streamed from memory: a certificate never sits in a temp file.
            self._call(
                lambda c: self._send_document(c, cups_id, pdf, _NEUTRAL_TITLE, "application/pdf"),
                self._io_timeout_s + len(pdf) / 1_000_000,
            )
        except (DeviceError, cups.IPPError) as error:
            with self._lock:
                # A job without its document would wait in the queue for ever.
                self._to_cancel.add(cups_id)
            if isinstance(error, cups.IPPError):
                raise self._submit_error(error) from None
            raise
        job_id = f"{self.queue}-{cups_id}"
        with self._lock:
            self._forget_old_jobs()
            self._jobs[job_id] = _Job(cups_id, JobState.PENDING)
            self._emit(DeviceEventKind.JOB_STATE_CHANGED, data=(job_id, JobState.PENDING))
        log.info("queued job %s", job_id)
        return job_id

    def job_state(self, job_id: str) -> JobState:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise UnknownJob(self.device_id, job_id)
            if job.state in _FINISHED:
                return job.state
        self._require_reachable()
        state = self._query_job(job.cups_id)
        with self._lock:
            self._apply_job_state(job_id, job, state)
            return job.state

    # -- monitoring -----------------------------------------------------------

    def _monitor_loop(self) -> None:
        last_surprise = None
        while not self._stop_monitor.wait(self._poll_interval_s):
            try:
                self._check_status_if_due(self._refresh(track_jobs=True))
            except DeviceError:
                pass  # recorded by _refresh as LOST; the next round tries again
            except Exception as error:
                # The monitor must outlive any surprise from libcups, without
                # writing the same trace twice a second.
                if repr(error) != last_surprise:
                    log.exception("%s: status monitor round failed", self.device_id)
                last_surprise = repr(error)

    def _refresh(self, track_jobs: bool = False) -> QueueView:
        """Ask cupsd about the queue (and our jobs), record it, emit what changed.

        Raises DeviceUnavailable / DeviceTimeout when cupsd or the queue is gone.
        """
        try:
            self._cancel_abandoned_jobs()
            attributes = self._call(
                lambda c: c.getPrinterAttributes(
                    self.queue, requested_attributes=PRINTER_ATTRIBUTES
                )
            )
        except cups.IPPError as error:
            if error.args and error.args[0] == cups.IPP_NOT_FOUND:
                self._record(None, reachable=True, present=False)
                raise DeviceUnavailable(self.device_id, "queue not found") from None
            raise DeviceError(self.device_id, _ipp_error_text(error)) from None
        view = QueueView.from_attributes(attributes)
        states = self._query_unfinished_jobs() if track_jobs else {}
        self._record(view, reachable=True, present=True, job_states=states)
        return view

    def _query_unfinished_jobs(self) -> dict[str, JobState]:
        with self._lock:
            unfinished = {
                job_id: job.cups_id
                for job_id, job in self._jobs.items()
                if job.state not in _FINISHED
            }
        return {job_id: self._query_job(cups_id) for job_id, cups_id in unfinished.items()}

    def _query_job(self, cups_id: int) -> JobState:
        try:
            attributes = self._call(
                lambda c: c.getJobAttributes(cups_id, requested_attributes=["job-state"])
            )
        except cups.IPPError as error:
            if error.args and error.args[0] == cups.IPP_NOT_FOUND:
                return JobState.FAILED  # purged by someone: it will not print
            raise DeviceError(self.device_id, _ipp_error_text(error)) from None
        return job_state_from_ipp(attributes.get("job-state"))

    def _record(
        self,
        view: QueueView | None,
        reachable: bool,
        present: bool = True,
        job_states: dict[str, JobState] | None = None,
    ) -> None:
        """Remember the latest answer and emit changes, in a stable order.

        `view` None: nothing learnt about the printer (keep its last status).
        """
        with self._lock:
            was_down = self._down_detail()
            before = self._status
            self._reachable, self._queue_present = reachable, present
            if view is not None:
                if DocumentPrinterReason.OFFLINE in view.reported.reasons:
                    self._printer_offline = True
                self._status = view.status
                if self._printer_offline:
                    # cupsd forgets offline-report when the job that saw it
                    # ends; the kiosk remembers until the printer answers.
                    self._status = DocumentPrinterStatus(
                        self._status.reasons | {DocumentPrinterReason.OFFLINE},
                        self._status.other_keywords,
                    )
                self._disabled = view.disabled_by_person
            down = self._down_detail()
            after = self._status
            # Emitting only queues the event, so doing it under the lock keeps
            # the order of events equal to the order of answers.
            if down is not None and was_down is None:
                self._emit(DeviceEventKind.LOST, detail=down)
            elif down is None and was_down is not None:
                self._emit(DeviceEventKind.FOUND)
            self._emit_condition_changes(before, after)
            for job_id, state in (job_states or {}).items():
                self._apply_job_state(job_id, self._jobs[job_id], state)
            if down is not None or after.problem is not None:
                self._abandon_unfinished_jobs()

    def _emit_condition_changes(
        self, before: DocumentPrinterStatus, after: DocumentPrinterStatus
    ) -> None:
        if _paper(before) != _paper(after):
            self._emit(_paper(after), detail=_paper_detail(after))
        was_open = DocumentPrinterReason.COVER_OPEN in before.reasons
        is_open = DocumentPrinterReason.COVER_OPEN in after.reasons
        if is_open != was_open:
            self._emit(DeviceEventKind.COVER_OPEN if is_open else DeviceEventKind.COVER_CLOSED)

    def _apply_job_state(self, job_id: str, job: _Job, state: JobState) -> None:
        """Record what cupsd said about a job; caller holds the lock."""
        if state is JobState.FAILED and job.state not in _FINISHED:
            # Held jobs count as failed but could still print once released.
            self._to_cancel.add(job.cups_id)
        self._set_job_state(job_id, job, state)

    def _set_job_state(self, job_id: str, job: _Job, state: JobState) -> None:
        """Caller holds the lock."""
        if job.state in _FINISHED or state is job.state:
            return
        job.state = state
        if state is JobState.COMPLETED:
            self._printer_offline = False  # it printed, so it answers
        self._emit(DeviceEventKind.JOB_STATE_CHANGED, data=(job_id, state))
        if state in _FINISHED:
            log.info("job %s %s", job_id, state.value)

    def _forget_old_jobs(self) -> None:
        """Keep a kiosk that runs for months from remembering every job; caller holds the lock."""
        finished = [job_id for job_id, job in self._jobs.items() if job.state in _FINISHED]
        for job_id in finished[: max(0, len(finished) - _REMEMBERED_FINISHED_JOBS)]:
            del self._jobs[job_id]

    def _abandon_unfinished_jobs(self) -> None:
        """Caller holds the lock. See the module docstring for why."""
        for job_id, job in self._jobs.items():
            if job.state not in _FINISHED:
                self._to_cancel.add(job.cups_id)
                self._set_job_state(job_id, job, JobState.FAILED)

    def _cancel_abandoned_jobs(self) -> None:
        with self._lock:
            pending = sorted(self._to_cancel)
        for cups_id in pending:
            try:
                self._call(lambda c, cups_id=cups_id: c.cancelJob(cups_id))
            except cups.IPPError as error:
                # NOT_POSSIBLE / NOT_FOUND: already finished or gone, nothing
                # left that could print. Anything else (not authorised) will
                # not change by asking again, and must not stall monitoring.
                if not error.args or error.args[0] not in (
                    cups.IPP_NOT_POSSIBLE,
                    cups.IPP_NOT_FOUND,
                ):
                    log.warning("could not cancel CUPS job %s: %s", cups_id, _ipp_error_text(error))
            with self._lock:
                self._to_cancel.discard(cups_id)

    def _check_status_if_due(self, view: QueueView) -> None:
        """Let the backend report the printer again while a problem blocks printing."""
        with self._lock:
            if self._lost_detail() is not None or self._to_cancel:
                return  # enabling the queue now could print an abandoned job
            if any(job.state not in _FINISHED for job in self._jobs.values()):
                return
            check_job = self._status_check_job
        if check_job is not None:
            self._finish_status_check(check_job)
            return
        due = time.monotonic() - self._last_status_check >= self._recheck_interval_s
        with self._lock:
            problem = self._status.problem
        # A queue a person disabled or set to reject jobs is left alone.
        if problem is None or view.disabled_by_person or not due:
            return
        if view.stopped:
            # Not by a person: cupsd stopped it for the problem the backend reported.
            self._call(lambda c: c.enablePrinter(self.queue))
        self._last_status_check = time.monotonic()
        try:
            cups_id = self._call(lambda c: c.createJob(self.queue, "kiosk status check", {}))
        except cups.IPPError as error:
            log.warning("%s: status check refused: %s", self.device_id, _ipp_error_text(error))
            return
        with self._lock:
            self._status_check_job = cups_id  # purged when finished, whatever happens next
        try:
            self._call(
                lambda c: self._send_document(
                    c, cups_id, _STATUS_CHECK, "status check", _STATUS_CHECK_FORMAT
                )
            )
        except cups.IPPError as error:
            log.warning("%s: status check not sent: %s", self.device_id, _ipp_error_text(error))

    def _finish_status_check(self, cups_id: int) -> None:
        """Purge a finished status check (no clutter in the job history); drop a stuck one."""
        try:
            state = self._query_job(cups_id)
            stuck_after_s = max(self._recheck_interval_s, self._io_timeout_s)
            if (
                state not in _FINISHED
                and time.monotonic() - self._last_status_check < stuck_after_s
            ):
                return
            if state is JobState.COMPLETED:
                with self._lock:
                    self._printer_offline = False  # the backend reached the printer
            self._call(lambda c: c.cancelJob(cups_id, purge_job=True))
        except cups.IPPError:
            pass  # already gone
        with self._lock:
            self._status_check_job = None

    # -- helpers --------------------------------------------------------------

    def _send_document(
        self, connection: cups.Connection, cups_id: int, data: bytes, name: str, format: str
    ) -> None:
        connection.startDocument(self.queue, cups_id, name, format, 1)
        connection.writeRequestData(data, len(data))
        status = connection.finishDocument(self.queue)
        if status != cups.IPP_OK:
            raise cups.IPPError(status, "document not accepted")

    def _call(self, operation: Callable[[cups.Connection], T], timeout_s: float | None = None) -> T:
        """Run a pycups call on the channel; unreachable cupsd becomes LOST."""
        try:
            return self._channel.call(operation, timeout_s or self._io_timeout_s)
        except CupsTimeout as error:
            self._record(None, reachable=False)
            raise DeviceTimeout(self.device_id, f"cupsd: {error}") from None
        except CupsUnreachable:
            self._record(None, reachable=False)
            raise DeviceUnavailable(self.device_id, "cupsd not reachable") from None

    def _submit_error(self, error: cups.IPPError) -> DeviceError:
        status = error.args[0] if error.args else None
        if status == cups.IPP_NOT_FOUND:
            self._record(None, reachable=True, present=False)
            return DeviceUnavailable(self.device_id, "queue not found")
        if status in (cups.IPP_NOT_ACCEPTING, cups.IPP_PRINTER_IS_DEACTIVATED):
            return PrinterNotReady(self.device_id, PrinterProblem.OFFLINE)
        return DeviceError(self.device_id, _ipp_error_text(error))

    def _down_detail(self) -> str | None:
        """Why the printer cannot print at all, LOST in events (None: it can)."""
        lost = self._lost_detail()
        if lost is not None:
            return lost
        if self._disabled:
            return "queue disabled"
        if DocumentPrinterReason.OFFLINE in self._status.reasons:
            return "printer offline"
        return None

    def _lost_detail(self) -> str | None:
        """Why the queue cannot be reached at all (None: it can)."""
        if not self._reachable:
            return "cupsd not reachable"
        if not self._queue_present:
            return "queue not found"
        return None

    def _require_reachable(self) -> None:
        """Fail fast: while the monitor knows cupsd or the queue is gone, do not wait on it."""
        if not self._is_open:
            raise DeviceUnavailable(self.device_id, "not open")
        with self._lock:
            lost = self._lost_detail()
        if lost is not None:
            raise DeviceUnavailable(self.device_id, lost)


def _paper(status: DocumentPrinterStatus) -> DeviceEventKind:
    if DocumentPrinterReason.MEDIA_EMPTY in status.reasons:
        return DeviceEventKind.PAPER_OUT
    if DocumentPrinterReason.MEDIA_LOW in status.reasons:
        return DeviceEventKind.PAPER_LOW
    return DeviceEventKind.PAPER_OK


def _paper_detail(status: DocumentPrinterStatus) -> str | None:
    for reason in (DocumentPrinterReason.MEDIA_EMPTY, DocumentPrinterReason.MEDIA_LOW):
        if reason in status.reasons:
            return reason.value
    return None


def _ipp_error_text(error: cups.IPPError) -> str:
    if len(error.args) >= 2:
        return f"CUPS: {error.args[1]} ({error.args[0]:#06x})"
    return f"CUPS: {error}"
