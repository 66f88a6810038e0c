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

    @property
    def plain_words(self) -> str:
        """What the condition means to a technician at the kiosk (self-check, logs)."""
        return _PLAIN_WORDS[self]

    @classmethod
    def from_keyword(cls, keyword: str) -> DocumentPrinterReason | None:
        """The condition named by a printer-state-reasons keyword, or None if not one of ours.

        IPP (RFC 8011 5.4.12) appends a severity, "-error", "-warning" or
        "-report", and printers and CUPS backends use all three for the same
        condition ("media-empty-error", "media-low-report"); the kiosk cares
        about the condition, not how loudly the printer states it.
        """
        base = keyword.strip().lower()
        for suffix in _SEVERITY_SUFFIXES:
            if base.endswith(suffix):
                base = base.removesuffix(suffix)
                break
        return _REASON_BY_BASE_KEYWORD.get(base)


_SEVERITY_SUFFIXES = ("-error", "-warning", "-report")
_REASON_BY_BASE_KEYWORD = {
    "media-empty": DocumentPrinterReason.MEDIA_EMPTY,
    # IPP's "load paper to continue"; to a kiosk it is the same as an empty tray.
    "media-needed": DocumentPrinterReason.MEDIA_EMPTY,
    "media-low": DocumentPrinterReason.MEDIA_LOW,
    "cover-open": DocumentPrinterReason.COVER_OPEN,
    # Many A4 printers have a door, not a cover, in front of the paper path.
    "door-open": DocumentPrinterReason.COVER_OPEN,
    "media-jam": DocumentPrinterReason.MEDIA_JAM,
    "offline": DocumentPrinterReason.OFFLINE,
}
_PLAIN_WORDS = {
    DocumentPrinterReason.MEDIA_EMPTY: "out of paper: load A4 paper into the tray",
    DocumentPrinterReason.MEDIA_LOW: "paper running low: refill the tray soon",
    DocumentPrinterReason.COVER_OPEN: "a cover or door is open: close it",
    DocumentPrinterReason.MEDIA_JAM: "paper jammed: open the printer and remove the sheet",
    DocumentPrinterReason.OFFLINE: "printer offline: check its power and cable",
}


_PROBLEM_BY_REASON = {
    DocumentPrinterReason.OFFLINE: PrinterProblem.OFFLINE,
    DocumentPrinterReason.COVER_OPEN: PrinterProblem.COVER_OPEN,
    DocumentPrinterReason.MEDIA_JAM: PrinterProblem.PAPER_JAM,
    DocumentPrinterReason.MEDIA_EMPTY: PrinterProblem.PAPER_OUT,
}


@dataclass(frozen=True)
class DocumentPrinterStatus:
    reasons: frozenset[DocumentPrinterReason] = frozenset()
    # printer-state-reasons keywords with no DocumentPrinterReason (toner, marker
    # supplies, vendor keywords): never a reason to refuse a job, but the
    # technician sees them verbatim.
    other_keywords: frozenset[str] = frozenset()

    def __str__(self) -> str:
        """Plain words for the technician, e.g. in `main.py diagnose`."""
        if not self.reasons and not self.other_keywords:
            return "ready"
        words = [reason.plain_words for reason in DocumentPrinterReason if reason in self.reasons]
        words += sorted(self.other_keywords)
        return "; ".join(words)

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
