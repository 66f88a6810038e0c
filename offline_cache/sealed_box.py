"""Encryption at rest for personal data in the offline cache (SM4-GCM, 国密).

The key lives in a file readable only by the kiosk user. On an enrolled
terminal that file is provisioned into the device keyring; the cache never
holds personal data in the clear either way.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_KEY_BYTES = 16  # SM4 has a 128-bit key
_NONCE_BYTES = 12
_TAG_BYTES = 16
_FORMAT = b"S4G1"  # marks the sealing scheme so it can change without guessing


class SealedDataError(Exception):
    """Sealed data was tampered with, truncated, or sealed under another key."""


class SealedBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != _KEY_BYTES:
            raise ValueError("an SM4 key is 16 bytes")
        self._key = key

    @classmethod
    def from_key_file(cls, path: Path) -> SealedBox:
        """Load the key, creating it (mode 0600) on first start."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(_KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
        key = path.read_bytes()
        if len(key) != _KEY_BYTES:
            raise SealedDataError(f"key file {path.name} is damaged")
        return cls(key)

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt; `context` (e.g. the record key) is authenticated, not stored."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(context)
        body = encryptor.update(plaintext) + encryptor.finalize()
        return _FORMAT + nonce + body + encryptor.tag

    def open(self, sealed: bytes, context: bytes) -> bytes:
        header = len(_FORMAT) + _NONCE_BYTES
        if len(sealed) < header + _TAG_BYTES or not sealed.startswith(_FORMAT):
            raise SealedDataError("sealed data is truncated or of an unknown format")
        nonce = sealed[len(_FORMAT) : header]
        body, tag = sealed[header:-_TAG_BYTES], sealed[-_TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context)
        try:
            return decryptor.update(body) + decryptor.finalize()
        except InvalidTag as exc:
            raise SealedDataError("sealed data failed its integrity check") from exc
