"""The recorder writes a playable VP8/Opus Matroska file and hashes it."""

from __future__ import annotations

import asyncio
import fractions
import hashlib
import time

import av
import numpy as np
from cryptography.hazmat.primitives import hashes

from drivers.simulated.pattern_camera import draw_pattern, read_pattern
from kiosk.remote_window.audio import ToneAudioSource
from kiosk.remote_window.call_recording import CallRecorder


def _tone_frames(count: int) -> list:
    async def take():
        track = ToneAudioSource().track()
        return [await track.recv() for _ in range(count)]

    return asyncio.run(take())


def test_recording_is_playable_and_hashed(tmp_path):
    # A queue big enough for frames fed faster than real time.
    recorder = CallRecorder(tmp_path / "rec.mkv", 640, 480, 25, queue_size=200)
    recorder.start()
    audio = _tone_frames(50)
    start = time.monotonic()
    for index in range(25):
        # Decoded call frames arrive as yuv420p of the sender's size.
        frame = av.VideoFrame.from_ndarray(
            draw_pattern(index, time.time(), 320, 240), format="bgr24"
        ).reformat(format="yuv420p")
        frame.pts, frame.time_base = index * 3600, fractions.Fraction(1, 90000)
        recorder.add_video(frame, start + index * 0.04)
        recorder.add_audio(audio[2 * index])
        recorder.add_audio(audio[2 * index + 1])
    result = recorder.finish()
    assert result.video_frames == 25 and result.dropped == 0
    data = result.path.read_bytes()
    assert result.bytes == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    assert result.sm3 == digest.finalize().hex()
    payload = result.seal_payload("rec-c1")
    assert payload["container"] == "matroska" and payload["sm3"] == result.sm3

    with av.open(str(result.path)) as container:
        assert container.streams.video[0].codec_context.name == "libvpx" or (
            container.streams.video[0].codec_context.codec.name in ("vp8", "libvpx")
        )
        counters = [
            read_pattern(f.to_ndarray(format="bgr24"))[0] for f in container.decode(video=0)
        ]
    assert counters == list(range(25))
    with av.open(str(result.path)) as container:
        assert container.streams.audio[0].codec_context.codec.name in ("opus", "libopus")
        samples = sum(f.samples for f in container.decode(audio=0))
    assert samples >= 48000 * 0.9


def test_full_queue_drops_frames_instead_of_blocking(tmp_path):
    recorder = CallRecorder(tmp_path / "rec.mkv", 640, 480, 25, queue_size=2)
    recorder.start()
    frame = av.VideoFrame.from_ndarray(np.zeros((480, 640, 3), np.uint8), format="bgr24")
    began = time.monotonic()
    for index in range(200):
        recorder.add_video(frame, began + index * 0.001)
    assert recorder.dropped > 0  # the caller never waited for the encoder
    result = recorder.finish()
    assert result.video_frames + result.dropped >= 200 - 2
