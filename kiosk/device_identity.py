"""The kiosk's device credential: its own Ed25519 key, enrolment, signed requests.

The key is made on this terminal and never leaves it; the platform learns
only the public half, at enrolment with a one-time code a technician types
(`main.py enrol`). From then on every platform call is signed over its
method, path and query, a timestamp, a nonce and the body's SHA-256
(docs/platform-api.md, "Kiosk devices").

Files, in the configuration's data_dir:
- `keys/device.ed25519`: the enrolled private key (raw 32 bytes, mode 0600);
- `keys/device-pending.ed25519`: a key made for an enrolment not yet
  answered, kept so that asking again with the same code is harmless;
- `device.json`: the device id the platform gave, with the public key it
  belongs to (not secret).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import platform as host_platform
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.config import ConfigError, KioskConfig
from kiosk.platform_client import PlatformClient, PlatformRejected, PlatformUnavailable

log = logging.getLogger(__name__)

# Must match reference_platform/devices.py byte for byte (the wire format).
SIGNATURE_DOMAIN = "yiwangtongban-kiosk-request-v1"
SIGNATURE_HEADER = "X-Kiosk-Signature"
TIMESTAMP_HEADER = "X-Kiosk-Timestamp"
NONCE_HEADER = "X-Kiosk-Nonce"

KEY_FILE = Path("keys") / "device.ed25519"
PENDING_KEY_FILE = Path("keys") / "device-pending.ed25519"
CREDENTIAL_FILE = Path("device.json")


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def signed_message(
    device_id: str, kiosk_id: str, method: str, target: str, timestamp: str, nonce: str, body: bytes
) -> bytes:
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


@dataclass(frozen=True)
class DeviceCredential:
    device_id: str
    kiosk_id: str
    # repr=False: a credential printed in a traceback or a log shows no key material.
    private_key: Ed25519PrivateKey = field(repr=False)

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(_public_raw(self.private_key)).decode("ascii")

    def signed_headers(
        self, method: str, target: str, body: bytes, timestamp: int, nonce: str | None = None
    ) -> dict[str, str]:
        """The headers that make one request a signed one."""
        nonce = nonce or secrets.token_urlsafe(18)
        message = signed_message(
            self.device_id, self.kiosk_id, method, target, str(timestamp), nonce, body
        )
        signature = base64.b64encode(self.private_key.sign(message)).decode("ascii")
        return {
            SIGNATURE_HEADER: f"ed25519;device={self.device_id};sig={signature}",
            TIMESTAMP_HEADER: str(timestamp),
            NONCE_HEADER: nonce,
        }


class DeviceRequestSigner:
    """Signs each prepared request in place: PlatformClient's `device_signer` hook."""

    def __init__(self, credential: DeviceCredential, clock: Callable[[], float] = time.time):
        self.credential = credential
        self._clock = clock

    def __call__(self, request):  # a requests.PreparedRequest; not imported (start-up time)
        body = request.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            # A streamed body cannot be hashed before it is sent; the client never streams.
            raise TypeError("only requests with in-memory bodies can be signed")
        request.headers.update(
            self.credential.signed_headers(
                request.method, request.path_url, body, int(self._clock())
            )
        )
        return request


# -- files --------------------------------------------------------------------


def _write_private(path: Path, data: bytes) -> None:
    """Write a secret atomically, owner-only from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _read_key(path: Path) -> Ed25519PrivateKey:
    raw = path.read_bytes()
    if len(raw) != 32:
        raise ValueError(f"key file {path.name} is damaged")
    return Ed25519PrivateKey.from_private_bytes(raw)


def pending_key(data_dir: Path) -> Ed25519PrivateKey:
    """The key the next enrolment registers: made on first use, kept until enrolled."""
    path = data_dir / PENDING_KEY_FILE
    if path.exists():
        return _read_key(path)
    key = Ed25519PrivateKey.generate()
    _write_private(path, key.private_bytes_raw())
    return key


def load_credential(config: KioskConfig) -> DeviceCredential | None:
    """This kiosk's enrolled credential, or None when it has none (or it is unusable)."""
    document_path = config.data_dir / CREDENTIAL_FILE
    if not document_path.exists():
        return None
    try:
        document = json.loads(document_path.read_text(encoding="utf-8"))
        key = _read_key(config.data_dir / KEY_FILE)
        credential = DeviceCredential(document["device_id"], document["kiosk_id"], key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error("device credential unusable (%s); enrol this kiosk again", type(exc).__name__)
        return None
    if credential.kiosk_id != config.kiosk_id:
        log.error("device credential is for another kiosk id; enrol this kiosk again")
        return None
    if credential.public_key_b64 != document.get("public_key"):
        # Only if a crash fell between replacing the key and writing device.json.
        log.error("device key does not match device.json; enrol this kiosk again")
        return None
    return credential


def device_signer_for(config: KioskConfig) -> DeviceRequestSigner | None:
    """What KioskCore hands its PlatformClient: a signer once enrolled, else None."""
    credential = load_credential(config)
    return DeviceRequestSigner(credential) if credential is not None else None


def hardware_profile(config: KioskConfig) -> dict:
    """What the platform records about the terminal: no serial numbers, ports or paths."""
    return {
        "devices": {
            kind: str(options.get("driver", "")) for kind, options in sorted(config.devices.items())
        },
        "os": host_platform.platform(terse=True),
        "machine": host_platform.machine(),
        "python": host_platform.python_version(),
        "app_version": config.app_version,
    }


def enrol(
    config: KioskConfig, code: str, location: str = "", client: PlatformClient | None = None
) -> DeviceCredential:
    """Register this kiosk with a one-time code and keep the credential.

    Raises PlatformRejected (code refused, key reused) or PlatformUnavailable
    (ask again with the same code: the pending key is kept for that).
    """
    key = pending_key(config.data_dir)
    own_client = client is None
    client = client or PlatformClient(config.platform_url, config.kiosk_id)
    try:
        answer = client.enrol_device(
            {
                "code": code,
                "kiosk_id": config.kiosk_id,
                "public_key": {
                    "alg": "ed25519",
                    "key": base64.b64encode(_public_raw(key)).decode("ascii"),
                },
                "location": location,
                "hardware": hardware_profile(config),
            }
        )
    finally:
        if own_client:
            client.close()
    credential = DeviceCredential(answer["device_id"], config.kiosk_id, key)
    # Key first, then the document naming it: load_credential refuses a mismatch.
    os.replace(config.data_dir / PENDING_KEY_FILE, config.data_dir / KEY_FILE)
    document = {
        "device_id": credential.device_id,
        "kiosk_id": credential.kiosk_id,
        "public_key": credential.public_key_b64,
        "location": str(answer.get("location", location)),
        "enrolled_at": str(answer.get("enrolled_at", "")),
    }
    _write_private(
        config.data_dir / CREDENTIAL_FILE,
        json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
    )
    return credential


def enrol_command(config_path: Path, code: str, location: str = "") -> int:
    """`main.py enrol`: exit 0 enrolled, 1 refused or unreachable, 2 bad configuration."""
    try:
        config = KioskConfig.load(config_path)
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 2
    previous = load_credential(config)
    try:
        credential = enrol(config, code, location)
    except PlatformRejected as exc:
        print(f"enrolment refused by the platform: {exc.error}", file=sys.stderr)
        return 1
    except PlatformUnavailable as exc:
        print(
            f"platform not reachable ({exc}); run the same command again with the same code",
            file=sys.stderr,
        )
        return 1
    print(f"kiosk {credential.kiosk_id} enrolled as device {credential.device_id}")
    if previous is not None and previous.device_id != credential.device_id:
        print(f"device {previous.device_id} is replaced (the platform has revoked it)")
    print("restart the kiosk so that it signs its calls with the new credential")
    return 0
