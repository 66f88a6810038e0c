"""Configuration of one reference platform instance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# Shanghai has had no DST since 1991, so a fixed offset is exact and avoids
# depending on the system tz database being installed on kiosks' dev boxes.
SHANGHAI = timezone(timedelta(hours=8), name="Asia/Shanghai")

SEED_DIR = Path(__file__).resolve().parent / "seed"

DAY_S = 24 * 3600


def shanghai_now() -> datetime:
    """The current time in Shanghai, second precision (what the API returns)."""
    return datetime.now(SHANGHAI).replace(microsecond=0)


@dataclass
class PlatformSettings:
    """Everything that differs between two platform instances.

    `data_dir` holds the SQLite database and, unless `signing_key` is given,
    the Ed25519 catalog signing key (created on first start).
    """

    data_dir: Path
    signing_key: Ed25519PrivateKey | bytes | None = None
    catalog_path: Path = field(default_factory=lambda: SEED_DIR / "catalog.json")
    residents_path: Path = field(default_factory=lambda: SEED_DIR / "residents.json")
    # Fault injection: seconds to hold every response after its database
    # work is committed, so tests can lose the answer of a write that
    # nevertheless happened. Changeable at runtime via PlatformState.
    response_delay_s: float = 0.0
    consent_ttl_s: int = 15 * 60
    # Injected so tests can expire consents without sleeping.
    clock: Callable[[], datetime] = shanghai_now
    # Suishen codes (docs/platform-api.md, "Suishen codes and trust data").
    suishen_issuer: str = "SH-BDC"
    suishen_static_validity_s: int = 180 * DAY_S
    suishen_dynamic_validity_s: int = DAY_S
    suishen_issuer_key_validity_s: int = 365 * DAY_S
    trust_list_validity_s: int = 7 * DAY_S
    revocation_list_validity_s: int = 7 * DAY_S
    # POST /api/v1/suishen/demo-codes mints deliberately bad codes for the
    # kiosk demo's simulated camera; no real platform has it. None lets the
    # runner decide: on in EmbeddedPlatform, off in `main.py platform`.
    demo_codes: bool | None = None
    # Secret for the pilot/test administration calls (revoke a code, rotate
    # issuer keys): `Authorization: Admin <token>`. None switches them off
    # (404); EmbeddedPlatform draws a random one.
    admin_token: str | None = None
    # Enrol every seed resident with a synthetic portrait for face checks
    # (reference_platform/demo_faces.py). None lets the runner decide: on in
    # EmbeddedPlatform, off in `main.py platform`, which then offers no face
    # checks (a real platform asks the national face-comparison service).
    demo_faces: bool | None = None
    # Face checks refused for an ID number after this many mismatches within
    # face_check_lockout_s (counted since its last match), so a face check
    # cannot be retried until some face passes.
    face_check_max_failures: int = 3
    face_check_lockout_s: int = 15 * 60
    # Kiosk devices (reference_platform/devices.py). With enforcement off,
    # unsigned calls still pass unless their kiosk id has an enrolled device,
    # so a fleet can enrol kiosk by kiosk; EmbeddedPlatform leaves it off so
    # the demo and tests run unenrolled kiosks.
    require_device_signatures: bool = False
    enrolment_code_ttl_s: int = DAY_S
    # How far a signed request's timestamp may be from the platform's clock;
    # nonces are remembered this long (each way), so none is accepted twice.
    device_signature_skew_s: int = 300
    # Remote virtual window (docs/remote-window.md). demo_clerks seeds the
    # demo clerk accounts; None lets the runner decide like demo_codes.
    demo_clerks: bool | None = None
    clerk_session_ttl_s: int = 12 * 3600
    clerk_max_failures: int = 5
    clerk_lockout_s: int = 5 * 60
    help_reconnect_grace_s: float = 20.0
    help_answer_deadline_s: float = 90.0
    help_ring_timeout_s: float = 30.0
    help_ping_interval_s: float = 15.0
    help_hotline: str = "12345"
    # Passed to both peers in `answered`/`call` (RTCIceServer dicts); none on a LAN.
    help_ice_servers: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        self.catalog_path = Path(self.catalog_path)
        self.residents_path = Path(self.residents_path)
        if self.response_delay_s < 0:
            raise ValueError("response_delay_s must be >= 0")
        for name in (
            "suishen_static_validity_s",
            "suishen_dynamic_validity_s",
            "suishen_issuer_key_validity_s",
            "trust_list_validity_s",
            "revocation_list_validity_s",
            "face_check_max_failures",
            "face_check_lockout_s",
            "enrolment_code_ttl_s",
            "device_signature_skew_s",
            "clerk_session_ttl_s",
            "clerk_max_failures",
            "clerk_lockout_s",
            "help_reconnect_grace_s",
            "help_answer_deadline_s",
            "help_ring_timeout_s",
            "help_ping_interval_s",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0")
        if self.admin_token is not None and len(self.admin_token) < 16:
            raise ValueError("admin_token must have at least 16 characters")
