"""Kiosk device enrolment (docs/platform-api.md, "Kiosk devices").

`router` holds the enrolment call, which a kiosk makes before it has a
credential, so it is never signature-checked; `admin_router` (enrolment
codes, revocation) is mounted only with an admin token configured, like the
Suishen administration calls.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .api_suishen import require_admin
from .devices import DEVICE_ALG, Device
from .errors import ApiError
from .models import INVALID_REQUEST, KIOSK_ID_PATTERN, documented_errors
from .settings import SHANGHAI
from .state import State

router = APIRouter(tags=["kiosk devices"])
admin_router = APIRouter(tags=["kiosk device administration"])

_MAX_CODE_TTL_S = 7 * 24 * 3600


def _iso(unix: int | None) -> str | None:
    return None if unix is None else datetime.fromtimestamp(unix, SHANGHAI).isoformat()


class DevicePublicKey(BaseModel):
    alg: Literal["ed25519"] = DEVICE_ALG
    key: str = Field(description="Base64 of the raw 32-byte Ed25519 public key", max_length=64)


class EnrolRequest(BaseModel):
    code: str = Field(min_length=1, max_length=32, description="The one-time enrolment code")
    kiosk_id: str = Field(pattern=KIOSK_ID_PATTERN)
    public_key: DevicePublicKey
    location: str = Field(default="", max_length=200, description="Where the terminal stands")
    hardware: dict[str, Any] = Field(
        default_factory=dict, description="Device kinds and drivers, OS, app version"
    )


class DeviceView(BaseModel):
    device_id: str
    kiosk_id: str
    alg: str
    location: str
    hardware: dict[str, Any]
    enrolled_at: str
    revoked_at: str | None

    @classmethod
    def of(cls, device: Device) -> DeviceView:
        return cls(
            device_id=device.device_id,
            kiosk_id=device.kiosk_id,
            alg=device.alg,
            location=device.location,
            hardware=device.hardware,
            enrolled_at=_iso(device.enrolled_at) or "",
            revoked_at=_iso(device.revoked_at),
        )


class EnrolmentCodeRequest(BaseModel):
    kiosk_id: str | None = Field(
        default=None, pattern=KIOSK_ID_PATTERN, description="Only this kiosk id may use the code"
    )
    ttl_s: int | None = Field(default=None, gt=0, le=_MAX_CODE_TTL_S)


class EnrolmentCodeView(BaseModel):
    code: str = Field(description="Shown once; the platform keeps only its hash")
    kiosk_id: str | None
    expires_at: str


class RevokeView(BaseModel):
    device: DeviceView
    changed: bool


@router.post(
    "/api/v1/devices/enrol",
    status_code=201,
    response_model=DeviceView,
    summary="Enrol a kiosk device with a one-time code",
    description=(
        "Registers the kiosk's own public key under its kiosk id. Not signed (the kiosk has"
        " no credential yet); the one-time code is the authority. The same code with the"
        " same key and kiosk id answers the same device again (200). Earlier devices of the"
        " kiosk id are revoked."
    ),
    responses={
        200: {"model": DeviceView, "description": "Already enrolled with this code and key"},
        **documented_errors(
            {
                403: "enrolment_code_invalid: unknown, used, expired or for another kiosk id",
                409: "device_key_reused: the key was enrolled before",
                **INVALID_REQUEST,
            }
        ),
    },
)
def enrol(state: State, request_body: EnrolRequest) -> Any:
    try:
        public_key = base64.b64decode(request_body.public_key.key, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError(422, "invalid_request", "public_key.key is not base64") from exc
    device, created = state.devices.enrol(
        request_body.code,
        request_body.kiosk_id,
        public_key,
        request_body.location,
        request_body.hardware,
        state.unix_now(),
    )
    if created:
        return DeviceView.of(device)
    return JSONResponse(status_code=200, content=DeviceView.of(device).model_dump())


_ADMIN_CODES = {401: "admin_required", 403: "admin_invalid", **INVALID_REQUEST}
_ADMIN_ERRORS = documented_errors(_ADMIN_CODES)


@admin_router.post(
    "/api/v1/devices/enrolment-codes",
    status_code=201,
    response_model=EnrolmentCodeView,
    dependencies=[Depends(require_admin)],
    summary="Create a one-time enrolment code",
    description=(
        "Eight characters shown as `XXXX-XXXX` (no 0/O/1/I/L), valid once, for"
        " `ttl_s` (default PlatformSettings.enrolment_code_ttl_s, at most 7 days), optionally"
        " only for `kiosk_id`. Exists only when an admin token is configured."
    ),
    responses=_ADMIN_ERRORS,
)
def create_code(state: State, request_body: EnrolmentCodeRequest) -> EnrolmentCodeView:
    code = state.devices.create_code(state.unix_now(), request_body.kiosk_id, request_body.ttl_s)
    return EnrolmentCodeView(
        code=code.code, kiosk_id=code.kiosk_id, expires_at=_iso(code.expires_at) or ""
    )


@admin_router.post(
    "/api/v1/devices/{device_id}/revoke",
    response_model=RevokeView,
    dependencies=[Depends(require_admin)],
    summary="Revoke a kiosk device",
    description=(
        "Its signed calls answer 403 `device_revoked` from now on. Revoking a revoked device"
        " changes nothing (`changed: false`). Exists only when an admin token is configured."
    ),
    responses=documented_errors({**_ADMIN_CODES, 404: "device_unknown"}),
)
def revoke_device(state: State, device_id: str) -> RevokeView:
    device, changed = state.devices.revoke(device_id, state.unix_now())
    return RevokeView(device=DeviceView.of(device), changed=changed)


@admin_router.get(
    "/api/v1/devices",
    response_model=list[DeviceView],
    dependencies=[Depends(require_admin)],
    summary="The devices enrolled for a kiosk id",
    responses=_ADMIN_ERRORS,
)
def list_devices(state: State, kiosk_id: str) -> list[DeviceView]:
    return [DeviceView.of(d) for d in state.devices.devices_of(kiosk_id)]
