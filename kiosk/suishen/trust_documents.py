"""The two trust documents of SC1 section 6, opened under the installed trust anchor.

Opening checks the envelope (COSE_Sign1, untagged or 18, strict CBOR),
that the protected alg is the anchor's and that the anchor's signature
verifies; parsing then checks every field's presence and type. Any failure
refuses the whole document: a kiosk keeps what it had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.suishen.cbor import CborError, CborMap, decode
from kiosk.suishen.cose import CoseFormatError, decode_payload, parse_sign1, unwrap_sign1
from kiosk.suishen.results import TrustUpdateOutcome
from kiosk.suishen.signature_keys import VerifyingKey, load_verifying_key

KID_SIZE = 8
RID_SIZE = 8


class TrustDocumentKind(StrEnum):
    TRUST_LIST = "trust"
    REVOCATION_LIST = "revocation"


class TrustDocumentRefused(ValueError):
    """A trust document the kiosk must not use; `outcome` says why."""

    def __init__(self, outcome: TrustUpdateOutcome, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome


def _format_error(reason: str) -> TrustDocumentRefused:
    return TrustDocumentRefused(TrustUpdateOutcome.REFUSED_FORMAT, reason)


@dataclass(frozen=True)
class IssuerKeyEntry:
    kid: bytes  # as published; never recomputed from the SPKI
    alg: int
    spki: bytes
    nbf: int
    exp: int
    cats: frozenset[str] | None  # None: the key may issue every category
    # Parsed once when the list is accepted; None if the SPKI is no SM2 or P-256 key.
    key: VerifyingKey | None = field(compare=False, repr=False)


@dataclass(frozen=True)
class TrustList:
    seq: int
    iat: int
    exp: int
    entries: tuple[IssuerKeyEntry, ...]

    def entries_for(self, kid: bytes) -> tuple[IssuerKeyEntry, ...]:
        """Every entry publishing kid, in list order (several may share one)."""
        return tuple(entry for entry in self.entries if entry.kid == kid)


@dataclass(frozen=True)
class FullRevocationList:
    seq: int
    iat: int
    exp: int
    rids: tuple[bytes, ...]


@dataclass(frozen=True)
class RevocationDelta:
    seq: int
    iat: int
    exp: int
    base: int
    add: tuple[bytes, ...]
    delete: tuple[bytes, ...]


RevocationDocument = FullRevocationList | RevocationDelta


class TrustAnchor:
    """The installed anchor key (kiosk configuration, never fetched)."""

    def __init__(self, spki: bytes) -> None:
        key = load_verifying_key(spki)
        if key is None:
            raise ValueError("trust anchor SPKI is neither an SM2 nor a P-256 key")
        self.spki = spki
        self.key = key

    def open(self, document: bytes) -> CborMap:
        """The payload map of a document this anchor signed; raise TrustDocumentRefused otherwise."""
        try:
            sign1 = parse_sign1(unwrap_sign1(decode(document)))
            alg = sign1.protected_alg()
        except (CborError, CoseFormatError) as exc:
            raise _format_error(str(exc)) from exc
        if alg != self.key.algorithm:
            raise TrustDocumentRefused(
                TrustUpdateOutcome.REFUSED_SIGNATURE, "protected alg is not the anchor's"
            )
        if not self.key.verify(sign1.signature, sign1.to_be_signed()):
            raise TrustDocumentRefused(
                TrustUpdateOutcome.REFUSED_SIGNATURE, "anchor signature does not verify"
            )
        try:
            payload = decode_payload(sign1)
        except CoseFormatError as exc:
            raise _format_error(str(exc)) from exc
        if not isinstance(payload, CborMap):
            raise _format_error("payload is not a map")
        return payload


def _int(container: CborMap, key: str) -> int:
    value = container.get(key)
    if type(value) is not int:  # not bool, float or a tagged time
        raise _format_error(f'"{key}" missing or not an int')
    return value


def _bytes(container: CborMap, key: str, size: int | None = None) -> bytes:
    value = container.get(key)
    if not isinstance(value, bytes) or (size is not None and len(value) != size):
        raise _format_error(f'"{key}" missing or not bytes of the right length')
    return value


def _array(container: CborMap, key: str) -> list[object]:
    value = container.get(key)
    if not isinstance(value, list):
        raise _format_error(f'"{key}" missing or not an array')
    return value


def _rid_array(container: CborMap, key: str) -> tuple[bytes, ...]:
    rids = _array(container, key)
    for rid in rids:
        if not isinstance(rid, bytes) or len(rid) != RID_SIZE:
            raise _format_error(f'"{key}" holds something other than an 8-byte rid')
    typed = tuple(rids)  # type: ignore[arg-type]
    # Sorted ascending and unique: strictly increasing, bytewise.
    if any(earlier >= later for earlier, later in zip(typed, typed[1:], strict=False)):
        raise _format_error(f'"{key}" is not sorted ascending and unique')
    return typed


def _issuer_key_entry(value: object) -> IssuerKeyEntry:
    if not isinstance(value, CborMap):
        raise _format_error("a key entry is not a map")
    cats: frozenset[str] | None = None
    if "cats" in value:
        raw_cats = _array(value, "cats")
        if not all(isinstance(cat, str) for cat in raw_cats):
            raise _format_error('"cats" holds something other than text')
        cats = frozenset(raw_cats)  # type: ignore[arg-type]
    spki = _bytes(value, "spki")
    return IssuerKeyEntry(
        kid=_bytes(value, "kid", KID_SIZE),
        alg=_int(value, "alg"),
        spki=spki,
        nbf=_int(value, "nbf"),
        exp=_int(value, "exp"),
        cats=cats,
        key=load_verifying_key(spki),
    )


def parse_trust_list(payload: CborMap) -> TrustList:
    return TrustList(
        seq=_int(payload, "seq"),
        iat=_int(payload, "iat"),
        exp=_int(payload, "exp"),
        entries=tuple(_issuer_key_entry(entry) for entry in _array(payload, "keys")),
    )


_DELTA_FIELDS = ("base", "add", "del")


def parse_revocation_document(payload: CborMap) -> RevocationDocument:
    seq, iat, exp = _int(payload, "seq"), _int(payload, "iat"), _int(payload, "exp")
    has_rids = "rids" in payload
    delta_fields = [name for name in _DELTA_FIELDS if name in payload]
    if has_rids and delta_fields:
        raise _format_error('both "rids" and delta fields')
    if has_rids:
        return FullRevocationList(seq, iat, exp, _rid_array(payload, "rids"))
    if len(delta_fields) != len(_DELTA_FIELDS):
        raise _format_error('neither "rids" nor all of "base", "add", "del"')
    add, delete = _rid_array(payload, "add"), _rid_array(payload, "del")
    if set(add) & set(delete):
        raise _format_error('"add" and "del" share a rid')
    return RevocationDelta(seq, iat, exp, _int(payload, "base"), add, delete)
