"""GET /v/{document_no}: the certificate QR code's landing page, for any phone browser."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from .api_documents import DocumentNo, VerifyCode
from .documents import find_document, verification_of
from .errors import ApiError
from .html_page import bilingual, page, row
from .models import INVALID_REQUEST, CertificateDocument, documented_errors
from .state import State

router = APIRouter(tags=["applications"])


def render_authentic(document: CertificateDocument) -> str:
    verification = verification_of(document)
    issuer = document.issuer
    statement = bilingual(
        f"本证明由{issuer.zh_CN}出具，真实有效。",
        f"This certificate was issued by {issuer.en} and is authentic.",
    )
    rows = "".join(
        [
            row("核验结果", "Result", bilingual("真实有效", "Authentic"), "status"),
            row("证明名称", "Certificate", bilingual(document.title.zh_CN, document.title.en)),
            row("证明编号", "Document no.", escape(document.document_no)),
            row("持证人", "Holder", escape(verification.holder_masked)),
            row("出具日期", "Issued on", escape(document.issued_at.date().isoformat())),
            row("出具单位", "Issuer", bilingual(issuer.zh_CN, issuer.en)),
        ]
    )
    return page(
        "上海一网通办 证明核验",
        "Shanghai One-Network Services: certificate check",
        f"<p>{statement}</p><table>{rows}</table>",
    )


def render_not_found() -> str:
    return page(
        "未找到证明",
        "Certificate not found",
        "<p>"
        + bilingual(
            "未能核验此证明：请核对证明上的二维码或证明编号。",
            "This certificate could not be verified: please check its QR code or document number.",
        )
        + "</p>",
    )


@router.get(
    "/v/{document_no}",
    response_class=HTMLResponse,
    summary="Certificate verification as a small Chinese/English page",
    description="Same look-up as GET /api/v1/documents/{document_no}, rendered for phones.",
    responses={
        404: {"description": "Not found page", "content": {"text/html": {}}},
        **documented_errors(INVALID_REQUEST),
    },
)
def verify_page(state: State, document_no: DocumentNo, c: VerifyCode = None) -> HTMLResponse:
    try:
        with state.db.read() as conn:
            document = find_document(conn, document_no, c)
    except ApiError as exc:
        if exc.status_code != 404:
            raise
        return HTMLResponse(render_not_found(), status_code=404)
    return HTMLResponse(render_authentic(document))
