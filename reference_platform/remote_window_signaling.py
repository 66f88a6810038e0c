"""Signaling of the remote virtual window: kiosks and clerks on WebSockets, calls between them.

Everything here runs on the server's event loop, so the hub's state needs
no locks; the HTTP calls that touch a live call (remote acceptance) are
`async` routes on the same loop. Message names and fields are those of
docs/remote-window.md.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .errors import ApiError
from .help_queue import (
    AnswerDeadlinePassed,
    ClerkPresence,
    HelpQueue,
    HelpRequest,
    NotRinging,
    Ring,
    RingStopped,
)
from .remote_calls import AuditEvent, CallRecords, NewCall, recording_ref_for
from .remote_window_connections import CLOSE_REPLACED, BadMessage, ClerkPeer, KioskPeer
from .remote_window_connections import flag_field as _flag
from .remote_window_connections import text_field as _text
from .remote_window_relay import CallRelay, LiveCall
from .settings import PlatformSettings

log = logging.getLogger(__name__)

_TICK_S = 0.1


class RemoteWindowHub:
    """The help queue, the connected kiosks and clerks, and the live calls."""

    def __init__(
        self, settings: PlatformSettings, records: CallRecords, now: Callable[[], datetime]
    ) -> None:
        self.settings = settings
        self.records = records
        self._now = now  # the platform clock (datetimes for records)
        self.relay = CallRelay(records, now)
        self.queue = HelpQueue(
            time.monotonic, settings.help_ring_timeout_s, settings.help_answer_deadline_s
        )
        self._kiosks: dict[str, KioskPeer] = {}  # by request_id
        self._clerks: dict[str, ClerkPeer] = {}
        self._calls: dict[str, LiveCall] = {}
        self._ticker: asyncio.Task | None = None
        self._last_ping = time.monotonic()

    # -- connections ------------------------------------------------------------

    def _ensure_ticker(self) -> None:
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.get_running_loop().create_task(self._tick_forever())

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(_TICK_S)
            try:
                await self.pump()
                if time.monotonic() - self._last_ping >= self.settings.help_ping_interval_s:
                    self._last_ping = time.monotonic()
                    for peer in [*self._kiosk_peers(), *self._clerks.values()]:
                        await peer.send({"type": "ping"})
            except Exception:  # keep routing whatever one send did
                log.exception("remote-window tick failed")

    def _kiosk_peers(self) -> list[KioskPeer]:
        peers = {id(p): p for p in self._kiosks.values()}
        for call in self._calls.values():
            if call.kiosk is not None:
                peers[id(call.kiosk)] = call.kiosk
        return list(peers.values())

    async def kiosk_connected(self, peer: KioskPeer) -> None:
        self._ensure_ticker()

    async def clerk_connected(self, peer: ClerkPeer) -> None:
        self._ensure_ticker()
        clerk = peer.clerk
        old = self._clerks.get(clerk.clerk_id)
        self._clerks[clerk.clerk_id] = peer
        if old is not None:
            await old.close(CLOSE_REPLACED, "signed in elsewhere")
        self._ensure_presence(peer)
        await self.pump()

    def _ensure_presence(self, peer: ClerkPeer) -> None:
        # A clerk back during a call keeps the presence (and in_call) of before.
        clerk = peer.clerk
        if self.queue.clerk(clerk.clerk_id) is None:
            self.queue.add_clerk(
                ClerkPresence(
                    clerk.clerk_id,
                    frozenset(clerk.skills),
                    frozenset(clerk.languages),
                    supervisor=clerk.is_supervisor,
                )
            )

    async def kiosk_gone(self, peer: KioskPeer) -> None:
        if peer.request is not None and self._kiosks.get(peer.request.request_id) is peer:
            del self._kiosks[peer.request.request_id]
            self.queue.remove(peer.request.request_id)
        call = self._calls.get(peer.call_id or "")
        if call is not None and call.kiosk is peer:
            call.kiosk = None
            self._audit(call, f"kiosk:{call.kiosk_id}", AuditEvent.peer_lost, {"side": "kiosk"})
            if call.clerk_peer is not None:
                await call.clerk_peer.send({"type": "peer_lost", "call_id": call.call_id})
            self._start_grace(call, self._kiosk_grace_over)
        await self.pump()

    async def clerk_gone(self, peer: ClerkPeer) -> None:
        clerk_id = peer.clerk.clerk_id
        if self._clerks.get(clerk_id) is not peer:
            return  # replaced by a newer connection
        del self._clerks[clerk_id]
        call = self._call_of_clerk(clerk_id)
        if call is None:
            self.queue.remove_clerk(clerk_id)
        else:
            self.queue.set_available(clerk_id, False)
            call.clerk_peer = None
            self._audit(call, f"clerk:{clerk_id}", AuditEvent.peer_lost, {"side": "clerk"})
            if call.kiosk is not None:
                await call.kiosk.send({"type": "peer_lost", "call_id": call.call_id})
            self._start_grace(call, self._clerk_grace_over)
        await self.pump()

    def _call_of_clerk(self, clerk_id: str) -> LiveCall | None:
        return next((c for c in self._calls.values() if c.clerk.clerk_id == clerk_id), None)

    def _start_grace(self, call: LiveCall, over) -> None:
        if call.grace is not None:
            call.grace.cancel()

        async def wait() -> None:
            await asyncio.sleep(self.settings.help_reconnect_grace_s)
            call.grace = None
            await over(call)

        call.grace = asyncio.get_running_loop().create_task(wait())

    async def _kiosk_grace_over(self, call: LiveCall) -> None:
        if call.kiosk is None and call.call_id in self._calls:
            await self._end_call(call, "platform")

    async def _clerk_grace_over(self, call: LiveCall) -> None:
        if call.clerk_peer is not None or call.call_id not in self._calls:
            return
        await self._end_call(call, "platform", handled=False)
        if call.clerk.clerk_id not in self._clerks:
            self.queue.remove_clerk(call.clerk.clerk_id)
        kiosk = call.kiosk
        if kiosk is None:
            return
        # The resident did nothing wrong: back to the front, same request, same wait.
        request = call.request
        request.no_answer_sent = False
        self.queue.requeue_front(request)
        kiosk.request = request
        self._kiosks[request.request_id] = kiosk
        position = self.queue.position(request.request_id) or 1
        wait = self.queue.expected_wait_s(request.request_id)
        kiosk.last_queued = (position, wait)
        await kiosk.send(
            {
                "type": "requeued",
                "request_id": request.request_id,
                "position": position,
                "expected_wait_s": wait,
            }
        )
        await self.pump()

    # -- routing ----------------------------------------------------------------

    async def pump(self) -> None:
        """Let the queue move, then tell everyone whose view of it changed."""
        for event in self.queue.step():
            if isinstance(event, Ring):
                clerk = self._clerks.get(event.clerk_id)
                if clerk is not None:
                    await clerk.send(_ringing(event.request, time.monotonic()))
            elif isinstance(event, RingStopped):
                clerk = self._clerks.get(event.clerk_id)
                if clerk is not None:
                    await clerk.send({"type": "ring_cancelled", "request_id": event.request_id})
            elif isinstance(event, AnswerDeadlinePassed):
                kiosk = self._kiosks.get(event.request.request_id)
                if kiosk is not None:
                    await kiosk.send(
                        {
                            "type": "no_answer",
                            "request_id": event.request.request_id,
                            "hotline": self.settings.help_hotline,
                        }
                    )
        for request_id, kiosk in list(self._kiosks.items()):
            position = self.queue.position(request_id)
            if position is None:
                continue
            figures = (position, self.queue.expected_wait_s(request_id))
            if figures != kiosk.last_queued:
                kiosk.last_queued = figures
                await kiosk.send(
                    {
                        "type": "queued",
                        "request_id": request_id,
                        "position": figures[0],
                        "expected_wait_s": figures[1],
                        "answer_deadline_s": round(self.settings.help_answer_deadline_s),
                    }
                )
        for clerk_id, clerk in list(self._clerks.items()):
            presence = self.queue.clerk(clerk_id)
            call = self._call_of_clerk(clerk_id)
            status = {
                "type": "status",
                "available": bool(presence and presence.available),
                "waiting": self.queue.waiting_for(clerk_id),
                "in_call": call.call_id if call is not None else None,
            }
            if status != clerk.last_status:
                clerk.last_status = status
                await clerk.send(status)

    # -- kiosk messages ---------------------------------------------------------

    async def on_kiosk_message(self, peer: KioskPeer, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "pong":
            return
        if kind == "ping":
            await peer.send({"type": "pong"})
        elif kind == "help_request":
            await self._help_request(peer, message)
        elif kind == "cancel":
            await self._cancel(peer)
        elif kind == "callback_request":
            await self._callback_request(peer, message)
        elif kind == "resume":
            await self._kiosk_resume(peer, _text(message, "call_id"))
        elif kind == "hangup":
            await self._end_call(self._kiosk_call(peer, message), "kiosk")
        elif kind in CallRelay.KIOSK_KINDS:
            await self.relay.from_kiosk(self._kiosk_call(peer, message), kind, message)
        else:
            raise BadMessage("unknown_type", f"no message type {str(kind)[:40]!r}")

    async def _help_request(self, peer: KioskPeer, message: dict[str, Any]) -> None:
        if peer.requested:
            raise BadMessage("already_requested", "one help request per connection")
        skill = _text(message, "skill")
        language = _text(message, "language")
        if skill not in ("personal", "enterprise") or language not in ("zh", "en"):
            raise BadMessage("bad_message", "skill or language unknown")
        elderly = message.get("elderly", False)
        if not isinstance(elderly, bool):
            raise BadMessage("bad_message", "elderly must be a boolean")
        request = HelpRequest(
            request_id="req-" + secrets.token_hex(8),
            kiosk_id=peer.kiosk_id,
            skill=skill,
            language=language,
            service_code=_text(message, "service_code", required=False),
            service_title=_text(message, "service_title", required=False),
            step=_text(message, "step", required=False),
            elderly=elderly,
            requested_at_wall=self._now(),
        )
        peer.requested = True
        earlier = self._queued_peer_of(peer.kiosk_id)
        if earlier is not None and earlier.request is not None:
            # The kiosk reconnected before its old socket was seen to drop: same
            # resident, so the request keeps its place; the old socket is dropped.
            request = earlier.request
            earlier.request = None
            await earlier.close(CLOSE_REPLACED, "asked again on a new connection")
        else:
            self.queue.add(request)
        peer.request = request
        peer.last_queued = None
        self._kiosks[request.request_id] = peer
        await self.pump()

    def _queued_peer_of(self, kiosk_id: str) -> KioskPeer | None:
        return next((p for p in self._kiosks.values() if p.kiosk_id == kiosk_id), None)

    async def _cancel(self, peer: KioskPeer) -> None:
        call = self._calls.get(peer.call_id or "")
        if call is not None:
            await self._end_call(call, "kiosk")
        elif peer.request is not None and self._kiosks.get(peer.request.request_id) is peer:
            del self._kiosks[peer.request.request_id]
            self.queue.remove(peer.request.request_id)
            await self.pump()

    async def _callback_request(self, peer: KioskPeer, message: dict[str, Any]) -> None:
        phone = _text(message, "phone").replace(" ", "").replace("-", "")
        digits = phone[1:] if phone.startswith("+") else phone
        if not (digits.isascii() and digits.isdigit() and 5 <= len(digits) <= 20):
            raise BadMessage("bad_message", "phone must be 5 to 20 digits")
        request = peer.request
        if request is None or peer.call_id is not None:
            raise BadMessage("no_such_request", "no help request waiting")
        self.records.store_callback(
            request.request_id,
            peer.kiosk_id,
            request.skill,
            request.language,
            request.service_code,
            request.service_title,
            phone,
            self._now(),
        )
        if self._kiosks.get(request.request_id) is peer:
            del self._kiosks[request.request_id]
            self.queue.remove(request.request_id, abandoned=False)
        await peer.send({"type": "callback_booked", "request_id": request.request_id})
        await self.pump()

    async def _kiosk_resume(self, peer: KioskPeer, call_id: str) -> None:
        call = self._calls.get(call_id)
        if call is None or call.kiosk_id != peer.kiosk_id or peer.call_id not in (None, call_id):
            raise BadMessage("no_such_call", "no call of this kiosk to resume")
        old = call.kiosk
        call.kiosk = peer
        peer.call_id = call_id
        peer.requested = True
        if call.grace is not None:
            call.grace.cancel()
            call.grace = None
        if old is not None and old is not peer:
            old.call_id = None
            await old.close(CLOSE_REPLACED, "resumed elsewhere")
        self._audit(call, f"kiosk:{call.kiosk_id}", AuditEvent.peer_resumed, {"side": "kiosk"})
        await peer.send({"type": "resumed", "call_id": call_id})
        if call.clerk_peer is not None:
            await call.clerk_peer.send({"type": "peer_resumed", "call_id": call_id})

    def _kiosk_call(self, peer: KioskPeer, message: dict[str, Any]) -> LiveCall:
        call_id = _text(message, "call_id")
        call = self._calls.get(call_id)
        if call is None:
            raise BadMessage("no_such_call", "no such call")
        if call.kiosk is not peer:
            raise BadMessage("not_in_call", "this connection is not in that call")
        return call

    # -- clerk messages ---------------------------------------------------------

    async def on_clerk_message(self, peer: ClerkPeer, message: dict[str, Any]) -> None:
        kind = message.get("type")
        clerk_id = peer.clerk.clerk_id
        if kind == "pong":
            return
        if kind == "ping":
            await peer.send({"type": "pong"})
        elif kind == "available":
            self._ensure_presence(peer)
            self.queue.set_available(clerk_id, _flag(message, "on"))
            await self.pump()
        elif kind == "take":
            await self._take(peer, _text(message, "request_id"))
        elif kind == "decline":
            try:
                self.queue.decline(clerk_id, _text(message, "request_id"))
            except NotRinging:
                raise BadMessage("no_such_request", "that request is not ringing here") from None
            await self.pump()
        elif kind == "resume":
            await self._clerk_resume(peer, _text(message, "call_id"))
        elif kind == "hangup":
            await self._end_call(self._clerk_call(peer, message), "clerk")
        elif kind in CallRelay.CLERK_KINDS:
            await self.relay.from_clerk(self._clerk_call(peer, message), kind, message)
        else:
            raise BadMessage("unknown_type", f"no message type {str(kind)[:40]!r}")

    async def _take(self, peer: ClerkPeer, request_id: str) -> None:
        clerk = peer.clerk
        call_id = "call-" + secrets.token_hex(8)
        try:
            request, waited = self.queue.take(clerk.clerk_id, request_id, call_id)
        except NotRinging:
            raise BadMessage("no_such_request", "that request is not ringing here") from None
        kiosk = self._kiosks.pop(request_id, None)
        now = self._now()
        call = LiveCall(call_id, request, clerk, kiosk, peer, time.monotonic())
        self._calls[call_id] = call
        self.records.start(
            NewCall(
                call_id=call_id,
                request_id=request_id,
                kiosk_id=request.kiosk_id,
                clerk_id=clerk.clerk_id,
                clerk_name=clerk.name,
                skill=request.skill,
                language=request.language,
                service_code=request.service_code,
                service_title=request.service_title,
                requested_at=request.requested_at_wall or now,
                answered_at=now,
                wait_s=waited,
            )
        )
        ice_servers = self.settings.help_ice_servers
        if kiosk is not None:
            kiosk.request = None
            kiosk.call_id = call_id
            await kiosk.send(
                {
                    "type": "answered",
                    "call_id": call_id,
                    "clerk": {"name": clerk.name, "staff_number": clerk.staff_number},
                    "ice_servers": ice_servers,
                }
            )
        await peer.send(
            {
                "type": "call",
                "call_id": call_id,
                "request_id": request_id,
                "kiosk_id": request.kiosk_id,
                "kiosk_location": kiosk.location if kiosk is not None else "",
                "service_title": request.service_title,
                "step": request.step,
                "skill": request.skill,
                "language": request.language,
                "elderly": request.elderly,
                "recording_ref": recording_ref_for(call_id),
                "ice_servers": ice_servers,
            }
        )
        if kiosk is None:  # the resident left in the same instant
            await self._end_call(call, "kiosk")
        await self.pump()

    async def _clerk_resume(self, peer: ClerkPeer, call_id: str) -> None:
        call = self._calls.get(call_id)
        if call is None or call.clerk.clerk_id != peer.clerk.clerk_id:
            raise BadMessage("no_such_call", "no call of this clerk to resume")
        call.clerk_peer = peer
        if call.grace is not None:
            call.grace.cancel()
            call.grace = None
        self._audit(
            call, f"clerk:{call.clerk.clerk_id}", AuditEvent.peer_resumed, {"side": "clerk"}
        )
        await peer.send({"type": "resumed", "call_id": call_id})
        if call.kiosk is not None:
            await call.kiosk.send({"type": "peer_resumed", "call_id": call_id})
        await self.pump()

    def _clerk_call(self, peer: ClerkPeer, message: dict[str, Any]) -> LiveCall:
        call = self._calls.get(_text(message, "call_id"))
        # Another clerk's call looks exactly like no call at all.
        if call is None or call.clerk.clerk_id != peer.clerk.clerk_id:
            raise BadMessage("no_such_call", "no such call")
        if call.clerk_peer is not peer:
            raise BadMessage("not_in_call", "resume the call on this connection first")
        return call

    # -- calls ----------------------------------------------------------------

    async def _end_call(self, call: LiveCall, by: str, handled: bool = True) -> None:
        if self._calls.pop(call.call_id, None) is None:
            return
        if call.grace is not None and call.grace is not asyncio.current_task():
            call.grace.cancel()
        call.grace = None
        actor = "platform" if by == "platform" else _actor(call, by)
        self.records.end(call.call_id, by, actor, self._now())
        handling = time.monotonic() - call.answered_mono if handled else None
        self.queue.call_ended(call.clerk.clerk_id, handling)
        hangup = {"type": "hangup", "call_id": call.call_id, "by": by}
        if call.kiosk is not None:
            call.kiosk.call_id = None
            if handled:
                await call.kiosk.send(hangup)
        if call.clerk_peer is not None:
            await call.clerk_peer.send(hangup)
        await self.pump()

    def live_call(self, call_id: str) -> LiveCall | None:
        return self._calls.get(call_id)

    async def ask_consent(self, call: LiveCall, submission_ref: str) -> str:
        """POST /calls/{id}/remote-acceptance on a live call: the acceptance id."""
        if call.kiosk is None:
            raise ApiError(409, "kiosk_unavailable", "the kiosk's connection is down")
        acceptance_id = self.records.ask_acceptance(
            call.call_id, call.kiosk_id, call.clerk.clerk_id, submission_ref, self._now()
        )
        await call.kiosk.send(
            {
                "type": "consent_request",
                "call_id": call.call_id,
                "acceptance_id": acceptance_id,
                "clerk": {"name": call.clerk.name, "staff_number": call.clerk.staff_number},
                "service_title": call.request.service_title,
                "submission_ref": submission_ref,
            }
        )
        return acceptance_id

    def _audit(self, call: LiveCall, actor: str, event: str, details: dict[str, Any]) -> None:
        self.relay.audit(call, actor, event, details)

    def stats(self) -> dict[str, Any]:
        figures = self.queue.stats()
        return {
            "waiting_by_skill": figures.waiting_by_skill,
            "answered": figures.answered,
            "abandoned": figures.abandoned,
            "mean_time_to_answer_s": figures.mean_time_to_answer_s,
            "p90_time_to_answer_s": figures.p90_time_to_answer_s,
            "clerks_connected": len(self._clerks),
            "clerks_available": sum(
                1 for cid in self._clerks if (p := self.queue.clerk(cid)) and p.available
            ),
            "calls_in_progress": len(self._calls),
            "callbacks": self.records.totals()["callbacks"],
        }


def _actor(call: LiveCall, side: str) -> str:
    return f"clerk:{call.clerk.clerk_id}" if side == "clerk" else f"kiosk:{call.kiosk_id}"


def _ringing(request: HelpRequest, now: float) -> dict[str, Any]:
    return {
        "type": "ringing",
        "request_id": request.request_id,
        "kiosk_id": request.kiosk_id,
        "service_title": request.service_title,
        "step": request.step,
        "skill": request.skill,
        "language": request.language,
        "elderly": request.elderly,
        "waited_s": max(0, round(now - request.requested_at)),
    }
