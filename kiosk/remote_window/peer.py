"""What both sides do with an aiortc peer connection."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiortc import RTCBundlePolicy, RTCConfiguration, RTCIceServer, RTCPeerConnection

log = logging.getLogger(__name__)


def peer_connection(ice_servers: list | None) -> RTCPeerConnection:
    """A peer connection using only the platform's ICE servers.

    An empty list, never None: aiortc's default adds a public STUN server,
    and media must stay on the configured network.
    """
    servers = []
    for server in ice_servers or []:
        if isinstance(server, dict) and server.get("urls"):
            servers.append(
                RTCIceServer(
                    urls=server["urls"],
                    username=server.get("username"),
                    credential=server.get("credential"),
                )
            )
    # One transport for all tracks: one ICE check, and the document camera rides with the rest.
    return RTCPeerConnection(
        RTCConfiguration(iceServers=servers, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
    )


def watch_connection(
    pc: RTCPeerConnection, on_failed: Callable[[RTCPeerConnection], None]
) -> None:
    @pc.on("connectionstatechange")
    def _changed() -> None:
        log.info("peer connection %s", pc.connectionState)
        if pc.connectionState == "failed":
            on_failed(pc)


async def close_quietly(pc: RTCPeerConnection | None, tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()
    tasks.clear()
    if pc is not None:
        try:
            await asyncio.wait_for(pc.close(), 5.0)
        except Exception as exc:  # closing must never take the call down with it
            log.warning("closing peer connection: %s", type(exc).__name__)
