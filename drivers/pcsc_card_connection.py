"""One PC/SC card session: its own context, its own I/O thread, typed errors.

pcsc-lite serialises calls on one context, so a session never shares the
reader monitor's context (a transmit would queue behind its status wait);
and PC/SC has no timeout on SCardTransmit, so the calls run on the
session's own thread and the caller waits for them with a timeout: a card,
driver or pcscd that stops answering costs the caller `timeout_s`, not a
hang. After such a timeout the session is abandoned, never used again.

pcsc-lite leaves T=0's 61xx (more data: GET RESPONSE) and 6Cxx (wrong Le:
send again) to the application; `PcscCardConnection.transmit` completes
them, so callers see whole answers on either protocol.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from smartcard import scard

from drivers.apdu import CommandApdu
from drivers.device import CardNotPresent, DeviceError, DeviceTimeout, DeviceUnavailable
from drivers.smart_card_reader import CardConnection

log = logging.getLogger(__name__)

_T = TypeVar("_T")

CLOSE_TIMEOUT_S = 2.0
# A 61xx chain longer than this is a card in a loop, not a long answer.
_MAX_GET_RESPONSE = 64


def pcsc_code(hresult: int) -> int:
    # pyscard returns PC/SC codes as signed or unsigned ints depending on the call.
    return hresult & 0xFFFFFFFF


def _c(name: str) -> int:
    return pcsc_code(getattr(scard, name))


SCARD_S_SUCCESS = _c("SCARD_S_SUCCESS")
SCARD_E_TIMEOUT = _c("SCARD_E_TIMEOUT")
SCARD_E_CANCELLED = _c("SCARD_E_CANCELLED")
SCARD_E_NO_READERS_AVAILABLE = _c("SCARD_E_NO_READERS_AVAILABLE")
SCARD_W_REMOVED_CARD = _c("SCARD_W_REMOVED_CARD")
SCARD_E_NO_SMARTCARD = _c("SCARD_E_NO_SMARTCARD")
SCARD_E_SHARING_VIOLATION = _c("SCARD_E_SHARING_VIOLATION")

# pcscd itself is gone or was restarted: the context must be established anew.
SERVICE_GONE = frozenset(
    _c(name)
    for name in (
        "SCARD_E_NO_SERVICE",
        "SCARD_E_SERVICE_STOPPED",
        "SCARD_E_INVALID_HANDLE",
        # What a call waiting in pcscd gets when pcscd dies under it.
        "SCARD_F_COMM_ERROR",
    )
)
READER_GONE = frozenset(
    _c(name)
    for name in (
        "SCARD_E_UNKNOWN_READER",
        "SCARD_E_READER_UNAVAILABLE",
        "SCARD_E_NO_READERS_AVAILABLE",
    )
)
_CARD_GONE = frozenset(
    _c(name)
    for name in (
        "SCARD_W_REMOVED_CARD",
        "SCARD_E_NO_SMARTCARD",
        # Reset by another application: the card is there, but this session is over.
        "SCARD_W_RESET_CARD",
        "SCARD_W_UNPOWERED_CARD",
        "SCARD_W_UNRESPONSIVE_CARD",
        "SCARD_E_NOT_TRANSACTED",
    )
)


def pcsc_error_message(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult)} (0x{pcsc_code(hresult):08X})"


def pcsc_error(device_id: str, hresult: int, what: str) -> DeviceError:
    """The typed error for a failed PC/SC call."""
    code = pcsc_code(hresult)
    detail = f"{what}: {pcsc_error_message(hresult)}"
    if code in _CARD_GONE:
        return CardNotPresent(device_id, detail)
    if code == SCARD_E_TIMEOUT:
        return DeviceTimeout(device_id, detail)
    return DeviceUnavailable(device_id, detail)


class CardIoThread:
    """Runs one connection's PC/SC calls in order on one thread; callers wait with a timeout.

    A daemon thread, so a call stuck in pcscd cannot keep the process alive.
    """

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def call(self, job: Callable[[], _T], timeout_s: float, device_id: str, what: str) -> _T:
        future: Future[_T] = Future()
        self._jobs.put((job, future))
        try:
            return future.result(timeout=max(0.0, timeout_s))
        except FutureTimeout:
            future.cancel()
            raise DeviceTimeout(device_id, f"{what} took longer than {timeout_s:.1f}s") from None

    def stop(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as error:  # handed to the waiting caller
                future.set_exception(error)


class PcscCardConnection(CardConnection):
    """One SCardConnect session, on its own context and I/O thread."""

    def __init__(
        self,
        reader_id: str,
        io: CardIoThread,
        context: int,
        card: int,
        protocol: int,
        atr: bytes,
        on_close: Callable[[PcscCardConnection], None] = lambda _connection: None,
    ) -> None:
        super().__init__(reader_id)
        self._io = io
        self._context = context
        self._card = card
        self._protocol = protocol
        self._atr = atr
        self._on_close = on_close
        self._closed = False
        # Set once the session is over (card removed, reset, a call timed out).
        self._dead: DeviceError | None = None

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def protocol(self) -> str:
        return "T=0" if self._protocol == scard.SCARD_PROTOCOL_T0 else "T=1"

    def transmit(self, apdu: bytes, timeout_s: float = 5.0) -> tuple[bytes, int, int]:
        if self._closed:
            raise DeviceUnavailable(self.reader_id, "connection closed")
        if self._dead is not None:
            raise type(self._dead)(self.reader_id, self._dead.detail)
        try:
            response = self._io.call(
                lambda: self._exchange(bytes(apdu)), timeout_s, self.reader_id, "transmit"
            )
        except DeviceTimeout as error:
            # The card thread may still be inside pcscd; this session cannot be trusted again.
            self._dead = DeviceUnavailable(self.reader_id, f"session abandoned: {error.detail}")
            raise
        except (CardNotPresent, DeviceUnavailable) as error:
            self._dead = error
            raise
        return response[:-2], response[-2], response[-1]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._io.call(self._release, CLOSE_TIMEOUT_S, self.reader_id, "disconnect")
        except DeviceError as error:
            log.debug("%s: closing connection: %s", self.reader_id, error)
        finally:
            self._io.stop()
            self._on_close(self)

    # -- on the I/O thread -------------------------------------------------------

    def _raw(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if pcsc_code(hresult) != SCARD_S_SUCCESS:
            raise pcsc_error(self.reader_id, hresult, "SCardTransmit")
        if len(response) < 2:
            # vpcd (and some drivers) report a card that vanished mid-command as an
            # empty answer; pcscd's status tells whether it was pulled.
            raise CardNotPresent(self.reader_id, f"card stopped answering ({self._card_state()})")
        return bytes(response)

    def _exchange(self, apdu: bytes) -> bytes:
        response = self._raw(apdu)
        if self._protocol != scard.SCARD_PROTOCOL_T0:
            return response
        sw1, sw2 = response[-2], response[-1]
        if sw1 == 0x6C:
            corrected = _with_le(apdu, sw2)
            if corrected is not None:
                response = self._raw(corrected)
        data = bytearray()
        for _ in range(_MAX_GET_RESPONSE):
            if response[-2] != 0x61:
                return bytes(data) + response
            data += response[:-2]
            # GET RESPONSE on the command's logical channel.
            response = self._raw(bytes((apdu[0] & 0x03, 0xC0, 0x00, 0x00, response[-1])))
        raise DeviceUnavailable(self.reader_id, "card keeps answering 61xx")

    def _card_state(self) -> str:
        hresult, *_ = scard.SCardStatus(self._card)
        if pcsc_code(hresult) == SCARD_S_SUCCESS:
            return "card still in the reader"
        return pcsc_error_message(hresult)

    def _release(self) -> None:
        # Reset a healthy card: a passport must not stay in its secure-messaging
        # session. A dead session's card is left alone: resetting a card that
        # was just pulled and pushed back confuses pcscd (it then reports the
        # slot empty until the card is pulled again).
        disposition = scard.SCARD_LEAVE_CARD if self._dead else scard.SCARD_RESET_CARD
        scard.SCardDisconnect(self._card, disposition)
        scard.SCardReleaseContext(self._context)


def _with_le(apdu: bytes, le: int) -> bytes | None:
    try:
        command = CommandApdu.from_bytes(apdu)
    except ValueError:
        return None
    if command.le is None:
        return None
    return CommandApdu(
        command.cla, command.ins, command.p1, command.p2, command.data, le
    ).to_bytes()
