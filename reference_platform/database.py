"""The platform's SQLite database: schema and connection handling.

Each unit of work opens its own connection, so request handlers running
concurrently in uvicorn's threadpool never share one. WAL lets readers
proceed while a writer commits; writers serialise on BEGIN IMMEDIATE,
which is what makes the daily application sequence and idempotency
look-ups race-free.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .seed import SeedResident

DB_FILE_NAME = "platform.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS residents (
    id_number     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    category      TEXT NOT NULL,
    records_json  TEXT NOT NULL,
    licences_json TEXT NOT NULL,
    history_json  TEXT NOT NULL,
    -- From the ID card (seed "sex", "ethnicity", "id_card.address"); added
    -- after the first release, so older databases gain them by ALTER TABLE.
    sex           TEXT NOT NULL DEFAULT '',
    ethnicity     TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT ''
);
-- Values residents gave in applications here; layered over the seed history.
CREATE TABLE IF NOT EXISTS resident_history (
    id_number  TEXT NOT NULL,
    field_key  TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (id_number, field_key)
);
-- Only a hash of each token is kept: a copy of the database grants nothing.
CREATE TABLE IF NOT EXISTS consents (
    token_hash TEXT PRIMARY KEY,
    id_number  TEXT NOT NULL,
    kiosk_id   TEXT NOT NULL,
    method     TEXT NOT NULL,
    scope_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS idempotency (
    key               TEXT PRIMARY KEY,
    endpoint          TEXT NOT NULL,
    kiosk_id          TEXT NOT NULL,
    request_canonical TEXT NOT NULL,
    status_code       INTEGER NOT NULL,
    response_body     BLOB NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS daily_sequence (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS applications (
    application_no      TEXT PRIMARY KEY,
    submission_ref      TEXT NOT NULL UNIQUE,
    check_code          TEXT NOT NULL,
    item_code           TEXT NOT NULL,
    -- Kept so the status page stays right after the catalog changes.
    item_name_json      TEXT NOT NULL,
    kiosk_id            TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL,
    applicant_name      TEXT NOT NULL,
    form_json           TEXT NOT NULL,
    prefill_ratio       REAL,
    submitted_at        TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    status              TEXT NOT NULL,
    idempotency_key     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS application_materials (
    id             INTEGER PRIMARY KEY,
    application_no TEXT NOT NULL REFERENCES applications(application_no),
    code           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL
);
-- Certificate numbers (ZM...) count on their own, apart from SH... numbers.
CREATE TABLE IF NOT EXISTS document_sequence (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
-- Certificates issued with applications (at most one each). document_json
-- is exactly the `document` of the 201 body, so verification shows what
-- was printed.
CREATE TABLE IF NOT EXISTS documents (
    document_no    TEXT PRIMARY KEY,
    submission_ref TEXT NOT NULL UNIQUE REFERENCES applications(submission_ref),
    verify_code    TEXT NOT NULL,
    document_json  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ratings (
    rating_id      INTEGER PRIMARY KEY,
    kiosk_id       TEXT NOT NULL,
    item_code      TEXT,
    submission_ref TEXT,
    grade          INTEGER NOT NULL,
    reasons_json   TEXT NOT NULL,
    comment        TEXT NOT NULL,
    rated_at       TEXT NOT NULL,
    received_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    report_id   INTEGER PRIMARY KEY,
    kiosk_id    TEXT NOT NULL,
    item_code   TEXT,
    step        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeats (
    id           INTEGER PRIMARY KEY,
    kiosk_id     TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS heartbeats_by_kiosk ON heartbeats (kiosk_id, id);
-- Suishen codes (shared/specs/suishen-code-v1.md). Issuer private keys sit
-- here beside the residents' records, in the owner-only data_dir.
CREATE TABLE IF NOT EXISTS suishen_issuer_keys (
    id          INTEGER PRIMARY KEY,
    alg         INTEGER NOT NULL,
    private_key BLOB NOT NULL,
    nbf         INTEGER NOT NULL,
    exp         INTEGER NOT NULL,
    -- NULL: the key may issue every category.
    cats_json   TEXT
);
-- Every trust list and full revocation list ever published, by kind and seq.
CREATE TABLE IF NOT EXISTS suishen_documents (
    kind     TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    iat      INTEGER NOT NULL,
    exp      INTEGER NOT NULL,
    document BLOB NOT NULL,
    PRIMARY KEY (kind, seq)
);
-- Signed once per (base, seq), so a repeated request gets identical bytes.
CREATE TABLE IF NOT EXISTS suishen_revocation_deltas (
    base     INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    document BLOB NOT NULL,
    PRIMARY KEY (base, seq)
);
-- The revocation list's history: op '+' adds the rid at seq, '-' removes it.
CREATE TABLE IF NOT EXISTS suishen_revocation_events (
    seq INTEGER NOT NULL,
    rid BLOB NOT NULL,
    op  TEXT NOT NULL CHECK (op IN ('+', '-')),
    PRIMARY KEY (seq, rid)
);
-- The rids listed now; credential_exp (when known) lets expired ones be dropped.
CREATE TABLE IF NOT EXISTS suishen_revoked (
    rid            BLOB PRIMARY KEY,
    credential_exp INTEGER
);
-- One pseudonymous subject id per resident, the same in all their codes.
CREATE TABLE IF NOT EXISTS suishen_subjects (
    id_number TEXT PRIMARY KEY,
    sid       BLOB NOT NULL UNIQUE
);
-- The demo plays the resident's phone: its device key per resident and algorithm.
CREATE TABLE IF NOT EXISTS suishen_holder_keys (
    id_number   TEXT NOT NULL,
    alg         INTEGER NOT NULL,
    private_key BLOB NOT NULL,
    PRIMARY KEY (id_number, alg)
);
-- Every credential issued; kind 'issued' for real ones, 'demo' for test codes.
CREATE TABLE IF NOT EXISTS suishen_credentials (
    rid       BLOB PRIMARY KEY,
    id_number TEXT NOT NULL,
    profile   TEXT NOT NULL,
    alg       INTEGER NOT NULL,
    kid       BLOB NOT NULL,
    iat       INTEGER NOT NULL,
    exp       INTEGER NOT NULL,
    kind      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS suishen_credentials_by_resident
    ON suishen_credentials (id_number, profile, kind);
-- Face checks, for the audit and the lockout: who was checked, at which
-- kiosk, the verdict and score. The pictures themselves are never stored.
CREATE TABLE IF NOT EXISTS face_checks (
    id         INTEGER PRIMARY KEY,
    id_number  TEXT NOT NULL,
    kiosk_id   TEXT NOT NULL,
    result     TEXT NOT NULL,
    score      REAL,
    checked_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS face_checks_by_resident ON face_checks (id_number, id);
-- Phone proofs that already gave a consent: a screenshot must not give another.
CREATE TABLE IF NOT EXISTS suishen_used_proofs (
    sid       BLOB NOT NULL,
    step      INTEGER NOT NULL,
    nonce     BLOB NOT NULL,
    used_at   INTEGER NOT NULL,
    PRIMARY KEY (sid, step, nonce)
);
-- Kiosk device enrolment (reference_platform/devices.py). Codes are kept as
-- hashes only, like consent tokens: a copy of the database enrols nobody.
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash  TEXT PRIMARY KEY,
    kiosk_id   TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    device_id  TEXT
);
CREATE TABLE IF NOT EXISTS devices (
    device_id     TEXT PRIMARY KEY,
    kiosk_id      TEXT NOT NULL,
    alg           TEXT NOT NULL,
    -- A key is enrolled once, ever: a revoked device's key never comes back.
    public_key    BLOB NOT NULL UNIQUE,
    location      TEXT NOT NULL,
    hardware_json TEXT NOT NULL,
    enrolled_at   INTEGER NOT NULL,
    revoked_at    INTEGER
);
CREATE INDEX IF NOT EXISTS devices_by_kiosk ON devices (kiosk_id);
-- Nonces of signed requests, kept for the timestamp window so none is replayed.
CREATE TABLE IF NOT EXISTS device_nonces (
    device_id TEXT NOT NULL,
    nonce     TEXT NOT NULL,
    seen_at   INTEGER NOT NULL,
    PRIMARY KEY (device_id, nonce)
);
CREATE INDEX IF NOT EXISTS device_nonces_by_age ON device_nonces (seen_at);
-- Remote virtual window (docs/remote-window.md). Passwords as salted scrypt
-- hashes and session tokens as SHA-256 hashes: a copy of the database signs
-- nobody in.
CREATE TABLE IF NOT EXISTS clerks (
    clerk_id        TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    staff_number    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
    skills_json     TEXT NOT NULL,
    languages_json  TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
);
CREATE TABLE IF NOT EXISTS clerk_sessions (
    token_hash TEXT PRIMARY KEY,
    clerk_id   TEXT NOT NULL REFERENCES clerks(clerk_id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE TABLE IF NOT EXISTS calls (
    call_id          TEXT PRIMARY KEY,
    request_id       TEXT NOT NULL,
    kiosk_id         TEXT NOT NULL,
    clerk_id         TEXT NOT NULL,
    clerk_name       TEXT NOT NULL,
    skill            TEXT NOT NULL,
    language         TEXT NOT NULL,
    service_code     TEXT NOT NULL,
    service_title    TEXT NOT NULL,
    requested_at     TEXT NOT NULL,
    answered_at      TEXT NOT NULL,
    ended_at         TEXT,
    ended_by         TEXT,
    wait_s           REAL NOT NULL,
    recording_ref    TEXT NOT NULL,
    recording_sm3    TEXT,
    recording_sha256 TEXT,
    recording_json   TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_clerk ON calls (clerk_id, answered_at);
-- Append-only: what happened in each call, who did it, and why.
CREATE TABLE IF NOT EXISTS call_audit (
    id           INTEGER PRIMARY KEY,
    call_id      TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    event        TEXT NOT NULL,
    details_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_audit_by_call ON call_audit (call_id, id);
CREATE TABLE IF NOT EXISTS remote_acceptances (
    acceptance_id  TEXT PRIMARY KEY,
    call_id        TEXT NOT NULL REFERENCES calls(call_id),
    submission_ref TEXT NOT NULL,
    clerk_id       TEXT NOT NULL,
    asked_at       TEXT NOT NULL,
    -- NULL until the resident answers; then 1 agreed, 0 refused.
    agreed         INTEGER,
    answered_at    TEXT
);
-- The phone number is sealed (AES-GCM, key in data_dir); only the masked form is shown.
CREATE TABLE IF NOT EXISTS callback_requests (
    callback_id   INTEGER PRIMARY KEY,
    request_id    TEXT NOT NULL UNIQUE,
    kiosk_id      TEXT NOT NULL,
    skill         TEXT NOT NULL,
    language      TEXT NOT NULL,
    service_code  TEXT NOT NULL,
    service_title TEXT NOT NULL,
    phone_sealed  BLOB NOT NULL,
    phone_masked  TEXT NOT NULL,
    requested_at  TEXT NOT NULL
);
"""


# Columns added to existing tables after the first release: (table, column, definition).
_ADDED_COLUMNS = (
    ("residents", "sex", "TEXT NOT NULL DEFAULT ''"),
    ("residents", "ethnicity", "TEXT NOT NULL DEFAULT ''"),
    ("residents", "address", "TEXT NOT NULL DEFAULT ''"),
    ("ratings", "call_id", "TEXT"),
    ("applications", "accepted_by", "TEXT"),
    ("applications", "accepted_at", "TEXT"),
    ("applications", "call_id", "TEXT"),
    ("applications", "recording_ref", "TEXT"),
)


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a database created by an older release up to _SCHEMA.

    CREATE TABLE IF NOT EXISTS leaves an existing table as it was; the seed
    reload at every start then fills the new columns.
    """
    for table, column, definition in _ADDED_COLUMNS:
        present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


class Database:
    """Opens short-lived connections to one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            # journal_mode is persistent in the file, so setting it once suffices.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            _add_missing_columns(conn)
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are explicit, never implicit.
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        # FULL (not NORMAL) so a committed write survives power loss before
        # the resident is told it was received.
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction that commits on success and rolls back on any exception."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def load_residents(self, residents: Iterable[SeedResident]) -> None:
        """Replace the seed part of each resident; learned history is kept."""
        with self.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO residents (id_number, name, birth_date, category,"
                " records_json, licences_json, history_json, sex, ethnicity, address)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.id_number,
                        r.name,
                        r.birth_date.isoformat(),
                        r.category.value,
                        json.dumps(r.records, ensure_ascii=False),
                        json.dumps([lic.model_dump() for lic in r.licences], ensure_ascii=False),
                        json.dumps(r.history, ensure_ascii=False),
                        r.sex,
                        r.ethnicity,
                        r.id_card.address,
                    )
                    for r in residents
                ],
            )
