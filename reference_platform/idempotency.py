"""Idempotent writes: the same Idempotency-Key with the same body answers the same response.

Bodies are compared in canonical JSON (keys sorted, no spaces), so a kiosk
that re-serialises a stored outbox record with different key order or
whitespace still gets its original answer. Only successful answers are
stored: a rejected request changed nothing, so retrying it is harmless and
lets a corrected resend through.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import Response

from .errors import ApiError
from .state import PlatformState

_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")

REPLAY_HEADER = "Idempotent-Replayed"


def canonical_json(value: Any) -> str:
    """Keys sorted, no insignificant whitespace, UTF-8 text kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def require_idempotency_key(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="8-128 chars of [A-Za-z0-9_.:-]; the same key and body replays the answer",
        ),
    ] = None,
) -> str:
    if idempotency_key is None:
        raise ApiError(400, "idempotency_key_required", "Idempotency-Key header is missing")
    if not _KEY_PATTERN.match(idempotency_key):
        raise ApiError(
            400, "idempotency_key_invalid", "Idempotency-Key must match [A-Za-z0-9_.:-]{8,128}"
        )
    return idempotency_key


async def raw_json_body(request: Request) -> Any:
    """The request body as the client sent it, before model defaults are applied."""
    # FastAPI has already read and cached the body, so this does not re-read the stream.
    return await request.json()


IdempotencyKey = Annotated[str, Depends(require_idempotency_key)]
RawBody = Annotated[Any, Depends(raw_json_body)]

Handler = Callable[[sqlite3.Connection], tuple[int, dict[str, Any]]]


def run_idempotent(
    state: PlatformState,
    *,
    key: str,
    endpoint: str,
    kiosk_id: str,
    body: Any,
    handler: Handler,
) -> Response:
    """Replay the stored answer for `key`, or run `handler` and store its answer atomically.

    `handler` runs inside the write transaction; an ApiError it raises rolls
    the whole write back, including the idempotency record.
    """
    canonical = canonical_json(body)
    with state.db.write() as conn:
        row = conn.execute(
            "SELECT endpoint, request_canonical, status_code, response_body"
            " FROM idempotency WHERE key = ?",
            (key,),
        ).fetchone()
        if row is not None:
            if row["endpoint"] != endpoint or row["request_canonical"] != canonical:
                raise ApiError(
                    409, "idempotency_key_reused", "this key was used with a different request"
                )
            return Response(
                content=bytes(row["response_body"]),
                status_code=row["status_code"],
                media_type="application/json",
                headers={REPLAY_HEADER: "true"},
            )
        status_code, payload = handler(conn)
        response_body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        conn.execute(
            "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                endpoint,
                kiosk_id,
                canonical,
                status_code,
                response_body,
                state.now().isoformat(),
            ),
        )
    return Response(content=response_body, status_code=status_code, media_type="application/json")
