"""Ratings (好差评), reports (办不成事), kiosk heartbeats and the health check."""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response

from .errors import ApiError
from .idempotency import IdempotencyKey, RawBody, run_idempotent
from .models import (
    INVALID_REQUEST,
    KIOSK_ID_PATTERN,
    WRITE_ERRORS,
    Health,
    Heartbeat,
    HeartbeatAck,
    RatingCreated,
    RatingRequest,
    ReportCreated,
    ReportRequest,
    documented_errors,
)
from .state import KioskId, State, require_same_kiosk

router = APIRouter(tags=["feedback and operations"])

# Residents who are unhappy must say why, so the complaint can be acted on.
GRADES_NEEDING_REASONS = frozenset({1, 2})


@router.post(
    "/api/v1/ratings",
    status_code=201,
    response_model=RatingCreated,
    summary="Rate a session (好差评, idempotent)",
    description=(
        "Grades: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. Grades 1-2 need at"
        " least one reason (422 `reasons_required`). `call_id` (optional) ties the rating to"
        " a remote-window call of the same kiosk."
    ),
    responses=documented_errors({**WRITE_ERRORS, 422: "reasons_required / invalid_request"}),
)
def submit_rating(
    rating: RatingRequest,
    kiosk_id: KioskId,
    idempotency_key: IdempotencyKey,
    body: RawBody,
    state: State,
) -> Response:
    require_same_kiosk(rating.kiosk_id, kiosk_id)

    def handle(conn: sqlite3.Connection) -> tuple[int, dict[str, Any]]:
        if rating.grade in GRADES_NEEDING_REASONS and not rating.reasons:
            raise ApiError(422, "reasons_required", f"grade {rating.grade} needs a reason")
        cursor = conn.execute(
            "INSERT INTO ratings (kiosk_id, item_code, submission_ref, grade, reasons_json,"
            " comment, rated_at, received_at, call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                rating.kiosk_id,
                rating.item_code,
                rating.submission_ref,
                rating.grade,
                json.dumps([r.value for r in rating.reasons]),
                rating.comment,
                rating.rated_at.isoformat(),
                state.now().isoformat(),
                rating.call_id,
            ),
        )
        return 201, {"rating_id": cursor.lastrowid}

    return run_idempotent(
        state, key=idempotency_key, endpoint="ratings", kiosk_id=kiosk_id, body=body, handler=handle
    )


@router.post(
    "/api/v1/reports",
    status_code=201,
    response_model=ReportCreated,
    summary="Report a service the resident could not complete (办不成事, idempotent)",
    description="`reason` is one of the ReportReason values; `step` is the session state left from.",
    responses=documented_errors({**WRITE_ERRORS, **INVALID_REQUEST}),
)
def submit_report(
    report: ReportRequest,
    kiosk_id: KioskId,
    idempotency_key: IdempotencyKey,
    body: RawBody,
    state: State,
) -> Response:
    require_same_kiosk(report.kiosk_id, kiosk_id)

    def handle(conn: sqlite3.Connection) -> tuple[int, dict[str, Any]]:
        cursor = conn.execute(
            "INSERT INTO reports (kiosk_id, item_code, step, reason, reported_at, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                report.kiosk_id,
                report.item_code,
                report.step,
                report.reason.value,
                report.reported_at.isoformat(),
                state.now().isoformat(),
            ),
        )
        return 201, {"report_id": cursor.lastrowid}

    return run_idempotent(
        state, key=idempotency_key, endpoint="reports", kiosk_id=kiosk_id, body=body, handler=handle
    )


@router.post(
    "/api/v1/kiosks/{kiosk_id}/heartbeat",
    response_model=HeartbeatAck,
    summary="Kiosk heartbeat",
    description="Device states, outbox backlog and versions; answers the server time.",
    responses=documented_errors({400: "kiosk_id_required / kiosk_id_mismatch", **INVALID_REQUEST}),
)
def heartbeat(
    beat: Heartbeat,
    kiosk_id: Annotated[str, Path(pattern=KIOSK_ID_PATTERN)],
    header_kiosk_id: KioskId,
    state: State,
) -> HeartbeatAck:
    require_same_kiosk(kiosk_id, header_kiosk_id)
    now = state.now()
    with state.db.write() as conn:
        conn.execute(
            "INSERT INTO heartbeats (kiosk_id, payload_json, received_at) VALUES (?, ?, ?)",
            (kiosk_id, beat.model_dump_json(), now.isoformat()),
        )
    return HeartbeatAck(server_time=now)


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness",
    description="Answers 200 once the service is up; never delayed by fault injection.",
)
def healthz() -> Health:
    return Health(status="ok")
