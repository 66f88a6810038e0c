"""Resident ID card reader with a GA/T 467 SAM module on a serial port.

One command is on the wire at a time (`_io_lock`); a read holds the lock
from find card to the end of the read, so the presence poll can never slip
a find card between select and read (which would reset the SAM's card
session). Every wait is bounded: each command has its own window, and
`read_card` also stops at its caller's deadline.

Card presence and hot-plug follow the AusweisApp reader pattern: a
background thread, alive only while the reader is open, sends find card
every `poll_interval_s` and reopens the port when it has disappeared.
"""

from __future__ import annotations

import logging
import termios
import threading
import time

import serial

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceError,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
)
from drivers.id_card_reader import IdCardReader
from drivers.id_card_text import CardTextError, parse_read_answer
from drivers.identity_document import IdentityDocument
from drivers.sam_protocol import (
    FrameReassembler,
    SamAnswer,
    SamCommand,
    SamFrameError,
    SamFrameErrorReason,
    SamStatus,
    encode_request,
    parse_answer,
)

log = logging.getLogger(__name__)

# Longest answer we ask for: text + photo read, 1295 bytes on the wire.
_LONGEST_ANSWER_BYTES = 1295
_FIND_RETRY_S = 0.1
_READ_COMMANDS = (SamCommand.READ_TEXT_PHOTO, SamCommand.READ_TEXT_PHOTO_FINGERPRINT)
_PORT_ERRORS = (serial.SerialException, OSError, termios.error)


class SamProtocolError(DeviceError):
    """The reader answered, but not usefully: corrupt frame or an error status."""

    def __init__(
        self, device_id: str, detail: str, reason: SamFrameErrorReason | SamStatus | None = None
    ) -> None:
        self.reason = reason
        super().__init__(device_id, detail)


class SamIdCardReader(IdCardReader):
    def __init__(
        self,
        serial_port: str,
        baudrate: int = 115200,
        device_id: str = "sam-id-card-reader",
        poll_interval_s: float = 0.5,
        command_timeout_s: float = 1.0,
    ) -> None:
        """`poll_interval_s` 0 turns the presence/hot-plug poll off.

        `command_timeout_s` is how long the SAM may think before answering;
        the time the answer takes on the wire at `baudrate` is added to it.
        """
        super().__init__(device_id)
        self._serial_port = serial_port
        self._baudrate = baudrate
        self._poll_interval_s = poll_interval_s
        self._command_window_s = command_timeout_s + _LONGEST_ANSWER_BYTES * 10 / baudrate
        self._io_lock = threading.Lock()
        self._port: serial.Serial | None = None
        self._is_open = False
        self._reading = False
        self._faulted = False
        self._card_present = False
        self._stop_poll = threading.Event()
        self._poll_thread: threading.Thread | None = None

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        with self._io_lock:
            if self._is_open:
                return
            self._open_port()
            self._is_open = True
        if self._poll_interval_s > 0:
            self._stop_poll.clear()
            self._poll_thread = threading.Thread(
                target=self._poll, name=f"{self.device_id}-poll", daemon=True
            )
            self._poll_thread.start()

    def close(self) -> None:
        self._is_open = False
        self._stop_poll.set()
        thread, self._poll_thread = self._poll_thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self._command_window_s + 1.0)
        with self._io_lock:
            self._close_port()
            self._card_present = False

    def health(self) -> DeviceHealth:
        if not self._is_open or self._port is None:
            return DeviceHealth.UNAVAILABLE
        if self._reading:
            return DeviceHealth.BUSY
        return DeviceHealth.FAULT if self._faulted else DeviceHealth.READY

    # -- IdCardReader ---------------------------------------------------------

    def is_card_present(self) -> bool:
        deadline = time.monotonic() + self._command_window_s
        with self._locked(deadline):
            present = self._find_card(deadline)
        self._set_presence(present)
        return present

    def read_card(self, timeout_s: float) -> IdentityDocument:
        deadline = time.monotonic() + timeout_s
        self._reading = True
        try:
            while True:
                with self._locked(deadline):
                    if self._find_card(deadline):
                        document = self._select_and_read(deadline)
                        break
                self._set_presence(False)
                if deadline - time.monotonic() <= _FIND_RETRY_S:
                    raise CardNotPresent(self.device_id, f"no card within {timeout_s:.1f}s")
                time.sleep(_FIND_RETRY_S)
        finally:
            self._reading = False
        self._set_presence(True)
        return document

    # -- card steps (caller holds _io_lock) -------------------------------------

    def _find_card(self, deadline: float) -> bool:
        answer = self._command(SamCommand.FIND_CARD, deadline)
        if answer.status is SamStatus.FIND_CARD_SUCCESS:
            return True
        if answer.status is SamStatus.NO_CARD:
            return False
        raise self._status_error(SamCommand.FIND_CARD, answer.status)

    def _select_and_read(self, deadline: float) -> IdentityDocument:
        answer = self._command(SamCommand.SELECT_CARD, deadline)
        if answer.status is SamStatus.SELECT_FAILED:
            raise CardReadIncomplete(self.device_id, "card left the reader before select")
        if answer.status is not SamStatus.SUCCESS:
            raise self._status_error(SamCommand.SELECT_CARD, answer.status)
        answer = self._command(SamCommand.READ_TEXT_PHOTO, deadline)
        if answer.status is SamStatus.READ_FAILED:
            raise CardReadIncomplete(self.device_id, "SAM reported read failed (card moved?)")
        if answer.status is not SamStatus.SUCCESS:
            raise self._status_error(SamCommand.READ_TEXT_PHOTO, answer.status)
        try:
            return parse_read_answer(answer.data)
        except CardTextError as error:
            raise SamProtocolError(self.device_id, f"card text unreadable: {error}") from error

    def _status_error(self, command: SamCommand, status: SamStatus) -> SamProtocolError:
        self._faulted = True
        return SamProtocolError(
            self.device_id, f"{command.name} answered {status.name} (0x{status:02X})", status
        )

    # -- frames -------------------------------------------------------------------

    def _command(self, command: SamCommand, deadline: float) -> SamAnswer:
        """One command and its answer; a corrupt answer is retried once (line noise)."""
        try:
            return self._exchange(command, deadline)
        except SamProtocolError as error:
            log.warning("%s: %s; retrying once", self.device_id, error)
            return self._exchange(command, deadline)

    def _exchange(self, command: SamCommand, deadline: float) -> SamAnswer:
        port = self._require_port()
        window = min(self._command_window_s, deadline - time.monotonic())
        if window <= 0:
            raise DeviceTimeout(self.device_id, f"no time left for {command.name}")
        cut_short = window < self._command_window_s
        ends = time.monotonic() + window
        reassembler = FrameReassembler()
        try:
            port.reset_input_buffer()
            port.write(encode_request(command))
            while True:
                try:
                    body = reassembler.next_body()
                    if body is not None:
                        answer = parse_answer(body)
                        self._faulted = False
                        return answer
                except SamFrameError as error:
                    self._faulted = True
                    raise SamProtocolError(
                        self.device_id, f"bad answer to {command.name}: {error}", error.reason
                    ) from error
                if time.monotonic() >= ends:
                    break
                reassembler.feed(port.read(port.in_waiting or 1))
        except _PORT_ERRORS as error:
            self._port_lost(error)
            raise DeviceUnavailable(
                self.device_id, f"port {self._serial_port} lost: {error}"
            ) from error
        return self._no_answer(command, reassembler, window, cut_short)

    def _no_answer(
        self, command: SamCommand, reassembler: FrameReassembler, window: float, cut_short: bool
    ) -> SamAnswer:
        if cut_short:
            raise DeviceTimeout(
                self.device_id, f"{command.name} did not finish before the deadline"
            )
        self._faulted = True
        try:
            reassembler.finish()
        except SamFrameError as error:
            if error.reason is SamFrameErrorReason.TRUNCATED and command in _READ_COMMANDS:
                raise CardReadIncomplete(
                    self.device_id, f"read answer cut off ({error}); card moved away?"
                ) from error
            raise SamProtocolError(
                self.device_id, f"bad answer to {command.name}: {error}", error.reason
            ) from error
        raise DeviceTimeout(self.device_id, f"no answer to {command.name} within {window:.2f}s")

    # -- port -----------------------------------------------------------------------

    def _locked(self, deadline: float) -> _DeadlineLock:
        return _DeadlineLock(self, deadline)

    def _require_port(self) -> serial.Serial:
        if not self._is_open:
            raise DeviceUnavailable(self.device_id, "not open")
        if self._port is None:
            self._open_port()  # raises DeviceUnavailable while it is still gone
            self._emit(DeviceEventKind.FOUND, self._serial_port)
        assert self._port is not None
        return self._port

    def _open_port(self) -> None:
        try:
            self._port = serial.Serial(
                self._serial_port,
                self._baudrate,
                timeout=0.02,
                write_timeout=1.0,
                exclusive=True,
            )
        except _PORT_ERRORS as error:
            raise DeviceUnavailable(
                self.device_id, f"cannot open {self._serial_port}: {error}"
            ) from error

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except _PORT_ERRORS:
                log.debug("closing a lost port failed", exc_info=True)

    def _port_lost(self, error: BaseException) -> None:
        log.warning("%s: lost %s: %s", self.device_id, self._serial_port, error)
        self._close_port()
        self._card_present = False
        self._emit(DeviceEventKind.LOST, str(error))

    def _set_presence(self, present: bool) -> None:
        if present != self._card_present:
            self._card_present = present
            self._emit(DeviceEventKind.CARD_INSERTED if present else DeviceEventKind.CARD_REMOVED)

    def _poll(self) -> None:
        while not self._stop_poll.wait(self._poll_interval_s):
            # A read in progress owns the port; skip this round rather than queue.
            if not self._io_lock.acquire(blocking=False):
                continue
            try:
                present = self._find_card(time.monotonic() + self._command_window_s)
            except DeviceError as error:
                log.debug("%s: poll: %s", self.device_id, error)
                continue
            finally:
                self._io_lock.release()
            self._set_presence(present)


class _DeadlineLock:
    """`with` over the reader's I/O lock that gives up at the caller's deadline."""

    def __init__(self, reader: SamIdCardReader, deadline: float) -> None:
        self._reader = reader
        self._deadline = deadline

    def __enter__(self) -> None:
        wait = max(0.0, self._deadline - time.monotonic())
        if not self._reader._io_lock.acquire(timeout=wait):
            raise DeviceTimeout(self._reader.device_id, "reader busy until the deadline")

    def __exit__(self, *exc_info: object) -> None:
        self._reader._io_lock.release()
