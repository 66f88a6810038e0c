"""Reading a presented SC1 code back into its parts (spec sections 2, 4 and 5).

The platform issues codes and kiosks verify them offline; the one place the
platform reads a code is consent by Suishen code (POST /api/v1/consents with
`"method": "suishen_code"`), where a kiosk passes on the dynamic code a
resident showed. This module is only shape and types, nothing is trusted
yet: SuishenIssuer.resident_of_code checks the result against the
platform's own ledger and keys.

Every malformed input, whatever it holds, raises CodeUnreadable and
nothing else, so a garbage code can never become a 500.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from .suishen_encoding import (
    BASE45_ALPHABET,
    CLAIM_EXP,
    CLAIM_IAT,
    CLAIM_ISS,
    CLAIM_SSC,
    COSE_SIGN1_TAG,
    HEADER_ALG,
    HEADER_KID,
    IDH_LEN,
    NONCE_LEN,
    PREFIX,
    PROOF_NONCE,
    PROOF_SID,
    PROOF_STEP,
    RID_LEN,
    SID_LEN,
    sig_structure,
)

# The most a QR code holds in alphanumeric mode (version 40, level L).
MAX_CODE_TEXT = 4296
# Far above any code this platform issues (about 300 bytes), and a bound on
# what a zlib stream may inflate to.
MAX_CBOR_BYTES = 16 * 1024
MAX_CBOR_DEPTH = 8
CWT_TAG = 61

_BASE45_VALUES = {character: value for value, character in enumerate(BASE45_ALPHABET)}


class CodeUnreadable(ValueError):
    """The text is not a well-formed SC1 presentation."""


@dataclass(frozen=True)
class Sign1:
    """A COSE_Sign1 taken apart; its signature is not checked yet."""

    protected: bytes
    alg: int
    kid: bytes | None
    payload: bytes
    signature: bytes

    def to_be_signed(self) -> bytes:
        return sig_structure(self.protected, self.payload)


@dataclass(frozen=True)
class CredentialClaims:
    iss: str
    iat: int
    exp: int
    sid: bytes
    idh: bytes
    rid: bytes
    hk: bytes | None  # profile D: the holder key's SPKI


@dataclass(frozen=True)
class ProofClaims:
    step: int
    nonce: bytes
    sid: bytes


@dataclass(frozen=True)
class PresentedCode:
    credential: Sign1
    claims: CredentialClaims
    proof: Sign1 | None
    proof_claims: ProofClaims | None


def base45_decode(text: str) -> bytes:
    """RFC 9285, strictly: alphabet only, no 3k+1 length, no group above its byte range."""
    if len(text) % 3 == 1:
        raise CodeUnreadable("base45 length of the form 3k+1")
    try:
        values = [_BASE45_VALUES[character] for character in text]
    except KeyError as exc:
        raise CodeUnreadable("character outside the base45 alphabet") from exc
    out = bytearray()
    for start in range(0, len(values), 3):
        group = values[start : start + 3]
        number = sum(value * 45**i for i, value in enumerate(group))
        size = 2 if len(group) == 3 else 1
        if number >= 256**size:
            raise CodeUnreadable("base45 group above its byte range")
        out += number.to_bytes(size, "big")
    return bytes(out)


def _inflate(data: bytes) -> bytes:
    """A zlib stream (RFC 1950, not raw deflate or gzip), complete, nothing after it."""
    inflater = zlib.decompressobj(wbits=15)
    try:
        out = inflater.decompress(data, MAX_CBOR_BYTES + 1)
    except zlib.error as exc:
        raise CodeUnreadable("not a zlib stream") from exc
    if len(out) > MAX_CBOR_BYTES or inflater.unconsumed_tail:
        raise CodeUnreadable("inflates beyond any code")
    if not inflater.eof or inflater.unused_data:
        raise CodeUnreadable("truncated zlib stream, or bytes after it")
    return out


def _cbor(data: bytes) -> Any:
    """Exactly one CBOR item, no duplicate map keys, shallow."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(
            stream, max_depth=MAX_CBOR_DEPTH, allow_duplicate_keys=False
        ).decode()
    # cbor2 runs its own decoders for semantic tags (dates, regular
    # expressions, MIME, decimals, ...), each with its own exceptions: for
    # untrusted bytes any failure at all means "not a code".
    except Exception as exc:
        raise CodeUnreadable("not one CBOR item") from exc
    if stream.tell() != len(data):
        raise CodeUnreadable("bytes after the CBOR item")
    return item


def _is_int(value: Any) -> bool:
    # CBOR true is not an int, though Python's bool is one.
    return type(value) is int


def _int(container: Mapping[Any, Any], key: Any) -> int:
    value = container.get(key)
    if not _is_int(value):
        raise CodeUnreadable(f"{key!r} missing or not an int")
    return value


def _bytes(container: Mapping[Any, Any], key: Any, size: int | None = None) -> bytes:
    value = container.get(key)
    if not isinstance(value, bytes) or (size is not None and len(value) != size):
        raise CodeUnreadable(f"{key!r} missing or not bytes of the right length")
    return value


def _map(value: Any, what: str) -> Mapping[Any, Any]:
    # cbor2 gives maps inside a tag as its immutable frozendict, a Mapping.
    if not isinstance(value, Mapping):
        raise CodeUnreadable(f"{what} is not a map")
    return value


def _sign1(item: Any, credential: bool) -> Sign1:
    """A credential (untagged, 18(...) or 61(18(...))) or a proof (untagged or 18(...))."""
    if credential and isinstance(item, cbor2.CBORTag) and item.tag == CWT_TAG:
        item = item.value
        if not (isinstance(item, cbor2.CBORTag) and item.tag == COSE_SIGN1_TAG):
            raise CodeUnreadable("a CWT tag must wrap a COSE_Sign1 tag")
    if isinstance(item, cbor2.CBORTag):
        if item.tag != COSE_SIGN1_TAG:
            raise CodeUnreadable(f"unexpected tag {item.tag}")
        item = item.value
    if not isinstance(item, list | tuple) or len(item) != 4:
        raise CodeUnreadable("not a COSE_Sign1 array")
    protected_bytes, unprotected, payload, signature = item
    if not all(isinstance(part, bytes) for part in (protected_bytes, payload, signature)):
        raise CodeUnreadable("COSE_Sign1 parts are not byte strings")
    _map(unprotected, "unprotected header")
    protected = _map(_cbor(protected_bytes), "protected header")
    # Only the credential names its key; a proof is checked under its hk.
    kid = _bytes(protected, HEADER_KID) if credential else None
    return Sign1(protected_bytes, _int(protected, HEADER_ALG), kid, payload, signature)


def _credential_claims(payload: bytes) -> CredentialClaims:
    claims = _map(_cbor(payload), "credential payload")
    iss = claims.get(CLAIM_ISS)
    if not isinstance(iss, str):
        raise CodeUnreadable("iss missing or not text")
    ssc = _map(claims.get(CLAIM_SSC), "Suishen claims")
    if _int(ssc, "v") != 1:
        raise CodeUnreadable("unsupported format version")
    return CredentialClaims(
        iss=iss,
        iat=_int(claims, CLAIM_IAT),
        exp=_int(claims, CLAIM_EXP),
        sid=_bytes(ssc, "sid", SID_LEN),
        idh=_bytes(ssc, "idh", IDH_LEN),
        rid=_bytes(ssc, "rid", RID_LEN),
        hk=_bytes(ssc, "hk") if "hk" in ssc else None,
    )


def _proof_claims(payload: bytes) -> ProofClaims:
    claims = _map(_cbor(payload), "proof payload")
    return ProofClaims(
        step=_int(claims, PROOF_STEP),
        nonce=_bytes(claims, PROOF_NONCE, NONCE_LEN),
        sid=_bytes(claims, PROOF_SID, SID_LEN),
    )


def read_code(text: Any) -> PresentedCode:
    """Read "SC1:" text: credential (and proof, profile D); CodeUnreadable on any fault."""
    if not isinstance(text, str) or len(text) > MAX_CODE_TEXT or not text.startswith(PREFIX):
        raise CodeUnreadable('not "SC1:" text of a QR code\'s length')
    item = _cbor(_inflate(base45_decode(text[len(PREFIX) :])))
    proof: Sign1 | None = None
    proof_claims: ProofClaims | None = None
    if isinstance(item, list) and len(item) == 2:
        credential_item, proof_item = item
        proof = _sign1(proof_item, credential=False)
        proof_claims = _proof_claims(proof.payload)
    else:
        credential_item = item
    credential = _sign1(credential_item, credential=True)
    return PresentedCode(credential, _credential_claims(credential.payload), proof, proof_claims)
