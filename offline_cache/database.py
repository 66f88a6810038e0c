"""The kiosk's local SQLite file: one connection, WAL, schema by version.

Every write the resident is told about is committed here first (synchronous
FULL), so a power cut or a kill -9 right after "saved" loses nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Each entry upgrades the schema by one version; never edit a shipped entry.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        sealed_payload BLOB,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT,
        response_json TEXT,
        created_at REAL NOT NULL,
        delivered_at REAL
    );
    CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
    CREATE TABLE submissions (
        submission_ref TEXT PRIMARY KEY,
        item_code TEXT NOT NULL,
        check_code TEXT NOT NULL,
        outbox_key TEXT NOT NULL REFERENCES outbox(idempotency_key),
        created_at REAL NOT NULL
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE catalog_snapshot (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        body BLOB NOT NULL,
        etag TEXT,
        signature TEXT NOT NULL,
        version TEXT NOT NULL,
        fetched_at REAL NOT NULL
    );
    CREATE TABLE sync_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # Platform answers can carry personal data (an issued certificate): seal them too.
    """
    ALTER TABLE outbox ADD COLUMN sealed_response BLOB;
    """,
    # Suishen code trust data (accepted signed documents, replayed on start) and
    # the replay memory of accepted dynamic-code proofs, which must survive a restart.
    """
    CREATE TABLE suishen_trust_documents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        seq TEXT NOT NULL,
        document BLOB NOT NULL,
        stored_at REAL NOT NULL
    );
    CREATE INDEX suishen_trust_documents_by_kind ON suishen_trust_documents(kind, id);
    CREATE TABLE suishen_replay (
        sid BLOB NOT NULL,
        t INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        keep_until INTEGER NOT NULL,
        PRIMARY KEY (sid, t, nonce)
    ) WITHOUT ROWID;
    CREATE INDEX suishen_replay_by_keep_until ON suishen_replay(keep_until);
    """,
]


class CacheDatabase:
    """A thread-safe handle on the kiosk's SQLite file.

    One connection guarded by a lock: the kiosk has one UI thread and one
    sync thread, far below where a connection pool would pay off.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=10.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA secure_delete=ON")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in script.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version={number}")
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one IMMEDIATE transaction; commit on success."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def next_counter(self, conn: sqlite3.Connection, name: str) -> int:
        """Increment and return a named counter inside the caller's transaction."""
        conn.execute(
            "INSERT INTO counters(name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (name,),
        )
        return conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0]

    def get_state(self, name: str) -> str | None:
        rows = self.query("SELECT value FROM sync_state WHERE name = ?", (name,))
        return rows[0]["value"] if rows else None

    def set_state(self, name: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_state(name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
