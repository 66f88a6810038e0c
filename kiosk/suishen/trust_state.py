"""What trust data the kiosk holds, and the section 6 rules for taking in a new document.

`TrustState` is an immutable snapshot handed to the verifier; `TrustStore`
owns the current snapshot, applies documents from sync one at a time and,
when given an archive, keeps the accepted documents so a restart rebuilds
the same state (revocation deltas are replayed on top of their full list).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from kiosk.suishen.results import TrustUpdateOutcome
from kiosk.suishen.trust_documents import (
    FullRevocationList,
    RevocationDelta,
    TrustAnchor,
    TrustDocumentKind,
    TrustDocumentRefused,
    TrustList,
    parse_revocation_document,
    parse_trust_list,
)


@dataclass(frozen=True)
class HeldTrustList:
    trust_list: TrustList
    document: bytes  # the accepted bytes, for the "same seq, identical bytes" rule

    @property
    def seq(self) -> int:
        return self.trust_list.seq


@dataclass(frozen=True)
class HeldRevocations:
    """A full revocation list with every delta applied so far."""

    seq: int
    iat: int
    exp: int
    rids: frozenset[bytes]
    document: bytes  # the last accepted document (a delta once one was applied)


@dataclass(frozen=True)
class TrustState:
    trust: HeldTrustList | None = None
    revocations: HeldRevocations | None = None

    @property
    def trust_list(self) -> TrustList | None:
        return self.trust.trust_list if self.trust else None

    def is_fresh(self, now: int) -> bool:
        """Both documents held and neither past its exp (inclusive): SC1 check 1."""
        return (
            self.trust is not None
            and self.revocations is not None
            and now <= self.trust.trust_list.exp
            and now <= self.revocations.exp
        )


class TrustDocumentArchive(Protocol):
    """Durable storage of accepted documents; offline_cache.trust_store implements it."""

    def store(self, kind: str, seq: int, document: bytes, starts_chain: bool) -> None:
        """Append document; starts_chain=True first drops every stored document of kind."""
        ...

    def load(self, kind: str) -> list[bytes]:
        """The stored documents of kind, oldest first."""
        ...


@dataclass(frozen=True)
class _Change:
    """An accepted document's effect, applied only once it is safely stored."""

    state: TrustState
    seq: int
    starts_chain: bool  # a full document replaces every stored one of its kind


def _seq_outcome(
    new_seq: int, new_document: bytes, held_seq: int, held_document: bytes
) -> TrustUpdateOutcome | None:
    """Rollback, unchanged or conflict for a document against the held one; None to go on."""
    if new_seq < held_seq:
        return TrustUpdateOutcome.REFUSED_ROLLBACK
    if new_seq == held_seq:
        if new_document == held_document:
            return TrustUpdateOutcome.UNCHANGED
        return TrustUpdateOutcome.REFUSED_CONFLICT
    return None


class TrustStore:
    """The kiosk's trust data: applies documents by the rules of SC1 section 6."""

    def __init__(self, anchor_spki: bytes, archive: TrustDocumentArchive | None = None) -> None:
        try:
            self._anchor: TrustAnchor | None = TrustAnchor(anchor_spki)
        except ValueError:
            # A misconfigured anchor refuses everything; verification then
            # reports STALE_TRUST_DATA instead of the kiosk failing to start.
            self._anchor = None
        self._lock = threading.Lock()
        self._state = TrustState()
        self._archive = archive
        if archive is not None:
            self._restore(archive)

    @property
    def state(self) -> TrustState:
        return self._state

    @property
    def anchor_is_usable(self) -> bool:
        return self._anchor is not None

    def apply(self, kind: TrustDocumentKind | str, document: bytes) -> TrustUpdateOutcome:
        """Offer one document received by sync; the held state changes only on ACCEPTED."""
        return self._apply(TrustDocumentKind(kind), bytes(document), persist=True)

    def _restore(self, archive: TrustDocumentArchive) -> None:
        for kind in TrustDocumentKind:
            for document in archive.load(kind.value):
                self._apply(kind, document, persist=False)

    def _apply(self, kind: TrustDocumentKind, document: bytes, persist: bool) -> TrustUpdateOutcome:
        with self._lock:
            if self._anchor is None:
                return TrustUpdateOutcome.REFUSED_SIGNATURE
            try:
                payload = self._anchor.open(document)
                if kind is TrustDocumentKind.TRUST_LIST:
                    change = self._take_trust_list(parse_trust_list(payload), document)
                else:
                    change = self._take_revocations(parse_revocation_document(payload), document)
            except TrustDocumentRefused as refused:
                return refused.outcome
            if isinstance(change, TrustUpdateOutcome):
                return change
            # Written before it is used, so a restart never forgets what was relied on.
            if persist and self._archive is not None:
                self._archive.store(kind.value, change.seq, document, change.starts_chain)
            self._state = change.state
            return TrustUpdateOutcome.ACCEPTED

    def _take_trust_list(
        self, trust_list: TrustList, document: bytes
    ) -> _Change | TrustUpdateOutcome:
        held = self._state.trust
        if held is not None:
            outcome = _seq_outcome(trust_list.seq, document, held.seq, held.document)
            if outcome is not None:
                return outcome
        state = TrustState(HeldTrustList(trust_list, document), self._state.revocations)
        return _Change(state, trust_list.seq, starts_chain=True)

    def _take_revocations(
        self, revocation: FullRevocationList | RevocationDelta, document: bytes
    ) -> _Change | TrustUpdateOutcome:
        held = self._state.revocations
        if held is not None:
            outcome = _seq_outcome(revocation.seq, document, held.seq, held.document)
            if outcome is not None:
                return outcome
        if isinstance(revocation, FullRevocationList):
            rids = frozenset(revocation.rids)
            starts_chain = True
        else:
            if held is None or revocation.base != held.seq:
                return TrustUpdateOutcome.REFUSED_WRONG_BASE
            rids = (held.rids - frozenset(revocation.delete)) | frozenset(revocation.add)
            starts_chain = False
        updated = HeldRevocations(revocation.seq, revocation.iat, revocation.exp, rids, document)
        return _Change(TrustState(self._state.trust, updated), revocation.seq, starts_chain)
