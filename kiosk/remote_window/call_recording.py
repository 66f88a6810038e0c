"""The clerk console's recording of the resident: Matroska, VP8 + Opus, hashed at the end.

Frames arrive on the media loop and go into a bounded queue; one encoder
thread writes the file. A full queue drops the frame: the call must never
wait for the recorder. At the end the file's SM3 and SHA-256 are computed
(for the platform's audit log) off the loop as well.
"""

from __future__ import annotations

import fractions
import hashlib
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import av
from av.video.reformatter import VideoReformatter
from cryptography.hazmat.primitives import hashes

log = logging.getLogger(__name__)

AUDIO_RATE = 48000
# Video timestamps are arrival times in milliseconds since the recording started.
VIDEO_TIME_BASE = fractions.Fraction(1, 1000)
CONTAINER = "matroska"


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    sm3: str
    sha256: str
    bytes: int
    duration_s: float
    video_frames: int
    audio_samples: int
    dropped: int

    def seal_payload(self, recording_ref: str) -> dict:
        return {
            "recording_ref": recording_ref,
            "sm3": self.sm3,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "duration_s": round(self.duration_s, 3),
            "container": CONTAINER,
        }


def file_digests(path: Path) -> tuple[str, str]:
    """(SM3, SHA-256) of a file, hex."""
    sm3 = hashes.Hash(hashes.SM3())
    sha256 = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sm3.update(chunk)
            sha256.update(chunk)
    return sm3.finalize().hex(), sha256.hexdigest()


class CallRecorder:
    def __init__(
        self, path: Path, width: int = 640, height: int = 480, fps: int = 25,
        queue_size: int = 50,
    ) -> None:  # fmt: skip
        self.path = Path(path)
        self._size = (width, height)
        self._fps = fps
        self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
        self._thread: threading.Thread | None = None
        self._started_at: float | None = None
        self._last_video_ms = -1
        self._reformatter = VideoReformatter()
        self._audio_pts = 0
        self._video_frames = 0
        self._audio_samples = 0
        self.dropped = 0
        self._error: str | None = None

    @property
    def error(self) -> str | None:
        return self._error

    def start(self) -> None:
        if self._thread is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._started_at = time.monotonic()
        self._thread = threading.Thread(target=self._encode_loop, name="call-recorder", daemon=True)
        self._thread.start()

    def add_video(self, frame: av.VideoFrame, arrived_at: float | None = None) -> None:
        """Queue one resident video frame (any thread; never blocks)."""
        if self._started_at is None:
            return
        self._put(("v", frame, (arrived_at or time.monotonic()) - self._started_at))

    def add_audio(self, frame: av.AudioFrame) -> None:
        if self._started_at is None:
            return
        self._put(("a", frame, time.monotonic() - self._started_at))

    def _put(self, item: tuple) -> None:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self.dropped += 1

    def finish(self, timeout_s: float = 30.0) -> RecordingResult:
        """Close the file and hash it (blocking: run it off the loop)."""
        thread = self._thread
        if thread is None:
            raise RuntimeError("recorder was not started")
        # The end marker must get in even when the queue is full of frames.
        while True:
            try:
                self._queue.put(None, timeout=0.5)
                break
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass
        thread.join(timeout_s)
        if thread.is_alive():
            raise TimeoutError("recorder did not finish")
        if self._error is not None:
            raise OSError(self._error)
        sm3, sha256 = file_digests(self.path)
        return RecordingResult(
            path=self.path, sm3=sm3, sha256=sha256, bytes=self.path.stat().st_size,
            duration_s=time.monotonic() - (self._started_at or time.monotonic()),
            video_frames=self._video_frames, audio_samples=self._audio_samples,
            dropped=self.dropped,
        )  # fmt: skip

    def _encode_loop(self) -> None:
        try:
            container = av.open(str(self.path), "w", format=CONTAINER)
        except (OSError, av.FFmpegError) as exc:
            self._error = type(exc).__name__
            self._drain()
            return
        try:
            video = container.add_stream("libvpx", rate=self._fps)
            video.width, video.height = self._size
            video.pix_fmt = "yuv420p"
            video.time_base = VIDEO_TIME_BASE
            video.codec_context.time_base = VIDEO_TIME_BASE
            video.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
            video.bit_rate = 800_000
            audio = container.add_stream("libopus", rate=AUDIO_RATE)
            audio.layout = "stereo"
            resampler = av.AudioResampler(format="s16", layout="stereo", rate=AUDIO_RATE)
            while True:
                item = self._queue.get()
                if item is None:
                    break
                kind, frame, offset_s = item
                if kind == "v":
                    self._encode_video(container, video, frame, offset_s)
                else:
                    self._encode_audio(container, audio, resampler, frame, offset_s)
            for stream in (video, audio):
                container.mux(stream.encode(None))
        except (OSError, ValueError, av.FFmpegError) as exc:
            log.error("recording failed: %s", type(exc).__name__)
            self._error = type(exc).__name__
            self._drain()
        finally:
            container.close()

    def _encode_video(self, container, stream, frame, offset_s: float) -> None:
        pts = int(offset_s * 1000)
        if pts <= self._last_video_ms:
            return  # two frames in one millisecond: keep the first
        self._last_video_ms = pts
        # This thread's own reformatter: the frame arriving here is shared with
        # the screen (frames.VideoSink), and two threads driving the frame's
        # built-in one (one FFmpeg SwsContext) deadlock in swscale. Only the
        # pts is written on a frame already in shape, and only the encoder reads it.
        if not isinstance(frame, av.VideoFrame):
            frame = av.VideoFrame.from_ndarray(frame, format="bgr24")
        out = self._reformatter.reformat(
            frame, width=self._size[0], height=self._size[1], format="yuv420p"
        )
        out.pts = pts
        out.time_base = VIDEO_TIME_BASE
        container.mux(stream.encode(out))
        self._video_frames += 1

    def _encode_audio(self, container, stream, resampler, frame, offset_s: float) -> None:
        # After a gap (a dropped connection) audio restarts at its arrival time, in step
        # with the video, instead of running on early.
        arrival_pts = int(offset_s * AUDIO_RATE)
        if arrival_pts - self._audio_pts > AUDIO_RATE // 5:
            self._audio_pts = arrival_pts
        for out in resampler.resample(frame):
            out.pts = self._audio_pts
            out.time_base = fractions.Fraction(1, AUDIO_RATE)
            self._audio_pts += out.samples
            self._audio_samples += out.samples
            container.mux(stream.encode(out))

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
