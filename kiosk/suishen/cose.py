"""COSE_Sign1 (RFC 9052) structure, the tags SC1 allows around it, and its Sig_structure."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.suishen.cbor import CborError, CborMap, CborTag, decode, encode

COSE_SIGN1_TAG = 18
CWT_TAG = 61

HEADER_ALG = 1
HEADER_KID = 4


class CoseFormatError(ValueError):
    """Not a COSE_Sign1 in a form SC1 accepts."""


@dataclass(frozen=True)
class CoseSign1:
    protected_bytes: bytes  # the exact bstr contents, which the signature covers
    protected: CborMap
    unprotected: CborMap
    payload: bytes
    signature: bytes

    def to_be_signed(self) -> bytes:
        """The CBOR-encoded Sig_structure ["Signature1", protected, h'', payload]."""
        return sig_structure(self.protected_bytes, self.payload)

    def protected_alg(self) -> int:
        """The protected "alg", which must be an int (never a text algorithm name)."""
        alg = self.protected.get(HEADER_ALG)
        if type(alg) is not int:
            raise CoseFormatError("protected header lacks an integer alg")
        return alg


def sig_structure(protected_bytes: bytes, payload: bytes) -> bytes:
    return encode(["Signature1", protected_bytes, b"", payload])


def unwrap_credential(item: object) -> object:
    """Untagged, 18(...) or 61(18(...)); any other tag is a format error."""
    if isinstance(item, CborTag):
        if item.number == CWT_TAG:
            inner = item.value
            if not (isinstance(inner, CborTag) and inner.number == COSE_SIGN1_TAG):
                raise CoseFormatError("CWT tag 61 not directly around COSE tag 18")
            return inner.value
        if item.number == COSE_SIGN1_TAG:
            return item.value
        raise CoseFormatError(f"tag {item.number} is not allowed around a credential")
    return item


def unwrap_sign1(item: object) -> object:
    """Untagged or 18(...): proofs and trust documents."""
    if isinstance(item, CborTag):
        if item.number == COSE_SIGN1_TAG:
            return item.value
        raise CoseFormatError(f"tag {item.number} is not allowed here")
    return item


def parse_sign1(structure: object) -> CoseSign1:
    """Parse an (already unwrapped) COSE_Sign1 array; every nested bstr decoded strictly."""
    if not isinstance(structure, list) or len(structure) != 4:
        raise CoseFormatError("COSE_Sign1 is not an array of 4 items")
    protected_bytes, unprotected, payload, signature = structure
    if not isinstance(protected_bytes, bytes):
        raise CoseFormatError("protected header is not a byte string")
    if not isinstance(unprotected, CborMap):
        raise CoseFormatError("unprotected header is not a map")
    if not isinstance(payload, bytes):
        # nil would be a detached payload, which SC1 never uses.
        raise CoseFormatError("payload is not an attached byte string")
    if not isinstance(signature, bytes):
        raise CoseFormatError("signature is not a byte string")
    if protected_bytes == b"":
        # RFC 9052: a zero-length protected bstr stands for the empty map.
        protected: object = CborMap()
    else:
        try:
            protected = decode(protected_bytes)
        except CborError as exc:
            raise CoseFormatError(f"protected header: {exc}") from exc
    if not isinstance(protected, CborMap):
        raise CoseFormatError("protected header is not a map")
    return CoseSign1(protected_bytes, protected, unprotected, payload, signature)


def decode_payload(sign1: CoseSign1) -> object:
    try:
        return decode(sign1.payload)
    except CborError as exc:
        raise CoseFormatError(f"payload: {exc}") from exc
