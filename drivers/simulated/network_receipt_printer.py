"""A network ESC/POS receipt printer on 127.0.0.1, for tests, demos and benchmarks.

`SimulatedNetworkPrinter` is the printer at the far end of a TCP link, as a
real one listening on raw port 9100: a thread per connection reads the byte
stream, answers DLE EOT n real-time requests at once from its
paper/cover/online state (the bytes of the ESC/POS spec, via
`escpos_status.encode_status`), and closes a job at each cut command. Each
job keeps its bytes; it is parsed with `EscPosInterpreter` and rendered with
`escpos_preview.render_png` on first access, so rendering never delays a
status answer.

Fault switches: `paper`, `cover_open`, `offline`, `answer_status` (False =
a printer that stops answering), `drop_connection_mid_job()` and
`stop()` / `start()` (unplugged / plugged in again, on the same port).

Real-time requests are recognised outside command parameters only where a
parameter block can be long (GS ( k, the QR function); within the short
fixed-length commands `drivers.escpos` emits, DLE EOT cannot occur.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from drivers.escpos_interpreter import EscPosInterpreter, InterpretedStream
from drivers.escpos_preview import render_png
from drivers.escpos_status import encode_status
from drivers.receipt_printer import PaperState, PrinterStatus

_DLE, _EOT, _GS = 0x10, 0x04, 0x1D
_CUT_MODES_WITH_FEED = (65, 66, 97, 98, 103, 104)
_POLL_S = 0.05


@dataclass
class PrintJob:
    """One job as the printer received it: the bytes up to and including a cut."""

    data: bytes
    connection: int
    status_requests: int = 0
    _render_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @cached_property
    def parsed(self) -> InterpretedStream:
        return EscPosInterpreter().parse(self.data)

    @property
    def png(self) -> bytes:
        with self._render_lock:
            return self._png

    @cached_property
    def _png(self) -> bytes:
        return render_png(self.data)


class SimulatedNetworkPrinter:
    """A TCP ESC/POS printer; `port=0` lets the system choose (see `.port` after start)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.paper = PaperState.OK
        self.cover_open = False
        self.offline = False
        self.answer_status = True
        self.jobs: list[PrintJob] = []
        self.job_bytes_received = 0
        self.connections_accepted = 0
        self._drop_after: int | None = None
        self._lock = threading.Lock()
        self._jobs_changed = threading.Condition(self._lock)
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> SimulatedNetworkPrinter:
        if self._listener is not None:
            return self
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(8)
        listener.settimeout(_POLL_S)
        self.port = listener.getsockname()[1]  # a restart reuses it: same printer address
        self._listener = listener
        self._stopping.clear()
        self._spawn(self._accept_loop, "accept")
        return self

    def stop(self) -> None:
        """Stop listening and cut every connection: the printer is unplugged."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2.0)
        self._threads = []
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    @property
    def running(self) -> bool:
        return self._listener is not None

    def __enter__(self) -> SimulatedNetworkPrinter:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- state and faults -----------------------------------------------------

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=not self.offline, paper=self.paper, cover_open=self.cover_open)

    def drop_connection_mid_job(self, after_bytes: int = 64) -> None:
        """Reset the connection once a job has sent `after_bytes` (once)."""
        self._drop_after = after_bytes

    def wait_for_jobs(self, count: int, timeout_s: float = 2.0) -> bool:
        with self._jobs_changed:
            return self._jobs_changed.wait_for(lambda: len(self.jobs) >= count, timeout_s)

    # -- server ---------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(
            target=target, args=args, name=f"sim-printer-{self.port}-{name}", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections_accepted += 1
            self._spawn(self._serve, f"conn{self.connections_accepted}", conn,
                        self.connections_accepted)  # fmt: skip

    def _serve(self, conn: socket.socket, number: int) -> None:
        conn.settimeout(_POLL_S)
        stream = _ConnectionStream(self, conn, number)
        try:
            while not self._stopping.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk or not stream.feed(chunk):
                    return
        except OSError:
            return  # the host reset the connection
        finally:
            conn.close()

    def _answer(self, n: int) -> bytes:
        if not self.answer_status:
            return b""
        answer = encode_status(self.status(), error=self.offline).get(n)
        return b"" if answer is None else bytes((answer,))

    def _should_drop(self, job_bytes: int) -> bool:
        with self._lock:
            if self._drop_after is None or job_bytes < self._drop_after:
                return False
            self._drop_after = None
            return True

    def _finish_job(self, job: PrintJob) -> None:
        with self._jobs_changed:
            self.jobs.append(job)
            self._jobs_changed.notify_all()


class _ConnectionStream:
    """Splits one connection's bytes into real-time requests and jobs."""

    def __init__(self, printer: SimulatedNetworkPrinter, conn: socket.socket, number: int) -> None:
        self._printer = printer
        self._conn = conn
        self._number = number
        self._pending = bytearray()  # received, not yet scanned to a command boundary
        self._job = bytearray()  # scanned bytes of the current job
        self._status_requests = 0

    def feed(self, chunk: bytes) -> bool:
        """Process `chunk`; False when the connection must end."""
        self._pending += chunk
        answers = bytearray()
        while self._pending:
            size = self._command_size()
            if size is None:
                break  # incomplete command: wait for more bytes
            command = bytes(self._pending[:size])
            del self._pending[:size]
            if size == 3 and command[0] == _DLE and command[1] == _EOT:
                self._status_requests += 1
                answers += self._printer._answer(command[2])
                continue
            self._job += command
            self._printer.job_bytes_received += size
            if self._printer._should_drop(len(self._job)):
                self._reset()
                return False
            if command[0] == _GS and command[1:2] == b"V":
                self._printer._finish_job(
                    PrintJob(bytes(self._job), self._number, self._status_requests)
                )
                self._job.clear()
        if answers:
            self._conn.sendall(answers)
        return True

    def _command_size(self) -> int | None:
        """Length of the command at the start of `_pending`, None if it is incomplete."""
        data = self._pending
        head = data[0]
        if head == _DLE:
            if len(data) < 2:
                return None
            if data[1] == _EOT:
                return 3 if len(data) >= 3 else None
        elif head == _GS:
            if len(data) < 2:
                return None
            if data[1] == ord("("):  # GS ( fn pL pH d1...dk
                if len(data) < 5:
                    return None
                size = 5 + data[3] + 256 * data[4]
                return size if len(data) >= size else None
            if data[1] == ord("V"):
                if len(data) < 3:
                    return None
                size = 4 if data[2] in _CUT_MODES_WITH_FEED else 3
                return size if len(data) >= size else None
            return 1
        if head == _DLE:
            return 1
        # Text and other commands up to the next byte that may start DLE EOT or GS.
        ends = [i for i in (data.find(_DLE, 1), data.find(_GS, 1)) if i > 0]
        return min(ends) if ends else len(data)

    def _reset(self) -> None:
        # SO_LINGER 0: close sends RST, as a printer losing power mid-job looks to the host.
        self._conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
