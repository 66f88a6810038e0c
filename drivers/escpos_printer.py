"""A receipt printer speaking ESC/POS over any byte transport.

As in python-escpos, a transport (USB, serial, network, or the simulator)
only moves bytes; everything ESC/POS lives here. Status comes from DLE EOT
real-time requests, polled on a monitor thread that turns changes into
events and reconnects a lost transport.
"""

from __future__ import annotations

import abc
import logging
import threading

from drivers.device import (
    DeviceError,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.escpos import encode_receipt
from drivers.escpos_status import (
    OFFLINE_CAUSE,
    PRINTER_STATUS,
    ROLL_PAPER_SENSOR,
    decode_status,
    status_request,
)
from drivers.receipt import ReceiptDocument
from drivers.receipt_printer import PaperState, PrinterStatus, ReceiptPrinter

log = logging.getLogger(__name__)

_NORMAL = PrinterStatus(online=True, paper=PaperState.OK, cover_open=False)
_PAPER_EVENTS = {
    PaperState.OK: DeviceEventKind.PAPER_OK,
    PaperState.NEAR_END: DeviceEventKind.PAPER_LOW,
    PaperState.OUT: DeviceEventKind.PAPER_OUT,
}


class PrinterTransport(abc.ABC):
    """A two-way byte channel to one printer.

    Methods raise DeviceUnavailable when the printer is gone (then `open`
    is tried again later) and DeviceTimeout when it stops answering.
    """

    @abc.abstractmethod
    def open(self) -> None: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def write_raw(self, data: bytes, timeout_s: float) -> None: ...

    @abc.abstractmethod
    def read_raw(self, count: int, timeout_s: float) -> bytes:
        """Exactly `count` bytes, or DeviceTimeout."""

    def query_status(self, n: int, timeout_s: float) -> int:
        """Send DLE EOT n and return the one-byte answer."""
        self.write_raw(status_request(n), timeout_s)
        return self.read_raw(1, timeout_s)[0]


class EscPosReceiptPrinter(ReceiptPrinter):
    def __init__(
        self,
        device_id: str,
        transport: PrinterTransport,
        width_chars: int = 48,
        poll_interval_s: float = 1.0,
        io_timeout_s: float = 2.0,
    ) -> None:
        super().__init__(device_id)
        self._transport = transport
        self._width_chars = width_chars
        self._poll_interval_s = poll_interval_s
        self._io_timeout_s = io_timeout_s
        # One conversation with the printer at a time: a status answer must
        # not be read by someone else's request.
        self._io_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._last_status = _NORMAL
        self._reachable = False
        self._is_open = False
        self._printing = False
        self._stop_monitor = threading.Event()
        self._monitor: threading.Thread | None = None

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        if self._is_open:
            return
        self._transport.open()
        self._reachable = True
        self._is_open = True
        self.refresh_status()
        if self._poll_interval_s > 0:
            self._stop_monitor.clear()
            self._monitor = threading.Thread(
                target=self._monitor_loop, name=f"{self.device_id}-status", daemon=True
            )
            self._monitor.start()

    def close(self) -> None:
        self._is_open = False
        self._stop_monitor.set()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=5.0)
        self._monitor = None
        with self._io_lock:
            self._transport.close()

    def health(self) -> DeviceHealth:
        if not self._is_open or not self._reachable:
            return DeviceHealth.UNAVAILABLE
        if self._printing:
            return DeviceHealth.BUSY
        status = self._last_status
        if status.problem is not None:
            return DeviceHealth.FAULT
        if status.paper is PaperState.NEAR_END:
            return DeviceHealth.DEGRADED
        return DeviceHealth.READY

    # -- ReceiptPrinter -------------------------------------------------------

    def status(self) -> PrinterStatus:
        self._require_open()
        with self._io_lock:
            status = self._query_status()
        self._record(status, reachable=True)
        return status

    def print_receipt(self, doc: ReceiptDocument) -> None:
        self._require_open()
        data = encode_receipt(doc, self._width_chars)
        with self._io_lock:
            try:
                status = self._query_status()
            except (DeviceUnavailable, DeviceTimeout):
                self._record(None, reachable=False)
                raise PrinterNotReady(self.device_id, PrinterProblem.OFFLINE) from None
            self._record(status, reachable=True)
            if status.problem is not None:
                raise PrinterNotReady(self.device_id, status.problem)
            self._printing = True
            try:
                self._transport.write_raw(data, self._io_timeout_s + len(data) / 1000)
            finally:
                self._printing = False

    def refresh_status(self) -> PrinterStatus | None:
        """Query now and emit events for changes; None if unreachable.

        Reconnects a transport that was lost.
        """
        self._require_open()
        with self._io_lock:
            try:
                if not self._reachable:
                    self._transport.open()
                status = self._query_status()
            except (DeviceUnavailable, DeviceTimeout):
                status = None
        self._record(status, reachable=status is not None)
        return status

    # -- internals ------------------------------------------------------------

    def _require_open(self) -> None:
        if not self._is_open:
            raise DeviceUnavailable(self.device_id, "not open")

    def _query_status(self) -> PrinterStatus:
        timeout = self._io_timeout_s
        answers = [
            self._transport.query_status(n, timeout)
            for n in (PRINTER_STATUS, OFFLINE_CAUSE, ROLL_PAPER_SENSOR)
        ]
        try:
            return decode_status(*answers)
        except ValueError as error:
            raise DeviceError(self.device_id, str(error)) from error

    def _record(self, status: PrinterStatus | None, reachable: bool) -> None:
        """Remember the latest status and emit what changed, in a stable order."""
        with self._state_lock:
            was_reachable, before = self._reachable, self._last_status
            self._reachable = reachable
            if status is not None:
                self._last_status = status
            # Emitting only queues the event, so holding the lock here is cheap
            # and keeps events from two threads in the order of the changes.
            if was_reachable and not reachable:
                self._emit(DeviceEventKind.LOST)
            elif reachable and not was_reachable:
                self._emit(DeviceEventKind.FOUND)
            if status is None:
                return
            if status.cover_open != before.cover_open:
                self._emit(
                    DeviceEventKind.COVER_OPEN
                    if status.cover_open
                    else DeviceEventKind.COVER_CLOSED
                )
            if status.paper is not before.paper:
                self._emit(_PAPER_EVENTS[status.paper])

    def _monitor_loop(self) -> None:
        while not self._stop_monitor.wait(self._poll_interval_s):
            if self._printing or not self._is_open:
                continue  # busy printing, or closing; poll again later
            try:
                self.refresh_status()
            except DeviceUnavailable:
                continue  # closed between the check and the poll
            except DeviceError:
                log.exception("status poll failed on %s", self.device_id)
