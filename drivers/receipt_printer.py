"""Interface of a receipt printer (80 mm thermal, ESC/POS in production)."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from enum import StrEnum

from drivers.device import Device, DeviceKind, PrinterProblem
from drivers.receipt import ReceiptDocument


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: PaperState
    cover_open: bool

    @property
    def problem(self) -> PrinterProblem | None:
        """Why a job would be refused now, most specific cause first."""
        if self.cover_open:
            return PrinterProblem.COVER_OPEN
        if self.paper is PaperState.OUT:
            return PrinterProblem.PAPER_OUT
        if not self.online:
            return PrinterProblem.OFFLINE
        return None


class ReceiptPrinter(Device):
    """Prints receipts.

    Events: PAPER_LOW / PAPER_OUT / PAPER_OK, COVER_OPEN / COVER_CLOSED,
    LOST / FOUND (printer unreachable / back).
    """

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.RECEIPT_PRINTER)

    @abc.abstractmethod
    def status(self) -> PrinterStatus:
        """Ask the printer now. Raises DeviceUnavailable / DeviceTimeout if it does not answer."""

    @abc.abstractmethod
    def print_receipt(self, doc: ReceiptDocument) -> None:
        """Print `doc`, blocking until the data is sent.

        Raises PrinterNotReady (nothing was sent) when the printer is
        offline or unreachable, out of paper, or its cover is open.
        """
