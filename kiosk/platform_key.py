"""The platform's signing key, pinned in the kiosk's configuration.

Catalog data is trusted only when signed by this key; the kiosk never learns
a key from the network it is about to trust.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class SignatureRefused(ValueError):
    """A signature is missing, malformed, from another key, or does not verify."""


@dataclass(frozen=True)
class PinnedPlatformKey:
    key_id: str
    public_key_b64: str

    def verify_header(self, body: bytes, header: str | None) -> None:
        """Check an `ed25519;key=<id>;sig=<base64>` header over the exact body bytes."""
        if not header:
            raise SignatureRefused("no signature")
        parts = header.split(";")
        fields = dict(part.split("=", 1) for part in parts[1:] if "=" in part)
        if parts[0].strip() != "ed25519" or "key" not in fields or "sig" not in fields:
            raise SignatureRefused("signature header is malformed")
        if fields["key"] != self.key_id:
            raise SignatureRefused(f"signed by key {fields['key']!r}, not the pinned key")
        try:
            signature = base64.b64decode(fields["sig"], validate=True)
            public_key = Ed25519PublicKey.from_public_bytes(
                base64.b64decode(self.public_key_b64, validate=True)
            )
        except (binascii.Error, ValueError) as exc:
            raise SignatureRefused(f"signature or key is not valid base64: {exc}") from None
        try:
            public_key.verify(signature, body)
        except InvalidSignature:
            raise SignatureRefused("signature does not verify") from None
