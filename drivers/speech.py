"""Interface of spoken output, and the worker that keeps it off the caller's thread."""

from __future__ import annotations

import abc
import logging
import threading
from dataclasses import dataclass
from enum import StrEnum

from drivers.device import Device, DeviceKind

log = logging.getLogger(__name__)


class SpeechLanguage(StrEnum):
    ZH = "zh"
    EN = "en"


@dataclass(frozen=True)
class Utterance:
    text: str
    language: SpeechLanguage


class SpeechOutput(Device):
    """Speaks text. `say` never blocks; a new `say` interrupts the current one."""

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.SPEECH)

    @abc.abstractmethod
    def say(self, text: str, language: SpeechLanguage | str = SpeechLanguage.ZH) -> None: ...

    @abc.abstractmethod
    def stop(self) -> None:
        """Silence the current utterance, if any."""

    @abc.abstractmethod
    def is_speaking(self) -> bool: ...

    @abc.abstractmethod
    def wait_until_idle(self, timeout_s: float) -> bool:
        """Block until nothing is being said; False on timeout."""


class ThreadedSpeechOutput(SpeechOutput):
    """Runs `_speak` on one worker thread, newest request wins.

    Subclasses implement `_speak(utterance, cancel)`, which must return
    soon after `cancel` is set.
    """

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id)
        self._condition = threading.Condition()
        self._pending: Utterance | None = None
        self._cancel = threading.Event()
        self._active = False
        self._worker: threading.Thread | None = None
        self._is_open = False

    @abc.abstractmethod
    def _speak(self, utterance: Utterance, cancel: threading.Event) -> None: ...

    def open(self) -> None:
        with self._condition:
            self._is_open = True
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._run, name=f"{self.device_id}-speech", daemon=True
                )
                self._worker.start()

    def close(self) -> None:
        with self._condition:
            self._is_open = False
            self._pending = None
            self._cancel.set()
            worker, self._worker = self._worker, None
            self._condition.notify_all()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=5.0)

    def say(self, text: str, language: SpeechLanguage | str = SpeechLanguage.ZH) -> None:
        utterance = Utterance(text, SpeechLanguage(language))
        with self._condition:
            if not self._is_open:
                # Speech is a courtesy: a closed speaker drops it rather than failing a flow.
                log.debug("speech dropped, %s not open", self.device_id)
                return
            self._pending = utterance
            self._cancel.set()
            self._condition.notify_all()

    def stop(self) -> None:
        with self._condition:
            self._pending = None
            self._cancel.set()
            self._condition.notify_all()

    def is_speaking(self) -> bool:
        with self._condition:
            return self._active or self._pending is not None

    def wait_until_idle(self, timeout_s: float) -> bool:
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._active and self._pending is None, timeout_s
            )

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending is not None or not self._is_open)
                if not self._is_open:
                    return
                utterance, self._pending = self._pending, None
                self._cancel = threading.Event()
                cancel = self._cancel
                self._active = True
            try:
                self._speak(utterance, cancel)
            except Exception:
                log.exception("speech failed on %s", self.device_id)
            finally:
                with self._condition:
                    self._active = False
                    self._condition.notify_all()
