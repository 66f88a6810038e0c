"""What one side of a live remote-window call says to the other: checked, audited, forwarded."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .clerks import Clerk
from .errors import ApiError
from .help_queue import HelpRequest
from .remote_calls import AuditEvent, CallRecords
from .remote_window_connections import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    ClerkPeer,
    KioskPeer,
)
from .remote_window_connections import flag_field as _flag
from .remote_window_connections import text_field as _text


@dataclass
class LiveCall:
    call_id: str
    request: HelpRequest
    clerk: Clerk
    kiosk: KioskPeer | None
    clerk_peer: ClerkPeer | None
    answered_mono: float
    grace: asyncio.Task | None = None
    reveals: dict[str, str] = field(default_factory=dict)  # guide_id -> field

    @property
    def kiosk_id(self) -> str:
        return self.request.kiosk_id


class CallRelay:
    """The in-call messages of both sides (docs/remote-window.md); hang-ups are the hub's."""

    KIOSK_KINDS = frozenset(
        {"offer", "screen", "fill_answer", "consent", "document_camera", "reveal_answer"}
    )
    CLERK_KINDS = frozenset({"answer", "guide", "reveal"})

    def __init__(self, records: CallRecords, now: Callable[[], datetime]) -> None:
        self.records = records
        self._now = now

    async def from_kiosk(self, call: LiveCall, kind: str, message: dict[str, Any]) -> None:
        handler = {
            "offer": self._offer,
            "screen": self._screen,
            "fill_answer": self._fill_answer,
            "consent": self._consent,
            "document_camera": self._document_camera,
            "reveal_answer": self._reveal_answer,
        }[kind]
        await handler(call, message)

    async def from_clerk(self, call: LiveCall, kind: str, message: dict[str, Any]) -> None:
        handler = {"answer": self._answer, "guide": self._guide, "reveal": self._reveal}[kind]
        await handler(call, message)

    def audit(self, call: LiveCall, actor: str, event: str, details: dict[str, Any]) -> None:
        self.records.audit(call.call_id, self._now(), actor, event, details)

    async def _to_clerk(self, call: LiveCall, message: dict[str, Any]) -> None:
        if call.clerk_peer is not None:
            await call.clerk_peer.send(message)

    async def _offer(self, call: LiveCall, message: dict[str, Any]) -> None:
        sdp = _text(message, "sdp", limit=MAX_MESSAGE_BYTES)
        await self._to_clerk(call, {"type": "offer", "call_id": call.call_id, "sdp": sdp})

    async def _screen(self, call: LiveCall, message: dict[str, Any]) -> None:
        screen = message.get("screen")
        if not isinstance(screen, dict):
            raise BadMessage("bad_message", "screen must be an object")
        await self._to_clerk(call, {"type": "screen", "call_id": call.call_id, "screen": screen})

    async def _fill_answer(self, call: LiveCall, message: dict[str, Any]) -> None:
        guide_id = _text(message, "guide_id")
        accepted = _flag(message, "accepted")
        self.audit(
            call,
            f"kiosk:{call.kiosk_id}",
            AuditEvent.fill_answer,
            {"guide_id": guide_id, "accepted": accepted},
        )
        await self._to_clerk(
            call,
            {
                "type": "fill_answer",
                "call_id": call.call_id,
                "guide_id": guide_id,
                "accepted": accepted,
            },
        )

    async def _document_camera(self, call: LiveCall, message: dict[str, Any]) -> None:
        on, available = _flag(message, "on"), _flag(message, "available")
        self.audit(
            call,
            f"kiosk:{call.kiosk_id}",
            AuditEvent.document_camera,
            {"on": on, "available": available},
        )
        await self._to_clerk(
            call,
            {"type": "document_camera", "call_id": call.call_id, "on": on, "available": available},
        )

    async def _consent(self, call: LiveCall, message: dict[str, Any]) -> None:
        acceptance_id = _text(message, "acceptance_id")
        agreed = _flag(message, "agreed")
        now = self._now()
        try:
            stored_ref = self.records.answer_acceptance(
                call.call_id, call.kiosk_id, acceptance_id, agreed, now
            )
        except ApiError as exc:
            raise BadMessage(exc.error, exc.detail) from None
        if agreed and stored_ref is None:
            raise BadMessage("no_such_acceptance", "no open acceptance with this id in this call")
        if stored_ref is None:
            await self._to_clerk(
                call,
                {
                    "type": "consent",
                    "call_id": call.call_id,
                    "acceptance_id": acceptance_id,
                    "agreed": False,
                },
            )
            return
        accepted = {
            "type": "accepted",
            "call_id": call.call_id,
            "acceptance_id": acceptance_id,
            "submission_ref": stored_ref,
            "accepted_at": now.isoformat(),
        }
        if call.kiosk is not None:
            await call.kiosk.send(accepted)
        await self._to_clerk(call, accepted)

    async def _reveal_answer(self, call: LiveCall, message: dict[str, Any]) -> None:
        guide_id = _text(message, "guide_id")
        field_key = call.reveals.pop(guide_id, None)
        if field_key is None:
            raise BadMessage("no_such_reveal", "nothing was asked to be revealed with this id")
        value = _text(message, "value", required=False, limit=500)
        self.audit(
            call,
            f"kiosk:{call.kiosk_id}",
            AuditEvent.revealed,
            {"guide_id": guide_id, "field": field_key},
        )
        await self._to_clerk(
            call, {"type": "revealed", "call_id": call.call_id, "field": field_key, "value": value}
        )

    async def _to_kiosk(self, call: LiveCall, message: dict[str, Any]) -> None:
        if call.kiosk is not None:
            await call.kiosk.send(message)

    async def _answer(self, call: LiveCall, message: dict[str, Any]) -> None:
        sdp = _text(message, "sdp", limit=MAX_MESSAGE_BYTES)
        await self._to_kiosk(call, {"type": "answer", "call_id": call.call_id, "sdp": sdp})

    async def _guide(self, call: LiveCall, message: dict[str, Any]) -> None:
        action = _text(message, "action")
        details = guide_details(action, message)
        guide_id = "g-" + secrets.token_hex(6)
        audited = dict(details)
        if action == "fill":  # the value may be personal data: its length is enough for audit
            audited["value"] = f"<{len(details['value'])} chars>"
        self.audit(
            call,
            f"clerk:{call.clerk.clerk_id}",
            AuditEvent.guide,
            {"guide_id": guide_id, "action": action, **audited},
        )
        await self._to_kiosk(
            call,
            {
                "type": "guide",
                "call_id": call.call_id,
                "guide_id": guide_id,
                "action": action,
                **details,
            },
        )

    async def _reveal(self, call: LiveCall, message: dict[str, Any]) -> None:
        field_key = _text(message, "field", limit=100)
        reason = _text(message, "reason", limit=500).strip()
        if not reason:
            raise BadMessage("bad_message", "a reveal needs a reason")
        guide_id = "g-" + secrets.token_hex(6)
        call.reveals[guide_id] = field_key
        self.audit(
            call,
            f"clerk:{call.clerk.clerk_id}",
            AuditEvent.reveal,
            {"guide_id": guide_id, "field": field_key, "reason": reason},
        )
        await self._to_kiosk(
            call,
            {
                "type": "guide",
                "call_id": call.call_id,
                "guide_id": guide_id,
                "action": "reveal",
                "field": field_key,
            },
        )


def guide_details(action: str, message: dict[str, Any]) -> dict[str, Any]:
    """The checked fields of a guide action (docs/remote-window.md, "Guidance")."""
    if action == "highlight":
        return {"target": _text(message, "target", limit=100)}
    if action == "fill":
        return {
            "field": _text(message, "field", limit=100),
            "value": _text(message, "value", required=False, limit=500),
        }
    if action == "note":
        return {"text": _text(message, "text", limit=500)}
    if action == "video_link":
        url = _text(message, "url", limit=2000)
        if not url.startswith("https://"):
            raise BadMessage("bad_message", "video links must be https")
        return {"url": url, "title": _text(message, "title", required=False)}
    if action in ("elderly_mode", "document_camera"):
        return {"on": _flag(message, "on")}
    raise BadMessage("bad_message", f"no guide action {action[:40]!r} (reveal has its own message)")
