"""Interface of an A4 document printer (certificates, records; CUPS/IPP in production)."""

from __future__ import annotations

import abc
import time
from dataclasses import dataclass
from enum import StrEnum

from drivers.device import Device, DeviceError, DeviceKind, DeviceTimeout, PrinterProblem


class JobState(StrEnum):
    PENDING = "pending"
    PRINTING = "printing"
    COMPLETED = "completed"
    FAILED = "failed"


class DocumentPrinterReason(StrEnum):
    """Conditions reported by the printer; values are IPP printer-state-reasons keywords."""

    MEDIA_EMPTY = "media-empty"
    MEDIA_LOW = "media-low"
    COVER_OPEN = "cover-open"
    MEDIA_JAM = "media-jam"
    OFFLINE = "offline-report"


_PROBLEM_BY_REASON = {
    DocumentPrinterReason.OFFLINE: PrinterProblem.OFFLINE,
    DocumentPrinterReason.COVER_OPEN: PrinterProblem.COVER_OPEN,
    DocumentPrinterReason.MEDIA_JAM: PrinterProblem.PAPER_JAM,
    DocumentPrinterReason.MEDIA_EMPTY: PrinterProblem.PAPER_OUT,
}


@dataclass(frozen=True)
class DocumentPrinterStatus:
    reasons: frozenset[DocumentPrinterReason] = frozenset()

    @property
    def problem(self) -> PrinterProblem | None:
        """Why a job would be refused now (None: ready); offline first."""
        for reason, problem in _PROBLEM_BY_REASON.items():
            if reason in self.reasons:
                return problem
        return None

    @property
    def ready(self) -> bool:
        return self.problem is None


class UnknownJob(DeviceError):
    """No job with that id on this printer."""


class DocumentPrinter(Device):
    """Prints PDF documents as jobs.

    Events: PAPER_LOW / PAPER_OUT / PAPER_OK, COVER_OPEN / COVER_CLOSED,
    LOST / FOUND, JOB_STATE_CHANGED (data: (job_id, JobState)).
    """

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.DOCUMENT_PRINTER)

    @abc.abstractmethod
    def status(self) -> DocumentPrinterStatus: ...

    @abc.abstractmethod
    def print_pdf(self, pdf: bytes, title: str) -> str:
        """Queue `pdf`; returns the job id.

        Raises PrinterNotReady (nothing queued) when the printer reports a
        problem, ValueError if `pdf` is not a PDF.
        """

    @abc.abstractmethod
    def job_state(self, job_id: str) -> JobState:
        """Raises UnknownJob for ids this printer never issued."""

    def wait_for_job(self, job_id: str, timeout_s: float, poll_s: float = 0.05) -> JobState:
        """Block until the job is COMPLETED or FAILED; DeviceTimeout otherwise."""
        deadline = time.monotonic() + timeout_s
        while True:
            state = self.job_state(job_id)
            if state in (JobState.COMPLETED, JobState.FAILED):
                return state
            if time.monotonic() >= deadline:
                raise DeviceTimeout(self.device_id, f"job {job_id} still {state.value}")
            time.sleep(poll_s)
