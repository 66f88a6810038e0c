"""GET /api/v1/catalog and GET /api/v1/platform-key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response

from .catalog_schema import Catalog
from .models import INVALID_REQUEST, KIOSK_ERRORS, PlatformKey, documented_errors
from .state import KioskId, State

router = APIRouter(tags=["catalog"])


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x" for GET.
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


@router.get(
    "/api/v1/catalog",
    response_class=Response,
    summary="The signed service catalog",
    description=(
        "The catalog (`kiosk-catalog/1`) as the body, with `ETag` (quoted SHA-256 hex of"
        " the body) and `X-Catalog-Signature: ed25519;key=<key id>;sig=<base64>` over the"
        " exact body bytes. `If-None-Match` with the current ETag answers 304 with no body."
    ),
    responses={
        200: {
            "model": Catalog,
            "description": "The catalog",
            "headers": {
                "ETag": {"description": "Quoted SHA-256 hex of the body"},
                "X-Catalog-Signature": {"description": "Ed25519 signature of the body"},
            },
        },
        304: {"description": "The kiosk's copy is current"},
        **documented_errors({**KIOSK_ERRORS, **INVALID_REQUEST}),
    },
)
def get_catalog(
    state: State,
    kiosk_id: KioskId,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    published = state.catalog  # one read: body, ETag and signature stay consistent
    if etag_matches(if_none_match, published.etag):
        return Response(status_code=304, headers={"ETag": published.etag})
    return Response(
        content=published.body,
        media_type="application/json",
        headers={"ETag": published.etag, "X-Catalog-Signature": published.signature},
    )


@router.get(
    "/api/v1/platform-key",
    response_model=PlatformKey,
    summary="The catalog signing key",
    description=(
        "The public Ed25519 key the catalog is signed with. Kiosks pin it at install"
        " time (configuration) and never trust a catalog on the strength of this call."
    ),
)
def get_platform_key(state: State) -> PlatformKey:
    key = state.signer.public_key
    return PlatformKey(key_id=key.key_id, alg="ed25519", public_key=key.public_key_b64)
