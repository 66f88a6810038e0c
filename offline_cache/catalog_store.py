"""The last good service catalog, kept so the kiosk works offline.

Stored as the exact bytes the platform signed, with the signature, so the
copy is verified again every time it is loaded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from offline_cache.database import CacheDatabase


@dataclass(frozen=True)
class CatalogSnapshot:
    body: bytes
    etag: str | None
    signature: str
    version: str
    fetched_at: float


class CatalogStore:
    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def load(self) -> CatalogSnapshot | None:
        rows = self._db.query(
            "SELECT body, etag, signature, version, fetched_at FROM catalog_snapshot WHERE slot = 1"
        )
        if not rows:
            return None
        row = rows[0]
        body = row["body"]
        # A damaged or hand-edited row may come back as text; the signature check decides.
        body = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else bytes(body)
        return CatalogSnapshot(body, row["etag"], row["signature"], row["version"], row["fetched_at"])

    def save(self, body: bytes, etag: str | None, signature: str, version: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO catalog_snapshot(slot, body, etag, signature, version, fetched_at) "
                "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(slot) DO UPDATE SET body = excluded.body, "
                "etag = excluded.etag, signature = excluded.signature, "
                "version = excluded.version, fetched_at = excluded.fetched_at",
                (body, etag, signature, version, time.time()),
            )

    def touch(self) -> None:
        """Record that the platform confirmed the copy is current (a 304)."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE catalog_snapshot SET fetched_at = ? WHERE slot = 1", (time.time(),))
