"""What the kiosk's and the clerk's side of a call do alike on the media loop.

Both talk to the platform over one signaling socket, hand events to their
front end, and route each platform message to a `_got_<type>` handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.remote_window import call_events as ev
from kiosk.remote_window.signaling import SignalingClient

log = logging.getLogger(__name__)


class CallSide:
    """Base of KioskCall and ClerkCall; they set the three attributes below."""

    _on_event: Callable[[object], None]
    _signaling: SignalingClient | None
    _call_id: str | None
    _side = "call"  # for the log

    def _emit(self, event: object) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("call event handler failed")

    async def _send(self, message: dict) -> bool:
        if self._signaling is None:
            return False
        return await self._signaling.send(message)

    async def _send_in_call(self, kind: str, **fields) -> None:
        if self._call_id is None:
            log.info("%s ignored: not in a call", kind)
            return
        await self._send({"type": kind, "call_id": self._call_id, **fields})

    async def _on_message(self, message: dict) -> None:
        kind = message.get("type")
        handler = getattr(self, f"_got_{kind}", None) if isinstance(kind, str) else None
        if handler is None:
            # A newer platform may send what this side does not know yet.
            log.info("%s signaling: %s ignored", self._side, kind)
            return
        await handler(message)

    async def _got_error(self, m: dict) -> None:
        self._emit(ev.PlatformError(str(m.get("error", "")), str(m.get("detail", ""))))
