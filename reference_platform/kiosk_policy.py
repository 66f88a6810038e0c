"""The kiosk policy the platform signs: technician PIN hash and screen blanking.

Each change is a new version; kiosks keep the newest they verified
(reference_platform/api_kiosk_policy.py serves it).
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

POLICY_FORMAT = "kiosk-policy/1"
POLICY_FILE = "kiosk-policy.json"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class BlankingWindow(BaseModel):
    """Shanghai local time; `start` after `end` spans midnight (22:00 to 07:00)."""

    start: str = Field(examples=["22:00"])
    end: str = Field(examples=["07:00"])

    @field_validator("start", "end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError("a time is HH:MM, 00:00 to 23:59")
        return value


class PolicyUpdate(BaseModel):
    technician_pin_hash: str | None = Field(
        default=None,
        pattern=r"^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$",
        description="kiosk/technician_access.py's hash_pin output; never the PIN",
    )
    blanking: list[BlankingWindow] | None = Field(default=None, max_length=8)


class PolicyStore:
    """The current policy in the platform's data folder; each change a new version."""

    def __init__(self, data_dir: Path) -> None:
        self._path = Path(data_dir) / POLICY_FILE
        self._lock = threading.Lock()

    def current(self) -> dict:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {
                "format": POLICY_FORMAT,
                "version": 0,
                "technician_pin_hash": "",
                "blanking": [],
            }

    def update(self, change: PolicyUpdate) -> dict:
        with self._lock:
            policy = self.current()
            if change.technician_pin_hash is not None:
                policy["technician_pin_hash"] = change.technician_pin_hash
            if change.blanking is not None:
                policy["blanking"] = [window.model_dump() for window in change.blanking]
            policy["version"] += 1
            temp = self._path.with_name(f".{POLICY_FILE}.tmp")
            temp.write_text(json.dumps(policy, ensure_ascii=False, sort_keys=True), "utf-8")
            os.replace(temp, self._path)
            return policy
