"""A kiosk's configuration file: who it is, where its platform is, its devices."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.idle_watch import IdlePolicy
from kiosk.platform_key import PinnedPlatformKey


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class KioskConfig:
    kiosk_id: str
    platform_url: str
    platform_key: PinnedPlatformKey
    data_dir: Path
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    status_url_base: str = ""  # what a phone opens; defaults to platform_url
    # The Suishen trust anchor's SPKI (hex), installed with the kiosk, never fetched.
    suishen_anchor_spki: str = ""
    idle: IdlePolicy = IdlePolicy()
    language: str = "zh_CN"
    catalog_refresh_s: float = 300.0
    heartbeat_s: float = 60.0
    app_version: str = "0.1.0"
    # scrypt hash of the technician PIN (kiosk/technician_access.py); empty: no access.
    technician_pin_hash: str = ""

    @property
    def database_path(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"

    @property
    def key_path(self) -> Path:
        return self.data_dir / "keys" / "cache.sm4key"

    @property
    def phone_url_base(self) -> str:
        return (self.status_url_base or self.platform_url).rstrip("/")

    @classmethod
    def load(cls, path: Path) -> KioskConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            key = raw["platform_key"]
            return cls(
                kiosk_id=raw["kiosk_id"],
                platform_url=raw["platform_url"],
                platform_key=PinnedPlatformKey(key["key_id"], key["public_key"]),
                data_dir=(path.parent / raw.get("data_dir", "data")).resolve(),
                devices=raw.get("devices", {}),
                status_url_base=raw.get("status_url_base", ""),
                suishen_anchor_spki=raw.get("suishen_anchor_spki", ""),
                idle=IdlePolicy(
                    float(raw.get("idle_seconds", 60)), float(raw.get("countdown_seconds", 15))
                ),
                language=raw.get("language", "zh_CN"),
                technician_pin_hash=str(raw.get("technician_pin_hash", "")),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: {type(exc).__name__}: {exc}") from None

    def save(self, path: Path) -> None:
        """Write the file `load` reads (the data folder relative to it)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "kiosk_id": self.kiosk_id,
            "platform_url": self.platform_url,
            "platform_key": {
                "key_id": self.platform_key.key_id,
                "public_key": self.platform_key.public_key_b64,
            },
            "data_dir": os.path.relpath(self.data_dir, path.parent),
            "devices": self.devices,
            "status_url_base": self.status_url_base,
            "suishen_anchor_spki": self.suishen_anchor_spki,
            "idle_seconds": self.idle.idle_s,
            "countdown_seconds": self.idle.countdown_s,
            "language": self.language,
            "technician_pin_hash": self.technician_pin_hash,
        }
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
