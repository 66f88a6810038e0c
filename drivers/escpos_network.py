"""ESC/POS over TCP: the raw "port 9100" channel of network receipt printers.

Like python-escpos's `Network` printer, the transport only moves bytes; the
ESC/POS logic (status decoding, refusal, events) stays in
`EscPosReceiptPrinter`. What this adds is what a TCP link needs to never hang
and to survive the printer going away:

- every blocking call runs against a deadline and raises `DeviceTimeout`;
  a refused, reset or closed connection raises `DeviceUnavailable`;
- after any failure the socket is dropped, so a late answer cannot be read
  as the answer to the next request, and the next call connects again;
- before each request, bytes the printer sent unasked are discarded and a
  connection the printer closed (power cycle, restart) is replaced at once;
- a print job is followed by a DLE EOT 1 round trip, so `write_raw` returns
  only once the printer has received the whole job. Without it, a job sent
  into the kernel's buffer of a dead connection would look printed.
"""

from __future__ import annotations

import select
import socket
import threading
import time

from drivers.device import DeviceTimeout, DeviceUnavailable
from drivers.escpos_printer import EscPosReceiptPrinter, PrinterTransport
from drivers.escpos_status import PRINTER_STATUS, is_status_byte, status_request

RAW_PRINT_PORT = 9100


class TcpPrinterTransport(PrinterTransport):
    """A raw TCP byte channel to one network printer."""

    def __init__(
        self,
        host: str,
        port: int = RAW_PRINT_PORT,
        connect_timeout_s: float = 3.0,
        confirm_delivery: bool = True,
        name: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.connect_timeout_s = connect_timeout_s
        self.confirm_delivery = confirm_delivery
        self._name = name or f"tcp://{host}:{port}"
        self._sock: socket.socket | None = None
        # The printer class serialises conversations; this only guards the
        # socket against close() racing a call from another thread.
        self._lock = threading.RLock()

    @property
    def connected(self) -> bool:
        return self._sock is not None

    # -- PrinterTransport -----------------------------------------------------

    def open(self) -> None:
        with self._lock:
            self._drop()
            self._connect()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def write_raw(self, data: bytes, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            sock = self._ready_socket()
            self._send(sock, data, deadline)
            if self.confirm_delivery and not _is_realtime_request(data):
                self._confirm_received(sock, deadline)

    def read_raw(self, count: int, timeout_s: float) -> bytes:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            sock = self._require_socket()
            return self._recv_exactly(sock, count, deadline)

    def query_status(self, n: int, timeout_s: float) -> int:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            sock = self._ready_socket()
            self._send(sock, status_request(n), deadline)
            return self._recv_exactly(sock, 1, deadline)[0]

    # -- internals ------------------------------------------------------------

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), self.connect_timeout_s)
        except TimeoutError:
            raise DeviceUnavailable(self._name, "connect timed out") from None
        except OSError as error:
            raise DeviceUnavailable(self._name, f"cannot connect: {error}") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self._sock = sock
        return sock

    def _drop(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def _require_socket(self) -> socket.socket:
        if self._sock is None:
            raise DeviceUnavailable(self._name, "not connected")
        return self._sock

    def _ready_socket(self) -> socket.socket:
        """The socket for a new request: stale input discarded, reconnected if the peer left."""
        sock = self._sock
        if sock is not None and not self._discard_pending(sock):
            self._drop()
            sock = None
        return sock if sock is not None else self._connect()

    def _discard_pending(self, sock: socket.socket) -> bool:
        """Read whatever is waiting without blocking; False if the peer closed or reset."""
        try:
            while select.select([sock], [], [], 0)[0]:
                sock.settimeout(0)
                if not sock.recv(4096):
                    return False
        except OSError:
            return False
        return True

    def _send(self, sock: socket.socket, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        try:
            while view:
                sock.settimeout(self._remaining(deadline, "write"))
                sent = sock.send(view)
                view = view[sent:]
        except TimeoutError:
            self._drop()
            raise DeviceTimeout(self._name, f"write timed out, {len(view)} bytes unsent") from None
        except OSError as error:
            self._drop()
            raise DeviceUnavailable(self._name, f"connection lost while writing: {error}") from None

    def _recv_exactly(self, sock: socket.socket, count: int, deadline: float) -> bytes:
        received = bytearray()
        try:
            while len(received) < count:
                sock.settimeout(self._remaining(deadline, "read"))
                chunk = sock.recv(count - len(received))
                if not chunk:
                    self._drop()
                    raise DeviceUnavailable(self._name, "connection closed by the printer")
                received += chunk
        except TimeoutError:
            self._drop()
            raise DeviceTimeout(self._name, "no answer from the printer") from None
        except DeviceUnavailable:
            raise
        except OSError as error:
            self._drop()
            raise DeviceUnavailable(self._name, f"connection lost while reading: {error}") from None
        return bytes(received)

    def _confirm_received(self, sock: socket.socket, deadline: float) -> None:
        """TCP keeps order, so an answer to a request sent after the job proves its delivery."""
        self._send(sock, status_request(PRINTER_STATUS), deadline)
        while not is_status_byte(self._recv_exactly(sock, 1, deadline)[0]):
            pass  # unsolicited bytes (automatic status back) are not our answer

    def _remaining(self, deadline: float, what: str) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self._drop()
            raise DeviceTimeout(self._name, f"{what} timed out")
        return remaining


def _is_realtime_request(data: bytes) -> bool:
    return len(data) == 3 and data[:2] == b"\x10\x04"


def network_receipt_printer(
    device_id: str,
    host: str,
    port: int = RAW_PRINT_PORT,
    width_chars: int = 48,
    poll_interval_s: float = 1.0,
    io_timeout_s: float = 2.0,
    connect_timeout_s: float = 3.0,
) -> EscPosReceiptPrinter:
    """An ESC/POS receipt printer reached over TCP (raw port 9100)."""
    transport = TcpPrinterTransport(
        host, port, connect_timeout_s=connect_timeout_s, name=f"{device_id}@{host}:{port}"
    )
    return EscPosReceiptPrinter(
        device_id,
        transport,
        width_chars=width_chars,
        poll_interval_s=poll_interval_s,
        io_timeout_s=io_timeout_s,
    )
