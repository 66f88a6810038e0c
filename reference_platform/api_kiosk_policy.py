"""GET /api/v1/kiosk-policy (signed) and its administration.

The platform rotates the technician PIN (as a scrypt hash, never the PIN)
and sets when idle kiosks blank their screens. Kiosks trust the policy only
with the platform's Ed25519 signature over the exact bytes (the catalog's
key; the `format` field keeps a policy from ever being read as a catalog),
and only if its version is newer than the one they hold.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from .api_suishen import require_admin
from .kiosk_policy import POLICY_FORMAT, PolicyUpdate
from .models import INVALID_REQUEST, KIOSK_ERRORS, documented_errors
from .state import KioskId, State

router = APIRouter(tags=["kiosk policy"])
admin_router = APIRouter(tags=["kiosk policy"])


@router.get(
    "/api/v1/kiosk-policy",
    response_class=Response,
    summary="The signed kiosk policy",
    description=(
        f"The policy (`{POLICY_FORMAT}`: `version`, `technician_pin_hash`, `blanking`"
        " windows in Shanghai time) as the body, with `X-Policy-Signature:"
        " ed25519;key=<key id>;sig=<base64>` over the exact body bytes, made with the"
        " catalog key. Kiosks keep the newest version they verified."
    ),
    responses=documented_errors({**KIOSK_ERRORS, **INVALID_REQUEST}),
)
def get_policy(state: State, kiosk_id: KioskId) -> Response:
    body = json.dumps(state.kiosk_policy.current(), sort_keys=True).encode("utf-8")
    return Response(
        content=body,
        media_type="application/json",
        headers={"X-Policy-Signature": state.signer.signature_header(body)},
    )


@admin_router.put(
    "/api/v1/admin/kiosk-policy",
    summary="Rotate the technician PIN or change the blanking schedule",
    dependencies=[Depends(require_admin)],
    responses=documented_errors({401: "admin_required", 403: "admin_invalid", **INVALID_REQUEST}),
)
def put_policy(state: State, change: PolicyUpdate) -> dict:
    return state.kiosk_policy.update(change)
