"""The virtual social-security card in vsmartcard's virtual reader.

    python -m drivers.simulated.vpcd_social_security_card --port 35963 \
        --card drivers/simulated/social_security_cards/wang_xiuying.json

puts the card (the same `VirtualSocialSecurityCard` the simulator uses,
answering real APDUs) into the vpcd slot listening on PORT, until Ctrl-C
or SIGTERM removes it. In-process, `vpcd_social_security_card(path, port)`
returns a `VpcdCard`: `insert()` / `remove()`.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from drivers.simulated.social_security_card import (
    DEFAULT_CARDS_DIR,
    VirtualSocialSecurityCard,
    load_social_security_card,
)
from drivers.simulated.vpcd_card import VpcdCard

DEFAULT_VPCD_PORT = 0x8C7B  # vpcd's default CHANNELID (35963)


def vpcd_social_security_card(
    card: str | Path, port: int = DEFAULT_VPCD_PORT, host: str = "127.0.0.1"
) -> VpcdCard:
    """A demo card by name (e.g. "wang_xiuying") or a card file, ready to insert."""
    path = Path(card)
    if not path.suffix:
        path = DEFAULT_CARDS_DIR / f"{card}.json"
    virtual_card = VirtualSocialSecurityCard(load_social_security_card(path))
    return VpcdCard(virtual_card, port, host)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_VPCD_PORT, help="vpcd slot port")
    parser.add_argument("--host", default="127.0.0.1", help="host where pcscd/vpcd runs")
    parser.add_argument("--card", required=True, help="card JSON file, or a demo card's name")
    args = parser.parse_args(argv)
    card = vpcd_social_security_card(args.card, args.port, args.host)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    card.insert()
    print(f"card inserted into vpcd at {args.host}:{args.port}; Ctrl-C removes it", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        card.remove()


if __name__ == "__main__":
    main()
