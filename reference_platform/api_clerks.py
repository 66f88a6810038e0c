"""Clerk sign-in and sign-out (docs/remote-window.md), and the clerk Bearer dependency."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from .api_suishen import require_admin
from .clerks import Clerk, ClerkDirectory
from .errors import ApiError
from .models import INVALID_REQUEST, documented_errors
from .state import State

router = APIRouter(tags=["remote window"])
admin_router = APIRouter(tags=["remote window"])


class ClerkView(BaseModel):
    clerk_id: str
    name: str
    staff_number: str
    role: str = Field(description="clerk or supervisor")
    skills: list[str]
    languages: list[str]


class SignInRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class ClerkSessionView(BaseModel):
    token: str = Field(description="For `Authorization: Bearer <token>`; shown once")
    expires_at: str
    clerk: ClerkView


def clerk_directory(request: Request) -> ClerkDirectory:
    return request.app.state.clerks


def bearer_token(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def require_clerk(
    request: Request,
    state: State,
    authorization: Annotated[
        str | None, Header(description="`Bearer <token>` from POST /api/v1/clerk-sessions")
    ] = None,
) -> Clerk:
    token = bearer_token(authorization)
    clerk = None if token is None else clerk_directory(request).authenticate(token, state.now())
    if clerk is None:
        raise ApiError(401, "clerk_unauthorised", "a valid clerk session token is required")
    return clerk


SignedInClerk = Annotated[Clerk, Depends(require_clerk)]
CLERK_ERRORS = {
    401: "clerk_unauthorised: token missing, unknown, signed out or expired",
    **INVALID_REQUEST,
}


@router.post(
    "/api/v1/clerk-sessions",
    response_model=ClerkSessionView,
    summary="Clerk sign-in",
    description=(
        "A session token valid for 12 hours. Five wrong passwords in a row lock the account"
        " for 5 minutes (429 `clerk_locked`, even with the right password)."
    ),
    responses=documented_errors({401: "bad_credentials", 429: "clerk_locked", **INVALID_REQUEST}),
)
def sign_in(request: Request, state: State, body: SignInRequest) -> ClerkSessionView:
    session = clerk_directory(request).sign_in(body.username, body.password, state.now())
    return ClerkSessionView(
        token=session.token,
        expires_at=session.expires_at.isoformat(),
        clerk=ClerkView(**session.clerk.view()),
    )


@router.delete(
    "/api/v1/clerk-sessions/current",
    status_code=204,
    response_class=Response,
    summary="Clerk sign-out",
    description="The token stops working at once.",
    responses=documented_errors(CLERK_ERRORS),
)
def sign_out(request: Request, state: State, clerk: SignedInClerk) -> Response:
    token = bearer_token(request.headers.get("authorization"))
    assert token is not None  # require_clerk checked it
    clerk_directory(request).sign_out(token, state.now())
    return Response(status_code=204)


class NewClerk(BaseModel):
    username: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    password: str = Field(min_length=10, max_length=256)
    clerk_id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    name: str = Field(min_length=1, max_length=64)
    staff_number: str = Field(min_length=1, max_length=32)
    role: Literal["clerk", "supervisor"] = "clerk"
    skills: list[Literal["personal", "enterprise"]] = Field(min_length=1)
    languages: list[Literal["zh", "en"]] = Field(min_length=1)


@admin_router.post(
    "/api/v1/admin/clerks",
    status_code=201,
    response_model=ClerkView,
    dependencies=[Depends(require_admin)],
    summary="Create a clerk account",
    description="Exists only when an admin token is configured (`Authorization: Admin <token>`).",
    responses=documented_errors(
        {401: "admin_required", 403: "admin_invalid", 409: "clerk_exists", **INVALID_REQUEST}
    ),
)
def create_clerk(request: Request, body: NewClerk) -> ClerkView:
    try:
        clerk = clerk_directory(request).add(**body.model_dump())
    except sqlite3.IntegrityError:
        raise ApiError(409, "clerk_exists", "username or clerk_id taken") from None
    return ClerkView(**clerk.view())
