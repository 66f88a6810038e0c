"""What every byte-stream code scanner shares: one reader thread, loss and return.

A subclass says how to open, read and close its source and how to turn
bytes into codes; this class owns the thread that reads while the scanner
is open, and the LOST / reopen every `reconnect_interval_s` / FOUND cycle
when the source goes away (a USB scanner unplugged).
"""

from __future__ import annotations

import abc
import logging
import threading

from drivers.code_scanner import CodeScanner
from drivers.device import DeviceEventKind, DeviceHealth, DeviceUnavailable

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.1  # how long one read waits; bounds how fast close() returns


class SourceLost(Exception):
    """The source went away mid-read (unplugged, end of stream)."""


class StreamCodeScanner(CodeScanner):
    def __init__(self, device_id: str, source_name: str, reconnect_interval_s: float) -> None:
        super().__init__(device_id)
        self._source_name = source_name
        self._reconnect_interval_s = reconnect_interval_s
        self._state_lock = threading.Lock()
        self._source: object | None = None
        self._is_open = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what a subclass provides -------------------------------------------

    @abc.abstractmethod
    def _open_source(self) -> object:
        """Open the source; raise DeviceUnavailable with the reason if it cannot."""

    @abc.abstractmethod
    def _close_source(self, source: object) -> None: ...

    @abc.abstractmethod
    def _read(self, source: object) -> bytes:
        """Bytes read within READ_TIMEOUT_S (maybe none); raise SourceLost when gone."""

    @abc.abstractmethod
    def _feed(self, data: bytes) -> None:
        """Turn bytes into codes (emit CODE_READ)."""

    @abc.abstractmethod
    def _discard_partial(self) -> None:
        """Forget a partly received code (at loss or close)."""

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        with self._state_lock:
            if self._is_open:
                return
            self._source = self._open_source()  # raises DeviceUnavailable
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
            thread.join(timeout=READ_TIMEOUT_S * 10 + 1.0)
        self._drop_source()

    def health(self) -> DeviceHealth:
        if self._is_open and self._source is not None:
            return DeviceHealth.READY
        return DeviceHealth.UNAVAILABLE

    # -- reader thread ----------------------------------------------------------

    def _drop_source(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            try:
                self._close_source(source)
            except Exception:  # closing a vanished device may fail; it is gone either way
                log.debug("%s: closing %s failed", self.device_id, self._source_name, exc_info=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            source = self._source
            if source is None:
                if self._stop.wait(self._reconnect_interval_s):
                    break
                self._try_reconnect()
                continue
            try:
                data = self._read(source)
            except SourceLost as lost:
                if not self._stop.is_set():
                    self._lost(str(lost))
                continue
            if data:
                self._feed(data)
        self._discard_partial()

    def _try_reconnect(self) -> None:
        try:
            source = self._open_source()
        except DeviceUnavailable as error:
            log.debug("%s: still gone: %s", self.device_id, error)
            return
        self._source = source
        log.info("%s: %s is back", self.device_id, self._source_name)
        self._emit(DeviceEventKind.FOUND, self._source_name)

    def _lost(self, reason: str) -> None:
        log.warning("%s: lost %s: %s", self.device_id, self._source_name, reason)
        self._drop_source()
        self._discard_partial()  # a partly received code is never delivered
        self._emit(DeviceEventKind.LOST, reason)
