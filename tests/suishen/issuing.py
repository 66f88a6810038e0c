"""Test-side issuer: keys, credentials, proofs and trust documents in SC1 form.

Built from the verifier's own deterministic CBOR encoder plus independent
signing, so the tests can produce exactly the malformed-but-signed inputs
the spec talks about.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from gmcrypto.sm2 import SM2PrivateKey
from kiosk.suishen.base45 import b45encode
from kiosk.suishen.cbor import CborTag, encode
from kiosk.suishen.cose import sig_structure

ES256 = -7
SM2 = -65537
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400


@dataclass
class Signer:
    alg: int
    spki: bytes
    _private: object

    @classmethod
    def sm2(cls) -> Signer:
        key = SM2PrivateKey.generate()
        return cls(SM2, key.public_key().spki_der(), key)

    @classmethod
    def es256(cls) -> Signer:
        key = ec.generate_private_key(ec.SECP256R1())
        spki = key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        return cls(ES256, spki, key)

    @property
    def kid(self) -> bytes:
        return hashlib.sha256(self.spki).digest()[:8]

    def sign(self, message: bytes) -> bytes:
        if self.alg == SM2:
            return self._private.sign(message)  # type: ignore[attr-defined]
        der = self._private.sign(message, ec.ECDSA(hashes.SHA256()))  # type: ignore[attr-defined]
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sign1(
    signer: Signer,
    payload: object,
    protected: dict | None = None,
    unprotected: dict | None = None,
    tag: int | None = 18,
    payload_bytes: bytes | None = None,
    protected_bytes: bytes | None = None,
) -> object:
    """A COSE_Sign1 CBOR item; by default protected {1: alg, 4: kid}, tagged 18."""
    if protected_bytes is None:
        header = {1: signer.alg, 4: signer.kid} if protected is None else protected
        protected_bytes = encode(header)
    if payload_bytes is None:
        payload_bytes = encode(payload)
    signature = signer.sign(sig_structure(protected_bytes, payload_bytes))
    structure = [protected_bytes, unprotected or {}, payload_bytes, signature]
    return CborTag(tag, structure) if tag is not None else structure


def suishen_claims(**overrides: object) -> dict:
    claims: dict = {
        "v": 1,
        "sid": b"\x11" * 16,
        "nm": "张*明",
        "cat": "elder",
        "idh": b"\x22" * 8,
        "rid": b"\x33" * 8,
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def credential_payload(iat: int = NOW - DAY, exp: int = NOW + 30 * DAY, **claims: object) -> dict:
    return {1: "SH-BDC", 6: iat, 4: exp, -65601: suishen_claims(**claims)}


def proof_payload(t: int, sid: bytes = b"\x11" * 16, nonce: bytes | None = None) -> dict:
    return {1: t, 2: nonce if nonce is not None else secrets.token_bytes(8), 3: sid}


def to_sc1(item: object, level: int = 9) -> str:
    return "SC1:" + b45encode(zlib.compress(encode(item), level))


def bytes_to_sc1(cbor: bytes, level: int = 9) -> str:
    return "SC1:" + b45encode(zlib.compress(cbor, level))


def key_entry(
    signer: Signer,
    nbf: int = NOW - 365 * DAY,
    exp: int = NOW + 365 * DAY,
    cats: list[str] | None = None,
    alg: int | None = None,
    kid: bytes | None = None,
) -> dict:
    entry = {
        "kid": signer.kid if kid is None else kid,
        "alg": signer.alg if alg is None else alg,
        "spki": signer.spki,
        "nbf": nbf,
        "exp": exp,
    }
    if cats is not None:
        entry["cats"] = cats
    return entry


def trust_list(
    anchor: Signer, entries: list[dict], seq: int = 1, iat: int = NOW - DAY, exp: int = NOW + DAY
) -> bytes:
    return encode(sign1(anchor, {"seq": seq, "iat": iat, "exp": exp, "keys": entries}))


def revocation_list(
    anchor: Signer, rids: list[bytes], seq: int = 1, iat: int = NOW - DAY, exp: int = NOW + DAY
) -> bytes:
    return encode(sign1(anchor, {"seq": seq, "iat": iat, "exp": exp, "rids": sorted(rids)}))


def revocation_delta(
    anchor: Signer,
    base: int,
    seq: int,
    add: list[bytes] = (),  # type: ignore[assignment]
    delete: list[bytes] = (),  # type: ignore[assignment]
    iat: int = NOW - DAY,
    exp: int = NOW + DAY,
) -> bytes:
    payload = {
        "seq": seq,
        "iat": iat,
        "exp": exp,
        "base": base,
        "add": sorted(add),
        "del": sorted(delete),
    }
    return encode(sign1(anchor, payload))
