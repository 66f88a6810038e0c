"""`main.py trust-data`: how old the kiosk's Suishen trust data is, for technicians.

Codes are verified offline from this data until it expires; after that every
code gets STALE_TRUST_DATA, so a technician checks it here (and can refresh).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from kiosk.clock import SHANGHAI
from kiosk.config import ConfigError, KioskConfig
from kiosk.kiosk_core import KioskCore


def _when(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, SHANGHAI).isoformat(timespec="seconds")


def trust_data_command(config_path: Path, refresh: bool) -> int:
    """Print one JSON object; exit 0 when the data is fresh, 1 when stale or absent."""
    try:
        config = KioskConfig.load(config_path)
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 2
    core = KioskCore(config)
    try:
        if core.suishen_sync is None:
            print(json.dumps({"configured": False}))
            return 1
        outcomes = core.suishen_sync.refresh() if refresh else {}
        age = core.suishen_sync.age()
        now = time.time()
        report = {
            "configured": True,
            "fresh": age.fresh(int(now)),
            "last_sync": _when(age.last_sync_at),
            "age_s": round(now - age.last_sync_at) if age.last_sync_at else None,
            "trust_list": {"seq": age.trust_list_seq, "expires": _when(age.trust_list_exp)},
            "revocations": {"seq": age.revocations_seq, "expires": _when(age.revocations_exp)},
            "refresh": {
                kind.value: (o.value if o else "unchanged_or_unreachable")
                for kind, o in outcomes.items()
            },
        }
        print(json.dumps(report, ensure_ascii=False))
        return 0 if report["fresh"] else 1
    finally:
        core.shutdown()
