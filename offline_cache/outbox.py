"""Records waiting to reach the platform.

A record is added in the same transaction as the local fact it reports
(a submission, a rating, a report), so the resident is only told "saved"
once both are on disk. Its payload is sealed while it waits and wiped once
the platform has it; the idempotency key makes every retry safe.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from offline_cache.database import CacheDatabase
from offline_cache.sealed_box import SealedBox


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    REJECTED = "rejected"  # the platform refused it for good; kept for the technician


@dataclass(frozen=True)
class OutboxRecord:
    idempotency_key: str
    kind: str
    endpoint: str
    state: OutboxState
    attempts: int
    next_attempt_at: float
    last_error: str | None
    response: dict | None
    created_at: float
    delivered_at: float | None


_COLUMNS = (
    "idempotency_key, kind, endpoint, state, attempts, next_attempt_at, "
    "last_error, response_json, sealed_response, created_at, delivered_at"
)


class Outbox:
    def __init__(
        self, db: CacheDatabase, box: SealedBox, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = db
        self._box = box
        self._clock = clock

    def _record(self, row: sqlite3.Row) -> OutboxRecord:
        response = None
        if row["sealed_response"] is not None:
            context = ("response:" + row["idempotency_key"]).encode()
            response = json.loads(self._box.open(row["sealed_response"], context))
        elif row["response_json"]:
            response = json.loads(row["response_json"])
        return OutboxRecord(
            idempotency_key=row["idempotency_key"],
            kind=row["kind"],
            endpoint=row["endpoint"],
            state=OutboxState(row["state"]),
            attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"],
            last_error=row["last_error"],
            response=response,
            created_at=row["created_at"],
            delivered_at=row["delivered_at"],
        )

    def add(
        self,
        conn: sqlite3.Connection,
        kind: str,
        endpoint: str,
        payload: dict,
        idempotency_key: str | None = None,
    ) -> str:
        """Queue a record inside the caller's open transaction; returns its key."""
        key = idempotency_key or uuid.uuid4().hex
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        now = self._clock()
        conn.execute(
            "INSERT INTO outbox(idempotency_key, kind, endpoint, sealed_payload, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (key, kind, endpoint, self._box.seal(body, key.encode()), now, now),
        )
        return key

    def enqueue(self, kind: str, endpoint: str, payload: dict) -> str:
        """Queue a record that has no local fact of its own to commit with."""
        with self._db.transaction() as conn:
            return self.add(conn, kind, endpoint, payload)

    def payload(self, key: str) -> dict:
        rows = self._db.query("SELECT sealed_payload FROM outbox WHERE idempotency_key = ?", (key,))
        if not rows or rows[0]["sealed_payload"] is None:
            raise KeyError(f"no payload held for outbox record {key}")
        return json.loads(self._box.open(rows[0]["sealed_payload"], key.encode()))

    def due(self, now: float | None = None, limit: int = 20) -> list[OutboxRecord]:
        moment = self._clock() if now is None else now
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY id LIMIT ?",
            (moment, limit),
        )
        return [self._record(row) for row in rows]

    def next_attempt_at(self) -> float | None:
        rows = self._db.query("SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'")
        return rows[0]["t"]

    def get(self, key: str) -> OutboxRecord | None:
        rows = self._db.query(f"SELECT {_COLUMNS} FROM outbox WHERE idempotency_key = ?", (key,))
        return self._record(rows[0]) if rows else None

    def records(self, state: OutboxState | None = None) -> list[OutboxRecord]:
        if state is None:
            rows = self._db.query(f"SELECT {_COLUMNS} FROM outbox ORDER BY id")
        else:
            rows = self._db.query(
                f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY id", (state.value,)
            )
        return [self._record(row) for row in rows]

    def pending_count(self) -> int:
        rows = self._db.query("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'")
        return rows[0]["n"]

    def mark_delivered(self, key: str, response: dict) -> None:
        """The platform has it: keep its answer (sealed), wipe the personal payload."""
        sealed = self._box.seal(
            json.dumps(response, ensure_ascii=False).encode(), ("response:" + key).encode()
        )
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'delivered', sealed_payload = NULL, "
                "sealed_response = ?, delivered_at = ?, attempts = attempts + 1, "
                "last_error = NULL WHERE idempotency_key = ? AND state = 'pending'",
                (sealed, self._clock(), key),
            )

    def redact_response(self, key: str, keep: tuple[str, ...]) -> None:
        """Drop all but `keep` from a stored answer (a certificate once printed)."""
        record = self.get(key)
        if record is None or record.response is None:
            return
        kept = {name: record.response[name] for name in keep if name in record.response}
        sealed = self._box.seal(json.dumps(kept, ensure_ascii=False).encode(), ("response:" + key).encode())
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET sealed_response = ? WHERE idempotency_key = ?", (sealed, key)
            )

    def mark_retry(self, key: str, error: str, next_attempt_at: float) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE idempotency_key = ? AND state = 'pending'",
                (error, next_attempt_at, key),
            )

    def mark_rejected(self, key: str, error: str, response: dict | None) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, "
                "response_json = ? WHERE idempotency_key = ? AND state = 'pending'",
                (error, json.dumps(response) if response is not None else None, key),
            )
