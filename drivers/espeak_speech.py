"""Speech through the espeak-ng command-line synthesizer.

One process per utterance: killing it is the cheapest reliable way to
interrupt speech. Text goes through stdin, so it is never parsed as options.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from drivers.device import DeviceHealth, DeviceUnavailable
from drivers.speech import SpeechLanguage, ThreadedSpeechOutput, Utterance

DEFAULT_VOICES = {SpeechLanguage.ZH: "cmn", SpeechLanguage.EN: "en"}


class EspeakSpeech(ThreadedSpeechOutput):
    def __init__(
        self,
        device_id: str = "espeak",
        binary: str | None = None,
        wav_path: str | Path | None = None,
        rate_wpm: int = 160,
        voices: dict[str, str] | None = None,
    ) -> None:
        """`wav_path`: write each utterance to this WAV file instead of the sound card."""
        super().__init__(device_id)
        self._binary = binary or shutil.which("espeak-ng")
        self._wav_path = Path(wav_path) if wav_path else None
        self._rate_wpm = rate_wpm
        self._voices = {SpeechLanguage(k): v for k, v in (voices or DEFAULT_VOICES).items()}
        self._last_failed = False

    @property
    def binary(self) -> str | None:
        return self._binary

    def health(self) -> DeviceHealth:
        if self._binary is None or not self._is_open:
            return DeviceHealth.UNAVAILABLE
        if self._last_failed:
            return DeviceHealth.FAULT
        return DeviceHealth.BUSY if self.is_speaking() else DeviceHealth.READY

    def open(self) -> None:
        if self._binary is None or not Path(self._binary).exists():
            raise DeviceUnavailable(self.device_id, "espeak-ng binary not found")
        super().open()

    def command(self, language: SpeechLanguage) -> list[str]:
        command = [self._binary or "espeak-ng", "-v", self._voices[language]]
        command += ["-s", str(self._rate_wpm), "-b", "1", "--stdin"]
        if self._wav_path is not None:
            command += ["-w", str(self._wav_path)]
        return command

    def _speak(self, utterance: Utterance, cancel: threading.Event) -> None:
        process = subprocess.Popen(
            self.command(utterance.language),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None
        try:
            process.stdin.write(utterance.text.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass
        while process.poll() is None:
            if cancel.wait(0.02):
                process.terminate()
                try:
                    process.wait(timeout=1.0)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                return
        self._last_failed = process.returncode != 0
