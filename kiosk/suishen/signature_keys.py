"""Public keys from SPKI DER and raw r||s signature checks for the two SC1 algorithms.

A verifier never raises on bad input: a signature that is DER-encoded, of
the wrong length or out of range simply does not verify.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import load_der_public_key

from gmcrypto.sm2 import SM2PublicKey

_RAW_SIGNATURE_SIZE = 64


class CoseAlgorithm(IntEnum):
    ES256 = -7
    # A private-use COSE value (RFC 9053 reserves < -65536), as SC1 section 3 assigns.
    SM2_SM3 = -65537


@dataclass(frozen=True)
class VerifyingKey:
    """A public key tied to the one algorithm it verifies."""

    algorithm: CoseAlgorithm
    _key: SM2PublicKey | ec.EllipticCurvePublicKey

    def verify(self, signature: bytes, message: bytes) -> bool:
        if not isinstance(signature, bytes) or len(signature) != _RAW_SIGNATURE_SIZE:
            return False
        if self.algorithm is CoseAlgorithm.SM2_SM3:
            assert isinstance(self._key, SM2PublicKey)
            return self._key.verify(signature, message)
        assert isinstance(self._key, ec.EllipticCurvePublicKey)
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        if r == 0 or s == 0:
            return False
        try:
            # cryptography takes DER; the wire form is always r||s (RFC 9053).
            self._key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            return False
        return True


def load_verifying_key(spki: bytes) -> VerifyingKey | None:
    """The key in an SM2 or P-256 SubjectPublicKeyInfo, or None if it is neither."""
    if not isinstance(spki, bytes):
        return None
    try:
        return VerifyingKey(CoseAlgorithm.SM2_SM3, SM2PublicKey.from_spki_der(spki))
    except ValueError:
        pass
    try:
        key = load_der_public_key(spki)
    except Exception:
        # cryptography raises ValueError or UnsupportedAlgorithm depending on
        # how the DER is wrong; either way it is not a usable key.
        return None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return VerifyingKey(CoseAlgorithm.ES256, key)
    return None
