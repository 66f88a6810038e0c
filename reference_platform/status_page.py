"""GET /s/{submission_ref}: the receipt QR code's landing page, for any phone browser."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from .api_applications import CheckCode
from .applications import find_application
from .errors import ApiError
from .html_page import bilingual, page, row
from .models import INVALID_REQUEST, ApplicationStatus, ApplicationStatusView, documented_errors
from .state import State

router = APIRouter(tags=["applications"])

STATUS_TEXT: dict[ApplicationStatus, tuple[str, str]] = {
    ApplicationStatus.received: ("已受理", "Received"),
    ApplicationStatus.in_review: ("审核中", "Under review"),
    ApplicationStatus.approved: ("已办结（准予）", "Approved"),
    ApplicationStatus.rejected: ("不予受理", "Not accepted"),
    ApplicationStatus.completed: ("已办结", "Completed"),
    ApplicationStatus.accepted: ("已受理（远程窗口）", "Accepted (remote window)"),
}


def render_status(view: ApplicationStatusView) -> str:
    status_zh, status_en = STATUS_TEXT[view.status]
    rows = "".join(
        [
            row("办件状态", "Status", bilingual(status_zh, status_en), "status"),
            row("办理事项", "Service", bilingual(view.item_name.zh_CN, view.item_name.en)),
            row("办件编号", "Application no.", escape(view.application_no)),
            row("受理凭证号", "Receipt reference", escape(view.submission_ref)),
            row("受理时间", "Received at", escape(view.received_at.strftime("%Y-%m-%d %H:%M"))),
            row("申请人", "Applicant", escape(view.applicant_masked)),
        ]
    )
    return page(
        "上海一网通办 办件查询",
        "Shanghai One-Network Services: application status",
        f"<table>{rows}</table>",
    )


def render_not_found() -> str:
    return page(
        "未找到办件",
        "Application not found",
        "<p>请核对受理凭证上的二维码或查询码。<br>"
        '<span class="en">Please check the QR code or check code on your receipt.</span></p>',
    )


@router.get(
    "/s/{submission_ref}",
    response_class=HTMLResponse,
    summary="Application status as a small Chinese/English page",
    description="Same look-up as GET /api/v1/applications/{submission_ref}, rendered for phones.",
    responses={
        404: {"description": "Not found page", "content": {"text/html": {}}},
        **documented_errors(INVALID_REQUEST),
    },
)
def status_page(
    state: State,
    submission_ref: Annotated[str, Path(max_length=64)],
    c: CheckCode = None,
) -> HTMLResponse:
    try:
        with state.db.read() as conn:
            view = find_application(conn, submission_ref, c)
    except ApiError as exc:
        if exc.status_code != 404:
            raise
        return HTMLResponse(render_not_found(), status_code=404)
    return HTMLResponse(render_status(view))
