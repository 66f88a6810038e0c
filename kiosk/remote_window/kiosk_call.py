"""The kiosk's side of a remote-window call: queue, signaling, media.

Every public method is safe from any thread and returns at once: the work
runs on the MediaLoop. Events go to `on_event` on the loop thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from drivers.camera import Camera
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.audio import AudioSink, AudioSource
from kiosk.remote_window.call_side import CallSide
from kiosk.remote_window.frames import VideoSink
from kiosk.remote_window.kiosk_media import KioskMedia
from kiosk.remote_window.media_loop import MediaLoop
from kiosk.remote_window.signaling import (
    KIOSK_PATH,
    SignalingClient,
    kiosk_headers,
    websocket_url,
)
from kiosk.remote_window.video_settings import DEFAULT_VIDEO, VideoSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HelpContext:
    service_code: str
    service_title: str
    step: str
    skill: str = "personal"
    language: str = "zh"
    elderly: bool = False


class KioskCall(CallSide):
    _side = "kiosk"

    def __init__(
        self,
        loop: MediaLoop,
        platform_url: str,
        kiosk_id: str,
        on_event: Callable[[object], None],
        camera: Camera | None,
        document_camera: Camera | None,
        microphone: AudioSource | None = None,
        speaker: AudioSink | None = None,
        request_signer=None,
        video: VideoSettings = DEFAULT_VIDEO,
    ) -> None:
        self._loop = loop
        self._url = websocket_url(platform_url, KIOSK_PATH)
        self._kiosk_id = kiosk_id
        self._on_event = on_event
        self._signer = request_signer
        self._video = video
        self._microphone = microphone
        self._speaker = speaker
        self.clerk_video = VideoSink()
        self.self_view = VideoSink()
        self._media = KioskMedia(
            video, camera, document_camera, microphone, speaker, self.clerk_video,
            self.self_view, self._first_frame, self._on_media_failed,
        )  # fmt: skip
        self._signaling: SignalingClient | None = None
        self._context: HelpContext | None = None
        self._request_id: str | None = None
        self._call_id: str | None = None
        self._ice_servers: list = []
        self._latest_screen: dict | None = None
        self._screen_task: asyncio.Task | None = None
        self._closed = False

    # -- public API (any thread) ----------------------------------------------

    @property
    def call_id(self) -> str | None:
        return self._call_id

    @property
    def request_id(self) -> str | None:
        return self._request_id

    def request_help(self, context: HelpContext) -> None:
        self._loop.submit(self._request_help(context))

    def cancel(self) -> None:
        self._loop.submit(self._cancel())

    def request_callback(self, phone: str) -> None:
        self._loop.submit(self._send({"type": "callback_request", "phone": phone}))

    def send_screen(self, mirror: dict) -> None:
        self._latest_screen = mirror
        self._loop.call_soon(self._schedule_screen)

    def answer_fill(self, guide_id: str, accepted: bool) -> None:
        self._loop.submit(self._send_in_call("fill_answer", guide_id=guide_id, accepted=accepted))

    def answer_consent(self, acceptance_id: str, agreed: bool) -> None:
        self._loop.submit(
            self._send_in_call("consent", acceptance_id=acceptance_id, agreed=agreed)
        )

    def answer_reveal(self, guide_id: str, field: str, value: str) -> None:
        self._loop.submit(
            self._send_in_call("reveal_answer", guide_id=guide_id, field=field, value=value)
        )

    def set_document_camera(self, on: bool) -> None:
        self._loop.submit(self._set_document_camera(on))

    def hang_up(self) -> None:
        self._loop.submit(self._hang_up())

    def close(self, timeout_s: float = 5.0) -> None:
        """End any call and release everything; waits at most `timeout_s` for the hang-up."""
        if self._closed:
            return
        self._closed = True
        try:
            self._loop.submit(self._close()).result(timeout_s)
        except Exception as exc:
            log.warning("closing the kiosk call: %s", type(exc).__name__)

    # -- test and benchmark hooks (loop) ---------------------------------------

    async def simulate_network_drop(self) -> None:
        """Cut the socket and the media transport as a network fault would."""
        await self._media.cut_transport()
        if self._signaling is not None:
            await self._signaling.drop()

    # -- loop side ------------------------------------------------------------

    async def _request_help(self, context: HelpContext) -> None:
        if self._context is not None or self._call_id is not None:
            log.info("help already requested")
            return
        self._context = context
        if self._signaling is None or not self._signaling.is_running:
            self._signaling = SignalingClient(
                self._url,
                headers=lambda: kiosk_headers(self._kiosk_id, KIOSK_PATH, self._signer),
                on_message=self._on_message,
                on_connected=self._on_connected,
                on_state=self._on_signaling_state,
            )
            # help_request goes out from _on_connected, also after a reconnection.
            self._signaling.start()
        else:
            await self._send_help_request()

    async def _send_help_request(self) -> None:
        context = self._context
        if context is None:
            return
        await self._send(
            {
                "type": "help_request",
                "service_code": context.service_code,
                "service_title": context.service_title,
                "step": context.step,
                "skill": context.skill,
                "language": context.language,
                "elderly": context.elderly,
            }
        )

    async def _on_connected(self, reconnection: bool) -> None:
        if self._call_id is not None:
            await self._send({"type": "resume", "call_id": self._call_id})
        elif self._context is not None:
            # One request per socket: a dropped socket took the queue place with it.
            await self._send_help_request()

    def _on_signaling_state(self, state: str, detail: str) -> None:
        if state == "failed":
            # Whatever was under way is gone; a new request_help starts afresh.
            self._call_id = self._request_id = self._context = None
            self._signaling = None
            self._emit(ev.SignalingFailed(detail))
            self._loop.loop.create_task(self._end_media())
        else:
            self._emit(ev.SignalingLost(detail))

    def _schedule_screen(self) -> None:
        # Coalesce a burst of changes into one message: the latest mirror wins.
        if self._screen_task is None or self._screen_task.done():
            self._screen_task = asyncio.get_running_loop().create_task(self._flush_screen())

    async def _flush_screen(self) -> None:
        await asyncio.sleep(0)
        mirror = self._latest_screen
        if mirror is not None and self._call_id is not None:
            await self._send({"type": "screen", "call_id": self._call_id, "screen": mirror})

    async def _cancel(self) -> None:
        if self._call_id is not None:
            await self._hang_up()
            return
        await self._send({"type": "cancel"})
        self._context = None
        self._request_id = None
        await self._stop_signaling()

    async def _hang_up(self) -> None:
        call_id = self._call_id
        if call_id is None:
            return
        await self._send({"type": "hangup", "call_id": call_id})
        await self._finish_call(call_id, "kiosk")

    async def _finish_call(self, call_id: str, by: str) -> None:
        self._call_id = None
        self._request_id = None
        self._context = None
        await self._end_media()
        self._emit(ev.CallEnded(call_id, by))
        await self._stop_signaling()

    async def _stop_signaling(self) -> None:
        signaling, self._signaling = self._signaling, None
        if signaling is not None:
            await signaling.close()

    async def _close(self) -> None:
        if self._call_id is not None:
            await self._hang_up()
        elif self._request_id is not None or self._context is not None:
            await self._send({"type": "cancel"})
        await self._end_media()
        await self._stop_signaling()
        for sink in (self._speaker,):
            if sink is not None:
                sink.close()
        if self._microphone is not None:
            self._microphone.close()

    # -- platform messages ----------------------------------------------------

    async def _got_queued(self, m: dict) -> None:
        self._request_id = m.get("request_id")
        self._emit(ev.Queued(str(m.get("request_id")), int(m.get("position", 0)),
                             int(m.get("expected_wait_s", 0))))  # fmt: skip

    async def _got_no_answer(self, m: dict) -> None:
        self._emit(ev.NoAnswer(str(m.get("request_id")), str(m.get("hotline", ""))))

    async def _got_callback_booked(self, m: dict) -> None:
        self._emit(ev.CallbackBooked(str(m.get("request_id"))))
        self._context = None
        await self._stop_signaling()

    async def _got_answered(self, m: dict) -> None:
        self._call_id = str(m["call_id"])
        self._ice_servers = list(m.get("ice_servers") or [])
        clerk = m.get("clerk") or {}
        self._emit(ev.Answered(self._call_id, str(clerk.get("name", "")),
                               str(clerk.get("staff_number", ""))))  # fmt: skip
        await self._offer()

    async def _got_answer(self, m: dict) -> None:
        if m.get("call_id") == self._call_id and isinstance(m.get("sdp"), str):
            await self._media.accept_answer(m["sdp"])

    async def _got_guide(self, m: dict) -> None:
        details = {k: v for k, v in m.items() if k not in ("type", "call_id", "guide_id", "action")}
        action = str(m.get("action", ""))
        self._emit(ev.GuideReceived(str(m.get("call_id")), str(m.get("guide_id", "")),
                                    action, details))  # fmt: skip
        if action == "document_camera":
            await self._set_document_camera(bool(details.get("on")))

    async def _got_consent_request(self, m: dict) -> None:
        clerk = m.get("clerk") or {}
        self._emit(
            ev.ConsentRequested(
                str(m.get("call_id")), str(m.get("acceptance_id")), str(clerk.get("name", "")),
                str(clerk.get("staff_number", "")), str(m.get("service_title", "")),
                str(m.get("submission_ref", "")),
            )
        )  # fmt: skip

    async def _got_accepted(self, m: dict) -> None:
        self._emit(ev.AcceptanceStored(str(m.get("call_id")), str(m.get("acceptance_id")),
                                       str(m.get("submission_ref")), str(m.get("accepted_at"))))  # fmt: skip

    async def _got_peer_lost(self, m: dict) -> None:
        self._emit(ev.PeerLost(str(m.get("call_id"))))

    async def _got_peer_resumed(self, m: dict) -> None:
        self._emit(ev.PeerBack(str(m.get("call_id"))))
        await self._offer()

    async def _got_resumed(self, m: dict) -> None:
        await self._offer()

    async def _got_requeued(self, m: dict) -> None:
        self._call_id = None
        await self._end_media()
        self._request_id = str(m.get("request_id"))
        self._emit(ev.Requeued(self._request_id, int(m.get("position", 0)),
                               int(m.get("expected_wait_s", 0))))  # fmt: skip

    async def _got_hangup(self, m: dict) -> None:
        call_id = str(m.get("call_id") or self._call_id)
        if self._call_id is None:
            return
        await self._finish_call(call_id, str(m.get("by", "platform")))

    # -- media ----------------------------------------------------------------

    async def _offer(self) -> None:
        call_id = self._call_id
        if call_id is None:
            return
        pc, sdp = await self._media.offer(self._ice_servers)
        if self._media.is_current(pc) and self._call_id == call_id:
            await self._send({"type": "offer", "call_id": call_id, "sdp": sdp})
            if self._latest_screen is not None:
                self._schedule_screen()

    def _first_frame(self) -> None:
        if self._call_id is not None:
            self._emit(ev.MediaConnected(self._call_id))

    def _on_media_failed(self) -> None:
        if self._call_id is None or self._signaling is None:
            return
        # The side that dropped rejoins: a fresh socket, `resume`, then a new offer.
        asyncio.get_running_loop().create_task(self._signaling.drop())

    async def _set_document_camera(self, on: bool) -> None:
        sending, available = await self._media.set_document_camera(on)
        if self._call_id is not None:
            await self._send({"type": "document_camera", "call_id": self._call_id,
                              "on": sending, "available": available})  # fmt: skip

    async def _end_media(self, keep_feeds: bool = False) -> None:
        await self._media.stop(keep_feeds)
