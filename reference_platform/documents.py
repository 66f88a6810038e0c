"""Issuing certificate documents with applications, and verifying them later.

A document is written in the same transaction as its application, and its
JSON is exactly what the 201 body carries, so an idempotent replay (which
answers the stored body) can never issue a second document.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from datetime import datetime
from typing import Any

from .applications import mask_name
from .catalog_schema import CatalogItem
from .certificates import CertificateSubject, certificate_content
from .errors import ApiError
from .id_numbers import mask_id_number
from .models import (
    ApplicationRequest,
    CertificateDocument,
    CertificateHolder,
    DocumentVerification,
)

# No 0/O, 1/I/L: the code may be typed from paper when a QR code will not scan.
VERIFY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VERIFY_CODE_LENGTH = 6


def new_verify_code() -> str:
    return "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(VERIFY_CODE_LENGTH))


def _next_document_no(conn: sqlite3.Connection, issued_at: datetime) -> str:
    day = issued_at.strftime("%Y%m%d")
    (seq,) = conn.execute(
        "INSERT INTO document_sequence (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
        (day,),
    ).fetchone()
    if seq > 999_999:
        raise ApiError(503, "daily_capacity_exhausted", "no document numbers left today")
    return f"ZM{day}{seq:06d}"


def _records_of(conn: sqlite3.Connection, id_number: str, name: str) -> dict[str, str]:
    """The platform's records of the applicant; none unless ID number and name both match.

    A name that differs from the record must not carry that record's
    figures onto a certificate printed with the other name.
    """
    row = conn.execute(
        "SELECT name, records_json FROM residents WHERE id_number = ?", (id_number,)
    ).fetchone()
    if row is None or row["name"] != name:
        return {}
    return json.loads(row["records_json"])


def issue_certificate(
    conn: sqlite3.Connection,
    app: ApplicationRequest,
    item: CatalogItem,
    issued_at: datetime,
    base_url: str,
) -> dict[str, Any]:
    """Create and store the certificate for a just-stored application; returns its JSON.

    `base_url` is where the kiosk reached the platform, so the QR code
    points at the same host and port. Runs inside the application's write
    transaction.
    """
    applicant = app.applicant
    content = certificate_content(
        CertificateSubject(
            item=item,
            id_number=applicant.key,
            name=applicant.name,
            records=_records_of(conn, applicant.key, applicant.name),
            form=app.form,
            issued_on=issued_at.date(),
        )
    )
    document_no = _next_document_no(conn, issued_at)
    verify_code = new_verify_code()
    document = CertificateDocument(
        document_no=document_no,
        title=content.title,
        issuer=item.department,
        issued_at=issued_at,
        holder=CertificateHolder(
            name=applicant.name, id_number_masked=mask_id_number(applicant.key)
        ),
        fields=content.fields,
        table=content.table,
        note=content.note,
        verify_url=f"{base_url.rstrip('/')}/v/{document_no}?c={verify_code}",
    )
    payload = document.model_dump(mode="json")
    conn.execute(
        "INSERT INTO documents (document_no, submission_ref, verify_code, document_json)"
        " VALUES (?, ?, ?, ?)",
        (document_no, app.submission_ref, verify_code, json.dumps(payload, ensure_ascii=False)),
    )
    return payload


def find_document(
    conn: sqlite3.Connection, document_no: str, verify_code: str | None
) -> CertificateDocument:
    """The document whose number and check code match; ApiError 404 otherwise."""
    row = conn.execute(
        "SELECT verify_code, document_json FROM documents WHERE document_no = ?", (document_no,)
    ).fetchone()
    # Same answer for an unknown number and a wrong code: the code guards existence too.
    if (
        row is None
        or not verify_code
        or not hmac.compare_digest(row["verify_code"].encode(), verify_code.upper().encode())
    ):
        raise ApiError(404, "not_found", "no document with this number and check code")
    return CertificateDocument.model_validate_json(row["document_json"])


def verification_of(document: CertificateDocument) -> DocumentVerification:
    return DocumentVerification(
        document_no=document.document_no,
        title=document.title,
        holder_masked=mask_name(document.holder.name),
        issued_at=document.issued_at,
        authentic=True,
    )
