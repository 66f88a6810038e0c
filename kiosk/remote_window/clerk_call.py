"""The clerk console's side of remote-window calls: availability, ringing, media, recording.

Every public method is safe from any thread and returns at once: the work
runs on the MediaLoop. Events go to `on_event` on the loop thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from aiortc import RTCPeerConnection, RTCSessionDescription

from drivers.camera import Camera
from kiosk.platform_client import PlatformRejected, PlatformUnavailable
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.audio import AudioSink, AudioSource, drain_audio
from kiosk.remote_window.call_recording import CallRecorder
from kiosk.remote_window.call_side import CallSide
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.frames import VideoSink
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.peer import close_quietly, peer_connection, watch_connection
from kiosk.remote_window.signaling import CLERK_PATH, SignalingClient, websocket_url
from kiosk.remote_window.video_settings import DEFAULT_VIDEO, VideoSettings
from kiosk.remote_window.video_tracks import CameraFeed, CameraTrack, drain_video

log = logging.getLogger(__name__)

GUIDE_ACTIONS = frozenset(
    {"highlight", "fill", "note", "video_link", "elderly_mode", "document_camera"}
)


class ClerkCall(CallSide):
    _side = "clerk"

    def __init__(
        self,
        loop: MediaLoop,
        platform_url: str,
        token: str,
        on_event: Callable[[object], None],
        camera: Camera | None,
        microphone: AudioSource | None = None,
        speaker: AudioSink | None = None,
        recordings_dir: Path | None = None,
        video: VideoSettings = DEFAULT_VIDEO,
    ) -> None:
        self._loop = loop
        self._platform_url = platform_url
        self._url = websocket_url(platform_url, CLERK_PATH)
        self._token = token
        self._on_event = on_event
        self._microphone = microphone
        self._speaker = speaker
        self._recordings_dir = Path(recordings_dir) if recordings_dir is not None else None
        self._video = video
        self.resident_video = VideoSink()
        self.document_video = VideoSink()
        self.self_view = VideoSink()
        self._camera_feed = CameraFeed(camera, video.width, video.height)
        self._signaling: SignalingClient | None = None
        self._call_id: str | None = None
        self._call: ev.CallStarted | None = None
        self._ice_servers: list = []
        self._pc: RTCPeerConnection | None = None
        self._tasks: list[asyncio.Task] = []
        self._media_connected = False
        self._recorder: CallRecorder | None = None
        self._available = False
        self._closed = False
        self.resident_video.add_listener(self._record_frame)

    # -- public API (any thread) ----------------------------------------------

    @property
    def call_id(self) -> str | None:
        return self._call_id

    @property
    def recorder(self) -> CallRecorder | None:
        return self._recorder

    def connect(self) -> None:
        self._loop.submit(self._connect())

    def set_available(self, on: bool) -> None:
        self._available = bool(on)
        self._loop.submit(self._send({"type": "available", "on": bool(on)}))

    def take(self, request_id: str) -> None:
        self._loop.submit(self._send({"type": "take", "request_id": request_id}))

    def decline(self, request_id: str) -> None:
        self._loop.submit(self._send({"type": "decline", "request_id": request_id}))

    def guide(self, action: str, **details) -> None:
        if action not in GUIDE_ACTIONS:
            raise ValueError(f"unknown guide action {action!r}")
        self._loop.submit(self._send_in_call("guide", action=action, **details))

    def reveal(self, field: str, reason: str) -> None:
        self._loop.submit(self._send_in_call("reveal", field=field, reason=reason))

    def hang_up(self) -> None:
        self._loop.submit(self._hang_up())

    def close(self, timeout_s: float = 30.0) -> None:
        """End any call, seal its recording, release everything.

        Waits at most `timeout_s` (finishing and sealing a recording takes a
        moment); the work goes on after that for as long as the loop runs.
        """
        if self._closed:
            return
        self._closed = True
        try:
            self._loop.submit(self._close()).result(timeout_s)
        except Exception as exc:
            log.warning("closing the clerk console call: %s", type(exc).__name__)

    # -- test and benchmark hooks (loop) ---------------------------------------

    async def simulate_network_drop(self) -> None:
        """Cut the socket as a network fault would; it reconnects and resumes."""
        if self._signaling is not None:
            await self._signaling.drop()

    async def simulate_console_lost(self) -> None:
        """The console vanishes mid-call (crash, power): no hang-up, no reconnection."""
        signaling, self._signaling = self._signaling, None
        if signaling is not None:
            await signaling.drop()
            await signaling.close()
        await self._end_media()

    # -- loop side ------------------------------------------------------------

    async def _connect(self) -> None:
        if self._signaling is not None and self._signaling.is_running:
            return
        self._signaling = SignalingClient(
            self._url,
            headers=lambda: {"Authorization": f"Bearer {self._token}"},
            on_message=self._on_message,
            on_connected=self._on_connected,
            on_state=self._on_signaling_state,
        )
        self._signaling.start()

    async def _on_connected(self, reconnection: bool) -> None:
        if not reconnection:
            return
        if self._call_id is not None:
            await self._send({"type": "resume", "call_id": self._call_id})
        if self._available:
            await self._send({"type": "available", "on": True})

    def _on_signaling_state(self, state: str, detail: str) -> None:
        if state == "failed":
            self._emit(ev.SignalingFailed(detail))
        else:
            self._emit(ev.SignalingLost(detail))
            # The media dies with the socket; the kiosk offers again after `resume`.
            self._loop.loop.create_task(self._end_media())

    async def _hang_up(self) -> None:
        call_id = self._call_id
        if call_id is None:
            return
        await self._send({"type": "hangup", "call_id": call_id})
        await self._finish_call(call_id, "clerk")

    async def _finish_call(self, call_id: str, by: str) -> None:
        call = self._call
        self._call_id = None
        self._call = None
        await self._end_media()
        await asyncio.to_thread(self._camera_feed.stop)
        self.self_view.clear()
        self._emit(ev.CallEnded(call_id, by))
        recorder, self._recorder = self._recorder, None
        if recorder is not None and call is not None:
            await self._seal(call, recorder)

    async def _seal(self, call: ev.CallStarted, recorder: CallRecorder) -> None:
        try:
            result = await asyncio.to_thread(recorder.finish)
        except (OSError, TimeoutError) as exc:
            self._emit(ev.RecordingFailed(call.call_id, call.recording_ref, type(exc).__name__))
            return
        account = ClerkAccount(self._platform_url, self._token, {})
        try:
            await asyncio.to_thread(
                account.seal_recording, call.call_id, result.seal_payload(call.recording_ref)
            )
        except PlatformRejected as exc:
            self._emit(ev.RecordingFailed(call.call_id, call.recording_ref, exc.error))
            return
        except PlatformUnavailable:
            self._emit(ev.RecordingFailed(call.call_id, call.recording_ref, "platform_unavailable"))
            return
        self._emit(ev.RecordingSealed(call.call_id, call.recording_ref, str(result.path),
                                      result.sm3, result.sha256))  # fmt: skip

    async def _close(self) -> None:
        if self._call_id is not None:
            await self._hang_up()
        await self._end_media()
        await asyncio.to_thread(self._camera_feed.stop)
        signaling, self._signaling = self._signaling, None
        if signaling is not None:
            await signaling.close()
        if self._speaker is not None:
            self._speaker.close()
        if self._microphone is not None:
            self._microphone.close()

    # -- platform messages ----------------------------------------------------

    async def _got_status(self, m: dict) -> None:
        in_call = m.get("in_call")
        self._emit(ev.ClerkStatus(bool(m.get("available")), int(m.get("waiting", 0)),
                                  str(in_call) if in_call else None))  # fmt: skip

    async def _got_ringing(self, m: dict) -> None:
        self._emit(
            ev.Ringing(
                str(m.get("request_id")), str(m.get("kiosk_id", "")),
                str(m.get("service_title", "")), str(m.get("step", "")),
                str(m.get("skill", "")), str(m.get("language", "")),
                bool(m.get("elderly")), int(m.get("waited_s", 0)),
            )
        )  # fmt: skip

    async def _got_ring_cancelled(self, m: dict) -> None:
        self._emit(ev.RingCancelled(str(m.get("request_id"))))

    async def _got_call(self, m: dict) -> None:
        call = ev.CallStarted(
            str(m["call_id"]), str(m.get("request_id", "")), str(m.get("kiosk_id", "")),
            str(m.get("kiosk_location", "")), str(m.get("service_title", "")),
            str(m.get("step", "")), str(m.get("skill", "")), str(m.get("language", "")),
            bool(m.get("elderly")), str(m.get("recording_ref", "")),
        )  # fmt: skip
        self._call_id = call.call_id
        self._call = call
        self._ice_servers = list(m.get("ice_servers") or [])
        if self._recordings_dir is not None:
            name = (call.recording_ref or f"rec-{call.call_id}") + ".mkv"
            self._recorder = CallRecorder(self._recordings_dir / name, self._video.width,
                                          self._video.height, self._video.fps)  # fmt: skip
            self._recorder.start()
        self._emit(call)

    async def _got_offer(self, m: dict) -> None:
        call_id = m.get("call_id")
        if call_id != self._call_id:
            return
        await self._end_media()
        pc = peer_connection(self._ice_servers)
        self._pc = pc
        watch_connection(pc, self._on_pc_failed)
        pc.on("track", lambda track: self._on_remote_track(pc, track))
        await pc.setRemoteDescription(RTCSessionDescription(sdp=m["sdp"], type="offer"))
        # addTrack fills the transceivers of the offer in order: audio, then the camera's.
        if self._microphone is not None:
            pc.addTrack(self._microphone.track())
        if await asyncio.to_thread(self._camera_feed.start):
            pc.addTrack(CameraTrack(self._camera_feed, self._video.fps, self.self_view))
        await pc.setLocalDescription(await pc.createAnswer())
        if self._pc is pc and self._call_id == call_id:
            await self._send({"type": "answer", "call_id": call_id,
                              "sdp": pc.localDescription.sdp})  # fmt: skip

    async def _got_screen(self, m: dict) -> None:
        screen = m.get("screen")
        self._emit(ev.ScreenMirrored(str(m.get("call_id")), screen if isinstance(screen, dict)
                                     else {}))  # fmt: skip

    async def _got_fill_answer(self, m: dict) -> None:
        self._emit(ev.FillAnswered(str(m.get("call_id")), str(m.get("guide_id", "")),
                                   bool(m.get("accepted"))))  # fmt: skip

    async def _got_consent(self, m: dict) -> None:
        self._emit(ev.ConsentAnswered(str(m.get("call_id")), str(m.get("acceptance_id", "")),
                                      bool(m.get("agreed"))))  # fmt: skip

    async def _got_document_camera(self, m: dict) -> None:
        on = bool(m.get("on"))
        if not on:
            self.document_video.clear()
        self._emit(ev.DocumentCameraChanged(str(m.get("call_id")), on,
                                            bool(m.get("available", True))))  # fmt: skip

    async def _got_revealed(self, m: dict) -> None:
        self._emit(ev.Revealed(str(m.get("call_id")), str(m.get("field", "")),
                               str(m.get("value", ""))))  # fmt: skip

    async def _got_accepted(self, m: dict) -> None:
        self._emit(ev.AcceptanceStored(str(m.get("call_id")), str(m.get("acceptance_id")),
                                       str(m.get("submission_ref")), str(m.get("accepted_at"))))  # fmt: skip

    async def _got_peer_lost(self, m: dict) -> None:
        await self._end_media()
        self._emit(ev.PeerLost(str(m.get("call_id"))))

    async def _got_peer_resumed(self, m: dict) -> None:
        self._emit(ev.PeerBack(str(m.get("call_id"))))

    async def _got_hangup(self, m: dict) -> None:
        if self._call_id is None:
            return
        await self._finish_call(str(m.get("call_id") or self._call_id), str(m.get("by", "platform")))

    # -- media ----------------------------------------------------------------

    def _on_remote_track(self, pc: RTCPeerConnection, track) -> None:
        if pc is not self._pc:
            return
        loop = asyncio.get_running_loop()
        if track.kind == "audio":
            sinks = []
            if self._speaker is not None:
                sinks.append(self._speaker.play)
            if self._recorder is not None:
                sinks.append(self._recorder.add_audio)
            self._tasks.append(loop.create_task(drain_audio(track, sinks)))
            return
        videos = [t for t in pc.getTransceivers() if t.kind == "video"]
        is_document = len(videos) > 1 and videos[1].receiver.track is track
        if is_document:
            self._tasks.append(loop.create_task(drain_video(track, self.document_video)))
        else:
            self._tasks.append(loop.create_task(
                drain_video(track, self.resident_video, self._first_frame)))  # fmt: skip

    def _record_frame(self, frame: object, arrived_at: float) -> None:
        recorder = self._recorder
        if recorder is not None:
            recorder.add_video(frame, arrived_at)

    def _first_frame(self) -> None:
        if not self._media_connected and self._call_id is not None:
            self._media_connected = True
            self._emit(ev.MediaConnected(self._call_id))

    def _on_pc_failed(self, pc: RTCPeerConnection) -> None:
        if pc is self._pc and self._call_id is not None:
            log.info("clerk media failed; waiting for the kiosk to offer again")

    async def _end_media(self) -> None:
        pc, self._pc = self._pc, None
        await close_quietly(pc, self._tasks)
        self._media_connected = False
        self.resident_video.clear()
        self.document_video.clear()
