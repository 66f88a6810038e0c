"""Suishen codes and the trust data kiosks verify them with (docs/platform-api.md).

Three routers, because two of them must not exist on every platform:
`router` is what a real platform offers; `admin_router` (revoke, rotate)
is mounted only with an admin token configured; `demo_router` only with
demo_codes on, never on a real platform.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import Response

from .api_catalog import etag_matches
from .api_consent import ConsentAuthorization, valid_consent
from .errors import ApiError
from .models import INVALID_REQUEST, KIOSK_ERRORS, documented_errors
from .state import KioskId, State
from .suishen_codes import CodeKind, NotEligible, Profile, ResidentUnknown
from .suishen_encoding import CoseAlg
from .suishen_models import (
    AnchorKey,
    CodeRequest,
    DemoCodeRequest,
    IssuedCodeView,
    IssuerKeyView,
    RevokeRequest,
    RevokeResult,
    RotateRequest,
    RotateResult,
)
from .suishen_trust import TrustDocument

COSE_MEDIA_TYPE = "application/cose"
SEQ_HEADER = "X-Suishen-Seq"
BASE_HEADER = "X-Suishen-Base"

router = APIRouter(tags=["suishen codes and trust data"])
admin_router = APIRouter(tags=["suishen administration (pilots and tests)"])
demo_router = APIRouter(tags=["suishen demo codes (demo platforms only)"])

IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]

_COSE_RESPONSES: dict[int | str, dict] = {
    200: {
        "description": "The COSE_Sign1 bytes (tag 18), signed by the trust anchor",
        "content": {COSE_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "ETag": {"description": "Quoted SHA-256 hex of the body"},
            SEQ_HEADER: {"description": "The document's seq (informative; the payload decides)"},
        },
    },
    304: {"description": "The kiosk's copy is current"},
    **documented_errors({**KIOSK_ERRORS, **INVALID_REQUEST}),
}


def _cose_response(document: TrustDocument, if_none_match: str | None) -> Response:
    headers = {"ETag": document.etag, SEQ_HEADER: str(document.seq)}
    if document.base is not None:
        headers[BASE_HEADER] = str(document.base)
    if etag_matches(if_none_match, document.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=document.body, media_type=COSE_MEDIA_TYPE, headers=headers)


@router.get(
    "/api/v1/suishen/anchor",
    response_model=AnchorKey,
    summary="The trust anchor key",
    description=(
        "The SM2 key that signs trust lists and revocation lists. Installers pin its SPKI"
        " in kiosk configuration; a kiosk never trusts trust data on the strength of this call."
    ),
)
def get_anchor(state: State) -> AnchorKey:
    anchor = state.suishen.anchor
    return AnchorKey(
        alg="SM2", cose_alg=int(anchor.alg), kid=anchor.kid.hex(), spki=anchor.spki.hex()
    )


@router.get(
    "/api/v1/suishen/trust-list",
    response_class=Response,
    summary="The signed trust list (issuer keys)",
    description=(
        "COSE_Sign1 by the anchor over `{seq, iat, exp, keys}` (spec section 6), deterministic"
        " CBOR. Republished with seq + 1 on key rotation and once half its validity (7 days"
        " by default) has passed. `If-None-Match` with the current ETag answers 304."
    ),
    responses=_COSE_RESPONSES,
)
def get_trust_list(state: State, kiosk_id: KioskId, if_none_match: IfNoneMatch = None) -> Response:
    return _cose_response(state.suishen.trust_list(state.unix_now()), if_none_match)


@router.get(
    "/api/v1/suishen/revocations",
    response_class=Response,
    summary="The signed revocation list, or a delta since a seq",
    description=(
        "Without `since`: the full list `{seq, iat, exp, rids}`. With `since=<seq>` of a"
        " list this platform published: a delta `{seq, iat, exp, base, add, del}` from that"
        " list to the current one (header X-Suishen-Base); 304 if `since` is the current seq;"
        " the full list for any other `since`. Every change bumps the seq."
    ),
    responses={
        **_COSE_RESPONSES,
        304: {"description": "The kiosk's copy is current (ETag match, or since = current seq)"},
    },
)
def get_revocations(
    state: State,
    kiosk_id: KioskId,
    since: Annotated[int | None, Query(ge=0, description="The seq the kiosk holds")] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    document = state.suishen.revocation_list(state.unix_now(), since)
    if since is not None and since == document.seq and document.base is None:
        return Response(
            status_code=304, headers={"ETag": document.etag, SEQ_HEADER: str(document.seq)}
        )
    return _cose_response(document, if_none_match)


@router.post(
    "/api/v1/suishen/codes",
    status_code=201,
    response_model=IssuedCodeView,
    summary="Issue a Suishen code to the consenting resident",
    description=(
        "Needs `Authorization: Consent <token>` from the same kiosk. Profile S (离线随申码,"
        " valid 180 days) only for residents of category elder, minor or disabled, else 403"
        " `not_eligible`; it revokes the resident's previous S code. Profile D carries the"
        " demo phone's holder key and comes with its proof for the current 30-second step."
    ),
    responses=documented_errors(
        {
            **KIOSK_ERRORS,
            401: "consent_required: no token",
            403: "consent_invalid / not_eligible",
            **INVALID_REQUEST,
        }
    ),
)
def issue_code(
    state: State,
    request_body: CodeRequest,
    kiosk_id: KioskId,
    authorization: ConsentAuthorization = None,
) -> IssuedCodeView:
    with state.db.read() as conn:
        id_number = valid_consent(conn, authorization, kiosk_id, state.now())["id_number"]
    return _issue(state, id_number, request_body.profile, request_body.alg.cose)


def _issue(
    state: State,
    id_number: str,
    profile: Profile,
    alg: CoseAlg,
    kind: CodeKind = CodeKind.valid,
    demo: bool = False,
) -> IssuedCodeView:
    try:
        code = state.suishen.issue(id_number, profile, alg, state.unix_now(), kind, demo)
    except ResidentUnknown as exc:
        raise ApiError(404, "resident_unknown", "no resident with this id number") from exc
    except NotEligible as exc:
        raise ApiError(
            403, "not_eligible", "static codes are for elder, minor and disabled residents"
        ) from exc
    return IssuedCodeView.of(code)


@demo_router.post(
    "/api/v1/suishen/demo-codes",
    status_code=201,
    response_model=IssuedCodeView,
    summary="Mint a test code (demo platforms only)",
    description=(
        "DEMO ONLY: exists when PlatformSettings.demo_codes is on (EmbeddedPlatform), never"
        " on a real platform. No consent needed. kind `valid`, `expired` (exp in the past),"
        " `revoked` (rid listed, revocation seq bumped), `forged` (signed by an unlisted key"
        " under a listed kid) or `tampered` (exp changed after signing). Demo codes never"
        " revoke the resident's real codes."
    ),
    responses=documented_errors({404: "resident_unknown", 403: "not_eligible", **INVALID_REQUEST}),
)
def mint_demo_code(state: State, request_body: DemoCodeRequest) -> IssuedCodeView:
    return _issue(
        state,
        request_body.id_number,
        request_body.profile,
        request_body.alg.cose,
        request_body.kind,
        demo=True,
    )


def require_admin(
    state: State,
    authorization: Annotated[
        str | None, Header(description="`Admin <token>`: PlatformSettings.admin_token")
    ] = None,
) -> None:
    expected = state.settings.admin_token
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Admin" or not token:
        raise ApiError(401, "admin_required", "Authorization: Admin <token> is required")
    if expected is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise ApiError(403, "admin_invalid", "wrong admin token")


_ADMIN_ERRORS = documented_errors({401: "admin_required", 403: "admin_invalid", **INVALID_REQUEST})


@admin_router.post(
    "/api/v1/suishen/revoke",
    response_model=RevokeResult,
    dependencies=[Depends(require_admin)],
    summary="Revoke a code by its rid (pilots and tests)",
    description=(
        "Lists the rid in the revocation list under the next seq. Revoking a listed rid"
        " changes nothing (`changed: false`). Exists only when an admin token is configured."
    ),
    responses=_ADMIN_ERRORS,
)
def revoke(state: State, request_body: RevokeRequest) -> RevokeResult:
    rid = bytes.fromhex(request_body.rid)
    document, changed = state.suishen.revoke(rid, state.unix_now())
    return RevokeResult(rid=rid.hex(), revocation_seq=document.seq, changed=changed)


@admin_router.post(
    "/api/v1/suishen/issuer-keys/rotate",
    response_model=RotateResult,
    dependencies=[Depends(require_admin)],
    summary="Rotate issuer keys (pilots and tests)",
    description=(
        "Adds a new SM2 and a new ES256 issuer key (optionally limited to `cats`), which sign"
        " from now on, and publishes a trust list with seq + 1. Older keys stay listed until"
        " every code they may have signed has expired. Exists only when an admin token is"
        " configured."
    ),
    responses=_ADMIN_ERRORS,
)
def rotate_issuer_keys(state: State, request_body: RotateRequest) -> RotateResult:
    cats = None if request_body.cats is None else [c.value for c in request_body.cats]
    document, added = state.suishen.keyring.rotate(state.unix_now(), cats)
    return RotateResult(trust_seq=document.seq, keys=[IssuerKeyView.of(k) for k in added])
