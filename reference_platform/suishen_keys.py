"""Signing keys for Suishen codes and trust data: SM2 (with SM3) and ES256.

Both sign with a fresh random nonce from the operating system's CSPRNG
(gmcrypto draws it from `secrets`, OpenSSL from its own CSPRNG), and both
return the raw r||s the spec asks for, never DER.

The trust anchor key signs trust lists and revocation lists. Kiosks pin its
public half at install time, so it must survive restarts: like the catalog
key it lives in data_dir, readable by the owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from gmcrypto.sm2 import SM2PrivateKey, SM2PublicKey

from .suishen_encoding import CoseAlg, key_id

ANCHOR_KEY_FILE_NAME = "suishen_anchor_key.sm2"
SCALAR_LEN = 32


class Es256SigningKey:
    """An ECDSA P-256 key; stored as PKCS#8 DER."""

    alg = CoseAlg.ES256

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("ES256 needs a P-256 key")
        self._key = private_key
        self.spki = private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.kid = key_id(self.spki)

    @classmethod
    def generate(cls) -> Es256SigningKey:
        return cls(ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def from_bytes(cls, data: bytes) -> Es256SigningKey:
        key = serialization.load_der_private_key(data, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("not an EC private key")
        return cls(key)

    def to_bytes(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def sign(self, message: bytes) -> bytes:
        r, s = decode_dss_signature(self._key.sign(message, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(SCALAR_LEN, "big") + s.to_bytes(SCALAR_LEN, "big")


class Sm2SigningKey:
    """An SM2 key (SM3 digest with Z over the default user id); stored as the raw scalar d."""

    alg = CoseAlg.SM2

    def __init__(self, private_key: SM2PrivateKey) -> None:
        self._key = private_key
        self.spki = private_key.public_key().spki_der()
        self.kid = key_id(self.spki)

    @classmethod
    def generate(cls) -> Sm2SigningKey:
        return cls(SM2PrivateKey.generate())

    @classmethod
    def from_bytes(cls, data: bytes) -> Sm2SigningKey:
        return cls(SM2PrivateKey.from_bytes(data))

    def to_bytes(self) -> bytes:
        return self._key.to_bytes()

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


SigningKey = Es256SigningKey | Sm2SigningKey

_KEY_CLASSES: dict[CoseAlg, type[Es256SigningKey] | type[Sm2SigningKey]] = {
    CoseAlg.ES256: Es256SigningKey,
    CoseAlg.SM2: Sm2SigningKey,
}


def generate_key(alg: CoseAlg) -> SigningKey:
    return _KEY_CLASSES[CoseAlg(alg)].generate()


def load_key(alg: CoseAlg, data: bytes) -> SigningKey:
    """A key stored with its to_bytes()."""
    return _KEY_CLASSES[CoseAlg(alg)].from_bytes(data)


def verify_signature(alg: CoseAlg, spki: bytes, signature: bytes, message: bytes) -> bool:
    """Whether a raw r||s signature of `alg` verifies under a DER SPKI; False on any bad input.

    For the codes the platform reads back (consent by Suishen code): a
    signature of the wrong length, a DER one, or an SPKI of another key
    type is simply not valid, never an exception.
    """
    if not isinstance(signature, bytes) or len(signature) != 2 * SCALAR_LEN:
        return False
    if alg == CoseAlg.SM2:
        try:
            public = SM2PublicKey.from_spki_der(spki)
        except ValueError:
            return False
        return public.verify(signature, message)
    if alg != CoseAlg.ES256:
        return False
    try:
        key = serialization.load_der_public_key(spki)
    except (ValueError, TypeError):
        return False
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:SCALAR_LEN], "big"), int.from_bytes(signature[SCALAR_LEN:], "big")
    )
    try:
        key.verify(der, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def _create_anchor_file(path: Path) -> Sm2SigningKey:
    key = Sm2SigningKey.generate()
    # O_EXCL with mode 0600 at creation, as for the catalog key (signing.py).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.to_bytes().hex() + "\n")
    return key


def load_or_create_anchor_key(data_dir: Path) -> Sm2SigningKey:
    """The SM2 trust anchor key stored in data_dir, generated there (mode 0600) on first use."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ANCHOR_KEY_FILE_NAME
    try:
        return _create_anchor_file(path)
    except FileExistsError:
        pass
    text = path.read_text(encoding="ascii").strip()
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != SCALAR_LEN:
        raise ValueError(f"{path} does not hold a 32-byte SM2 private key in hex")
    return Sm2SigningKey.from_bytes(raw)
