"""The pattern camera's frames survive a real VP8 encode/decode and read back exactly."""

from __future__ import annotations

import fractions
import time

import av
import numpy as np
import pytest
from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, VpxPayloadDescriptor
from aiortc.jitterbuffer import JitterFrame

from drivers.device import DeviceKind
from drivers.simulated.pattern_camera import PatternCamera, draw_pattern, read_pattern


def _vp8_round_trip(frames: list[np.ndarray]) -> list[av.VideoFrame]:
    encoder, decoder = Vp8Encoder(), Vp8Decoder()
    decoded = []
    for index, bgr in enumerate(frames):
        frame = av.VideoFrame.from_ndarray(bgr, format="bgr24")
        frame.pts, frame.time_base = index * 3600, fractions.Fraction(1, 90000)
        payloads, timestamp = encoder.encode(frame)
        data = b"".join(VpxPayloadDescriptor.parse(p)[1] for p in payloads)
        decoded.extend(decoder.decode(JitterFrame(data=data, timestamp=timestamp)))
    return decoded


@pytest.mark.parametrize("size", [(640, 480), (1280, 720)])
def test_counter_and_send_time_survive_vp8(size):
    sent_at = [time.time() - 1.0 + i * 0.04 for i in range(30)]
    counters = [i * 4099 + 7 for i in range(30)]
    frames = [draw_pattern(c, t, *size) for c, t in zip(counters, sent_at, strict=True)]
    decoded = _vp8_round_trip(frames)
    assert len(decoded) == len(frames)
    for counter, sent, frame in zip(counters, sent_at, decoded, strict=True):
        read = read_pattern(frame.to_ndarray(format="bgr24"))
        assert read is not None
        assert read[0] == counter
        assert read[1] == pytest.approx(sent, abs=0.002)
        # The luma plane alone is enough (what a benchmark reads, cheaply).
        assert read_pattern(frame.to_ndarray(format="gray"))[0] == counter


def test_scaled_frame_still_reads():
    frame = draw_pattern(123456, time.time(), 1280, 720)
    small = frame[::3, ::3].copy()
    assert read_pattern(small)[0] == 123456


def test_ordinary_picture_is_not_a_pattern():
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)
    assert read_pattern(noise) is None
    assert read_pattern(np.full((480, 640, 3), 128, np.uint8)) is None


def test_one_flipped_block_is_rejected():
    frame = draw_pattern(42, time.time(), 640, 480)
    frame[0:60, 0:80] = 255 - frame[0:60, 0:80]  # counter bit 0 flipped
    assert read_pattern(frame) is None


def test_camera_streams_increasing_counters():
    camera = PatternCamera("pattern", DeviceKind.DOCUMENT_CAMERA, 320, 240, fps=50)
    camera.open()
    seen = []
    try:
        camera.start(lambda frame: seen.append(read_pattern(frame)))
        deadline = time.monotonic() + 10
        while len(seen) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        camera.close()
    assert len(seen) >= 5
    counters = [s[0] for s in seen]
    assert counters == sorted(counters) and len(set(counters)) == len(counters)
    assert all(abs(s[1] - time.time()) < 15 for s in seen)
