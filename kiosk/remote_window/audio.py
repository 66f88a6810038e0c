"""Sound in and out of a call: a real microphone/speaker through PyAV, or simulated twins.

An AudioSource makes a fresh aiortc track for each peer connection; an
AudioSink consumes the remote track's frames. The real ones open PyAV's
ALSA or PulseAudio devices; the simulated ones (a quiet tone, a sample
counter) speak the same frames so a kiosk without sound hardware — and
every test — runs the same code path.
"""

from __future__ import annotations

import abc
import asyncio
import fractions
import logging
import queue
import threading
import time

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame

log = logging.getLogger(__name__)

SAMPLE_RATE = 48000
PTIME_S = 0.020
SAMPLES_PER_FRAME = int(SAMPLE_RATE * PTIME_S)
AUDIO_TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)


class AudioSource(abc.ABC):
    @abc.abstractmethod
    def track(self) -> MediaStreamTrack:
        """A new live audio track (one per peer connection)."""

    def close(self) -> None:  # noqa: B027 - most sources hold nothing to release
        """Release the device."""


class AudioSink(abc.ABC):
    @abc.abstractmethod
    def play(self, frame: AudioFrame) -> None:
        """Take one decoded frame (called on the media loop: must not block)."""

    def close(self) -> None:  # noqa: B027 - most sources hold nothing to release
        """Release the device."""


class _ToneTrack(MediaStreamTrack):
    kind = "audio"

    def __init__(self, frequency_hz: float, amplitude: int) -> None:
        super().__init__()
        t = np.arange(SAMPLE_RATE, dtype=np.float64) / SAMPLE_RATE
        # One second of tone, looped: the frequency divides evenly into it.
        self._second = (amplitude * np.sin(2 * np.pi * frequency_hz * t)).astype(np.int16)
        self._pts = 0
        self._start: float | None = None

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = now
        else:
            delay = self._start + self._pts / SAMPLE_RATE - now
            if delay > 0:
                await asyncio.sleep(delay)
        offset = self._pts % SAMPLE_RATE
        samples = self._second[offset : offset + SAMPLES_PER_FRAME]
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._pts
        frame.time_base = AUDIO_TIME_BASE
        self._pts += SAMPLES_PER_FRAME
        return frame


class ToneAudioSource(AudioSource):
    """Simulated microphone: a quiet steady tone."""

    def __init__(self, frequency_hz: float = 440.0, amplitude: int = 800) -> None:
        self._frequency_hz = frequency_hz
        self._amplitude = amplitude

    def track(self) -> MediaStreamTrack:
        return _ToneTrack(self._frequency_hz, self._amplitude)


class CountingAudioSink(AudioSink):
    """Simulated speaker: counts the samples it is given (per channel) and their level."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples = 0
        self.frames = 0
        self.peak = 0

    def play(self, frame: AudioFrame) -> None:
        data = frame.to_ndarray()
        with self._lock:
            self.samples += frame.samples
            self.frames += 1
            if data.size:
                self.peak = max(self.peak, int(np.abs(data.astype(np.int32)).max()))


class DeviceAudioSource(AudioSource):
    """A real microphone through PyAV's ALSA input (PulseAudio serves it as `default`)."""

    def __init__(self, device: str = "default", input_format: str = "alsa") -> None:
        from aiortc.contrib.media import MediaPlayer

        try:
            self._player = MediaPlayer(
                device, format=input_format,
                options={"sample_rate": str(SAMPLE_RATE), "channels": "1"},
            )  # fmt: skip
        except (OSError, ValueError) as exc:
            raise OSError(f"no microphone at {input_format}:{device}") from exc
        if self._player.audio is None:
            raise OSError(f"no audio input at {input_format}:{device}")

    def track(self) -> MediaStreamTrack:
        # MediaPlayer has one track per device; each call's peer connection relays it.
        from aiortc.contrib.media import MediaRelay

        if not hasattr(self, "_relay"):
            self._relay = MediaRelay()
        return self._relay.subscribe(self._player.audio)

    def close(self) -> None:
        if self._player.audio is not None:
            self._player.audio.stop()


class DeviceAudioSink(AudioSink):
    """A real speaker through PyAV's ALSA output, fed on a writer thread.

    Opening writes the device header at once, so a missing speaker raises
    OSError here rather than failing silently mid-call.
    """

    def __init__(self, device: str = "default", output_format: str = "alsa") -> None:
        import av

        try:
            self._container = av.open(device, "w", format=output_format)
            self._stream = self._container.add_stream("pcm_s16le", rate=SAMPLE_RATE,
                                                      layout="stereo")  # fmt: skip
            self._container.start_encoding()
        except (OSError, ValueError) as exc:
            raise OSError(f"no speaker at {output_format}:{device}") from exc
        self._resampler = av.AudioResampler(format="s16", layout="stereo", rate=SAMPLE_RATE)
        self._queue: queue.Queue = queue.Queue(maxsize=25)
        self._thread = threading.Thread(target=self._write_loop, name="speaker", daemon=True)
        self._thread.start()

    def play(self, frame: AudioFrame) -> None:
        try:
            self._queue.put_nowait(frame)
        except queue.Full:
            pass  # late audio is worse than a gap

    def _write_loop(self) -> None:
        try:
            while (frame := self._queue.get()) is not None:
                for out in self._resampler.resample(frame):
                    out.pts = None
                    self._container.mux(self._stream.encode(out))
        except OSError as exc:
            log.warning("speaker failed: %s", type(exc).__name__)
        finally:
            self._container.close()

    def close(self) -> None:
        try:
            self._queue.put(None, timeout=1.0)
        except queue.Full:
            pass


def microphone_or_simulated(device: str = "default") -> AudioSource:
    """The real microphone if there is one, else the simulated tone (a kiosk without sound)."""
    try:
        return DeviceAudioSource(device)
    except OSError:
        log.info("no microphone: using the simulated one")
        return ToneAudioSource()


def speaker_or_simulated(device: str = "default") -> AudioSink:
    try:
        return DeviceAudioSink(device)
    except OSError:
        log.info("no speaker: using the simulated one")
        return CountingAudioSink()


def audio_source_for(device: str) -> AudioSource:
    """A configured microphone: an ALSA device name, or "simulated"."""
    return ToneAudioSource() if device == "simulated" else microphone_or_simulated(device)


def audio_sink_for(device: str) -> AudioSink:
    """A configured speaker: an ALSA device name, or "simulated"."""
    return CountingAudioSink() if device == "simulated" else speaker_or_simulated(device)


async def drain_audio(track: MediaStreamTrack, sinks: list) -> None:
    """Hand every frame of a remote audio track to `sinks` until the track ends."""
    while True:
        try:
            frame = await track.recv()
        except MediaStreamError:
            return
        for sink in sinks:
            try:
                sink(frame)
            except Exception:
                log.exception("audio sink failed")
