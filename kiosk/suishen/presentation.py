"""From "SC1:..." text to a typed presentation (SC1 sections 2, 4, 5), or a format error.

Everything here is about shape and types; nothing is trusted yet. The
verifier checks keys, signatures and times afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.suishen.base45 import Base45Error, b45decode
from kiosk.suishen.cbor import CborError, CborMap, decode
from kiosk.suishen.compression import CompressionError, zlib_decompress_strict
from kiosk.suishen.cose import (
    HEADER_KID,
    CoseFormatError,
    CoseSign1,
    decode_payload,
    parse_sign1,
    unwrap_credential,
    unwrap_sign1,
)

SC1_PREFIX = "SC1:"
FORMAT_VERSION = 1

# CWT claim keys (RFC 8392) and the private-use key of the Suishen claims map.
CLAIM_ISS = 1
CLAIM_EXP = 4
CLAIM_IAT = 6
CLAIM_SUISHEN = -65601

# Proof payload keys (SC1 section 5).
PROOF_T = 1
PROOF_NONCE = 2
PROOF_SID = 3

SID_SIZE = 16
IDH_SIZE = 8
RID_SIZE = 8
NONCE_SIZE = 8


class PresentationFormatError(ValueError):
    """The text is not a well-formed SC1 presentation (result INVALID_FORMAT)."""


class HolderCategory(StrEnum):
    ELDER = "elder"
    MINOR = "minor"
    DISABLED = "disabled"
    RESIDENT = "resident"


class Profile(StrEnum):
    STATIC = "S"  # printed or saved picture; pair with an ID card or face check
    DYNAMIC = "D"  # phone screen with a fresh device-signed proof


@dataclass(frozen=True)
class CredentialClaims:
    iss: str
    iat: int
    exp: int
    sid: bytes
    nm: str
    cat: HolderCategory
    idh: bytes
    rid: bytes
    hk: bytes | None  # holder key SPKI, profile D only


@dataclass(frozen=True)
class ProofClaims:
    t: int
    nonce: bytes
    sid: bytes


@dataclass(frozen=True)
class Proof:
    sign1: CoseSign1
    alg: int
    claims: ProofClaims


@dataclass(frozen=True)
class Presentation:
    credential: CoseSign1
    alg: int
    kid: bytes
    claims: CredentialClaims
    proof: Proof | None
    presented_as_pair: bool  # the payload was the array [credential, proof]

    @property
    def profile(self) -> Profile:
        if self.presented_as_pair or self.claims.hk is not None:
            return Profile.DYNAMIC
        return Profile.STATIC


def _is_int(value: object) -> bool:
    # bool is a subclass of int in Python, but CBOR true is not an int.
    return type(value) is int


def _require_int(container: CborMap, key: object) -> int:
    value = container.get(key)
    if not _is_int(value):
        raise PresentationFormatError(f"{key!r} missing or not an int")
    return value  # type: ignore[return-value]


def _require_text(container: CborMap, key: object) -> str:
    value = container.get(key)
    if not isinstance(value, str):
        raise PresentationFormatError(f"{key!r} missing or not text")
    return value


def _require_bytes(container: CborMap, key: object, size: int | None = None) -> bytes:
    value = container.get(key)
    if not isinstance(value, bytes):
        raise PresentationFormatError(f"{key!r} missing or not bytes")
    if size is not None and len(value) != size:
        raise PresentationFormatError(f"{key!r} is not {size} bytes")
    return value


def decode_sc1_text(text: str) -> object:
    """Prefix, base45, zlib and CBOR: the single CBOR item the code carries."""
    if not isinstance(text, str) or not text.startswith(SC1_PREFIX):
        raise PresentationFormatError('no "SC1:" prefix')
    try:
        compressed = b45decode(text[len(SC1_PREFIX) :])
        return decode(zlib_decompress_strict(compressed))
    except (Base45Error, CompressionError, CborError) as exc:
        raise PresentationFormatError(str(exc)) from exc


def parse_credential_claims(payload: object) -> CredentialClaims:
    if not isinstance(payload, CborMap):
        raise PresentationFormatError("credential payload is not a map")
    iss = _require_text(payload, CLAIM_ISS)
    iat = _require_int(payload, CLAIM_IAT)
    exp = _require_int(payload, CLAIM_EXP)
    suishen = payload.get(CLAIM_SUISHEN)
    if not isinstance(suishen, CborMap):
        raise PresentationFormatError("Suishen claims missing or not a map")
    if _require_int(suishen, "v") != FORMAT_VERSION:
        raise PresentationFormatError("unsupported format version")
    sid = _require_bytes(suishen, "sid", SID_SIZE)
    nm = _require_text(suishen, "nm")
    try:
        cat = HolderCategory(_require_text(suishen, "cat"))
    except ValueError as exc:
        raise PresentationFormatError("unknown category") from exc
    idh = _require_bytes(suishen, "idh", IDH_SIZE)
    rid = _require_bytes(suishen, "rid", RID_SIZE)
    hk = _require_bytes(suishen, "hk") if "hk" in suishen else None
    return CredentialClaims(iss, iat, exp, sid, nm, cat, idh, rid, hk)


def parse_proof(item: object) -> Proof:
    try:
        sign1 = parse_sign1(unwrap_sign1(item))
        alg = sign1.protected_alg()
        payload = decode_payload(sign1)
    except CoseFormatError as exc:
        raise PresentationFormatError(f"proof: {exc}") from exc
    if not isinstance(payload, CborMap):
        raise PresentationFormatError("proof payload is not a map")
    claims = ProofClaims(
        t=_require_int(payload, PROOF_T),
        nonce=_require_bytes(payload, PROOF_NONCE, NONCE_SIZE),
        sid=_require_bytes(payload, PROOF_SID, SID_SIZE),
    )
    return Proof(sign1, alg, claims)


def parse_credential(item: object) -> tuple[CoseSign1, int, bytes, CredentialClaims]:
    try:
        sign1 = parse_sign1(unwrap_credential(item))
        alg = sign1.protected_alg()
        payload = decode_payload(sign1)
    except CoseFormatError as exc:
        raise PresentationFormatError(f"credential: {exc}") from exc
    kid = sign1.protected.get(HEADER_KID)
    if not isinstance(kid, bytes):
        raise PresentationFormatError("protected header lacks a byte-string kid")
    return sign1, alg, kid, parse_credential_claims(payload)


def parse_presentation(text: str) -> Presentation:
    """Parse and type-check a whole presentation, proof included; raise on any format error."""
    item = decode_sc1_text(text)
    proof_item: object = None
    presented_as_pair = isinstance(item, list) and len(item) == 2
    if presented_as_pair:
        assert isinstance(item, list)
        item, proof_item = item
    sign1, alg, kid, claims = parse_credential(item)
    proof = parse_proof(proof_item) if presented_as_pair else None
    return Presentation(sign1, alg, kid, claims, proof, presented_as_pair)
