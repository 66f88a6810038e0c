"""What cupsd says about a queue and a job, in the kiosk's terms.

cupsd answers with IPP values: printer-state (idle, processing, stopped),
printer-is-accepting-jobs, printer-state-reasons keywords (with a severity
suffix) and job-state. The kiosk needs to know whether a printer condition
stops printing, whether a person took the queue out of service, and where
a job stands.
"""

from __future__ import annotations

from dataclasses import dataclass

import cups

from drivers.document_printer import DocumentPrinterReason, DocumentPrinterStatus, JobState

PRINTER_ATTRIBUTES = ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs"]
# Scheduler bookkeeping, not printer conditions: nothing for a technician.
_IGNORED_KEYWORDS = frozenset({"none", "paused", "connecting-to-device"})
_JOB_STATES = {
    cups.IPP_JOB_PENDING: JobState.PENDING,
    # The kiosk never holds jobs: a held job was handed back by the backend
    # (printer unreachable) or held by a person, and will not print while
    # the resident waits.
    cups.IPP_JOB_HELD: JobState.FAILED,
    cups.IPP_JOB_PROCESSING: JobState.PRINTING,
    # "stopped": the printer stopped under a job that is not finished yet.
    cups.IPP_JOB_STOPPED: JobState.PRINTING,
    cups.IPP_JOB_CANCELED: JobState.FAILED,
    cups.IPP_JOB_ABORTED: JobState.FAILED,
    cups.IPP_JOB_COMPLETED: JobState.COMPLETED,
}


@dataclass(frozen=True)
class QueueView:
    """One answer of cupsd about the queue."""

    reported: DocumentPrinterStatus  # what the printer (backend) reported
    stopped: bool
    accepting: bool

    @classmethod
    def from_attributes(cls, attributes: dict) -> QueueView:
        keywords = attributes.get("printer-state-reasons") or []
        if isinstance(keywords, str):
            keywords = [keywords]
        reasons, other = set(), set()
        for keyword in keywords:
            reason = DocumentPrinterReason.from_keyword(keyword)
            if reason is not None:
                reasons.add(reason)
            elif keyword not in _IGNORED_KEYWORDS:
                other.add(keyword)
        return cls(
            reported=DocumentPrinterStatus(frozenset(reasons), frozenset(other)),
            stopped=attributes.get("printer-state") == cups.IPP_PRINTER_STOPPED,
            accepting=bool(attributes.get("printer-is-accepting-jobs", True)),
        )

    @property
    def disabled_by_person(self) -> bool:
        """Stopped or rejecting with no printer condition to explain it."""
        return not self.accepting or (self.stopped and self.reported.problem is None)

    @property
    def status(self) -> DocumentPrinterStatus:
        """What the kiosk acts on: a queue out of service is a printer offline."""
        if not self.disabled_by_person:
            return self.reported
        return DocumentPrinterStatus(
            self.reported.reasons | {DocumentPrinterReason.OFFLINE}, self.reported.other_keywords
        )


def job_state_from_ipp(job_state: object) -> JobState:
    """The kiosk's view of an IPP job-state value (unknown values: still pending)."""
    return _JOB_STATES.get(job_state, JobState.PENDING)
