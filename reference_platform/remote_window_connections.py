"""The remote window's WebSocket connections: peers, message framing, field checks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from .clerks import Clerk
from .help_queue import HelpRequest

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 2 * 1024 * 1024
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REPLACED = 4409


class Peer:
    """One open WebSocket; sends never raise (a dead socket is noticed by its reader)."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self._lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        async with self._lock:
            if self.ws.application_state is not WebSocketState.CONNECTED:
                return
            try:
                await self.ws.send_text(json.dumps(message, ensure_ascii=False))
            except Exception:  # noqa: BLE001 - the reader sees the disconnect and cleans up
                log.debug("send to a closed remote-window socket dropped")

    async def close(self, code: int, reason: str = "") -> None:
        with contextlib.suppress(Exception):
            await self.ws.close(code, reason)


class KioskPeer(Peer):
    def __init__(self, ws: WebSocket, kiosk_id: str, location: str) -> None:
        super().__init__(ws)
        self.kiosk_id = kiosk_id
        self.location = location
        self.request: HelpRequest | None = None
        self.call_id: str | None = None
        self.requested = False  # one request per socket
        self.last_queued: tuple[int, int] | None = None


class ClerkPeer(Peer):
    def __init__(self, ws: WebSocket, clerk: Clerk) -> None:
        super().__init__(ws)
        self.clerk = clerk
        self.last_status: dict[str, Any] | None = None


class BadMessage(Exception):
    def __init__(self, error: str, detail: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.detail = detail


def text_field(message: dict[str, Any], key: str, required: bool = True, limit: int = 200) -> str:
    value = message.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value) or len(value) > limit:
        raise BadMessage("bad_message", f"{key} must be a string of 1 to {limit} characters")
    return value


def flag_field(message: dict[str, Any], key: str) -> bool:
    value = message.get(key)
    if not isinstance(value, bool):
        raise BadMessage("bad_message", f"{key} must be a boolean")
    return value


async def serve(ws: WebSocket, peer: Peer, handle, gone, silence_timeout_s: float) -> None:
    """Read messages until the socket closes; protocol errors answer, framing errors close.

    A peer silent for `silence_timeout_s` (it answers the platform's pings,
    so this means several unanswered) is closed: a kiosk whose network died
    without a TCP reset must not hold a clerk, or a place in the queue, for ever.
    """
    try:
        while True:
            try:
                received = await asyncio.wait_for(ws.receive(), silence_timeout_s)
            except TimeoutError:
                await peer.close(1001, "no answer to pings")
                return
            if received["type"] == "websocket.disconnect":
                return
            raw = received.get("text")
            if raw is None:
                raw_bytes = received.get("bytes") or b""
                if len(raw_bytes) > MAX_MESSAGE_BYTES:
                    await peer.close(1009, "message too big")
                    return
                raw = raw_bytes.decode("utf-8", "replace")
            if len(raw) > MAX_MESSAGE_BYTES // 4 and len(raw.encode("utf-8")) > MAX_MESSAGE_BYTES:
                await peer.close(1009, "message too big")
                return
            try:
                message = json.loads(raw)
            except ValueError:
                await peer.close(1007, "malformed JSON")
                return
            if not isinstance(message, dict):
                await peer.close(1007, "a message is a JSON object")
                return
            try:
                await handle(peer, message)
            except BadMessage as exc:
                await peer.send({"type": "error", "error": exc.error, "detail": exc.detail})
    except WebSocketDisconnect:
        return
    finally:
        await gone(peer)
