"""Kiosk devices: one-time enrolment codes, the device registry, signed requests.

A kiosk proves who it is with an Ed25519 key it generated itself; the
platform only ever sees the public half, registered with a one-time code an
administrator handed to the technician. Every kiosk call then carries a
signature over what makes the request what it is (docs/platform-api.md,
"Kiosk devices"), so a stolen kiosk id alone gets nobody anywhere.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from .database import Database
from .errors import ApiError
from .settings import PlatformSettings

# The wire format; the kiosk's half is kiosk/device_identity.py.
SIGNATURE_HEADER = "X-Kiosk-Signature"
TIMESTAMP_HEADER = "X-Kiosk-Timestamp"
NONCE_HEADER = "X-Kiosk-Nonce"
SIGNATURE_DOMAIN = "yiwangtongban-kiosk-request-v1"
DEVICE_ALG = "ed25519"
_NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SIGNATURE_PATTERN = re.compile(
    r"^ed25519;device=([A-Za-z0-9_-]{1,64});sig=([A-Za-z0-9+/=]{1,200})$"
)

# No 0/O or 1/I/L: the technician types the code off a phone or a slip of paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31^8 ~ 2^40: out of reach of guessing within a code's life over HTTP


def signed_message(
    device_id: str,
    kiosk_id: str,
    method: str,
    target: str,
    timestamp: str,
    nonce: str,
    body: bytes,
) -> bytes:
    """The bytes a kiosk signs: everything that would change the request's meaning."""
    return "\n".join(
        (
            SIGNATURE_DOMAIN,
            device_id,
            kiosk_id,
            method.upper(),
            target,
            timestamp,
            nonce,
            hashlib.sha256(body).hexdigest(),
        )
    ).encode("utf-8")


def normalise_code(text: str) -> str:
    """What the technician typed, as stored: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", text).upper()


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class EnrolmentCode:
    code: str  # shown once, never stored
    kiosk_id: str | None
    expires_at: int


@dataclass(frozen=True)
class Device:
    device_id: str
    kiosk_id: str
    alg: str
    public_key: bytes
    location: str
    hardware: dict[str, Any]
    enrolled_at: int
    revoked_at: int | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> Device:
        return cls(
            device_id=row["device_id"],
            kiosk_id=row["kiosk_id"],
            alg=row["alg"],
            public_key=bytes(row["public_key"]),
            location=row["location"],
            hardware=json.loads(row["hardware_json"]),
            enrolled_at=row["enrolled_at"],
            revoked_at=row["revoked_at"],
        )


def _device(conn: sqlite3.Connection, device_id: str) -> Device | None:
    row = conn.execute("SELECT * FROM devices WHERE device_id = ?", (device_id,)).fetchone()
    return Device.of(row) if row is not None else None


class DeviceRegistry:
    """Enrolment codes, enrolled devices and the signed-request check, over the platform database."""

    def __init__(self, db: Database, settings: PlatformSettings) -> None:
        self._db = db
        self._settings = settings

    # -- administration ---------------------------------------------------------

    def create_code(
        self, now: int, kiosk_id: str | None = None, ttl_s: int | None = None
    ) -> EnrolmentCode:
        """A new one-time code, optionally good for one kiosk id only."""
        ttl = self._settings.enrolment_code_ttl_s if ttl_s is None else ttl_s
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO enrolment_codes (code_hash, kiosk_id, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (_code_hash(raw), kiosk_id, now, now + ttl),
            )
        return EnrolmentCode(f"{raw[:4]}-{raw[4:]}", kiosk_id, now + ttl)

    def revoke(self, device_id: str, now: int) -> tuple[Device, bool]:
        """Refuse the device from now on; (device, whether this call changed anything)."""
        with self._db.write() as conn:
            changed = conn.execute(
                "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
                (now, device_id),
            ).rowcount
            device = _device(conn, device_id)
        if device is None:
            raise ApiError(404, "device_unknown", "no device with this id")
        return device, bool(changed)

    def device(self, device_id: str) -> Device | None:
        with self._db.read() as conn:
            return _device(conn, device_id)

    def devices_of(self, kiosk_id: str) -> list[Device]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM devices WHERE kiosk_id = ? ORDER BY enrolled_at, device_id",
                (kiosk_id,),
            ).fetchall()
        return [Device.of(row) for row in rows]

    # -- enrolment ----------------------------------------------------------------

    def enrol(
        self,
        code: str,
        kiosk_id: str,
        public_key: bytes,
        location: str,
        hardware: dict[str, Any],
        now: int,
    ) -> tuple[Device, bool]:
        """Register a device with a one-time code; (device, newly created).

        The same code with the same key and kiosk id answers the same device
        again, so a kiosk that lost the answer may simply ask again. Any
        earlier device of the kiosk id is revoked in the same transaction: a
        replaced or re-installed terminal's old key stops working at once.
        """
        try:
            Ed25519PublicKey.from_public_bytes(public_key)
        except ValueError as exc:
            raise ApiError(422, "invalid_request", "public_key is not an Ed25519 key") from exc
        invalid = ApiError(
            403, "enrolment_code_invalid", "unknown, used, expired or for another kiosk"
        )
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT * FROM enrolment_codes WHERE code_hash = ?", (_code_hash(code),)
            ).fetchone()
            if row is None or (row["kiosk_id"] is not None and row["kiosk_id"] != kiosk_id):
                raise invalid
            if row["used_at"] is not None:
                earlier = _device(conn, row["device_id"])
                if (
                    earlier is not None
                    and earlier.public_key == public_key
                    and earlier.kiosk_id == kiosk_id
                    and earlier.revoked_at is None
                ):
                    return earlier, False
                raise invalid
            if now >= row["expires_at"]:
                raise invalid
            if conn.execute("SELECT 1 FROM devices WHERE public_key = ?", (public_key,)).fetchone():
                raise ApiError(
                    409, "device_key_reused", "this key was enrolled before; make a new one"
                )
            device_id = "dev-" + secrets.token_hex(8)
            conn.execute(
                "UPDATE devices SET revoked_at = ? WHERE kiosk_id = ? AND revoked_at IS NULL",
                (now, kiosk_id),
            )
            conn.execute(
                "INSERT INTO devices (device_id, kiosk_id, alg, public_key, location,"
                " hardware_json, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    device_id,
                    kiosk_id,
                    DEVICE_ALG,
                    public_key,
                    location,
                    json.dumps(hardware, ensure_ascii=False, sort_keys=True),
                    now,
                ),
            )
            conn.execute(
                "UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?",
                (now, device_id, row["code_hash"]),
            )
            device = _device(conn, device_id)
        assert device is not None
        return device, True

    # -- signed requests ----------------------------------------------------------

    def verify_request(
        self,
        kiosk_id: str,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
        now: int,
    ) -> str | None:
        """The device id that signed this kiosk call, or None for an allowed unsigned one.

        Raises ApiError: 401 device_unenrolled, bad_device_signature,
        device_clock_skew, device_nonce_reused; 403 device_revoked.
        """
        signature = headers.get(SIGNATURE_HEADER.lower())
        if signature is None:
            if self._settings.require_device_signatures or self._has_devices(kiosk_id):
                raise ApiError(
                    401, "device_unenrolled", "kiosk calls must be signed by an enrolled device"
                )
            return None
        match = _SIGNATURE_PATTERN.match(signature)
        if match is None:
            raise ApiError(401, "bad_device_signature", f"{SIGNATURE_HEADER} is malformed")
        device_id, signature_b64 = match.groups()
        device = self.device(device_id)
        if device is None or device.kiosk_id != kiosk_id:
            raise ApiError(401, "device_unenrolled", "no such device for this kiosk id")
        timestamp = headers.get(TIMESTAMP_HEADER.lower(), "")
        nonce = headers.get(NONCE_HEADER.lower(), "")
        if not timestamp.isascii() or not timestamp.isdigit() or not _NONCE_PATTERN.match(nonce):
            raise ApiError(
                401, "bad_device_signature", f"{TIMESTAMP_HEADER} or {NONCE_HEADER} malformed"
            )
        try:
            Ed25519PublicKey.from_public_bytes(device.public_key).verify(
                base64.b64decode(signature_b64, validate=True),
                signed_message(device_id, kiosk_id, method, target, timestamp, nonce, body),
            )
        except (InvalidSignature, binascii.Error, ValueError):
            raise ApiError(401, "bad_device_signature", "signature does not verify") from None
        # Only after the signature: nobody learns a device's standing without its key.
        if device.revoked_at is not None:
            raise ApiError(403, "device_revoked", "this device has been revoked")
        skew = self._settings.device_signature_skew_s
        if abs(now - int(timestamp)) > skew:
            raise ApiError(
                401, "device_clock_skew", f"timestamp more than {skew} s from platform time {now}"
            )
        self._remember_nonce(device_id, nonce, now)
        return device_id

    def _has_devices(self, kiosk_id: str) -> bool:
        with self._db.read() as conn:
            return (
                conn.execute(
                    "SELECT 1 FROM devices WHERE kiosk_id = ? LIMIT 1", (kiosk_id,)
                ).fetchone()
                is not None
            )

    def _remember_nonce(self, device_id: str, nonce: str, now: int) -> None:
        # A request is valid while |now - timestamp| <= skew, and its nonce was
        # seen no earlier than timestamp - skew: after 2 * skew it can never
        # verify again, so forgetting it then is safe.
        with self._db.write() as conn:
            conn.execute(
                "DELETE FROM device_nonces WHERE seen_at < ?",
                (now - 2 * self._settings.device_signature_skew_s,),
            )
            try:
                conn.execute(
                    "INSERT INTO device_nonces (device_id, nonce, seen_at) VALUES (?, ?, ?)",
                    (device_id, nonce, now),
                )
            except sqlite3.IntegrityError:
                raise ApiError(401, "device_nonce_reused", "this request was seen before") from None


def request_target(request: Request) -> str:
    """The path with its query, exactly as the kiosk sent and signed them."""
    raw_path = request.scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


async def verify_device_request(request: Request, kiosk_id: str) -> str | None:
    """The signature check of every kiosk call (a step of the X-Kiosk-Id dependency)."""
    state = request.app.state.platform
    body = await request.body()  # cached by Starlette: the handler reads the same bytes
    return await run_in_threadpool(
        state.devices.verify_request,
        kiosk_id,
        request.method,
        request_target(request),
        request.headers,
        body,
        state.unix_now(),
    )
