"""systemd notifications for the unit `main.py install` writes (Type=notify, WatchdogSec).

The app calls `notify_ready()` when its home screen first shows (together
with `Installation.confirm_healthy()`) and `notify_watchdog()` from the UI
thread at least every WatchdogSec/2. Outside systemd (no NOTIFY_SOCKET)
both do nothing, so the demo and tests need no special case.
"""

from __future__ import annotations

import os
import socket


def _notify(message: str) -> bool:
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace socket
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.connect(address)
        sock.sendall(message.encode("ascii"))
    return True


def notify_ready() -> bool:
    return _notify("READY=1")


def notify_watchdog() -> bool:
    return _notify("WATCHDOG=1")
