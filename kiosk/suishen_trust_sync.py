"""Keeps the Suishen trust data (issuer keys, revocations) current from the platform.

Documents are trusted only by their trust-anchor signature (kiosk.suishen
decides); this module only fetches, and remembers when it last could, so a
technician can see how old the kiosk's trust data is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.platform_client import PlatformClient, PlatformRejected, PlatformUnavailable
from kiosk.suishen import TrustDocumentKind, TrustStore, TrustUpdateOutcome
from offline_cache.database import CacheDatabase

log = logging.getLogger(__name__)

TRUST_LIST_PATH = "/api/v1/suishen/trust-list"
REVOCATIONS_PATH = "/api/v1/suishen/revocations"
_LAST_SYNC = "suishen_last_sync"


@dataclass(frozen=True)
class TrustDataAge:
    """What a technician reads: how old the data is and until when it serves."""

    last_sync_at: float | None
    trust_list_seq: int | None
    trust_list_exp: int | None
    revocations_seq: int | None
    revocations_exp: int | None

    def fresh(self, now: int) -> bool:
        return (
            self.trust_list_exp is not None
            and self.revocations_exp is not None
            and now <= min(self.trust_list_exp, self.revocations_exp)
        )


class SuishenTrustSync:
    def __init__(
        self,
        store: TrustStore,
        client: PlatformClient,
        db: CacheDatabase,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._client = client
        self._db = db
        self._clock = clock

    def refresh(self) -> dict[TrustDocumentKind, TrustUpdateOutcome | None]:
        """Fetch both documents (None for one that was unchanged or unreachable)."""
        outcomes: dict[TrustDocumentKind, TrustUpdateOutcome | None] = {}
        held = self._store.state.revocations
        fetched_all = True
        for kind, path, params in (
            (TrustDocumentKind.TRUST_LIST, TRUST_LIST_PATH, None),
            # Ask for a delta on top of what is held; the platform may answer a full list.
            (TrustDocumentKind.REVOCATION_LIST, REVOCATIONS_PATH, {"since": held.seq} if held else None),
        ):
            etag_key = f"suishen_etag_{kind.value}"
            try:
                download = self._client.fetch_document(path, self._db.get_state(etag_key), params)
            except (PlatformUnavailable, PlatformRejected) as exc:
                log.info("Suishen %s not refreshed: %s", kind.value, exc)
                outcomes[kind] = None
                fetched_all = False
                continue
            if download is None:
                outcomes[kind] = None
                continue
            outcome = self._store.apply(kind, download.body)
            outcomes[kind] = outcome
            if outcome in (TrustUpdateOutcome.ACCEPTED, TrustUpdateOutcome.UNCHANGED):
                if download.etag:
                    self._db.set_state(etag_key, download.etag)
            else:
                # The kiosk keeps what it had; the next pass asks afresh, not by ETag.
                log.error("Suishen %s refused: %s", kind.value, outcome.value)
        if fetched_all:
            self._db.set_state(_LAST_SYNC, str(self._clock()))
        return outcomes

    def age(self) -> TrustDataAge:
        state = self._store.state
        last = self._db.get_state(_LAST_SYNC)
        return TrustDataAge(
            last_sync_at=float(last) if last else None,
            trust_list_seq=state.trust.seq if state.trust else None,
            trust_list_exp=state.trust.trust_list.exp if state.trust else None,
            revocations_seq=state.revocations.seq if state.revocations else None,
            revocations_exp=state.revocations.exp if state.revocations else None,
        )
