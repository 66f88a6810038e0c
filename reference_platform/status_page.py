"""GET /s/{submission_ref}: the receipt QR code's landing page, for any phone browser."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from .api_applications import CheckCode
from .applications import find_application
from .errors import ApiError
from .models import INVALID_REQUEST, ApplicationStatus, ApplicationStatusView, documented_errors
from .state import State

router = APIRouter(tags=["applications"])

STATUS_TEXT: dict[ApplicationStatus, tuple[str, str]] = {
    ApplicationStatus.received: ("已受理", "Received"),
    ApplicationStatus.in_review: ("审核中", "Under review"),
    ApplicationStatus.approved: ("已办结（准予）", "Approved"),
    ApplicationStatus.rejected: ("不予受理", "Not accepted"),
    ApplicationStatus.completed: ("已办结", "Completed"),
}

_STYLE = (
    "body{font-family:'PingFang SC','Noto Sans CJK SC',sans-serif;margin:1.2em;color:#222}"
    "h1{font-size:1.3em}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.45em .3em;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{width:40%;font-weight:normal;color:#555}.en{color:#666;font-size:.9em}"
    ".status{font-size:1.2em;font-weight:bold;color:#0a5}"
)


def _page(title_zh: str, title_en: str, inner: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title_zh)} {escape(title_en)}</title><style>{_STYLE}</style></head>"
        f'<body><h1>{escape(title_zh)}<br><span class="en">{escape(title_en)}</span></h1>'
        f"{inner}</body></html>"
    )


def _row(zh: str, en: str, value: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<tr><th>{zh}<br><span class="en">{en}</span></th><td{cls}>{value}</td></tr>'


def render_status(view: ApplicationStatusView) -> str:
    status_zh, status_en = STATUS_TEXT[view.status]
    rows = "".join(
        [
            _row(
                "办件状态",
                "Status",
                f'{escape(status_zh)}<br><span class="en">{escape(status_en)}</span>',
                "status",
            ),
            _row(
                "办理事项",
                "Service",
                f'{escape(view.item_name.zh_CN)}<br><span class="en">{escape(view.item_name.en)}</span>',
            ),
            _row("办件编号", "Application no.", escape(view.application_no)),
            _row("受理凭证号", "Receipt reference", escape(view.submission_ref)),
            _row("受理时间", "Received at", escape(view.received_at.strftime("%Y-%m-%d %H:%M"))),
            _row("申请人", "Applicant", escape(view.applicant_masked)),
        ]
    )
    return _page(
        "上海一网通办 办件查询",
        "Shanghai One-Network Services: application status",
        f"<table>{rows}</table>",
    )


def render_not_found() -> str:
    return _page(
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
