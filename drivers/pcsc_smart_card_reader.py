"""Any PC/SC contact card reader, through pcscd (pyscard's low-level `scard` API).

Follows AusweisApp's PC/SC plugin:

- one monitor thread per reader, alive while the reader is open, with a
  PC/SC context of its own: it waits in SCardGetStatusChange for at most
  `poll_interval_s` (0.5 s) at a time, so reader and card changes arrive
  at once and a dead pcscd is noticed within one interval;
- when pcscd dies (or restarts) every call on the old context fails with
  SCARD_E_NO_SERVICE / INVALID_HANDLE: the monitor drops the context,
  reports LOST, and establishes a new one every interval until pcscd is
  back, then reports FOUND;
- all I/O of one card connection runs on that connection's own thread with
  its own context (pcsc-lite serialises calls on one context, so a
  transmit must never queue behind the monitor's status wait), and the
  caller waits for it with a timeout, so no caller can hang on pcscd, the
  driver or the card.

Errors become the typed errors of `drivers.device`: a removed card is
CardNotPresent (a session never survives a removal), a missing reader or
pcscd is DeviceUnavailable, a call that outlives its timeout is
DeviceTimeout. The session itself (its thread, T=0's 61xx/6Cxx) is in
`drivers.pcsc_card_connection`; these two modules are the only ones that
import pyscard, and only when the "pcsc" driver is configured.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref

from smartcard import scard

from drivers.device import (
    CardNotPresent,
    DeviceEventKind,
    DeviceHealth,
    DeviceUnavailable,
)
from drivers.pcsc_card_connection import (
    CLOSE_TIMEOUT_S,
    READER_GONE,
    SCARD_E_CANCELLED,
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_NO_SMARTCARD,
    SCARD_E_SHARING_VIOLATION,
    SCARD_E_TIMEOUT,
    SCARD_S_SUCCESS,
    SCARD_W_REMOVED_CARD,
    SERVICE_GONE,
    CardIoThread,
    PcscCardConnection,
    pcsc_code,
    pcsc_error,
    pcsc_error_message,
)
from drivers.smart_card_reader import CardConnection, SmartCardReader

log = logging.getLogger(__name__)

# pcsc-lite's pseudo reader whose state changes when readers come and go.
_PNP_READER = "\\\\?PnP?\\Notification"
_OPEN_TIMEOUT_S = 5.0
_CONNECT_RETRY_S = 0.05


class PcscSmartCardReader(SmartCardReader):
    """A reader known to pcscd, chosen by a part of its name (None: the first one)."""

    def __init__(
        self,
        device_id: str = "smart_card_reader",
        reader_name: str | None = None,
        poll_interval_s: float = 0.5,
    ) -> None:
        super().__init__(device_id)
        self._reader_filter = reader_name
        self._poll_interval_s = poll_interval_s
        self._condition = threading.Condition()
        self._is_open = False
        self._reader: str | None = None  # the matched reader, while present
        self._available: bool | None = None  # None until the first scan
        self._unavailable_detail = "not open"
        self._card_present = False
        self._card_state_known = False
        self._stop = threading.Event()
        self._monitor: threading.Thread | None = None
        self._monitor_context: int | None = None
        self._connections: weakref.WeakSet[PcscCardConnection] = weakref.WeakSet()

    @property
    def reader_name(self) -> str | None:
        """The PC/SC name of the reader in use, while it is present."""
        return self._reader

    # -- Device ---------------------------------------------------------------

    def open(self) -> None:
        with self._condition:
            if self._is_open:
                return
            self._is_open = True
            self._available = None
            self._card_present = False
            self._card_state_known = False
            self._stop = threading.Event()
            self._monitor = threading.Thread(
                target=self._monitor_loop,
                args=(self._stop,),
                name=f"{self.device_id}-pcsc",
                daemon=True,
            )
            self._monitor.start()
            scanned = self._condition.wait_for(
                lambda: self._available is False or self._card_state_known, _OPEN_TIMEOUT_S
            )
            if scanned and self._available:
                return
            detail = self._unavailable_detail if scanned else "pcscd did not answer"
        self.close()
        raise DeviceUnavailable(self.device_id, detail)

    def close(self) -> None:
        with self._condition:
            self._is_open = False
            self._stop.set()
            monitor, self._monitor = self._monitor, None
            context = self._monitor_context
            self._condition.notify_all()
        if monitor is not None and monitor is not threading.current_thread():
            deadline = time.monotonic() + self._poll_interval_s + CLOSE_TIMEOUT_S
            while monitor.is_alive() and time.monotonic() < deadline:
                if context is not None:
                    # Wakes the monitor from SCardGetStatusChange (allowed from any
                    # thread); repeated because a cancel between two waits is lost.
                    scard.SCardCancel(context)
                monitor.join(timeout=0.02)
        for connection in list(self._connections):
            connection.close()
        with self._condition:
            self._reader = None
            self._available = None
            self._card_present = False
            self._unavailable_detail = "not open"

    def health(self) -> DeviceHealth:
        with self._condition:
            if not self._is_open or not self._available:
                return DeviceHealth.UNAVAILABLE
            return DeviceHealth.BUSY if len(self._connections) else DeviceHealth.READY

    # -- SmartCardReader --------------------------------------------------------

    def is_card_present(self) -> bool:
        with self._condition:
            self._require_available()
            return self._card_present

    def connect(self, timeout_s: float) -> CardConnection:
        deadline = time.monotonic() + timeout_s
        with self._condition:
            self._require_available()
            self._condition.wait_for(
                lambda: self._card_present or not self._available or not self._is_open,
                timeout_s,
            )
            self._require_available()
            if not self._card_present:
                raise CardNotPresent(self.device_id, f"no card within {timeout_s:.1f}s")
            reader = self._reader
        assert reader is not None
        io = CardIoThread(f"{self.device_id}-card")
        try:
            connection = io.call(
                lambda: self._connect_on_io_thread(io, reader, deadline),
                max(deadline - time.monotonic(), 0.0) + CLOSE_TIMEOUT_S,
                self.device_id,
                "SCardConnect",
            )
        except BaseException:
            io.stop()
            raise
        with self._condition:
            self._connections.add(connection)
        return connection

    # -- connections --------------------------------------------------------------

    def _connect_on_io_thread(
        self, io: CardIoThread, reader: str, deadline: float
    ) -> PcscCardConnection:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if pcsc_code(hresult) != SCARD_S_SUCCESS:
            raise pcsc_error(self.device_id, hresult, "SCardEstablishContext")
        try:
            while True:
                hresult, card, protocol = scard.SCardConnect(
                    context,
                    reader,
                    scard.SCARD_SHARE_SHARED,
                    scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                )
                code = pcsc_code(hresult)
                if code == SCARD_S_SUCCESS:
                    break
                # Just inserted (pcscd still powering it) or briefly held by another
                # application: worth retrying until the caller's deadline.
                transient = code in (
                    SCARD_E_NO_SMARTCARD,
                    SCARD_W_REMOVED_CARD,
                    SCARD_E_SHARING_VIOLATION,
                )
                if not transient or time.monotonic() + _CONNECT_RETRY_S > deadline:
                    raise pcsc_error(self.device_id, hresult, "SCardConnect")
                time.sleep(_CONNECT_RETRY_S)
            hresult, _name, _state, _protocol, atr = scard.SCardStatus(card)
            if pcsc_code(hresult) != SCARD_S_SUCCESS:
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
                raise pcsc_error(self.device_id, hresult, "SCardStatus")
        except BaseException:
            scard.SCardReleaseContext(context)
            raise
        return PcscCardConnection(
            self.device_id, io, context, card, protocol, bytes(atr), self._connection_closed
        )

    def _connection_closed(self, connection: PcscCardConnection) -> None:
        with self._condition:
            self._connections.discard(connection)

    def _require_available(self) -> None:
        if not self._is_open:
            raise DeviceUnavailable(self.device_id, "not open")
        if not self._available:
            raise DeviceUnavailable(self.device_id, self._unavailable_detail)

    # -- the monitor thread ---------------------------------------------------------

    def _monitor_loop(self, stop: threading.Event) -> None:
        context: int | None = None
        reader_state = scard.SCARD_STATE_UNAWARE
        pnp_state = scard.SCARD_STATE_UNAWARE
        watched: str | None = None
        while not stop.is_set():
            if context is None:
                hresult, new_context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                if pcsc_code(hresult) != SCARD_S_SUCCESS:
                    self._set_unavailable(f"pcscd not reachable: {pcsc_error_message(hresult)}")
                    stop.wait(self._poll_interval_s)
                    continue
                context = new_context
                with self._condition:
                    self._monitor_context = context
                reader_state = pnp_state = scard.SCARD_STATE_UNAWARE
                watched = None
            hresult, readers = scard.SCardListReaders(context, [])
            code = pcsc_code(hresult)
            if code == SCARD_E_NO_READERS_AVAILABLE:
                readers = []
            elif code != SCARD_S_SUCCESS:
                context = self._drop_context(context, hresult)
                stop.wait(self._poll_interval_s)
                continue
            reader = self._pick_reader(readers)
            if reader is None:
                wanted = f"matching {self._reader_filter!r}" if self._reader_filter else "at all"
                self._set_unavailable(f"no reader {wanted}; pcscd has {readers}")
                watched = None
                # Wait for pcscd to announce a reader (or for the interval to pass).
                hresult, states = scard.SCardGetStatusChange(
                    context, self._interval_ms(), [(_PNP_READER, pnp_state)]
                )
                code = pcsc_code(hresult)
                if code == SCARD_S_SUCCESS:
                    pnp_state = states[0][1] & ~scard.SCARD_STATE_CHANGED
                elif code in SERVICE_GONE:
                    context = self._drop_context(context, hresult)
                elif code not in (SCARD_E_TIMEOUT, SCARD_E_CANCELLED):
                    stop.wait(self._poll_interval_s)
                continue
            if reader != watched:
                watched, reader_state = reader, scard.SCARD_STATE_UNAWARE
            if reader_state != scard.SCARD_STATE_UNAWARE:
                self._set_available(reader)
            hresult, states = scard.SCardGetStatusChange(
                context,
                self._interval_ms(),
                [(reader, reader_state), (_PNP_READER, pnp_state)],
            )
            code = pcsc_code(hresult)
            if code == SCARD_S_SUCCESS:
                for name, event_state, _atr in states:
                    if name == _PNP_READER:
                        pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                    else:
                        # FOUND (after a pcscd restart) comes before CARD_INSERTED.
                        self._set_available(reader)
                        self._card_state_changed(reader_state, event_state)
                        reader_state = event_state & ~scard.SCARD_STATE_CHANGED
                with self._condition:
                    # open() returns once the card's state is known too.
                    self._card_state_known = True
                    self._condition.notify_all()
            elif code in SERVICE_GONE:
                context = self._drop_context(context, hresult)
            elif code in READER_GONE:
                watched = None  # listed again on the next round
            elif code not in (SCARD_E_TIMEOUT, SCARD_E_CANCELLED):
                log.warning("%s: %s", self.device_id, pcsc_error_message(hresult))
                stop.wait(self._poll_interval_s)
        if context is not None:
            with self._condition:
                self._monitor_context = None
            scard.SCardReleaseContext(context)

    def _interval_ms(self) -> int:
        return max(1, int(self._poll_interval_s * 1000))

    def _pick_reader(self, readers: list[str]) -> str | None:
        candidates = [
            name for name in readers if self._reader_filter is None or self._reader_filter in name
        ]
        if self._reader in candidates:
            return self._reader  # stay with the one in use
        return candidates[0] if candidates else None

    def _drop_context(self, context: int, hresult: int) -> None:
        """pcscd died or restarted: forget the context; the loop establishes a new one."""
        log.info("%s: PC/SC context lost (%s)", self.device_id, pcsc_error_message(hresult))
        with self._condition:
            self._monitor_context = None
        scard.SCardReleaseContext(context)
        self._set_unavailable(f"pcscd gone: {pcsc_error_message(hresult)}")
        return None

    def _card_state_changed(self, known: int, event_state: int) -> None:
        present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (
            event_state & scard.SCARD_STATE_UNAVAILABLE
        )
        # pcsc-lite counts card events in the high word: a card swapped within one
        # wait shows as "still present" with the count moved on by two.
        swapped = (
            present
            and known != scard.SCARD_STATE_UNAWARE
            and ((event_state >> 16) - (known >> 16)) & 0xFFFF >= 2
        )
        if swapped:
            self._set_card_present(False)
        self._set_card_present(present)

    def _set_card_present(self, present: bool) -> None:
        with self._condition:
            if present == self._card_present:
                return
            self._card_present = present
            self._condition.notify_all()
        self._emit(DeviceEventKind.CARD_INSERTED if present else DeviceEventKind.CARD_REMOVED)

    def _set_available(self, reader: str) -> None:
        with self._condition:
            was = self._available
            self._reader = reader
            if was:
                return
            self._available = True
            self._condition.notify_all()
        if was is False:
            log.info("%s: reader %r is back", self.device_id, reader)
            self._emit(DeviceEventKind.FOUND, reader)

    def _set_unavailable(self, detail: str) -> None:
        self._set_card_present(False)
        with self._condition:
            was = self._available
            self._unavailable_detail = detail
            self._reader = None
            if was is False:
                return
            self._available = False
            self._condition.notify_all()
        if was:
            log.warning("%s: lost: %s", self.device_id, detail)
            self._emit(DeviceEventKind.LOST, detail)
