"""Remote-window calls as records: the calls table, the audit log, acceptances, call-backs."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .applications import accept_remotely
from .database import Database
from .errors import ApiError

CALLBACK_KEY_FILE = "callback_seal.key"


class AuditEvent:
    """The `event` values of the audit log."""

    call_started = "call_started"
    guide = "guide"
    fill_answer = "fill_answer"
    reveal = "reveal"
    revealed = "revealed"
    document_camera = "document_camera"
    consent_asked = "consent_asked"
    consent_given = "consent_given"
    consent_refused = "consent_refused"
    acceptance_stored = "acceptance_stored"
    recording_sealed = "recording_sealed"
    hangup = "hangup"
    peer_lost = "peer_lost"
    peer_resumed = "peer_resumed"


def recording_ref_for(call_id: str) -> str:
    return f"rec-{call_id}"


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; anything short is masked whole."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


@dataclass(frozen=True)
class NewCall:
    call_id: str
    request_id: str
    kiosk_id: str
    clerk_id: str
    clerk_name: str
    skill: str
    language: str
    service_code: str
    service_title: str
    requested_at: datetime
    answered_at: datetime
    wait_s: float


def _load_or_create_key(data_dir: Path) -> bytes:
    path = data_dir / CALLBACK_KEY_FILE
    if path.exists():
        return path.read_bytes()
    key = AESGCM.generate_key(bit_length=256)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


class CallRecords:
    """Everything the platform keeps about remote-window calls."""

    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db = db
        self._seal = AESGCM(_load_or_create_key(data_dir))

    # -- calls ------------------------------------------------------------------

    def start(self, call: NewCall) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO calls (call_id, request_id, kiosk_id, clerk_id, clerk_name, skill,"
                " language, service_code, service_title, requested_at, answered_at, wait_s,"
                " recording_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    call.call_id,
                    call.request_id,
                    call.kiosk_id,
                    call.clerk_id,
                    call.clerk_name,
                    call.skill,
                    call.language,
                    call.service_code,
                    call.service_title,
                    call.requested_at.isoformat(),
                    call.answered_at.isoformat(),
                    round(call.wait_s, 1),
                    recording_ref_for(call.call_id),
                ),
            )
            self._audit(
                conn,
                call.call_id,
                call.answered_at,
                f"clerk:{call.clerk_id}",
                AuditEvent.call_started,
                {"request_id": call.request_id},
            )

    def end(self, call_id: str, ended_by: str, actor: str, now: datetime) -> None:
        """ended_by: clerk, kiosk or platform; actor: who exactly, for the audit."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE calls SET ended_at = ?, ended_by = ? WHERE call_id = ? AND ended_at IS NULL",
                (now.isoformat(), ended_by, call_id),
            )
            self._audit(conn, call_id, now, actor, AuditEvent.hangup, {"by": ended_by})

    def audit(
        self, call_id: str, now: datetime, actor: str, event: str, details: dict[str, Any]
    ) -> None:
        with self._db.write() as conn:
            self._audit(conn, call_id, now, actor, event, details)

    @staticmethod
    def _audit(
        conn: sqlite3.Connection,
        call_id: str,
        now: datetime,
        actor: str,
        event: str,
        details: dict[str, Any],
    ) -> None:
        conn.execute(
            "INSERT INTO call_audit (call_id, at, actor, event, details_json) VALUES (?, ?, ?, ?, ?)",
            (call_id, now.isoformat(), actor, event, json.dumps(details, ensure_ascii=False)),
        )

    def row(self, call_id: str) -> sqlite3.Row | None:
        with self._db.read() as conn:
            return conn.execute("SELECT * FROM calls WHERE call_id = ?", (call_id,)).fetchone()

    def view(self, call_id: str) -> dict[str, Any] | None:
        with self._db.read() as conn:
            row = conn.execute("SELECT * FROM calls WHERE call_id = ?", (call_id,)).fetchone()
            return None if row is None else _call_view(conn, row)

    def views(self, clerk_id: str | None, limit: int) -> list[dict[str, Any]]:
        """Newest first; clerk_id None: every clerk's calls."""
        with self._db.read() as conn:
            if clerk_id is None:
                rows = conn.execute(
                    "SELECT * FROM calls ORDER BY answered_at DESC, rowid DESC LIMIT ?", (limit,)
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT * FROM calls WHERE clerk_id = ?"
                    " ORDER BY answered_at DESC, rowid DESC LIMIT ?",
                    (clerk_id, limit),
                ).fetchall()
            return [_call_view(conn, row) for row in rows]

    def audit_rows(self, call_id: str) -> list[dict[str, Any]]:
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT * FROM call_audit WHERE call_id = ? ORDER BY id", (call_id,)
            ).fetchall()
        return [
            {
                "at": row["at"],
                "actor": row["actor"],
                "event": row["event"],
                "details": json.loads(row["details_json"]),
            }
            for row in rows
        ]

    def totals(self) -> dict[str, int]:
        with self._db.read() as conn:
            (answered,) = conn.execute("SELECT COUNT(*) FROM calls").fetchone()
            (callbacks,) = conn.execute("SELECT COUNT(*) FROM callback_requests").fetchone()
        return {"calls": answered, "callbacks": callbacks}

    # -- recording --------------------------------------------------------------

    def seal_recording(
        self, call_id: str, clerk_id: str, recording: dict[str, Any], now: datetime
    ) -> None:
        """Once only: 409 recording_sealed the second time."""
        with self._db.write() as conn:
            row = conn.execute("SELECT * FROM calls WHERE call_id = ?", (call_id,)).fetchone()
            if row is None:
                raise ApiError(404, "not_found", "no such call")
            if row["recording_sm3"] is not None:
                raise ApiError(409, "recording_sealed", "this call's recording is sealed already")
            if recording["recording_ref"] != row["recording_ref"]:
                raise ApiError(422, "invalid_request", "recording_ref is not this call's")
            conn.execute(
                "UPDATE calls SET recording_sm3 = ?, recording_sha256 = ?, recording_json = ?"
                " WHERE call_id = ?",
                (recording["sm3"], recording["sha256"], json.dumps(recording), call_id),
            )
            self._audit(
                conn, call_id, now, f"clerk:{clerk_id}", AuditEvent.recording_sealed, recording
            )

    # -- remote acceptance ------------------------------------------------------

    def ask_acceptance(
        self, call_id: str, kiosk_id: str, clerk_id: str, submission_ref: str, now: datetime
    ) -> str:
        """A new acceptance to be consented to; 404 unless the application came from this kiosk."""
        acceptance_id = "acc-" + secrets.token_hex(8)
        with self._db.write() as conn:
            application = conn.execute(
                "SELECT kiosk_id, status FROM applications WHERE submission_ref = ?",
                (submission_ref,),
            ).fetchone()
            # A clerk may only accept what the resident in front of them submitted.
            if application is None or application["kiosk_id"] != kiosk_id:
                raise ApiError(404, "not_found", "no application with this reference at this kiosk")
            conn.execute(
                "INSERT INTO remote_acceptances (acceptance_id, call_id, submission_ref,"
                " clerk_id, asked_at) VALUES (?, ?, ?, ?, ?)",
                (acceptance_id, call_id, submission_ref, clerk_id, now.isoformat()),
            )
            self._audit(
                conn,
                call_id,
                now,
                f"clerk:{clerk_id}",
                AuditEvent.consent_asked,
                {"acceptance_id": acceptance_id, "submission_ref": submission_ref},
            )
        return acceptance_id

    def answer_acceptance(
        self, call_id: str, kiosk_id: str, acceptance_id: str, agreed: bool, now: datetime
    ) -> str | None:
        """Record the resident's answer; the submission_ref when it was asked and is now stored.

        None when there is no open acceptance of this id in this call.
        """
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT * FROM remote_acceptances WHERE acceptance_id = ? AND call_id = ?"
                " AND agreed IS NULL",
                (acceptance_id, call_id),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE remote_acceptances SET agreed = ?, answered_at = ? WHERE acceptance_id = ?",
                (int(agreed), now.isoformat(), acceptance_id),
            )
            actor = f"kiosk:{kiosk_id}"
            details = {"acceptance_id": acceptance_id, "submission_ref": row["submission_ref"]}
            if not agreed:
                self._audit(conn, call_id, now, actor, AuditEvent.consent_refused, details)
                return None
            self._audit(conn, call_id, now, actor, AuditEvent.consent_given, details)
            accept_remotely(
                conn,
                row["submission_ref"],
                row["clerk_id"],
                now,
                call_id,
                recording_ref_for(call_id),
            )
            self._audit(
                conn,
                call_id,
                now,
                "platform",
                AuditEvent.acceptance_stored,
                {
                    **details,
                    "clerk_id": row["clerk_id"],
                    "recording_ref": recording_ref_for(call_id),
                },
            )
            return row["submission_ref"]

    # -- call-backs -------------------------------------------------------------

    def store_callback(
        self,
        request_id: str,
        kiosk_id: str,
        skill: str,
        language: str,
        service_code: str,
        service_title: str,
        phone: str,
        now: datetime,
    ) -> None:
        nonce = secrets.token_bytes(12)
        sealed = nonce + self._seal.encrypt(nonce, phone.encode("utf-8"), request_id.encode())
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO callback_requests (request_id, kiosk_id, skill, language,"
                " service_code, service_title, phone_sealed, phone_masked, requested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    request_id,
                    kiosk_id,
                    skill,
                    language,
                    service_code,
                    service_title,
                    sealed,
                    mask_phone(phone),
                    now.isoformat(),
                ),
            )

    def callbacks(self) -> list[dict[str, Any]]:
        """Masked: what a supervisor's list shows."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT * FROM callback_requests ORDER BY callback_id").fetchall()
        return [
            {
                "request_id": row["request_id"],
                "kiosk_id": row["kiosk_id"],
                "skill": row["skill"],
                "language": row["language"],
                "service_title": row["service_title"],
                "phone_masked": row["phone_masked"],
                "requested_at": row["requested_at"],
            }
            for row in rows
        ]

    def callback_phone(self, request_id: str) -> str | None:
        """The clear number, for whoever makes the call-back."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT phone_sealed FROM callback_requests WHERE request_id = ?", (request_id,)
            ).fetchone()
        if row is None:
            return None
        sealed = bytes(row["phone_sealed"])
        return self._seal.decrypt(sealed[:12], sealed[12:], request_id.encode()).decode("utf-8")


def _call_view(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    acceptance = conn.execute(
        "SELECT submission_ref, answered_at, clerk_id FROM remote_acceptances"
        " WHERE call_id = ? AND agreed = 1 ORDER BY answered_at DESC LIMIT 1",
        (row["call_id"],),
    ).fetchone()
    rating = conn.execute(
        "SELECT grade, reasons_json FROM ratings WHERE call_id = ? AND kiosk_id = ?"
        " ORDER BY rating_id DESC LIMIT 1",
        (row["call_id"], row["kiosk_id"]),
    ).fetchone()
    return {
        "call_id": row["call_id"],
        "kiosk_id": row["kiosk_id"],
        "clerk_id": row["clerk_id"],
        "clerk_name": row["clerk_name"],
        "skill": row["skill"],
        "language": row["language"],
        "service_title": row["service_title"],
        "requested_at": row["requested_at"],
        "answered_at": row["answered_at"],
        "ended_at": row["ended_at"],
        "ended_by": row["ended_by"],
        "wait_s": row["wait_s"],
        "recording_ref": row["recording_ref"],
        "recording_sm3": row["recording_sm3"],
        "acceptance": None
        if acceptance is None
        else {
            "submission_ref": acceptance["submission_ref"],
            "accepted_at": acceptance["answered_at"],
            "clerk_id": acceptance["clerk_id"],
        },
        "rating": None
        if rating is None
        else {"grade": rating["grade"], "reasons": json.loads(rating["reasons_json"])},
    }
