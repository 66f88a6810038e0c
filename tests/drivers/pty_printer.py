"""A virtual ESC/POS printer on the master side of a pseudo-terminal.

The slave end (`path`) stands in for the printer's character device: a
serial port for `escpos_serial`, /dev/usb/lpN for `escpos_usb`. Raw mode
makes the pty pass bytes unchanged both ways. A thread reads the master
side and splits the stream into commands: DLE EOT n is answered at once by
`VirtualEscPosPrinter` (the simulator's printer state and status bytes);
everything else belongs to the current job, handed to it at each cut, so
`jobs` and `parsed_jobs` hold what was printed.

Fault switches: `printer.paper`, `printer.cover_open`, `printer.offline`,
`answer_status` (False = a printer that stops answering), `stop_reading()`
(its buffer is full), `hang_up_after(job_bytes)` (unplugged mid-job) and
`unplug()`.
"""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Callable

from drivers.device import DeviceTimeout
from drivers.escpos_interpreter import EscPosInterpreter, InterpretedStream
from drivers.simulated.receipt_printer import VirtualEscPosPrinter

_DLE, _EOT, _GS = 0x10, 0x04, 0x1D
_CUT_MODES_WITH_FEED = (65, 66, 97, 98, 103, 104)
_POLL_MS = 20


class PtyEscPosPrinter:
    def __init__(self) -> None:
        self.printer = VirtualEscPosPrinter(print_time_s=0.0)
        self.printer.open()
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.answer_status = True
        self.received = bytearray()  # every byte but real-time requests
        self.status_requests = 0
        self._pending = bytearray()  # received, not yet split into commands
        self._job = bytearray()
        self._hang_up_after: int | None = None
        self._reading = threading.Event()
        self._reading.set()
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="pty-printer", daemon=True)
        self._thread.start()

    # -- what the printer got -------------------------------------------------

    @property
    def jobs(self) -> list[bytes]:
        return self.printer.printed

    @property
    def parsed_jobs(self) -> list[InterpretedStream]:
        return [EscPosInterpreter().parse(job) for job in self.jobs]

    @property
    def plugged_in(self) -> bool:
        return not self._closed

    def wait_until(self, condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(condition, timeout_s)

    def wait_for_jobs(self, count: int, timeout_s: float = 5.0) -> bool:
        return self.wait_until(lambda: len(self.jobs) >= count, timeout_s)

    # -- faults ---------------------------------------------------------------

    def stop_reading(self) -> None:
        self._reading.clear()

    def hang_up_after(self, job_bytes: int) -> None:
        """Close the master once the current job has `job_bytes`: unplugged mid-job."""
        self._hang_up_after = job_bytes

    def send_unsolicited(self, data: bytes) -> None:
        """Bytes the host did not ask for, readable on the slave side when this returns."""
        os.write(self.master, data)
        # The pty delivers master writes to the slave asynchronously; peek
        # through our own slave descriptor (never read) until they arrived.
        poller = select.poll()
        poller.register(self._slave, select.POLLIN)
        assert poller.poll(5000), "unsolicited bytes never reached the slave side"

    def unplug(self) -> None:
        """Close both ends: the host's descriptor sees a hang-up, as after a USB disconnect."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5.0)
        self._close_fds()

    close = unplug

    # -- server ---------------------------------------------------------------

    def _close_fds(self) -> None:
        with self._changed:
            if self._closed:
                return
            self._closed = True
            os.close(self.master)
            os.close(self._slave)
            self._changed.notify_all()

    def _serve(self) -> None:
        poller = select.poll()
        poller.register(self.master, select.POLLIN)
        while not self._stop.is_set():
            if not self._reading.is_set() or not poller.poll(_POLL_MS):
                self._stop.wait(_POLL_MS / 1000)
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not self._feed(chunk):
                self._stop.set()
                self._close_fds()
                return

    def _feed(self, chunk: bytes) -> bool:
        """Process `chunk`; False when the printer hangs up."""
        self._pending += chunk
        answers = bytearray()
        while (size := _command_size(self._pending)) is not None:
            command = bytes(self._pending[:size])
            del self._pending[:size]
            if size == 3 and command[0] == _DLE and command[1] == _EOT:
                answers += self._answer(command)
                continue
            self.received += command
            self._job += command
            if self._hang_up_after is not None and len(self._job) >= self._hang_up_after:
                return False
            if command[0] == _GS and command[1:2] == b"V":
                with self._changed:
                    self.printer.write_raw(bytes(self._job), timeout_s=60.0)
                    self._job.clear()
                    self._changed.notify_all()
        if answers:
            os.write(self.master, answers)
        return True

    def _answer(self, request: bytes) -> bytes:
        with self._changed:
            self.status_requests += 1
            self._changed.notify_all()
        if not self.answer_status:
            return b""
        self.printer.write_raw(request, timeout_s=1.0)
        try:
            return self.printer.read_raw(1, timeout_s=0)
        except DeviceTimeout:
            return b""  # a request this printer has no answer for


def _command_size(data: bytearray) -> int | None:
    """Length of the command at the start of `data`; None if it is incomplete.

    DLE EOT must not be found inside a parameter block, so the commands with
    long parameters that `drivers.escpos` emits (GS ( k for QR codes) are
    skipped whole; text runs up to the next byte that may start a command.
    """
    if not data:
        return None
    head = data[0]
    if head == _DLE:
        if len(data) < 2:
            return None
        if data[1] == _EOT:
            return 3 if len(data) >= 3 else None
        return 1
    if head == _GS:
        if len(data) < 3:
            return None
        if data[1] == ord("("):  # GS ( fn pL pH d1...dk
            if len(data) < 5:
                return None
            size = 5 + data[3] + 256 * data[4]
            return size if len(data) >= size else None
        if data[1] == ord("V"):
            size = 4 if data[2] in _CUT_MODES_WITH_FEED else 3
            return size if len(data) >= size else None
        return 1
    ends = [i for i in (data.find(_DLE, 1), data.find(_GS, 1)) if i > 0]
    return min(ends) if ends else len(data)
