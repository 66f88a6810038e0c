"""The SC1 wire format as the platform issues it (shared/specs/suishen-code-v1.md).

CBOR -> COSE_Sign1 -> (profile D: [credential, proof]) -> zlib -> base45 -> "SC1:".
Only the encoding direction lives here: the platform issues, kiosks verify.
"""

from __future__ import annotations

import hashlib
import zlib
from enum import IntEnum
from typing import Any, Protocol

import cbor2

PREFIX = "SC1:"

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4

# CWT claim keys (RFC 8392) and the private-use key of the Suishen claims map.
CLAIM_ISS = 1
CLAIM_EXP = 4
CLAIM_IAT = 6
CLAIM_SSC = -65601

# Proof payload keys (spec section 5).
PROOF_STEP = 1
PROOF_NONCE = 2
PROOF_SID = 3

FORMAT_VERSION = 1
PROOF_STEP_S = 30
KID_LEN = 8
SID_LEN = 16
RID_LEN = 8
IDH_LEN = 8
NONCE_LEN = 8


class CoseAlg(IntEnum):
    """COSE algorithm ids of spec section 3."""

    SM2 = -65537  # SM2 with SM3, private-use value
    ES256 = -7


class CoseSigner(Protocol):
    """A private key that signs COSE Sig_structures as raw r||s (64 bytes)."""

    @property
    def alg(self) -> CoseAlg: ...

    @property
    def kid(self) -> bytes: ...

    def sign(self, message: bytes) -> bytes: ...


def deterministic_cbor(value: Any) -> bytes:
    """Deterministic CBOR (RFC 8949 section 4.2.1) for the items this platform issues.

    cbor2's canonical mode sorts map keys length-first (RFC 7049); RFC 8949
    sorts them bytewise. The two orders agree for every key we emit (small
    ints, -65601 and text keys shorter than 24 bytes, whose first byte
    already encodes the length), and test_suishen_encoding checks that.
    """
    return cbor2.dumps(value, canonical=True)


def key_id(spki_der: bytes) -> bytes:
    """kid = first 8 bytes of SHA-256(SPKI DER) (spec section 3)."""
    return hashlib.sha256(spki_der).digest()[:KID_LEN]


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """The bytes a COSE_Sign1 signature covers (RFC 9052 section 4.4)."""
    return deterministic_cbor(["Signature1", protected, b"", payload])


def cose_sign1(signer: CoseSigner, payload: bytes, with_kid: bool = True) -> cbor2.CBORTag:
    """COSE_Sign1 as tag 18, protected {1: alg, 4: kid} (or {1: alg} for proofs)."""
    header: dict[int, Any] = {HEADER_ALG: int(signer.alg)}
    if with_kid:
        header[HEADER_KID] = signer.kid
    protected = deterministic_cbor(header)
    signature = signer.sign(sig_structure(protected, payload))
    return cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature])


def step_of(unix_time: int) -> int:
    """The proof time step t = floor(unix time / 30)."""
    return unix_time // PROOF_STEP_S


def id_hash(id_number: str, sid: bytes) -> bytes:
    """idh = SHA-256(ID || sid)[:8], the ID number upper-cased (its X) and UTF-8 encoded."""
    return hashlib.sha256(id_number.upper().encode("utf-8") + sid).digest()[:IDH_LEN]


# -- base45 (RFC 9285) -------------------------------------------------------

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45_encode(data: bytes) -> str:
    """RFC 9285: each 2 bytes become 3 characters, a final odd byte 2 characters."""
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += (BASE45_ALPHABET[c], BASE45_ALPHABET[d], BASE45_ALPHABET[e])
    if len(data) % 2:
        c, d = data[-1] % 45, data[-1] // 45
        out += (BASE45_ALPHABET[c], BASE45_ALPHABET[d])
    return "".join(out)


def qr_text(presentation: Any) -> str:
    """ "SC1:" + base45(zlib(CBOR)) of a credential or a profile D array."""
    return PREFIX + base45_encode(zlib.compress(deterministic_cbor(presentation), 9))
