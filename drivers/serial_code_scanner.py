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

import serial

from drivers.device import DeviceEventKind, DeviceUnavailable
from drivers.stream_code_scanner import READ_TIMEOUT_S, SourceLost, StreamCodeScanner

log = logging.getLogger(__name__)

_PORT_ERRORS = (serial.SerialException, OSError, termios.error)
_LINE_ENDS = b"\r\n"
_TERMINATORS = (b"\r", b"\n", b"\r\n")


class SerialCodeScanner(StreamCodeScanner):
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
        if isinstance(terminator, str):
            terminator = terminator.encode("ascii")
        if terminator not in _TERMINATORS:
            raise ValueError(f"terminator must be one of {_TERMINATORS}, not {terminator!r}")
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        super().__init__(device_id, port, reconnect_interval_s)
        self._port_name = port
        self._baudrate = baudrate
        self._terminator = terminator
        self._max_length = max_length
        self._warned_terminator = False
        self._reset_line()

    # -- port ----------------------------------------------------------

    def _open_source(self) -> serial.Serial:
        try:
            port = serial.Serial(
                self._port_name, self._baudrate, timeout=READ_TIMEOUT_S, exclusive=True
            )
            # Codes scanned while nobody listened are stale: discard them.
            port.reset_input_buffer()
        except _PORT_ERRORS as error:
            raise DeviceUnavailable(
                self.device_id, f"cannot open {self._port_name}: {error}"
            ) from error
        return port

    def _close_source(self, port: serial.Serial) -> None:
        port.close()

    def _read(self, port: serial.Serial) -> bytes:
        try:
            return port.read(port.in_waiting or 1)
        except _PORT_ERRORS as error:
            raise SourceLost(str(error)) from error

    def _discard_partial(self) -> None:
        if self._line or self._discarding:
            log.info("%s: discarding a partial line", self.device_id)
        self._reset_line()

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
