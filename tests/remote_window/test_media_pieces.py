"""Media loop, video sink, ICE address restriction, tracks, and signaling headers."""

from __future__ import annotations

import asyncio
import threading
import time

import aioice.ice
import numpy as np
import pytest

from drivers.simulated.pattern_camera import PatternCamera, read_pattern
from kiosk.remote_window.audio import CountingAudioSink, ToneAudioSource
from kiosk.remote_window.frames import VideoSink
from kiosk.remote_window.ice_addresses import restrict_host_addresses
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.signaling import KIOSK_PATH, kiosk_headers, websocket_url
from kiosk.remote_window.video_tracks import CameraFeed, CameraTrack


def test_media_loop_runs_coroutines_on_its_own_thread():
    loop = MediaLoop()
    loop.start()
    try:
        async def where() -> str:
            await asyncio.sleep(0)
            return threading.current_thread().name

        assert loop.submit(where()).result(5) == "remote-window-media"
        assert loop.submit(where()).result(5) != threading.current_thread().name
    finally:
        loop.stop()
        loop.stop()  # idempotent
    assert not loop.is_running
    with pytest.raises(RuntimeError):
        loop.submit(asyncio.sleep(0))


def test_video_sink_keeps_latest_and_measures_rate():
    sink = VideoSink()
    assert sink.latest() == (0, None)
    assert sink.fps == 0.0
    for value in range(10):
        sink.push(np.full((4, 4, 3), value, np.uint8))
        time.sleep(0.01)
    count, frame = sink.latest()
    assert count == 10 and frame[0, 0, 0] == 9
    assert 20 < sink.fps < 200
    sink.clear()
    assert sink.latest() == (10, None)


def test_restricting_host_addresses_replaces_aioice_lookup():
    restrict_host_addresses(None)
    original = aioice.ice.get_host_addresses
    assert "127.0.0.1" not in original(use_ipv4=True, use_ipv6=False)  # why restricting exists
    try:
        restrict_host_addresses(["127.0.0.1", "::1"])
        assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False) == ["127.0.0.1"]
        assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=True) == ["127.0.0.1", "::1"]
        with pytest.raises(ValueError):
            restrict_host_addresses(["not-an-address"])
    finally:
        restrict_host_addresses(None)
    assert aioice.ice.get_host_addresses is original


def test_websocket_url():
    assert websocket_url("http://127.0.0.1:80/", KIOSK_PATH) == (
        "ws://127.0.0.1:80/api/v1/remote-window/kiosk"
    )
    assert websocket_url("https://p.example/base", "/x") == "wss://p.example/base/x"
    with pytest.raises(ValueError):
        websocket_url("ftp://p", "/x")


def test_kiosk_headers_are_signed_with_the_device_signer():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.device_identity import DeviceCredential, DeviceRequestSigner, signed_message

    key = Ed25519PrivateKey.generate()
    signer = DeviceRequestSigner(DeviceCredential("dev-1", "K-1", key), clock=lambda: 1000.0)
    headers = kiosk_headers("K-1", KIOSK_PATH, signer)
    assert headers["X-Kiosk-Id"] == "K-1"
    assert headers["X-Kiosk-Timestamp"] == "1000"
    signature = headers["X-Kiosk-Signature"].split("sig=", 1)[1]
    import base64

    message = signed_message(
        "dev-1", "K-1", "GET", KIOSK_PATH, "1000", headers["X-Kiosk-Nonce"], b""
    )
    key.public_key().verify(base64.b64decode(signature), message)  # raises if wrong
    assert kiosk_headers("K-1", KIOSK_PATH) == {"X-Kiosk-Id": "K-1"}


def test_camera_track_sends_scaled_frames_and_fills_self_view():
    camera = PatternCamera("cam", width=320, height=240, fps=50)
    camera.open()
    feed = CameraFeed(camera, 640, 480)
    self_view = VideoSink()

    async def take_frames():
        track = CameraTrack(feed, fps=25, self_view=self_view)
        frames = [await track.recv() for _ in range(6)]
        track.stop()
        return frames

    assert feed.start()
    try:
        frames = asyncio.run(take_frames())
    finally:
        feed.stop()
        camera.close()
    assert all((f.width, f.height) == (640, 480) for f in frames)
    pts = [f.pts for f in frames]
    assert pts == sorted(pts) and pts[-1] - pts[0] == 5 * 3600
    count, shown = self_view.latest()
    assert count >= 1 and shown.shape == (480, 640, 3)
    assert read_pattern(frames[-1].to_ndarray(format="bgr24")) is not None


def test_a_call_and_a_code_scan_share_the_camera_without_stopping_each_other():
    camera = PatternCamera("cam", width=320, height=240, fps=50)
    camera.open()
    feed = CameraFeed(camera, 320, 240)
    scanned: list[int] = []

    def serial_after_new_frames() -> int:
        first, _ = feed.take()
        deadline = time.monotonic() + 5
        while feed.take()[0] < first + 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        return feed.take()[0] - first

    try:
        assert feed.start()
        stop_scan = camera.add_listener(lambda frame: scanned.append(1))
        stop_scan()  # the scan is over: the call's frames keep coming
        assert serial_after_new_frames() >= 3
        stop_scan = camera.add_listener(lambda frame: scanned.append(1))
        feed.stop()  # the call ends: the scan keeps its frames
        seen = len(scanned)
        deadline = time.monotonic() + 5
        while len(scanned) < seen + 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(scanned) >= seen + 3
        stop_scan()
        assert not camera.is_streaming
    finally:
        feed.stop()
        camera.close()


def test_disabled_track_sends_nothing_until_switched_on():
    camera = PatternCamera("doc", width=320, height=240, fps=30)
    camera.open()
    feed = CameraFeed(camera, 320, 240)

    async def scenario():
        enabled = asyncio.Event()
        track = CameraTrack(feed, fps=10, enabled=enabled)
        pending = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0.3)
        assert not pending.done()
        feed.start()
        enabled.set()
        frame = await asyncio.wait_for(pending, 10)
        track.stop()
        return frame

    try:
        frame = asyncio.run(scenario())
    finally:
        feed.stop()
        camera.close()
    assert (frame.width, frame.height) == (320, 240)


def test_tone_source_paces_audio_and_sink_counts_it():
    sink = CountingAudioSink()

    async def play():
        track = ToneAudioSource().track()
        for _ in range(10):
            sink.play(await track.recv())

    asyncio.run(play())
    assert sink.frames == 10 and sink.samples == 9600
    assert 0 < sink.peak < 2000  # quiet, not silent


def test_without_sound_hardware_the_simulated_twins_stand_in():
    from kiosk.remote_window.audio import (
        DeviceAudioSink,
        DeviceAudioSource,
        microphone_or_simulated,
        speaker_or_simulated,
    )

    with pytest.raises(OSError):
        DeviceAudioSink("no-such-speaker")
    with pytest.raises(OSError):
        DeviceAudioSource("no-such-microphone")
    assert isinstance(microphone_or_simulated("no-such-microphone"), ToneAudioSource)
    assert isinstance(speaker_or_simulated("no-such-speaker"), CountingAudioSink)
