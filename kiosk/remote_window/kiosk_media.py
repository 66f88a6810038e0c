"""The kiosk's WebRTC media for one call: its peer connections, cameras and sound.

The kiosk always offers: audio sendrecv, the resident's camera sendrecv,
and the document camera sendonly (silent until switched on). A dropped
connection is replaced by a new peer connection and a new offer; the
camera feeds run on across them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiortc import RTCPeerConnection, RTCSessionDescription

from drivers.camera import Camera
from kiosk.remote_window.audio import AudioSink, AudioSource, drain_audio
from kiosk.remote_window.frames import VideoSink
from kiosk.remote_window.peer import close_quietly, peer_connection, watch_connection
from kiosk.remote_window.video_settings import VideoSettings
from kiosk.remote_window.video_tracks import CameraFeed, CameraTrack, drain_video


class KioskMedia:
    """Lives on the media loop; every method runs there."""

    def __init__(
        self,
        video: VideoSettings,
        camera: Camera | None,
        document_camera: Camera | None,
        microphone: AudioSource | None,
        speaker: AudioSink | None,
        clerk_video: VideoSink,
        self_view: VideoSink,
        on_first_frame: Callable[[], None],
        on_failed: Callable[[], None],
    ) -> None:
        self._video = video
        self._microphone = microphone
        self._speaker = speaker
        self._clerk_video = clerk_video
        self._self_view = self_view
        self._on_first_frame = on_first_frame
        self._on_failed = on_failed
        self._camera_feed = CameraFeed(camera, video.width, video.height)
        self._document_feed = CameraFeed(
            document_camera, video.document_width, video.document_height
        )
        # Created on the loop: an asyncio.Event binds to the loop that first uses it.
        self._document_on: asyncio.Event | None = None
        self._pc: RTCPeerConnection | None = None
        self._tasks: list[asyncio.Task] = []
        self._first_seen = False

    @property
    def has_document_camera(self) -> bool:
        return self._document_feed.camera is not None

    def _document_event(self) -> asyncio.Event:
        if self._document_on is None:
            self._document_on = asyncio.Event()
        return self._document_on

    async def offer(self, ice_servers: list) -> tuple[RTCPeerConnection, str]:
        """A new peer connection and its full (non-trickle) offer SDP."""
        await self.stop(keep_feeds=True)
        pc = peer_connection(ice_servers)
        self._pc = pc
        watch_connection(pc, self._failed)
        pc.on("track", lambda track: self._on_remote_track(pc, track))
        pc.addTransceiver(
            self._microphone.track() if self._microphone else "audio", direction="sendrecv"
        )
        if await asyncio.to_thread(self._camera_feed.start):
            camera = CameraTrack(self._camera_feed, self._video.fps, self._self_view)
            pc.addTransceiver(camera, direction="sendrecv")
        else:
            pc.addTransceiver("video", direction="sendrecv")
        document = CameraTrack(self._document_feed, self._video.document_fps,
                               enabled=self._document_event())  # fmt: skip
        pc.addTransceiver(document, direction="sendonly")
        # aiortc gathers every candidate before this returns: the SDP is complete.
        await pc.setLocalDescription(await pc.createOffer())
        return pc, pc.localDescription.sdp

    def is_current(self, pc: RTCPeerConnection) -> bool:
        return pc is self._pc

    async def accept_answer(self, sdp: str) -> None:
        if self._pc is not None:
            await self._pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    async def set_document_camera(self, on: bool) -> tuple[bool, bool]:
        """Start or stop sending the document camera: (sending, available)."""
        enabled = self._document_event()
        available = self.has_document_camera
        if on and available:
            available = await asyncio.to_thread(self._document_feed.start)
        if on and available:
            enabled.set()
        else:
            enabled.clear()
            await asyncio.to_thread(self._document_feed.stop)
        return bool(on and available), available

    async def stop(self, keep_feeds: bool = False) -> None:
        """Close the peer connection; unless `keep_feeds`, stop the cameras too."""
        pc, self._pc = self._pc, None
        await close_quietly(pc, self._tasks)
        self._first_seen = False
        self._clerk_video.clear()
        if not keep_feeds:
            if self._document_on is not None:
                self._document_on.clear()
            await asyncio.to_thread(self._camera_feed.stop)
            await asyncio.to_thread(self._document_feed.stop)
            self._self_view.clear()

    async def cut_transport(self) -> None:
        """Stop the ICE transport under the media, as a network fault would (tests)."""
        pc = self._pc
        if pc is None:
            return
        for transceiver in pc.getTransceivers():
            transport = transceiver.sender.transport
            if transport is not None:
                await transport.transport.stop()

    def _on_remote_track(self, pc: RTCPeerConnection, track) -> None:
        if pc is not self._pc:
            return
        loop = asyncio.get_running_loop()
        if track.kind == "video":
            self._tasks.append(loop.create_task(
                drain_video(track, self._clerk_video, self._first_frame)))  # fmt: skip
        elif track.kind == "audio":
            sinks = [self._speaker.play] if self._speaker is not None else []
            self._tasks.append(loop.create_task(drain_audio(track, sinks)))

    def _first_frame(self) -> None:
        if not self._first_seen:
            self._first_seen = True
            self._on_first_frame()

    def _failed(self, pc: RTCPeerConnection) -> None:
        if pc is self._pc:
            self._on_failed()
