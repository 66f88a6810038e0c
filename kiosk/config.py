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
class RemoteWindowConfig:
    """Video help from a clerk (docs/remote-window.md); off unless configured."""

    enabled: bool = False
    width: int = 640
    height: int = 480
    fps: int = 25
    # Media leaves only from these addresses (a government network's interface); empty: any.
    ice_host_addresses: tuple[str, ...] = ()
    # ALSA device names; "simulated" for a tone and a silent sink (demo, tests).
    microphone: str = "default"
    speaker: str = "default"

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> RemoteWindowConfig:
        raw = raw or {}
        addresses = raw.get("ice_host_addresses", [])
        if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
            raise TypeError("remote_window.ice_host_addresses must be a list of addresses")
        config = cls(
            enabled=bool(raw.get("enabled", False)),
            width=int(raw.get("width", 640)),
            height=int(raw.get("height", 480)),
            fps=int(raw.get("fps", 25)),
            ice_host_addresses=tuple(addresses),
            microphone=str(raw.get("microphone", "default")),
            speaker=str(raw.get("speaker", "default")),
        )
        # Video is encoded as I420, which needs even sizes.
        sizes = (config.width, config.height)
        if any(size <= 0 or size % 2 for size in sizes) or not 1 <= config.fps <= 60:
            raise ValueError("remote_window video size (even) or fps (1-60) out of range")
        return config

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "ice_host_addresses": list(self.ice_host_addresses),
            "microphone": self.microphone,
            "speaker": self.speaker,
        }


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
    remote_window: RemoteWindowConfig = RemoteWindowConfig()

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
                remote_window=RemoteWindowConfig.from_json(raw.get("remote_window")),
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
            "remote_window": self.remote_window.to_json(),
        }
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
