"""A test-side SC1 decoder and signature checks, written from the spec, not from the platform.

Deliberately independent of reference_platform's encoder: base45 decoding,
COSE Sig_structure and the signature checks are re-implemented here, so a
mistake in the platform's encoding cannot cancel itself out.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from gmcrypto.sm2 import SM2PublicKey

ALG_SM2 = -65537
ALG_ES256 = -7
CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_SSC = 1, 4, 6, -65601

_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45_decode(text: str) -> bytes:
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = text[i : i + 3]
        value = sum(_B45.index(ch) * 45**k for k, ch in enumerate(chunk))
        out += value.to_bytes(2 if len(chunk) == 3 else 1, "big")
    return bytes(out)


@dataclass(frozen=True)
class Sign1:
    """One COSE_Sign1, decoded."""

    tag: int | None
    protected_bytes: bytes
    protected: dict[Any, Any]
    unprotected: dict[Any, Any]
    payload_bytes: bytes
    payload: Any
    signature: bytes

    @property
    def alg(self) -> int:
        return self.protected[1]

    @property
    def kid(self) -> bytes | None:
        return self.protected.get(4)

    def to_be_signed(self) -> bytes:
        return cbor2.dumps(["Signature1", self.protected_bytes, b"", self.payload_bytes])


def sign1(item: Any) -> Sign1:
    """Decode a COSE_Sign1 given as a CBOR item (tagged 18 or not) or as its bytes."""
    if isinstance(item, bytes):
        item = cbor2.loads(item)
    tag = None
    if isinstance(item, cbor2.CBORTag):
        tag, item = item.tag, item.value
    assert isinstance(item, (list, tuple)) and len(item) == 4, item
    protected_bytes, unprotected, payload_bytes, signature = item
    return Sign1(
        tag=tag,
        protected_bytes=protected_bytes,
        protected=cbor2.loads(protected_bytes),
        unprotected=dict(unprotected),
        payload_bytes=payload_bytes,
        payload=cbor2.loads(payload_bytes),
        signature=signature,
    )


@dataclass(frozen=True)
class Presentation:
    raw_cbor: bytes
    credential: Sign1
    proof: Sign1 | None

    @property
    def claims(self) -> dict[Any, Any]:
        return self.credential.payload

    @property
    def ssc(self) -> dict[str, Any]:
        return self.credential.payload[CLAIM_SSC]


def decode_qr(text: str) -> Presentation:
    """SC1 text -> base45 -> zlib -> CBOR -> credential (and proof for profile D)."""
    assert text.startswith("SC1:"), text[:8]
    compressed = base45_decode(text[4:])
    assert compressed[0] & 0x0F == 8, "zlib stream (RFC 1950) expected"
    raw = zlib.decompress(compressed)
    item = cbor2.loads(raw)
    if isinstance(item, (list, tuple)) and len(item) == 2:
        return Presentation(raw, sign1(item[0]), sign1(item[1]))
    return Presentation(raw, sign1(item), None)


def verify(alg: int, spki: bytes, signature: bytes, message: bytes) -> bool:
    """A raw r||s signature under a DER SPKI: SM2 (gmcrypto) or ES256 (cryptography)."""
    if len(signature) != 64:
        return False
    if alg == ALG_SM2:
        return SM2PublicKey.from_spki_der(spki).verify(signature, message)
    assert alg == ALG_ES256, alg
    key = serialization.load_der_public_key(spki)
    assert isinstance(key, ec.EllipticCurvePublicKey)
    der = encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:]))
    try:
        key.verify(der, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def verify_sign1(document: Sign1, alg: int, spki: bytes) -> bool:
    return document.alg == alg and verify(alg, spki, document.signature, document.to_be_signed())


def anchor_document(body: bytes, anchor_spki: bytes) -> Sign1:
    """A trust document, asserted to be signed by the anchor; returns it decoded."""
    document = sign1(body)
    assert document.tag == 18
    assert document.alg == ALG_SM2
    assert verify_sign1(document, ALG_SM2, anchor_spki), "anchor signature does not verify"
    return document


def verifying_entries(credential: Sign1, trust_list: dict[str, Any]) -> list[dict[str, Any]]:
    """The trust-list entries under the credential's kid whose key verifies it."""
    return [
        entry
        for entry in trust_list["keys"]
        if entry["kid"] == credential.kid
        and entry["alg"] == credential.alg
        and verify_sign1(credential, entry["alg"], entry["spki"])
    ]


def map_keys_in_rfc8949_order(item: Any) -> bool:
    """True if every map in a decoded item has its encoded keys sorted bytewise (RFC 8949 4.2.1)."""
    if isinstance(item, cbor2.CBORTag):
        return map_keys_in_rfc8949_order(item.value)
    if isinstance(item, (list, tuple)):
        return all(map_keys_in_rfc8949_order(x) for x in item)
    if isinstance(item, dict):
        encoded = [cbor2.dumps(k) for k in item]
        return encoded == sorted(encoded) and all(
            map_keys_in_rfc8949_order(v) for v in item.values()
        )
    return True


def is_deterministic(encoded: bytes) -> bool:
    """Shortest-form, definite-length, bytewise-sorted maps: re-encoding changes nothing."""
    item = cbor2.loads(encoded)
    return map_keys_in_rfc8949_order(item) and cbor2.dumps(item) == encoded


def base45_encode(data: bytes) -> str:
    """RFC 9285, for building codes the platform must refuse."""
    out = []
    for i in range(0, len(data) - 1, 2):
        value = data[i] * 256 + data[i + 1]
        out += [_B45[value % 45], _B45[value // 45 % 45], _B45[value // 2025]]
    if len(data) % 2:
        out += [_B45[data[-1] % 45], _B45[data[-1] // 45]]
    return "".join(out)


def encode_qr(item: Any, raw: bool = False) -> str:
    """ "SC1:" + base45(zlib(CBOR of item)); `raw`: item is already the CBOR bytes."""
    encoded = item if raw else cbor2.dumps(item)
    return "SC1:" + base45_encode(zlib.compress(encoded))


def as_item(document: Sign1) -> cbor2.CBORTag:
    """A decoded COSE_Sign1 back as the CBOR item (tag 18) it came from."""
    return cbor2.CBORTag(
        18,
        [
            document.protected_bytes,
            document.unprotected,
            document.payload_bytes,
            document.signature,
        ],
    )
