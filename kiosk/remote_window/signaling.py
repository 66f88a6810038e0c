"""The WebSocket to the platform's remote-window endpoint, kept open.

Runs on the media loop. Reconnects with backoff after a drop and tells its
owner (who then sends `resume` for a call in progress); answers the
platform's pings; hands every other message to the owner as a dict. A
refusal of the device or the token (close code 4401/4403, or an HTTP
refusal of the upgrade) is final: no retry can fix it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI, WebSocketException

log = logging.getLogger(__name__)

KIOSK_PATH = "/api/v1/remote-window/kiosk"
CLERK_PATH = "/api/v1/remote-window/clerk"
MAX_MESSAGE_BYTES = 2 * 1024 * 1024
# Close codes the platform uses for a refused credential: retrying cannot help.
REFUSAL_CODES = frozenset({4401, 4403})

MessageHandler = Callable[[dict], Awaitable[None]]
ConnectedHandler = Callable[[bool], Awaitable[None]]  # argument: is this a reconnection
StateHandler = Callable[[str, str], None]  # ("lost" | "failed", detail)


def websocket_url(platform_url: str, path: str) -> str:
    """ws(s):// URL of `path` on the platform at `platform_url` (http or https)."""
    parts = urlsplit(platform_url.rstrip("/"))
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError("platform URL must be http(s)")
    return urlunsplit((scheme, parts.netloc, parts.path + path, "", ""))


def kiosk_headers(kiosk_id: str, path: str, request_signer=None) -> dict[str, str]:
    """X-Kiosk-Id and, for an enrolled kiosk, the device signature over GET `path` ''.

    The signer is kiosk.device_identity's request signer, which signs a
    prepared request in place; a bare stand-in request lets it sign the
    upgrade with the same wire format as every other signed call.
    """
    headers = {"X-Kiosk-Id": kiosk_id}
    if request_signer is not None:
        request = SimpleNamespace(method="GET", path_url=path, body=None, headers={})
        request_signer(request)
        headers.update(request.headers)
    return headers


class SignalingClient:
    def __init__(
        self,
        url: str,
        headers: Callable[[], dict[str, str]],
        on_message: MessageHandler,
        on_connected: ConnectedHandler,
        on_state: StateHandler,
        backoff_s: tuple[float, float] = (0.25, 4.0),
        give_up_after_s: float = 60.0,
        first_connect_give_up_s: float = 10.0,
    ) -> None:
        self._url = url
        # A function, not a dict: a signed upgrade needs a fresh timestamp and nonce each time.
        self._headers = headers
        self._on_message = on_message
        self._on_connected = on_connected
        self._on_state = on_state
        self._backoff_s = backoff_s
        self._give_up_after_s = give_up_after_s
        # Never reached at all: the resident should hear of the hotline soon, not after a minute.
        self._first_connect_give_up_s = first_connect_give_up_s
        self._socket: ClientConnection | None = None
        self._task: asyncio.Task | None = None
        self._closing = False
        self._connected = asyncio.Event()

    @property
    def is_connected(self) -> bool:
        return self._socket is not None

    @property
    def is_running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.is_running:
            return
        self._closing = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="signaling")

    async def wait_connected(self, timeout_s: float) -> bool:
        try:
            await asyncio.wait_for(self._connected.wait(), timeout_s)
        except TimeoutError:
            return False
        return True

    async def send(self, message: dict) -> bool:
        """Send one message; False when the socket is down (the caller re-sends after resume)."""
        socket = self._socket
        if socket is None:
            log.info("signaling: %s not sent, socket down", message.get("type"))
            return False
        try:
            await socket.send(json.dumps(message, ensure_ascii=False))
        except ConnectionClosed:
            return False
        return True

    async def drop(self) -> None:
        """Cut the connection as a network fault would (no close handshake); it reconnects."""
        socket = self._socket
        if socket is not None:
            socket.transport.abort()

    async def close(self) -> None:
        self._closing = True
        socket = self._socket
        if socket is not None:
            try:
                await asyncio.wait_for(socket.close(), 2.0)
            except (TimeoutError, WebSocketException, OSError):
                socket.transport.abort()
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        self._task = None

    async def _run(self) -> None:
        failing_since: float | None = None
        delay = self._backoff_s[0]
        reconnection = False
        lost_reported = False
        while not self._closing:
            try:
                async with connect(
                    self._url,
                    additional_headers=self._headers(),
                    max_size=MAX_MESSAGE_BYTES,
                    proxy=None,
                    open_timeout=5.0,
                    close_timeout=2.0,
                    compression=None,
                ) as socket:
                    self._socket = socket
                    self._connected.set()
                    failing_since, delay = None, self._backoff_s[0]
                    lost_reported = False
                    try:
                        await self._on_connected(reconnection)
                    except Exception:
                        log.exception("signaling: rejoining after connect failed")
                    reconnection = True
                    await self._receive(socket)
                    code, reason = _close_of(socket)
            except InvalidStatus as exc:
                status = exc.response.status_code
                if status in (401, 403):
                    self._finish("failed", f"refused:{status}")
                    return
                code, reason = None, f"http_{status}"
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd else None
                reason = exc.rcvd.reason if exc.rcvd else "closed"
            except InvalidURI:
                self._finish("failed", "bad_url")
                return
            except (OSError, TimeoutError, WebSocketException) as exc:
                code, reason = None, type(exc).__name__
            finally:
                self._socket = None
                self._connected.clear()
            if self._closing:
                return
            if code in REFUSAL_CODES:
                self._finish("failed", reason or f"refused:{code}")
                return
            now = time.monotonic()
            failing_since = failing_since or now
            limit = self._give_up_after_s if reconnection else self._first_connect_give_up_s
            if now - failing_since > limit:
                self._finish("failed", "unreachable")
                return
            if not lost_reported:
                # Once per outage, not once per attempt.
                lost_reported = True
                self._on_state("lost", reason or "closed")
            await asyncio.sleep(delay * (0.8 + 0.4 * random.random()))
            delay = min(delay * 2, self._backoff_s[1])

    def _finish(self, state: str, detail: str) -> None:
        self._closing = True
        self._on_state(state, detail)

    async def _receive(self, socket: ClientConnection) -> None:
        async for raw in socket:
            try:
                message = json.loads(raw)
            except ValueError:
                log.warning("signaling: unreadable message ignored")
                continue
            if not isinstance(message, dict):
                continue
            if message.get("type") == "ping":
                await self.send({"type": "pong"})
                continue
            try:
                await self._on_message(message)
            except Exception:
                log.exception("signaling: handling %s failed", message.get("type"))


def _close_of(socket: ClientConnection) -> tuple[int | None, str]:
    code = socket.close_code
    if code is None:
        return None, "closed"
    return code, socket.close_reason or f"closed:{code}"
