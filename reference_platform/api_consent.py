"""Consent tokens and the government-held records they unlock."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Header, Path
from fastapi.responses import Response

from .errors import ApiError
from .models import (
    INVALID_REQUEST,
    KIOSK_ERRORS,
    ConsentGranted,
    ConsentMethod,
    ConsentRequest,
    ConsentScope,
    ResidentRecords,
    ResidentSummary,
    documented_errors,
)
from .seed import Licence
from .state import KioskId, PlatformState, State
from .suishen_login import CodeRefused, StaticCodeOnly, resident_of_code

router = APIRouter(tags=["consent and records"])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@router.post(
    "/api/v1/consents",
    status_code=201,
    response_model=ConsentGranted,
    summary="Grant a consent token",
    description=(
        "The resident identified at the kiosk agrees to let it read their records. The"
        " token is valid for 15 minutes or until revoked. Either `id_number` and `name`,"
        " which must both match a resident (any method), or, for method `suishen_code`,"
        " `code`: a dynamic Suishen code this platform issued, with a current holder"
        " proof; the token is then for the resident the code belongs to. A valid static"
        " code alone is refused (`static_code_needs_id_card`): it never logs a resident in"
        " by itself."
    ),
    responses=documented_errors(
        {
            **KIOSK_ERRORS,
            403: "code_invalid: the code is not one this platform issued, or is revoked,"
            " expired, tampered with or lacks a current holder proof /"
            " static_code_needs_id_card: a valid profile S code",
            404: "resident_unknown",
            **INVALID_REQUEST,
        }
    ),
)
def grant_consent(
    state: State,
    request_body: ConsentRequest,
    kiosk_id: KioskId,
) -> ConsentGranted:
    id_number = (
        _resident_of_code(state, request_body.code) if request_body.code is not None else None
    )
    with state.db.write() as conn:
        if id_number is None:
            id_number = _resident_of_name(conn, request_body)
        return insert_consent(
            conn, state, id_number, kiosk_id, request_body.method, request_body.scope
        )


def insert_consent(
    conn: sqlite3.Connection,
    state: PlatformState,
    id_number: str,
    kiosk_id: str,
    method: ConsentMethod,
    scope: list[ConsentScope],
) -> ConsentGranted:
    """Record a consent for a resident identified at a kiosk; every way in ends here."""
    now = state.now()
    expires_at = now + timedelta(seconds=state.settings.consent_ttl_s)
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO consents VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            _token_hash(token),
            id_number,
            kiosk_id,
            method.value,
            json.dumps(sorted({s.value for s in scope})),
            now.isoformat(),
            expires_at.isoformat(),
        ),
    )
    return ConsentGranted(token=token, expires_at=expires_at)


def _resident_of_name(conn: sqlite3.Connection, request_body: ConsentRequest) -> str:
    """The id number given, if it and the name given match a resident; 404 otherwise."""
    # ConsentRequest guarantees both when there is no code.
    assert request_body.id_number is not None and request_body.name is not None
    row = conn.execute(
        "SELECT name FROM residents WHERE id_number = ?", (request_body.id_number,)
    ).fetchone()
    # Compare the name in constant time: the pair is what proves the match.
    if row is None or not hmac.compare_digest(
        row["name"].encode(), request_body.name.strip().encode()
    ):
        raise ApiError(404, "resident_unknown", "no resident with this id number and name")
    return request_body.id_number


def _resident_of_code(state: State, code: str) -> str:
    """The resident a presented dynamic Suishen code names; 403 for any other code."""
    try:
        return resident_of_code(state.suishen, code, state.unix_now())
    except StaticCodeOnly as exc:
        raise ApiError(
            403,
            "static_code_needs_id_card",
            "a static Suishen code never logs a resident in by itself: read the ID card",
        ) from exc
    except CodeRefused as exc:
        raise ApiError(403, "code_invalid", f"Suishen code refused: {exc}") from exc


@router.delete(
    "/api/v1/consents/{token}",
    status_code=204,
    response_class=Response,
    summary="Revoke a consent token",
    description="Kiosks revoke at session end. Revoking an unknown or revoked token also answers 204.",
    responses=documented_errors({**KIOSK_ERRORS, **INVALID_REQUEST}),
)
def revoke_consent(
    state: State,
    token: Annotated[str, Path(max_length=200)],
    kiosk_id: KioskId,
) -> Response:
    with state.db.write() as conn:
        conn.execute(
            "UPDATE consents SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            (state.now().isoformat(), _token_hash(token)),
        )
    return Response(status_code=204)


def _consent_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Consent" or not token.strip():
        raise ApiError(401, "consent_required", "Authorization: Consent <token> is required")
    return token.strip()


def valid_consent(
    conn: sqlite3.Connection, authorization: str | None, kiosk_id: str, now: datetime
) -> sqlite3.Row:
    """The consent row behind `Authorization: Consent <token>`; ApiError 401/403 otherwise."""
    token = _consent_token(authorization)
    consent = conn.execute(
        "SELECT * FROM consents WHERE token_hash = ?", (_token_hash(token),)
    ).fetchone()
    if (
        consent is None
        or consent["revoked_at"] is not None
        or datetime.fromisoformat(consent["expires_at"]) <= now
        # A token is bound to the kiosk the resident stood at.
        or consent["kiosk_id"] != kiosk_id
    ):
        raise ApiError(403, "consent_invalid", "consent token unknown, revoked or expired")
    return consent


ConsentAuthorization = Annotated[
    str | None,
    Header(description="`Consent <token>` as returned by POST /api/v1/consents"),
]


@router.get(
    "/api/v1/records",
    response_model=ResidentRecords,
    summary="The consenting resident's government-held records",
    description=(
        "Needs `Authorization: Consent <token>` from the same kiosk. Only the consenting"
        " resident's data is returned; parts outside the consent scope are empty. `resident`"
        " always carries the ID-card attributes (sex, ethnicity, address) too."
    ),
    responses=documented_errors(
        {
            **KIOSK_ERRORS,
            401: "consent_required: no token",
            403: "consent_invalid: unknown, revoked, expired or from another kiosk",
            **INVALID_REQUEST,
        }
    ),
)
def get_records(
    state: State,
    kiosk_id: KioskId,
    authorization: ConsentAuthorization = None,
) -> ResidentRecords:
    with state.db.read() as conn:
        consent = valid_consent(conn, authorization, kiosk_id, state.now())
        resident = conn.execute(
            "SELECT * FROM residents WHERE id_number = ?", (consent["id_number"],)
        ).fetchone()
        learned = conn.execute(
            "SELECT field_key, value FROM resident_history WHERE id_number = ?",
            (consent["id_number"],),
        ).fetchall()
    scope = set(json.loads(consent["scope_json"]))
    history = json.loads(resident["history_json"])
    history.update({row["field_key"]: row["value"] for row in learned})
    return ResidentRecords(
        resident=ResidentSummary(
            id_number=resident["id_number"],
            name=resident["name"],
            birth_date=resident["birth_date"],
            category=resident["category"],
            sex=resident["sex"],
            ethnicity=resident["ethnicity"],
            address=resident["address"],
        ),
        records=json.loads(resident["records_json"]) if "records" in scope else {},
        licences=(
            [Licence(**lic) for lic in json.loads(resident["licences_json"])]
            if "licences" in scope
            else []
        ),
        history=history if "history" in scope else {},
    )
