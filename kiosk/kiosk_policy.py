"""The platform's signed kiosk policy: technician PIN hash and screen blanking.

Trusted only with the platform's signature over the exact bytes (the pinned
catalog key), only in format `kiosk-policy/1`, and only if newer than the
version held: an old policy replayed would bring back a rotated-out PIN.
The verified bytes are kept on disk and checked again when loaded.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kiosk.platform_client import PlatformClient, PlatformRejected, PlatformUnavailable
from kiosk.platform_key import PinnedPlatformKey, SignatureRefused

log = logging.getLogger(__name__)

POLICY_FORMAT = "kiosk-policy/1"


class PolicyRefresh(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # same or older version: kept what we have
    REFUSED_SIGNATURE = "refused_signature"
    REFUSED_FORMAT = "refused_format"
    UNREACHABLE = "unreachable"


class PolicyFormatError(ValueError):
    pass


@dataclass(frozen=True)
class BlankingWindow:
    start: dt.time
    end: dt.time

    def covers(self, moment: dt.time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end  # spans midnight


@dataclass(frozen=True)
class KioskPolicy:
    version: int = 0
    technician_pin_hash: str = ""
    blanking: tuple[BlankingWindow, ...] = field(default_factory=tuple)

    def blanked_at(self, local_time: dt.time) -> bool:
        return any(window.covers(local_time) for window in self.blanking)


def parse_policy(body: bytes) -> KioskPolicy:
    try:
        raw = json.loads(body)
        if raw.get("format") != POLICY_FORMAT:
            raise PolicyFormatError(f"format is {raw.get('format')!r}, not {POLICY_FORMAT}")
        version = raw["version"]
        pin_hash = raw.get("technician_pin_hash", "")
        if not isinstance(version, int) or version < 0 or not isinstance(pin_hash, str):
            raise PolicyFormatError("bad version or PIN hash")
        windows = tuple(
            BlankingWindow(dt.time.fromisoformat(w["start"]), dt.time.fromisoformat(w["end"]))
            for w in raw.get("blanking", [])
        )
    except PolicyFormatError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PolicyFormatError(f"{type(exc).__name__}: {exc}") from None
    return KioskPolicy(version, pin_hash, windows)


class PolicyService:
    def __init__(self, data_dir: Path, platform_key: PinnedPlatformKey) -> None:
        # Body and signature in one file, replaced at once: never a mismatched pair.
        self._path = Path(data_dir) / "kiosk-policy.json"
        self._key = platform_key
        self._lock = threading.Lock()
        self._policy = KioskPolicy()
        self._listeners: list[Callable[[KioskPolicy], None]] = []

    @property
    def policy(self) -> KioskPolicy:
        return self._policy

    def on_change(self, listener: Callable[[KioskPolicy], None]) -> None:
        self._listeners.append(listener)

    def load_cached(self) -> KioskPolicy:
        try:
            held = json.loads(self._path.read_text(encoding="utf-8"))
            body, signature = base64.b64decode(held["body"]), held["signature"]
            self._key.verify_header(body, signature)
            self._policy = parse_policy(body)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, SignatureRefused) as exc:
            log.error("cached kiosk policy refused: %s", exc)
        return self._policy

    def refresh(self, client: PlatformClient) -> PolicyRefresh:
        try:
            body, signature = client.fetch_policy()
        except (PlatformUnavailable, PlatformRejected) as exc:
            log.info("kiosk policy not refreshed: %s", exc)
            return PolicyRefresh.UNREACHABLE
        try:
            self._key.verify_header(body, signature)
        except SignatureRefused as exc:
            log.error("kiosk policy refused: %s", exc)
            return PolicyRefresh.REFUSED_SIGNATURE
        try:
            policy = parse_policy(body)
        except PolicyFormatError as exc:
            log.error("kiosk policy refused: %s", exc)
            return PolicyRefresh.REFUSED_FORMAT
        with self._lock:
            if policy.version <= self._policy.version:
                return PolicyRefresh.UNCHANGED
            self._store(body, signature)
            self._policy = policy
        log.info("kiosk policy version %d in force", policy.version)
        for listener in self._listeners:
            listener(policy)
        return PolicyRefresh.UPDATED

    def _store(self, body: bytes, signature: str) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        held = {"body": base64.b64encode(body).decode("ascii"), "signature": signature}
        temp = self._path.with_name(f".{self._path.name}.tmp")
        with open(temp, "w", encoding="utf-8") as handle:
            json.dump(held, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self._path)


__all__ = ["BlankingWindow", "KioskPolicy", "PolicyRefresh", "PolicyService", "parse_policy"]
