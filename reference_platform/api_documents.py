"""GET /api/v1/documents/{document_no}: is this printed certificate one we issued?"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from .documents import find_document, verification_of
from .models import INVALID_REQUEST, DocumentVerification, documented_errors
from .state import State

router = APIRouter(tags=["applications"])

DocumentNo = Annotated[str, Path(max_length=32, description="ZM + YYYYMMDD + sequence")]
VerifyCode = Annotated[
    str | None, Query(max_length=16, description="Check code from the certificate's QR code")
]


@router.get(
    "/api/v1/documents/{document_no}",
    response_model=DocumentVerification,
    summary="Verify a certificate",
    description=(
        "What a certificate's QR code confirms: that the platform issued this document"
        " number, with its title, masked holder name and time of issue. No X-Kiosk-Id"
        " needed. 404 `not_found` when the number or the check code does not match."
    ),
    responses=documented_errors({404: "not_found", **INVALID_REQUEST}),
)
def verify_document(
    state: State, document_no: DocumentNo, c: VerifyCode = None
) -> DocumentVerification:
    with state.db.read() as conn:
        return verification_of(find_document(conn, document_no, c))
