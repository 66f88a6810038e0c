"""Routes of the remote virtual window: the two WebSockets, calls, audit, acceptance, stats."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, WebSocket
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .api_clerks import CLERK_ERRORS, SignedInClerk, bearer_token
from .clerks import Clerk
from .errors import ApiError
from .models import INVALID_REQUEST, KIOSK_ID_PATTERN, documented_errors
from .remote_window_connections import (
    CLOSE_FORBIDDEN,
    CLOSE_UNAUTHORISED,
    ClerkPeer,
    KioskPeer,
    serve,
)
from .remote_window_signaling import RemoteWindowHub
from .state import State

router = APIRouter(tags=["remote window"])

KIOSK_SOCKET_PATH = "/api/v1/remote-window/kiosk"
CLERK_SOCKET_PATH = "/api/v1/remote-window/clerk"
CallId = Annotated[str, Path(max_length=64)]


def hub_of(app_state: Any) -> RemoteWindowHub:
    return app_state.remote_window


# -- WebSockets ---------------------------------------------------------------


def _silence_timeout_s(hub: RemoteWindowHub) -> float:
    # Three pings unanswered, and the fourth due.
    return 4 * hub.settings.help_ping_interval_s


@router.websocket(KIOSK_SOCKET_PATH)
async def kiosk_socket(ws: WebSocket) -> None:
    state = ws.app.state.platform
    kiosk_id = ws.headers.get("x-kiosk-id")
    await ws.accept()
    if kiosk_id is None or not re.match(KIOSK_ID_PATTERN, kiosk_id):
        await ws.close(CLOSE_UNAUTHORISED, "kiosk_id_required")
        return
    raw_path = ws.scope.get("raw_path")
    target = raw_path.decode("latin-1") if raw_path else ws.url.path
    query = ws.scope.get("query_string", b"").decode("latin-1")
    target = f"{target}?{query}" if query else target
    try:
        # The same check as every HTTP kiosk call, over GET, this path and no body.
        device_id = await run_in_threadpool(
            state.devices.verify_request,
            kiosk_id,
            "GET",
            target,
            ws.headers,
            b"",
            state.unix_now(),
        )
    except ApiError as exc:
        code = CLOSE_FORBIDDEN if exc.status_code == 403 else CLOSE_UNAUTHORISED
        await ws.close(code, exc.error)
        return
    device = state.devices.device(device_id) if device_id is not None else None
    hub = hub_of(ws.app.state)
    peer = KioskPeer(ws, kiosk_id, device.location if device is not None else "")
    await hub.kiosk_connected(peer)
    await serve(ws, peer, hub.on_kiosk_message, hub.kiosk_gone, _silence_timeout_s(hub))


@router.websocket(CLERK_SOCKET_PATH)
async def clerk_socket(ws: WebSocket) -> None:
    state = ws.app.state.platform
    token = bearer_token(ws.headers.get("authorization"))
    clerk = None if token is None else ws.app.state.clerks.authenticate(token, state.now())
    await ws.accept()
    if clerk is None:
        await ws.close(CLOSE_UNAUTHORISED, "clerk_unauthorised")
        return
    hub = hub_of(ws.app.state)
    peer = ClerkPeer(ws, clerk)
    await hub.clerk_connected(peer)
    await serve(ws, peer, hub.on_clerk_message, hub.clerk_gone, _silence_timeout_s(hub))


# -- HTTP -----------------------------------------------------------------------


class RecordingSeal(BaseModel):
    recording_ref: str = Field(max_length=100)
    sm3: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    bytes: int = Field(ge=0)
    duration_s: float = Field(ge=0)
    container: str = Field(max_length=32, examples=["matroska"])


class AcceptanceRequest(BaseModel):
    submission_ref: str = Field(min_length=1, max_length=64)


class AcceptanceAsked(BaseModel):
    acceptance_id: str


def _visible_call(request: Request, clerk: Clerk, call_id: str) -> dict[str, Any]:
    view = hub_of(request.app.state).records.view(call_id)
    # A clerk who was not on the call cannot tell it exists.
    if view is None or (view["clerk_id"] != clerk.clerk_id and not clerk.is_supervisor):
        raise ApiError(404, "not_found", "no such call")
    return view


_CALL_ERRORS = documented_errors({**CLERK_ERRORS, 404: "not_found", **INVALID_REQUEST})


@router.get(
    "/api/v1/calls",
    summary="Remote-window calls, newest first",
    description="A clerk's own calls; a supervisor's: everyone's. CallView of docs/remote-window.md.",
    responses=_CALL_ERRORS,
)
def list_calls(
    request: Request, clerk: SignedInClerk, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    records = hub_of(request.app.state).records
    return records.views(None if clerk.is_supervisor else clerk.clerk_id, limit)


@router.get("/api/v1/calls/{call_id}", summary="One call (CallView)", responses=_CALL_ERRORS)
def get_call(request: Request, clerk: SignedInClerk, call_id: CallId) -> dict[str, Any]:
    return _visible_call(request, clerk, call_id)


@router.get(
    "/api/v1/calls/{call_id}/audit",
    summary="The audit log of a call",
    description="Every guide action, reveal (with its reason), consent, acceptance, recording"
    " seal, hang-up and lost/resumed connection, oldest first.",
    responses=_CALL_ERRORS,
)
def call_audit(request: Request, clerk: SignedInClerk, call_id: CallId) -> list[dict[str, Any]]:
    _visible_call(request, clerk, call_id)
    return hub_of(request.app.state).records.audit_rows(call_id)


@router.post(
    "/api/v1/calls/{call_id}/recording",
    status_code=204,
    summary="Seal the call's recording",
    description="Its SM3 and SHA-256 go into the audit log. Once only: 409 `recording_sealed`.",
    responses=documented_errors(
        {**CLERK_ERRORS, 404: "not_found", 409: "recording_sealed", **INVALID_REQUEST}
    ),
)
def seal_recording(
    request: Request, state: State, clerk: SignedInClerk, call_id: CallId, body: RecordingSeal
) -> None:
    view = _visible_call(request, clerk, call_id)
    if view["clerk_id"] != clerk.clerk_id:
        raise ApiError(404, "not_found", "no such call")
    seal = body.model_dump() | {"sm3": body.sm3.lower(), "sha256": body.sha256.lower()}
    hub_of(request.app.state).records.seal_recording(call_id, clerk.clerk_id, seal, state.now())


@router.post(
    "/api/v1/calls/{call_id}/remote-acceptance",
    status_code=202,
    response_model=AcceptanceAsked,
    summary="Ask the resident to consent to remote acceptance",
    description=(
        "Sends `consent_request` to the kiosk of the live call. The acceptance is stored, and"
        " the application becomes `accepted`, only when the resident agrees."
    ),
    responses=documented_errors(
        {
            **CLERK_ERRORS,
            404: "not_found: no such call of this clerk, or no such application from its kiosk",
            409: "call_ended / kiosk_unavailable",
            **INVALID_REQUEST,
        }
    ),
)
async def remote_acceptance(
    request: Request, clerk: SignedInClerk, call_id: CallId, body: AcceptanceRequest
) -> JSONResponse:
    hub = hub_of(request.app.state)
    view = hub.records.view(call_id)
    if view is None or view["clerk_id"] != clerk.clerk_id:
        raise ApiError(404, "not_found", "no such call")
    call = hub.live_call(call_id)
    if call is None:
        raise ApiError(409, "call_ended", "remote acceptance needs the call in progress")
    acceptance_id = await hub.ask_consent(call, body.submission_ref)
    return JSONResponse(status_code=202, content={"acceptance_id": acceptance_id})


@router.get(
    "/api/v1/remote-window/stats",
    summary="Queue and answering figures (supervisors)",
    responses=documented_errors({**CLERK_ERRORS, 403: "supervisor_required"}),
)
async def stats(request: Request, clerk: SignedInClerk) -> dict[str, Any]:
    if not clerk.is_supervisor:
        raise ApiError(403, "supervisor_required", "only supervisors see the figures")
    return hub_of(request.app.state).stats()


@router.get(
    "/api/v1/remote-window/callbacks",
    summary="Call-back requests, phone numbers masked (supervisors)",
    responses=documented_errors({**CLERK_ERRORS, 403: "supervisor_required"}),
)
def callbacks(request: Request, clerk: SignedInClerk) -> list[dict[str, Any]]:
    if not clerk.is_supervisor:
        raise ApiError(403, "supervisor_required", "only supervisors see call-back requests")
    return hub_of(request.app.state).records.callbacks()
