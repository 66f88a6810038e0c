"""Which local addresses ICE may offer as host candidates.

A kiosk on a government network must send media only on that network's
interface, and tests must keep media on 127.0.0.1 — which aioice never
offers by itself. aioice looks the addresses up through the module-level
`aioice.ice.get_host_addresses`, so restricting means replacing it.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Sequence

import aioice.ice

_original_get_host_addresses = aioice.ice.get_host_addresses
_lock = threading.Lock()
_restricted: tuple[str, ...] | None = None


def _restricted_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    addresses = _restricted or ()
    chosen = []
    for address in addresses:
        version = ipaddress.ip_address(address).version
        if (version == 4 and use_ipv4) or (version == 6 and use_ipv6):
            chosen.append(address)
    return chosen


def restrict_host_addresses(addresses: Sequence[str] | None) -> None:
    """Offer only `addresses` as ICE host candidates; None restores aioice's choice."""
    global _restricted
    with _lock:
        if addresses is None:
            _restricted = None
            aioice.ice.get_host_addresses = _original_get_host_addresses
            return
        # Validate before switching, so a typo fails here and not mid-call.
        _restricted = tuple(str(ipaddress.ip_address(address)) for address in addresses)
        aioice.ice.get_host_addresses = _restricted_host_addresses


def restricted_host_addresses() -> tuple[str, ...] | None:
    """The addresses ICE is restricted to, or None when unrestricted."""
    return _restricted
