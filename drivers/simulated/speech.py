"""Simulated speech: records what would have been said."""

from __future__ import annotations

import threading

from drivers.device import DeviceEventKind, DeviceHealth
from drivers.speech import SpeechLanguage, ThreadedSpeechOutput, Utterance


class SimulatedSpeech(ThreadedSpeechOutput):
    def __init__(self, device_id: str = "simulated-speech", seconds_per_char: float = 0.0) -> None:
        """`seconds_per_char`: how long speaking takes, so interruptions can be tested."""
        super().__init__(device_id)
        self._seconds_per_char = seconds_per_char
        self._log_lock = threading.Lock()
        self._spoken: list[Utterance] = []
        self._interrupted: list[Utterance] = []
        self._plugged_in = True

    def unplug(self) -> None:
        """The loudspeaker's USB sound card is pulled: speech stops, nothing else does."""
        if self._plugged_in:
            self._plugged_in = False
            self.stop()
            self._emit(DeviceEventKind.LOST)

    def replug(self) -> None:
        if not self._plugged_in:
            self._plugged_in = True
            self._emit(DeviceEventKind.FOUND)

    def say(self, text: str, language: SpeechLanguage | str = SpeechLanguage.ZH) -> None:
        if not self._plugged_in:
            return  # a courtesy, never a failure: the words are on the screen
        super().say(text, language)

    @property
    def spoken(self) -> list[Utterance]:
        """Utterances started, oldest first."""
        with self._log_lock:
            return list(self._spoken)

    @property
    def interrupted(self) -> list[Utterance]:
        """Utterances cut short by stop() or a newer say()."""
        with self._log_lock:
            return list(self._interrupted)

    def health(self) -> DeviceHealth:
        if not self._is_open or not self._plugged_in:
            return DeviceHealth.UNAVAILABLE
        return DeviceHealth.BUSY if self.is_speaking() else DeviceHealth.READY

    def _speak(self, utterance: Utterance, cancel: threading.Event) -> None:
        with self._log_lock:
            self._spoken.append(utterance)
        if cancel.wait(self._seconds_per_char * len(utterance.text)):
            with self._log_lock:
                self._interrupted.append(utterance)


__all__ = ["SimulatedSpeech", "SpeechLanguage"]
