"""Server-side pre-review and storage of applications, and status look-up."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import sqlite3
from datetime import date, datetime
from typing import Any

from .catalog_schema import CatalogItem
from .errors import ApiError
from .id_numbers import age_on, birth_date_of, is_valid_id_number
from .models import ApplicationRequest, ApplicationStatus, ApplicationStatusView


def application_problems(app: ApplicationRequest, item: CatalogItem, today: date) -> list[str]:
    """Why the platform cannot accept this application for `item`; empty when it can."""
    problems: list[str] = []
    applicant = app.applicant
    birth = applicant.birth_date  # passport holders: from the chip
    if applicant.id_number is not None:
        if is_valid_id_number(applicant.id_number):
            birth = birth_date_of(applicant.id_number)
        else:
            problems.append("applicant.id_number fails the GB 11643 check")
    if birth is not None and item.eligibility is not None:
        age = age_on(birth, today)
        elig = item.eligibility
        if elig.min_age is not None and age < elig.min_age:
            problems.append(f"applicant is younger than {elig.min_age}")
        if elig.max_age is not None and age > elig.max_age:
            problems.append(f"applicant is older than {elig.max_age}")
    for field in item.fields:
        value = app.form.get(field.key)
        if field.required and (value is None or (isinstance(value, str) and not value.strip())):
            problems.append(f"required field {field.key} is missing")
    for index, material in enumerate(app.materials):
        try:
            data = base64.b64decode(material.data_b64, validate=True)
        except (binascii.Error, ValueError):
            problems.append(f"materials[{index}] ({material.code}): data_b64 is not base64")
            continue
        if hashlib.sha256(data).hexdigest() != material.sha256.lower():
            problems.append(f"materials[{index}] ({material.code}): sha256 does not match data")
    return problems


def _next_application_no(conn: sqlite3.Connection, received_at: datetime) -> str:
    day = received_at.strftime("%Y%m%d")
    (seq,) = conn.execute(
        "INSERT INTO daily_sequence (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
        (day,),
    ).fetchone()
    if seq > 999_999:
        raise ApiError(503, "daily_capacity_exhausted", "no application numbers left today")
    return f"SH{day}{seq:06d}"


def store_application(
    conn: sqlite3.Connection,
    app: ApplicationRequest,
    item: CatalogItem,
    idempotency_key: str,
    received_at: datetime,
) -> dict[str, Any]:
    """Insert a pre-reviewed application; returns the 201 body. Runs inside a write transaction."""
    if conn.execute(
        "SELECT 1 FROM applications WHERE submission_ref = ?", (app.submission_ref,)
    ).fetchone():
        raise ApiError(
            409, "submission_ref_reused", "submission_ref belongs to another idempotency key"
        )
    application_no = _next_application_no(conn, received_at)
    conn.execute(
        "INSERT INTO applications (application_no, submission_ref, check_code, item_code,"
        " item_name_json, kiosk_id, applicant_id_number, applicant_name, form_json,"
        " prefill_ratio, submitted_at, received_at, status, idempotency_key)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            application_no,
            app.submission_ref,
            app.check_code,
            item.code,
            item.name.model_dump_json(),
            app.kiosk_id,
            app.applicant.key,
            app.applicant.name,
            json.dumps(app.form, ensure_ascii=False),
            app.prefill_ratio,
            app.submitted_at.isoformat(),
            received_at.isoformat(),
            ApplicationStatus.received.value,
            idempotency_key,
        ),
    )
    conn.executemany(
        "INSERT INTO application_materials (application_no, code, content_type, sha256, data)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                application_no,
                m.code,
                m.content_type,
                m.sha256.lower(),
                base64.b64decode(m.data_b64, validate=True),
            )
            for m in app.materials
        ],
    )
    # What the resident typed becomes history.* prefill for their next visit.
    conn.executemany(
        "INSERT OR REPLACE INTO resident_history VALUES (?, ?, ?, ?)",
        [
            (app.applicant.key, key, str(value), received_at.isoformat())
            for key, value in app.form.items()
            if value not in (None, "") and not isinstance(value, bool)
        ],
    )
    return {
        "application_no": application_no,
        "submission_ref": app.submission_ref,
        "status": ApplicationStatus.received.value,
        "received_at": received_at.isoformat(),
    }


def mask_name(name: str) -> str:
    """王秀英 -> 王*英, 张伟 -> 张*: enough for the resident to recognise, not to identify."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def find_application(
    conn: sqlite3.Connection, submission_ref: str, check_code: str | None
) -> ApplicationStatusView:
    """The status view for a ref whose check code matches; ApiError 404 otherwise."""
    row = conn.execute(
        "SELECT * FROM applications WHERE submission_ref = ?", (submission_ref,)
    ).fetchone()
    # Same answer for an unknown ref and a wrong code: the code guards existence too.
    if (
        row is None
        or not check_code
        or not hmac.compare_digest(row["check_code"].upper().encode(), check_code.upper().encode())
    ):
        raise ApiError(404, "not_found", "no application with this reference and check code")
    return ApplicationStatusView(
        submission_ref=row["submission_ref"],
        application_no=row["application_no"],
        item_code=row["item_code"],
        item_name=json.loads(row["item_name_json"]),
        status=row["status"],
        received_at=row["received_at"],
        applicant_masked=mask_name(row["applicant_name"]),
        accepted_by=row["accepted_by"],
        accepted_at=row["accepted_at"],
        call_id=row["call_id"],
        recording_ref=row["recording_ref"],
    )


def accept_remotely(
    conn: sqlite3.Connection,
    submission_ref: str,
    clerk_id: str,
    accepted_at: datetime,
    call_id: str,
    recording_ref: str,
) -> None:
    """Mark an application accepted by a clerk in a video call (docs/remote-window.md)."""
    changed = conn.execute(
        "UPDATE applications SET status = ?, accepted_by = ?, accepted_at = ?, call_id = ?,"
        " recording_ref = ? WHERE submission_ref = ?",
        (
            ApplicationStatus.accepted.value,
            clerk_id,
            accepted_at.isoformat(),
            call_id,
            recording_ref,
            submission_ref,
        ),
    ).rowcount
    if not changed:
        raise ApiError(404, "not_found", "no application with this reference")
