"""A code scanner on a serial port (RS-232, or USB in CDC/virtual-COM mode).

The scanner sends each decoded code as one line. A reader thread, alive
only while the scanner is open, owns the port: it assembles lines, checks
them, and emits CODE_READ. When the port goes away (USB unplugged) it emits
LOST and tries to reopen the port every `reconnect_interval_s`; when that
works it emits FOUND.

Lines are checked before anyone sees them: a line that is too long, holds
control bytes, or is not UTF-8 is dropped and the reason logged. Logs say
why and how long, never the content: a resident's code is personal data.
"""

from __future__ import annotations

import logging
import termios
import threading

import serial

from drivers.code_scanner import CodeScanner
from drivers.device import DeviceEventKind, DeviceHealth, DeviceUnavailable

log = logging.getLogger(__name__)

_PORT_ERRORS = (serial.SerialException, OSError, termios.error)
_LINE_ENDS = b"\r\n"
_TERMINATORS = (b"\r", b"\n", b"\r\n")
_READ_TIMEOUT_S = 0.1


class SerialCodeScanner(CodeScanner):
    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        terminator: bytes = b"\r",
        device_id: str = "serial-code-scanner",
        max_length: int = 4096,
        reconnect_interval_s: float = 1.0,
    ) -> None:
        """`terminator` is the suffix the scanner is configured to send.

        Any of CR, LF and CR LF ends a line whatever it says, because a
        scanner's suffix is changed by scanning a setup code and a kiosk
        must not go deaf when someone does; a line ending differently is
        logged once so a technician can see the setting drifted.
        """
        super().__init__(device_id)
        if isinstance(terminator, str):
            terminator = terminator.encode("ascii")
        if terminator not in _TERMINATORS:
            raise ValueError(f"terminator must be one of {_TERMINATORS}, not {terminator!r}")
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        self._port_name = port
        self._baudrate = baudrate
        self._terminator = terminator
        self._max_length = max_length
        self._reconnect_interval_s = reconnect_interval_s
        self._state_lock = threading.Lock()
        self._port: serial.Serial | None = None
        self._is_open = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned_terminator = False
        self._reset_line()

    # -- Device --------------------------------------------------------

    def open(self) -> None:
        with self._state_lock:
            if self._is_open:
                return
            port = self._open_port()  # raises DeviceUnavailable
            self._port = port
            self._is_open = True
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"{self.device_id}-reader", daemon=True
            )
            self._thread.start()

    def close(self) -> None:
        with self._state_lock:
            self._is_open = False
            self._stop.set()
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=_READ_TIMEOUT_S * 10 + 1.0)
        self._close_port()

    def health(self) -> DeviceHealth:
        if self._is_open and self._port is not None:
            return DeviceHealth.READY
        return DeviceHealth.UNAVAILABLE

    # -- port ----------------------------------------------------------

    def _open_port(self) -> serial.Serial:
        try:
            port = serial.Serial(
                self._port_name, self._baudrate, timeout=_READ_TIMEOUT_S, exclusive=True
            )
            # Codes scanned while nobody listened are stale: discard them.
            port.reset_input_buffer()
        except _PORT_ERRORS as error:
            raise DeviceUnavailable(
                self.device_id, f"cannot open {self._port_name}: {error}"
            ) from error
        return port

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except _PORT_ERRORS:
                log.debug("%s: closing %s failed", self.device_id, self._port_name, exc_info=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            port = self._port
            if port is None:
                if self._stop.wait(self._reconnect_interval_s):
                    break
                self._try_reconnect()
                continue
            try:
                data = port.read(port.in_waiting or 1)
            except _PORT_ERRORS as error:
                if self._stop.is_set():
                    break
                self._port_lost(error)
                continue
            if data:
                self._feed(data)
        self._reset_line()

    def _try_reconnect(self) -> None:
        try:
            port = self._open_port()
        except DeviceUnavailable as error:
            log.debug("%s: still gone: %s", self.device_id, error)
            return
        self._port = port
        log.info("%s: %s is back", self.device_id, self._port_name)
        self._emit(DeviceEventKind.FOUND, self._port_name)

    def _port_lost(self, error: BaseException) -> None:
        log.warning("%s: lost %s: %s", self.device_id, self._port_name, error)
        self._close_port()
        if self._line or self._discarding:
            log.info("%s: discarding a partial line at disconnect", self.device_id)
        self._reset_line()
        self._emit(DeviceEventKind.LOST, str(error))

    # -- lines ---------------------------------------------------------

    def _reset_line(self) -> None:
        self._line = bytearray()
        # The current line already broke a rule; skip to its end.
        self._discarding = False

    def _feed(self, data: bytes) -> None:
        for byte in data:
            if byte in _LINE_ENDS:
                # The LF of a CR LF ends an empty line, which is ignored.
                self._end_line(byte)
                continue
            if self._discarding:
                continue
            if len(self._line) >= self._max_length:
                self._drop(f"longer than {self._max_length} bytes")
            else:
                self._line.append(byte)

    def _drop(self, reason: str) -> None:
        log.warning("%s: dropped a scanned line: %s", self.device_id, reason)
        self._line = bytearray()
        self._discarding = True

    def _end_line(self, end: int) -> None:
        line, discarding = bytes(self._line), self._discarding
        self._line = bytearray()
        self._discarding = False
        if discarding or not line:
            return
        self._check_terminator(end)
        bad = next((b for b in line if b < 0x20 or b == 0x7F), None)
        if bad is not None:
            log.warning(
                "%s: dropped a %d-byte line: control byte 0x%02x", self.device_id, len(line), bad
            )
            return
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            log.warning(
                "%s: dropped a %d-byte line: not UTF-8 (%s at byte %d)",
                self.device_id,
                len(line),
                error.reason,
                error.start,
            )
            return
        self._emit(DeviceEventKind.CODE_READ, data=text)

    def _check_terminator(self, end: int) -> None:
        if self._warned_terminator or end == self._terminator[0]:
            return
        self._warned_terminator = True
        log.warning(
            "%s: line ended with %r, configured for %r; check the scanner's suffix setting",
            self.device_id,
            bytes([end]),
            self._terminator,
        )
