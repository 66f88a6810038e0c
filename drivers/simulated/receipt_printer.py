"""A simulated ESC/POS receipt printer.

`VirtualEscPosPrinter` is the printer at the far end of the cable: it takes
bytes, answers DLE EOT status requests from its paper/cover/online state,
and keeps every job. `SimulatedReceiptPrinter` is the ordinary
`EscPosReceiptPrinter` connected to it, so the simulator exercises the same
status and refusal logic as a real printer.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from drivers.device import DeviceTimeout, DeviceUnavailable
from drivers.escpos_interpreter import EscPosInterpreter, InterpretedStream
from drivers.escpos_preview import render_png
from drivers.escpos_printer import EscPosReceiptPrinter, PrinterTransport
from drivers.escpos_status import encode_status
from drivers.receipt_printer import PaperState, PrinterStatus


class VirtualEscPosPrinter(PrinterTransport):
    """An 80 mm printer on the other side of a transport."""

    def __init__(self, print_time_s: float = 0.3) -> None:
        self.print_time_s = print_time_s
        self.paper = PaperState.OK
        self.cover_open = False
        self.offline = False
        self.plugged_in = True
        self.printed: list[bytes] = []
        self._answers: deque[int] = deque()
        self._lock = threading.Condition()
        self._connected = False

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=not self.offline, paper=self.paper, cover_open=self.cover_open)

    # -- PrinterTransport -----------------------------------------------------

    def open(self) -> None:
        if not self.plugged_in:
            raise DeviceUnavailable("virtual-escpos", "unplugged")
        self._connected = True

    def close(self) -> None:
        self._connected = False

    def write_raw(self, data: bytes, timeout_s: float) -> None:
        self._require_connected()
        if len(data) == 3 and data[:2] == b"\x10\x04":
            # A real-time status request, answered at once even while printing.
            answer = encode_status(self.status(), error=self.offline).get(data[2])
            if answer is not None:
                with self._lock:
                    self._answers.append(answer)
                    self._lock.notify_all()
            return
        if self.print_time_s > min(timeout_s, 60.0):
            raise DeviceTimeout("virtual-escpos", "print took longer than the write timeout")
        time.sleep(self.print_time_s)
        self._require_connected()
        with self._lock:
            self.printed.append(bytes(data))

    def read_raw(self, count: int, timeout_s: float) -> bytes:
        self._require_connected()
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._answers) >= count, timeout_s):
                raise DeviceTimeout("virtual-escpos", "no status answer")
            return bytes(self._answers.popleft() for _ in range(count))

    def _require_connected(self) -> None:
        if not self.plugged_in:
            # A USB printer that vanished stays gone until reopened.
            self._connected = False
        if not self._connected:
            raise DeviceUnavailable("virtual-escpos", "not connected")


class SimulatedReceiptPrinter(EscPosReceiptPrinter):
    def __init__(
        self,
        device_id: str = "simulated-receipt-printer",
        print_time_s: float = 0.3,
        width_chars: int = 48,
        poll_interval_s: float = 1.0,
    ) -> None:
        self.virtual_printer = VirtualEscPosPrinter(print_time_s)
        super().__init__(
            device_id,
            self.virtual_printer,
            width_chars=width_chars,
            poll_interval_s=poll_interval_s,
            io_timeout_s=max(2.0, 2 * print_time_s),
        )

    @property
    def printed(self) -> list[bytes]:
        """The ESC/POS stream of every receipt printed, oldest first."""
        return self.virtual_printer.printed

    def last_printed(self) -> InterpretedStream | None:
        if not self.printed:
            return None
        return EscPosInterpreter().parse(self.printed[-1])

    def last_preview_png(self) -> bytes | None:
        return render_png(self.printed[-1]) if self.printed else None

    # -- faults: each reports at once, as the monitor would on its next poll --

    def set_paper(self, paper: PaperState | str) -> None:
        self.virtual_printer.paper = PaperState(paper)
        self._refresh_if_open()

    def set_cover_open(self, cover_open: bool) -> None:
        self.virtual_printer.cover_open = cover_open
        self._refresh_if_open()

    def set_offline(self, offline: bool) -> None:
        self.virtual_printer.offline = offline
        self._refresh_if_open()

    def unplug(self) -> None:
        self.virtual_printer.plugged_in = False
        self._refresh_if_open()

    def replug(self) -> None:
        self.virtual_printer.plugged_in = True
        self._refresh_if_open()

    def _refresh_if_open(self) -> None:
        if self._is_open:
            self.refresh_status()
