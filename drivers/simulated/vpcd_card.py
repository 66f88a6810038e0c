"""Put a virtual card into vsmartcard's virtual reader (vpcd), as vicc does.

The card side (vpicc) of the vpcd protocol, written from vsmartcard's
vpcd.c: the card is a TCP client of the port vpcd listens on (the reader's
CHANNELID; slot n listens on CHANNELID + n). Every message in either
direction is a 2-byte big-endian length and that many bytes. A 1-byte
message from vpcd is a control code: 0 power off, 1 power on, 2 reset
(none of them answered) and 4 "send your ATR" (answered with the ATR);
anything longer is a command APDU, answered with the response APDU.

vpcd notices the card when its presence poll accepts the connection and
gets an ATR, and notices its removal when the connection closes. So
`insert()` connects (and keeps reconnecting while inserted, as a card that
stays in the reader across a pcscd restart) and `remove()` closes.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading

from drivers.simulated.social_security_card import VirtualCard

log = logging.getLogger(__name__)

CTRL_POWER_OFF = 0
CTRL_POWER_ON = 1
CTRL_RESET = 2
CTRL_GET_ATR = 4
_RECONNECT_S = 0.1


class VpcdCard:
    """A `VirtualCard` held in one vpcd slot; thread-safe insert/remove."""

    def __init__(self, card: VirtualCard, port: int, host: str = "127.0.0.1") -> None:
        self.card = card
        self.port = port
        self.host = host
        self._lock = threading.Lock()
        self._inserted = threading.Event()
        # Set while removed, so the reconnect loop can sleep on it.
        self._removed = threading.Event()
        self._removed.set()
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._connected = threading.Event()
        self._remove_after: int | None = None
        self.apdus_answered = 0

    @property
    def inserted(self) -> bool:
        return self._inserted.is_set()

    def insert(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._inserted.set()
            self._removed.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"vpcd-card-{self.port}", daemon=True
            )
            self._thread.start()

    def remove(self, timeout_s: float = 5.0) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
            self._inserted.clear()
            self._removed.set()
            self._remove_after = None
            self._close_socket()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    def remove_after_apdus(self, count: int) -> None:
        """Pull the card instead of answering the APDU after the next `count` ones."""
        with self._lock:
            self._remove_after = count

    def wait_connected(self, timeout_s: float) -> bool:
        """Whether vpcd has taken the card's connection (pcscd may not have powered it yet)."""
        return self._connected.wait(timeout_s)

    # The names tests and the command line use for the same thing.
    start = insert
    stop = remove

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def _run(self) -> None:
        while self._inserted.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                # pcscd (and with it vpcd) not there yet, or restarting.
                if self._removed.wait(_RECONNECT_S):
                    return
                continue
            with self._lock:
                if not self._inserted.is_set():
                    sock.close()
                    return
                sock.settimeout(None)
                # One small message per answer: do not let Nagle hold it back.
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._socket = sock
            self.card.reset()
            self._connected.set()
            try:
                self._serve(sock)
            except OSError as error:
                log.debug("vpcd connection on port %d ended: %s", self.port, error)
            finally:
                self._connected.clear()
                with self._lock:
                    if self._socket is sock:
                        self._close_socket()

    def _serve(self, sock: socket.socket) -> None:
        while True:
            message = _receive(sock)
            if message is None:
                return  # vpcd closed: pcscd stopped
            if len(message) == 1:
                code = message[0]
                if code == CTRL_GET_ATR:
                    _send(sock, self.card.atr)
                elif code in (CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET):
                    self.card.reset()
                continue
            with self._lock:
                if self._remove_after is not None:
                    if self._remove_after <= 0:
                        # Pulled mid-command: vpcd sees the connection die, unanswered.
                        self._remove_after = None
                        self._inserted.clear()
                        self._removed.set()
                        self._thread = None
                        self._close_socket()
                        return
                    self._remove_after -= 1
            _send(sock, self.card.process_apdu(message))
            self.apdus_answered += 1

    def _close_socket(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def _receive(sock: socket.socket) -> bytes | None:
    # vpcd before vsmartcard commit 76e2679 (2023; Debian 12 ships such a
    # build) sends the length and the APDU in two writes; with Nagle on its
    # side the second write waits for our ACK of the first, which Linux
    # delays by 40 ms. Quick ACKs remove that stall from every APDU
    # (measured: 44 ms -> 0.2 ms per APDU); the kernel clears the flag, so
    # it is set before every read.
    _quick_ack(sock)
    header = _receive_exactly(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _receive_exactly(sock, length) if length else b""


def _quick_ack(sock: socket.socket) -> None:
    quick_ack = getattr(socket, "TCP_QUICKACK", None)
    if quick_ack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quick_ack, 1)


def _receive_exactly(sock: socket.socket, count: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < count:
        if chunks:
            _quick_ack(sock)
        chunk = sock.recv(count - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
