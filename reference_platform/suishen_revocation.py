"""The revocation list the anchor signs, its history and its deltas (spec section 6).

Every change (a rid added, an expired one dropped) and every refresh is a
new full list under the next seq. The events table records which rids
each seq added and removed, so the platform can answer "what changed since
seq b" with a delta for any b it published.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from .database import Database
from .settings import PlatformSettings
from .suishen_keys import Sm2SigningKey
from .suishen_trust import (
    REVOCATION,
    TrustDocument,
    anchor_signed,
    latest_document,
    next_seq,
    store_document,
)

# A revoked rid is dropped once its credential has been expired this long:
# verifiers check expiry before revocation, and the day covers kiosk clocks
# that run behind.
PRUNE_AFTER_EXPIRY_S = 24 * 3600


def rids_at(conn: sqlite3.Connection, seq: int) -> set[bytes]:
    """The rids the full list of `seq` held, replayed from the events."""
    listed: set[bytes] = set()
    for row in conn.execute(
        "SELECT rid, op FROM suishen_revocation_events WHERE seq <= ? ORDER BY seq", (seq,)
    ):
        rid = bytes(row["rid"])
        if row["op"] == "+":
            listed.add(rid)
        else:
            listed.discard(rid)
    return listed


class RevocationLedger:
    """Revoked rids in the database and the documents that publish them."""

    def __init__(self, db: Database, anchor: Sm2SigningKey, settings: PlatformSettings) -> None:
        self.db = db
        self.anchor = anchor
        self.settings = settings

    def publish(
        self, conn: sqlite3.Connection, now: int, add: Mapping[bytes, int | None] | None = None
    ) -> TrustDocument:
        """Add rids (rid -> its credential's exp, None if unknown), drop expired ones, sign."""
        seq = next_seq(conn, REVOCATION)
        for rid, credential_exp in (add or {}).items():
            conn.execute("INSERT INTO suishen_revoked VALUES (?, ?)", (rid, credential_exp))
            conn.execute("INSERT INTO suishen_revocation_events VALUES (?, ?, '+')", (seq, rid))
        expired = conn.execute(
            "SELECT rid FROM suishen_revoked WHERE credential_exp < ?",
            (now - PRUNE_AFTER_EXPIRY_S,),
        ).fetchall()
        for row in expired:
            conn.execute("DELETE FROM suishen_revoked WHERE rid = ?", (row["rid"],))
            conn.execute(
                "INSERT INTO suishen_revocation_events VALUES (?, ?, '-')", (seq, row["rid"])
            )
        rids = sorted(bytes(r["rid"]) for r in conn.execute("SELECT rid FROM suishen_revoked"))
        exp = now + self.settings.revocation_list_validity_s
        body = anchor_signed(self.anchor, {"seq": seq, "iat": now, "exp": exp, "rids": rids})
        document = TrustDocument(REVOCATION, seq, now, exp, body)
        store_document(conn, document)
        return document

    def revoke(
        self, conn: sqlite3.Connection, now: int, rids: Mapping[bytes, int | None]
    ) -> TrustDocument | None:
        """Publish a list with the rids not yet listed; None if all already were."""
        new = {
            rid: exp
            for rid, exp in rids.items()
            if conn.execute("SELECT 1 FROM suishen_revoked WHERE rid = ?", (rid,)).fetchone()
            is None
        }
        return self.publish(conn, now, new) if new else None

    def is_revoked(self, conn: sqlite3.Connection, rid: bytes) -> bool:
        return (
            conn.execute("SELECT 1 FROM suishen_revoked WHERE rid = ?", (rid,)).fetchone()
            is not None
        )

    def current(self, now: int) -> TrustDocument:
        """The full list to serve, republished first if it is due."""
        with self.db.read() as conn:
            document = latest_document(conn, REVOCATION)
        if document is not None and not document.is_due(now, self.anchor.kid):
            return document
        with self.db.write() as conn:
            document = latest_document(conn, REVOCATION)
            if document is None or document.is_due(now, self.anchor.kid):
                document = self.publish(conn, now)
        return document

    def since(self, base: int, now: int) -> TrustDocument:
        """A delta from `base` to the current list, or the full list if there is none.

        There is none when `base` is not a seq this platform published, or
        is the current seq itself (a delta must advance the seq).
        """
        current = self.current(now)
        if base >= current.seq:
            return current
        with self.db.read() as conn:
            published = conn.execute(
                "SELECT 1 FROM suishen_documents WHERE kind = ? AND seq = ?", (REVOCATION, base)
            ).fetchone()
            if published is None:
                return current
            cached = conn.execute(
                "SELECT document FROM suishen_revocation_deltas WHERE base = ? AND seq = ?",
                (base, current.seq),
            ).fetchone()
        if cached is not None:
            return TrustDocument(
                REVOCATION, current.seq, current.iat, current.exp, bytes(cached["document"]), base
            )
        with self.db.write() as conn:
            # Signed at most once per (base, seq): later requests get the same bytes.
            cached = conn.execute(
                "SELECT document FROM suishen_revocation_deltas WHERE base = ? AND seq = ?",
                (base, current.seq),
            ).fetchone()
            if cached is not None:
                body = bytes(cached["document"])
            else:
                before, after = rids_at(conn, base), rids_at(conn, current.seq)
                body = anchor_signed(
                    self.anchor,
                    {
                        "seq": current.seq,
                        "iat": current.iat,
                        "exp": current.exp,
                        "base": base,
                        "add": sorted(after - before),
                        "del": sorted(before - after),
                    },
                )
                conn.execute(
                    "INSERT INTO suishen_revocation_deltas VALUES (?, ?, ?)",
                    (base, current.seq, body),
                )
        return TrustDocument(REVOCATION, current.seq, current.iat, current.exp, body, base)
