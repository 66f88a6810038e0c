"""The platform's Ed25519 catalog signing key.

Kiosks pin the public half at install time, so the private key must
survive restarts: it lives in data_dir, readable by the owner only.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE_NAME = "platform_signing_key.pem"


@dataclass(frozen=True)
class PlatformPublicKey:
    """The public half of the signing key, in the form kiosks pin."""

    key_id: str
    public_key_b64: str
    alg: str = "ed25519"

    def as_json(self) -> dict[str, str]:
        return {"key_id": self.key_id, "alg": self.alg, "public_key": self.public_key_b64}


class CatalogSigner:
    """Signs catalog bodies and formats the X-Catalog-Signature header."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        # A key id derived from the key itself cannot drift from the key.
        self.public_key = PlatformPublicKey(
            key_id=hashlib.sha256(raw).hexdigest()[:16],
            public_key_b64=base64.b64encode(raw).decode("ascii"),
        )

    def signature_header(self, body: bytes) -> str:
        sig = base64.b64encode(self._key.sign(body)).decode("ascii")
        return f"ed25519;key={self.public_key.key_id};sig={sig}"


def _create_key_file(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL with mode 0600 at creation: the key is never world-readable,
    # not even for the instant a chmod-after-write would leave open.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def load_or_create_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """The key stored in data_dir, generated there (mode 0600) on first use."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / KEY_FILE_NAME
    try:
        return _create_key_file(path)
    except FileExistsError:
        pass
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def private_key_from(value: Ed25519PrivateKey | bytes) -> Ed25519PrivateKey:
    """Accept a key object or its raw 32-byte seed."""
    if isinstance(value, Ed25519PrivateKey):
        return value
    return Ed25519PrivateKey.from_private_bytes(value)


def platform_public_key(data_dir: Path) -> PlatformPublicKey:
    """The public key a platform with this data_dir signs with, for pinning in kiosk config.

    Creates the key pair if the platform has not started yet, so an
    installer or demo can pin the key before the first start.
    """
    return CatalogSigner(load_or_create_signing_key(data_dir)).public_key
