"""SQLite storage for Suishen code trust data and the replay memory of accepted proofs.

Bytes and keys only: which documents to keep and what a proof means is
decided in kiosk.suishen; this layer makes it durable. Documents are
stored as received so that a restart re-verifies them under the anchor
instead of trusting a parsed copy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from offline_cache.database import CacheDatabase


@dataclass(frozen=True)
class StoredTrustDocument:
    kind: str
    seq: int
    document: bytes


class SqliteTrustDocumentArchive:
    """Accepted trust documents per kind: a full document, then any deltas applied on it."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def store(self, kind: str, seq: int, document: bytes, starts_chain: bool) -> None:
        with self._db.transaction() as conn:
            if starts_chain:
                conn.execute("DELETE FROM suishen_trust_documents WHERE kind = ?", (kind,))
            # seq as decimal text: a CBOR int can exceed SQLite's 64-bit INTEGER.
            conn.execute(
                "INSERT INTO suishen_trust_documents(kind, seq, document, stored_at) "
                "VALUES (?, ?, ?, ?)",
                (kind, str(seq), bytes(document), time.time()),
            )

    def load(self, kind: str) -> list[bytes]:
        return [stored.document for stored in self.documents(kind)]

    def documents(self, kind: str) -> list[StoredTrustDocument]:
        rows = self._db.query(
            "SELECT kind, seq, document FROM suishen_trust_documents WHERE kind = ? ORDER BY id",
            (kind,),
        )
        return [
            StoredTrustDocument(row["kind"], int(row["seq"]), bytes(row["document"]))
            for row in rows
        ]


class SqliteReplayMemory:
    """Accepted proofs keyed on (sid, t, nonce), each kept until its keep_until has passed."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def contains(self, sid: bytes, t: int, nonce: bytes) -> bool:
        rows = self._db.query(
            "SELECT 1 FROM suishen_replay WHERE sid = ? AND t = ? AND nonce = ?",
            (bytes(sid), t, bytes(nonce)),
        )
        return bool(rows)

    def remember(self, sid: bytes, t: int, nonce: bytes, keep_until: int, now: int) -> None:
        # Committed before the caller reports VALID, so a crash cannot forget an accepted proof.
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM suishen_replay WHERE keep_until < ?", (now,))
            conn.execute(
                "INSERT INTO suishen_replay(sid, t, nonce, keep_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(sid, t, nonce) DO UPDATE SET "
                "keep_until = max(keep_until, excluded.keep_until)",
                (bytes(sid), t, bytes(nonce), keep_until),
            )

    def prune(self, now: int) -> int:
        """Drop entries whose window closed; returns how many were dropped."""
        with self._db.transaction() as conn:
            return conn.execute("DELETE FROM suishen_replay WHERE keep_until < ?", (now,)).rowcount

    def __len__(self) -> int:
        return self._db.query("SELECT count(*) FROM suishen_replay")[0][0]
