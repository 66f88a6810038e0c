"""The one place that owns the kiosk's devices.

Built from the kiosk's device configuration (see `device_set`), the manager

- opens every device once at start, and keeps trying (about every two
  seconds) the ones that were not there, so a printer switched on after the
  kiosk, or a reader plugged in later, becomes usable without a restart;
- polls every device's health about every 500 ms (AusweisApp's reader
  polling pace) and turns a change of presence into LOST / FOUND, whether
  or not the driver noticed it itself, and never reports the same change
  twice;
- forwards every device event (card inserted, paper out, code read...) to
  its own listeners, so the front end subscribes once;
- carries a device's question for the resident ("put your card back on the
  reader") to whichever front end registered a `DeviceUserPrompt`, and
  waits for the answer off the UI thread (Electrum's hardware-plugin
  pattern).

Callers ask `available(slot)` each time they need a device instead of
keeping one, because devices come and go.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from drivers.device import (
    Device,
    DeviceError,
    DeviceEvent,
    DeviceEventKind,
    DeviceHealth,
    DeviceListener,
)
from drivers.device_set import DeviceSet, build_device_set

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.5
# Opening can cost a serial handshake or a TCP connect: not every poll.
REOPEN_INTERVAL_S = 2.0
STOP_TIMEOUT_S = 5.0
# Drivers recover by themselves from a short loss; one still lost after this
# long is closed and opened afresh, which also frees a wedged port.
RESTART_AFTER_S = 10.0


class UserRequest(StrEnum):
    """What a device can ask the resident to do; the front end words it."""

    PLACE_CARD_AGAIN = "place_card_again"  # a read was cut short
    TAKE_YOUR_CARD = "take_your_card"  # a card is still in the reader at the end
    TAKE_YOUR_PAPER = "take_your_paper"  # a receipt or certificate is waiting


class UserAnswer(StrEnum):
    DONE = "done"  # the device saw it happen (card back, paper taken)
    CONFIRMED = "confirmed"  # the resident tapped OK
    CANCELLED = "cancelled"  # the resident chose another way
    TIMED_OUT = "timed_out"
    NO_FRONT_END = "no_front_end"


@dataclass(frozen=True)
class UserPromptRequest:
    device_id: str
    request: UserRequest


class DeviceUserPrompt(Protocol):
    """Implemented by a front end. Called on a device or worker thread.

    `show` must return at once (marshal onto the UI thread); the front end
    calls `answer(prompt_id, ...)` on the manager when the resident taps.
    `dismiss` takes the prompt away when the device saw the action itself.
    """

    def show(self, prompt_id: int, request: UserPromptRequest) -> None: ...

    def dismiss(self, prompt_id: int) -> None: ...


@dataclass(frozen=True)
class DeviceStatus:
    """One configured device, as a technician would want to see it."""

    slot: str
    device_id: str
    driver: str
    health: DeviceHealth
    opened: bool
    # Why it is not there (the last open failure), for the technician.
    detail: str | None


class _Slot:
    def __init__(self, name: str, driver: str, device: Device) -> None:
        self.name = name
        self.driver = driver
        self.device = device
        self.opened = False
        self.opening = False
        self.present: bool | None = None  # unknown until the first open attempt
        self.last_attempt = float("-inf")
        self.lost_since: float | None = None
        self.detail: str | None = None


class _PendingPrompt:
    def __init__(self) -> None:
        self.answered = threading.Event()
        self.answer = UserAnswer.TIMED_OUT


class DeviceManager:
    def __init__(
        self,
        config: Mapping[str, Any],
        poll_interval_s: float = POLL_INTERVAL_S,
        reopen_interval_s: float = REOPEN_INTERVAL_S,
        restart_after_s: float = RESTART_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Builds the devices (raises ValueError on a bad configuration); opens nothing yet."""
        self._set = build_device_set(config)
        self._poll_interval_s = poll_interval_s
        self._reopen_interval_s = reopen_interval_s
        self._restart_after_s = restart_after_s
        self._clock = clock
        self._lock = threading.Lock()
        self._slots: dict[str, _Slot] = {}
        for name, device in self._set.devices().items():
            self._slots[name] = _Slot(name, str(config[name]["driver"]), device)
            device.subscribe(self._forward)
        self._listeners: list[DeviceListener] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._prompt: DeviceUserPrompt | None = None
        self._prompts: dict[int, _PendingPrompt] = {}
        self._next_prompt_id = 1

    # -- lifecycle ----------------------------------------------------------

    @property
    def devices(self) -> DeviceSet:
        """The configured devices (present or not); prefer `available()`."""
        return self._set

    def start(self) -> None:
        """Open every device once (failures are kept as status), then watch them."""
        self._stop.clear()
        for slot in self._slots.values():
            self._try_open(slot)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="device-manager", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_TIMEOUT_S)
        self.cancel_prompts()
        self._set.close_all()
        with self._lock:
            for slot in self._slots.values():
                slot.opened = False

    # -- asking for devices ---------------------------------------------------

    def device(self, slot: str) -> Device | None:
        """The configured device for `slot` ("receipt_printer"...), present or not."""
        entry = self._slots.get(slot)
        return entry.device if entry is not None else None

    def available(self, slot: str) -> Device | None:
        """The device if it is open and reachable now, else None."""
        entry = self._slots.get(slot)
        if entry is None or not entry.opened:
            return None
        if entry.device.health() is DeviceHealth.UNAVAILABLE:
            return None
        return entry.device

    def status(self) -> list[DeviceStatus]:
        with self._lock:
            slots = list(self._slots.values())
        return [
            DeviceStatus(
                slot.name,
                slot.device.device_id,
                slot.driver,
                slot.device.health() if slot.opened else DeviceHealth.UNAVAILABLE,
                slot.opened,
                slot.detail,
            )
            for slot in slots
        ]

    def health_report(self) -> dict[str, str]:
        """Every kind's health value, "not_configured" for kinds without a device."""
        report = self._set.health_report()
        for slot in self._slots.values():
            if not slot.opened:
                report[slot.name] = DeviceHealth.UNAVAILABLE.value
        return report

    # -- events ----------------------------------------------------------------

    def subscribe(self, listener: DeviceListener) -> Callable[[], None]:
        """Every event of every device, plus presence changes the manager noticed.

        Listeners run on device or manager threads, never the caller's.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _forward(self, event: DeviceEvent) -> None:
        if event.kind in (DeviceEventKind.LOST, DeviceEventKind.FOUND):
            slot = self._slot_of(event.device_id)
            if slot is not None and not self._presence_changed(
                slot, event.kind is DeviceEventKind.FOUND
            ):
                return  # the poll already reported it
        self._publish(event)

    def _publish(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("device listener failed for %s on %s", event.kind, event.device_id)

    def _presence_changed(self, slot: _Slot, present: bool) -> bool:
        with self._lock:
            if slot.present is present:
                return False
            slot.present = present
            return True

    def _slot_of(self, device_id: str) -> _Slot | None:
        for slot in self._slots.values():
            if slot.device.device_id == device_id:
                return slot
        return None

    # -- watching ----------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.wait(self._poll_interval_s):
            for slot in list(self._slots.values()):
                if self._stop.is_set():
                    return
                if not slot.opened:
                    if self._clock() - slot.last_attempt >= self._reopen_interval_s:
                        self._open_in_background(slot)
                    continue
                self._poll(slot)

    def _poll(self, slot: _Slot) -> None:
        try:
            present = slot.device.health() is not DeviceHealth.UNAVAILABLE
        except Exception:
            log.exception("health of %s failed", slot.name)
            present = False
        if self._presence_changed(slot, present):
            kind = DeviceEventKind.FOUND if present else DeviceEventKind.LOST
            self._publish(DeviceEvent(slot.device.device_id, kind, "noticed by polling"))
        now = self._clock()
        if present:
            slot.lost_since = None
            return
        if slot.lost_since is None:
            slot.lost_since = now
        elif now - slot.lost_since >= self._restart_after_s:
            log.info("%s still lost after %.0f s; reopening it", slot.name, now - slot.lost_since)
            slot.lost_since = None
            with self._lock:
                slot.opened = False
                slot.last_attempt = float("-inf")
            try:
                slot.device.close()
            except Exception:
                log.exception("closing lost %s failed", slot.name)

    def _open_in_background(self, slot: _Slot) -> None:
        with self._lock:
            if slot.opening:
                return
            slot.opening = True
        # A slow open (a TCP connect to a switched-off printer) must not
        # delay polling the other devices.
        threading.Thread(
            target=self._try_open, args=(slot,), name=f"open-{slot.name}", daemon=True
        ).start()

    def _try_open(self, slot: _Slot) -> None:
        with self._lock:
            slot.opening = True
            slot.last_attempt = self._clock()
        try:
            slot.device.open()
        except DeviceError as error:
            first_failure = slot.present is None
            with self._lock:
                slot.detail = str(error.detail or error)
                slot.opening = False
            if first_failure:
                log.warning("%s (%s) not there: %s", slot.name, slot.driver, slot.detail)
                self._presence_changed(slot, False)
            return
        except Exception as error:  # a driver bug must not stop the other devices
            log.exception("opening %s failed", slot.name)
            with self._lock:
                slot.detail = f"driver error: {error}"
                slot.opening = False
            self._presence_changed(slot, False)
            return
        if self._stop.is_set():
            slot.device.close()  # stop() ran while this open was in flight
            with self._lock:
                slot.opening = False
            return
        with self._lock:
            slot.opened = True
            slot.opening = False
            slot.detail = None
            was_known = slot.present is not None
        if self._presence_changed(slot, True) and was_known:
            log.info("%s (%s) is back", slot.name, slot.driver)
            self._publish(DeviceEvent(slot.device.device_id, DeviceEventKind.FOUND, "opened"))

    # -- asking the resident ---------------------------------------------------------

    def set_user_prompt(self, prompt: DeviceUserPrompt | None) -> None:
        self._prompt = prompt

    def ask_user(
        self,
        device_id: str,
        request: UserRequest,
        timeout_s: float,
        done: threading.Event | None = None,
    ) -> UserAnswer:
        """Ask the resident through the front end; blocks this (non-UI) thread.

        `done` is set by the caller's own device watching (the card came
        back); it ends the question without a tap. Returns how it ended.
        """
        prompt = self._prompt
        if prompt is None:
            return UserAnswer.NO_FRONT_END
        pending = _PendingPrompt()
        with self._lock:
            prompt_id = self._next_prompt_id
            self._next_prompt_id += 1
            self._prompts[prompt_id] = pending
        try:
            prompt.show(prompt_id, UserPromptRequest(device_id, request))
            deadline = self._clock() + timeout_s
            while not pending.answered.is_set():
                if done is not None and done.is_set():
                    prompt.dismiss(prompt_id)
                    return UserAnswer.DONE
                left = deadline - self._clock()
                if left <= 0:
                    prompt.dismiss(prompt_id)
                    return UserAnswer.TIMED_OUT
                pending.answered.wait(min(left, 0.05))
            return pending.answer
        finally:
            with self._lock:
                self._prompts.pop(prompt_id, None)

    def cancel_prompts(self) -> None:
        """End every open question (the kiosk is shutting down)."""
        with self._lock:
            pending = list(self._prompts.values())
        for prompt in pending:
            prompt.answer = UserAnswer.CANCELLED
            prompt.answered.set()

    def answer(self, prompt_id: int, answer: UserAnswer) -> None:
        """Called by the front end (any thread) when the resident answers."""
        with self._lock:
            pending = self._prompts.get(prompt_id)
        if pending is not None:
            pending.answer = answer
            pending.answered.set()


__all__ = [
    "DeviceManager",
    "DeviceStatus",
    "DeviceUserPrompt",
    "UserAnswer",
    "UserPromptRequest",
    "UserRequest",
]
