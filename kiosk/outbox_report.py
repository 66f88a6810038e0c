"""`main.py outbox`: what is waiting for the platform, and a way to push it now.

Technicians use it on a kiosk that has been offline; it prints no personal
data, only keys, kinds, states and errors.
"""

from __future__ import annotations

import datetime as dt
import sys

from kiosk.config import ConfigError, KioskConfig
from kiosk.kiosk_core import KioskCore


def outbox_command(config_path, flush: bool) -> int:
    try:
        config = KioskConfig.load(config_path)
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 2
    core = KioskCore(config)
    try:
        if flush:
            delivered = core.sync.deliver_due()
            print(f"delivered {delivered}")
        for record in core.outbox.records():
            created = dt.datetime.fromtimestamp(record.created_at).isoformat(timespec="seconds")
            print(
                f"{record.idempotency_key[:12]}  {record.kind:<12} {record.state.value:<10} "
                f"attempts={record.attempts} created={created} {record.last_error or ''}"
            )
        pending = core.outbox.pending_count()
        print(f"pending {pending}")
        return 0 if pending == 0 or not flush else 1
    finally:
        core.shutdown()
