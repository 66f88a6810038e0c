"""Face checks: a resident who has no card with them proves who they are by face.

The kiosk sends the ID number the resident typed and a face photo it took;
the platform compares the photo with the one it holds for that resident and,
when they match, grants a consent token exactly as POST /api/v1/consents
does (`insert_consent`). The comparator here is a DEMONSTRATION
(`face_comparison`), labelled so in the answer and in the API docs; a real
platform calls the national face-comparison service instead.

Nothing of the photo is kept: it is decoded, compared and dropped within the
request. The audit (`face_checks` table) keeps ID number, kiosk, verdict,
score and time, and is what the lockout counts: after
`face_check_max_failures` mismatches within `face_check_lockout_s` the ID
number's face checks are refused until that window has passed.
"""

from __future__ import annotations

import base64
import binascii
import math
import sqlite3
from datetime import timedelta
from enum import StrEnum
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator

from .api_consent import insert_consent
from .errors import ApiError
from .face_comparison import (
    COMPARATOR_NAME,
    COMPARATOR_NOTICE,
    MAX_IMAGE_BYTES,
    FaceImageProblem,
    FaceImageRefused,
    compare_faces,
    decode_face_image,
    face_template,
)
from .id_numbers import is_valid_id_number, mask_id_number
from .models import (
    ID_NUMBER_PATTERN,
    INVALID_REQUEST,
    KIOSK_ERRORS,
    ConsentGranted,
    ConsentMethod,
    ConsentScope,
    documented_errors,
)
from .state import KioskId, PlatformState, State

router = APIRouter(tags=["consent and records"])

# Base64 of MAX_IMAGE_BYTES, plus padding; longer strings are refused as too
# large before decoding. The schema's own cap (8x) only stops absurd bodies.
_MAX_IMAGE_B64_CHARS = math.ceil(MAX_IMAGE_BYTES / 3) * 4


class FaceCheckResult(StrEnum):
    """What the audit records for each attempt."""

    MATCH = "match"
    NO_MATCH = "no_match"
    LOCKED = "locked"
    UNKNOWN_RESIDENT = "unknown_resident"
    NOT_ENROLLED = "not_enrolled"
    BAD_IMAGE = "bad_image"


class FaceCheckRequest(BaseModel):
    id_number: str = Field(
        pattern=ID_NUMBER_PATTERN, description="Citizen ID number the resident typed"
    )
    image_b64: str = Field(
        max_length=8 * _MAX_IMAGE_B64_CHARS,
        description=(
            "Base64 of a JPEG face photo (the kiosk sends a 256 px square crop);"
            f" at most {MAX_IMAGE_BYTES // 1024} KB decoded, exactly one face"
        ),
    )
    scope: list[ConsentScope] = Field(
        min_length=1, description="Which parts of the records the kiosk may read"
    )

    @field_validator("id_number")
    @classmethod
    def _checksum(cls, value: str) -> str:
        if not is_valid_id_number(value):
            raise ValueError("fails the GB 11643 checksum")
        return value


class FaceCheckPassed(ConsentGranted):
    """The face matched: a consent token, as from POST /api/v1/consents."""

    comparator: Literal["demonstration"] = Field(
        description="Which comparator decided: this reference platform only has a demonstration one"
    )
    comparator_notice: str = Field(description="What the comparator is and is not")
    score: float = Field(
        description="The comparator's similarity, 0-1 (for the audit, not a probability)"
    )


class FaceCheckService(BaseModel):
    available: bool = Field(description="Whether any resident is enrolled for face checks")
    comparator: Literal["demonstration"]
    comparator_notice: str
    max_image_bytes: int
    max_failures: int = Field(description="Mismatches per ID number before its lockout")
    lockout_s: int = Field(description="How long an ID number stays locked")


@router.get(
    "/api/v1/face-checks",
    response_model=FaceCheckService,
    summary="Whether face checks are offered, and by which comparator",
    description=(
        "Kiosks offer face identification only when `available`. `comparator` is"
        " `demonstration` on this reference platform: NOT biometric-grade."
    ),
    responses=documented_errors({**KIOSK_ERRORS, **INVALID_REQUEST}),
)
def face_check_service(state: State, kiosk_id: KioskId) -> FaceCheckService:
    return FaceCheckService(
        available=state.faces.available,
        comparator=COMPARATOR_NAME,
        comparator_notice=COMPARATOR_NOTICE,
        max_image_bytes=MAX_IMAGE_BYTES,
        max_failures=state.settings.face_check_max_failures,
        lockout_s=state.settings.face_check_lockout_s,
    )


@router.post(
    "/api/v1/face-checks",
    status_code=201,
    response_model=FaceCheckPassed,
    summary="Check a face against the resident's photo; grant a consent token on a match",
    description=(
        "The photo is compared with the one held for `id_number` by a DEMONSTRATION"
        " comparator (grey-level correlation and skin colour), not biometric-grade; a"
        " real deployment calls the national face-comparison service. On a match the"
        " answer is a consent token for that resident (method `face`), usable like one"
        " from POST /api/v1/consents. The photo is never stored; the audit keeps ID"
        " number, kiosk, verdict, score and time. After `max_failures` mismatches"
        " within `lockout_s` the ID number is locked (`face_check_locked`) until the"
        " window has passed."
    ),
    responses=documented_errors(
        {
            **KIOSK_ERRORS,
            403: "face_mismatch: not the resident's face (counts towards the lockout) /"
            " face_check_locked: too many recent mismatches for this ID number",
            404: "resident_unknown: no resident with this ID number",
            409: "face_not_enrolled: no photo held for this resident",
            413: "image_too_large: over the size limit, in bytes or pixels",
            422: "invalid_request: the request does not follow the schema (ID number"
            " shape or checksum included) / image_unreadable: not a JPEG / no_face /"
            " several_faces",
        }
    ),
)
def check_face(state: State, request_body: FaceCheckRequest, kiosk_id: KioskId) -> FaceCheckPassed:
    # The lock is checked and the verdict recorded in one transaction, so
    # parallel attempts cannot slip past the limit together. Refusals are
    # returned, not raised, inside it: raising would roll back their audit row.
    with state.db.write() as conn:
        outcome = _decide(conn, state, request_body, kiosk_id)
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


def _decide(
    conn: sqlite3.Connection, state: PlatformState, request_body: FaceCheckRequest, kiosk_id: str
) -> FaceCheckPassed | ApiError:
    id_number = request_body.id_number

    def refused(result: FaceCheckResult, error: ApiError, score: float | None = None) -> ApiError:
        _audit(conn, state, id_number, kiosk_id, result, score)
        return error

    if _recent_failures(conn, state, id_number) >= state.settings.face_check_max_failures:
        return refused(
            FaceCheckResult.LOCKED,
            ApiError(
                403,
                "face_check_locked",
                f"too many face mismatches for {mask_id_number(id_number)}: try again later"
                " or use the ID card",
            ),
        )
    if conn.execute("SELECT 1 FROM residents WHERE id_number = ?", (id_number,)).fetchone() is None:
        return refused(
            FaceCheckResult.UNKNOWN_RESIDENT,
            ApiError(404, "resident_unknown", "no resident with this id number"),
        )
    enrolled = state.faces.template(id_number)
    if enrolled is None:
        return refused(
            FaceCheckResult.NOT_ENROLLED,
            ApiError(409, "face_not_enrolled", "no photo is held for this resident"),
        )
    try:
        probe = face_template(decode_face_image(_image_bytes(request_body.image_b64)))
    except FaceImageRefused as exc:
        status = 413 if exc.problem is FaceImageProblem.TOO_LARGE else 422
        return refused(
            FaceCheckResult.BAD_IMAGE,
            ApiError(status, exc.problem.value, _IMAGE_DETAIL[exc.problem]),
        )
    comparison = compare_faces(enrolled, probe)
    if not comparison.matches:
        return refused(
            FaceCheckResult.NO_MATCH,
            ApiError(
                403, "face_mismatch", "the face does not match the photo held for this resident"
            ),
            comparison.score,
        )
    _audit(conn, state, id_number, kiosk_id, FaceCheckResult.MATCH, comparison.score)
    granted = insert_consent(
        conn, state, id_number, kiosk_id, ConsentMethod.face, request_body.scope
    )
    return FaceCheckPassed(
        **granted.model_dump(),
        comparator=COMPARATOR_NAME,
        comparator_notice=COMPARATOR_NOTICE,
        score=comparison.score,
    )


_IMAGE_DETAIL = {
    FaceImageProblem.NOT_AN_IMAGE: "image_b64 is not a readable JPEG",
    FaceImageProblem.TOO_LARGE: f"the image is over {MAX_IMAGE_BYTES} bytes or 2048 px",
    FaceImageProblem.NO_FACE: "no face found in the image",
    FaceImageProblem.SEVERAL_FACES: "more than one face in the image",
}


def _image_bytes(text: str) -> bytes:
    if len(text) > _MAX_IMAGE_B64_CHARS:
        raise FaceImageRefused(FaceImageProblem.TOO_LARGE)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FaceImageRefused(FaceImageProblem.NOT_AN_IMAGE) from None


def _recent_failures(conn: sqlite3.Connection, state: PlatformState, id_number: str) -> int:
    """Mismatches within the lockout window and since the last match."""
    since = (state.now() - timedelta(seconds=state.settings.face_check_lockout_s)).isoformat()
    last_match = conn.execute(
        "SELECT MAX(id) FROM face_checks WHERE id_number = ? AND result = ?",
        (id_number, FaceCheckResult.MATCH.value),
    ).fetchone()[0]
    return conn.execute(
        "SELECT COUNT(*) FROM face_checks WHERE id_number = ? AND result = ?"
        " AND checked_at > ? AND id > ?",
        (id_number, FaceCheckResult.NO_MATCH.value, since, last_match or 0),
    ).fetchone()[0]


def _audit(
    conn: sqlite3.Connection,
    state: PlatformState,
    id_number: str,
    kiosk_id: str,
    result: FaceCheckResult,
    score: float | None = None,
) -> None:
    conn.execute(
        "INSERT INTO face_checks (id_number, kiosk_id, result, score, checked_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (id_number, kiosk_id, result.value, score, state.now().isoformat()),
    )
