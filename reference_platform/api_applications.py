"""POST /api/v1/applications and GET /api/v1/applications/{submission_ref}."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from .applications import application_problems, find_application, store_application
from .catalog_schema import Output
from .documents import issue_certificate
from .errors import ApiError
from .idempotency import IdempotencyKey, RawBody, run_idempotent
from .models import (
    INVALID_REQUEST,
    WRITE_ERRORS,
    ApplicationReceived,
    ApplicationRequest,
    ApplicationStatusView,
    documented_errors,
)
from .state import KioskId, State, require_same_kiosk

router = APIRouter(tags=["applications"])

CheckCode = Annotated[
    str | None, Query(max_length=16, description="Check code printed on the receipt")
]


@router.post(
    "/api/v1/applications",
    status_code=201,
    response_model=ApplicationReceived,
    summary="Submit an application (idempotent)",
    description=(
        "Pre-reviews and stores an application. Rejected with 422 `item_unknown` for an"
        " item not in the catalog, or `invalid_application` for a bad applicant ID number,"
        " an applicant outside the item's age eligibility, a missing required field, or a"
        " material whose sha256 does not match its data. 409 `submission_ref_reused` if"
        " the ref already belongs to another idempotency key. For an item whose output is"
        " `certificate` the body also carries `document`: the certificate for the kiosk's"
        " A4 printer, with a `verify_url` on the base URL the request came in on."
    ),
    responses=documented_errors(
        {
            **WRITE_ERRORS,
            409: "idempotency_key_reused / submission_ref_reused",
            422: "item_unknown / invalid_application",
        }
    ),
)
def submit_application(
    request: Request,
    state: State,
    application: ApplicationRequest,
    kiosk_id: KioskId,
    idempotency_key: IdempotencyKey,
    body: RawBody,
) -> Response:
    require_same_kiosk(application.kiosk_id, kiosk_id)

    def handle(conn: sqlite3.Connection) -> tuple[int, dict[str, Any]]:
        item = state.catalog.items.get(application.item_code)
        if item is None:
            raise ApiError(422, "item_unknown", f"no item {application.item_code!r} in the catalog")
        now = state.now()
        problems = application_problems(application, item, now.date())
        if problems:
            raise ApiError(422, "invalid_application", "; ".join(problems))
        body = store_application(conn, application, item, idempotency_key, now)
        if item.output is Output.certificate:
            body["document"] = issue_certificate(
                conn, application, item, now, str(request.base_url)
            )
        return 201, body

    return run_idempotent(
        state,
        key=idempotency_key,
        endpoint="applications",
        kiosk_id=kiosk_id,
        body=body,
        handler=handle,
    )


@router.get(
    "/api/v1/applications/{submission_ref}",
    response_model=ApplicationStatusView,
    # The acceptance fields appear only on remotely accepted applications.
    response_model_exclude_none=True,
    summary="Application status by receipt reference",
    description=(
        "What the receipt's QR code opens on a phone; no X-Kiosk-Id needed. 404"
        " `not_found` when the reference or the check code does not match. A remotely"
        " accepted application (status `accepted`) also has `accepted_by`, `accepted_at`,"
        " `call_id` and `recording_ref`."
    ),
    responses=documented_errors({404: "not_found", **INVALID_REQUEST}),
)
def application_status(
    state: State,
    submission_ref: Annotated[str, Path(max_length=64)],
    c: CheckCode = None,
) -> ApplicationStatusView:
    with state.db.read() as conn:
        return find_application(conn, submission_ref, c)
