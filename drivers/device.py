"""What every kiosk device has in common: identity, health, events, errors.

Listeners are plain callables. They are invoked on the device's own event
thread, never on the caller's thread, so a front end must marshal them onto
its UI thread. Real drivers and simulators emit through the same
`Device._emit`, so code that forgets to marshal fails in the demo build too,
not only on real hardware.
"""

from __future__ import annotations

import abc
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)


class DeviceKind(StrEnum):
    ID_CARD_READER = "id_card_reader"
    SMART_CARD_READER = "smart_card_reader"
    CAMERA = "camera"
    DOCUMENT_CAMERA = "document_camera"
    CODE_SCANNER = "code_scanner"
    RECEIPT_PRINTER = "receipt_printer"
    DOCUMENT_PRINTER = "document_printer"
    SPEECH = "speech"


class DeviceHealth(StrEnum):
    READY = "ready"
    BUSY = "busy"
    # Works, but needs attention soon (paper low).
    DEGRADED = "degraded"
    # Not reachable: unplugged, lost, or not opened.
    UNAVAILABLE = "unavailable"
    # Reachable but cannot do its job (paper out, cover open, jam).
    FAULT = "fault"


class DeviceEventKind(StrEnum):
    FOUND = "found"
    LOST = "lost"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    PAPER_OK = "paper_ok"
    COVER_OPEN = "cover_open"
    COVER_CLOSED = "cover_closed"
    CODE_READ = "code_read"
    # Document printers: data is (job_id, JobState).
    JOB_STATE_CHANGED = "job_state_changed"


class PrinterProblem(StrEnum):
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    PAPER_JAM = "paper_jam"


@dataclass(frozen=True)
class DeviceEvent:
    device_id: str
    kind: DeviceEventKind
    detail: str | None = None
    data: object | None = None


DeviceListener = Callable[[DeviceEvent], None]


class DeviceError(Exception):
    """Base of every error a driver raises; callers can catch just this."""

    def __init__(self, device_id: str, detail: str | None = None) -> None:
        self.device_id = device_id
        self.detail = detail
        super().__init__(f"{device_id}: {detail}" if detail else device_id)


class DeviceUnavailable(DeviceError):
    """The device is unplugged, lost, or not opened."""


class DeviceTimeout(DeviceError, TimeoutError):
    """The device did not answer in time."""


class CardNotPresent(DeviceError):
    """No card in the reader (never inserted, or removed)."""


class CardReadIncomplete(DeviceError):
    """A card was read only partly (moved or pulled during the read)."""


class PrinterNotReady(DeviceError):
    """The printer refused a job before any data was sent."""

    def __init__(self, device_id: str, reason: PrinterProblem) -> None:
        self.reason = reason
        super().__init__(device_id, reason.value)


class _EventDispatcher:
    """Delivers events in order on one thread per device.

    The thread starts on the first event and exits after a short idle
    period, so devices that never emit (or tests that create hundreds of
    devices) do not keep threads alive.
    """

    _IDLE_EXIT_S = 2.0

    def __init__(self, name: str, deliver: Callable[[DeviceEvent], None]) -> None:
        self._name = name
        self._deliver = deliver
        self._pending: deque[DeviceEvent] = deque()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._in_flight = 0

    def post(self, event: DeviceEvent) -> None:
        with self._condition:
            self._pending.append(event)
            self._in_flight += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"{self._name}-events", daemon=True
                )
                self._thread.start()
            self._condition.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: self._in_flight == 0, timeout_s)

    def _run(self) -> None:
        while True:
            with self._condition:
                if not self._condition.wait_for(lambda: self._pending, self._IDLE_EXIT_S):
                    self._thread = None
                    return
                event = self._pending.popleft()
            try:
                self._deliver(event)
            finally:
                with self._condition:
                    self._in_flight -= 1
                    self._condition.notify_all()


class Device(abc.ABC):
    """Base of every device interface.

    Subclasses implement `open`, `close` and `health`; they call `_emit`
    when something happens. Blocking methods take a timeout and raise a
    `DeviceError` subclass, never hang.
    """

    def __init__(self, device_id: str, kind: DeviceKind) -> None:
        self._device_id = device_id
        self._kind = kind
        self._listeners: list[DeviceListener] = []
        self._listeners_lock = threading.Lock()
        self._dispatcher = _EventDispatcher(device_id, self._deliver)

    @property
    def device_id(self) -> str:
        return self._device_id

    @property
    def kind(self) -> DeviceKind:
        return self._kind

    @abc.abstractmethod
    def health(self) -> DeviceHealth: ...

    @abc.abstractmethod
    def open(self) -> None:
        """Claim the device. Raises DeviceUnavailable if it is not there."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the device. Safe to call twice or without open()."""

    def subscribe(self, callback: DeviceListener) -> Callable[[], None]:
        """Register a listener; returns a function that unregisters it."""
        with self._listeners_lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def wait_events_delivered(self, timeout_s: float = 2.0) -> bool:
        """Block until every event emitted so far reached the listeners."""
        return self._dispatcher.wait_idle(timeout_s)

    def _emit(
        self, kind: DeviceEventKind, detail: str | None = None, data: object | None = None
    ) -> None:
        self._dispatcher.post(DeviceEvent(self._device_id, kind, detail, data))

    def _deliver(self, event: DeviceEvent) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                # One broken listener must not silence the others or kill the thread.
                log.exception("listener failed for %s on %s", event.kind, event.device_id)

    def __enter__(self) -> Device:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._device_id!r}, {self._kind.value})"
