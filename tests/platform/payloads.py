"""Request bodies and helpers shared by the platform tests."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from reference_platform.settings import shanghai_now

KIOSK_ID = "K-PD-0001"
WANG = {"id_number": "310115195105120021", "name": "王秀英"}
LI = {"id_number": "310104196809030118", "name": "李建国"}
CHEN = {"id_number": "310105199402180042", "name": "陈晓婷"}
ZHANG = {"id_number": "310110198911250033", "name": "张伟"}
ZHAO = {"id_number": "310106201007010066", "name": "赵雨涵"}


class FakeClock:
    """A settable clock for PlatformSettings.clock."""

    def __init__(self) -> None:
        self.now = shanghai_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def new_key() -> str:
    return "idem-" + uuid.uuid4().hex


def new_ref() -> str:
    return f"{KIOSK_ID}-{uuid.uuid4().hex[:12].upper()}"


def material(code: str, data: bytes, content_type: str = "image/jpeg") -> dict[str, str]:
    return {
        "code": code,
        "content_type": content_type,
        "sha256": hashlib.sha256(data).hexdigest(),
        "data_b64": base64.b64encode(data).decode("ascii"),
    }


def social_security_print(ref: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A complete SB-JFQK-DY application by 李建国."""
    body: dict[str, Any] = {
        "submission_ref": ref or new_ref(),
        "check_code": "7F3K9Q",
        "item_code": "SB-JFQK-DY",
        "kiosk_id": KIOSK_ID,
        "applicant": dict(LI),
        "form": {
            "name": LI["name"],
            "id_number": LI["id_number"],
            "social_security_no": LI["id_number"],
            "phone": "13816624087",
            "print_type": "contribution_detail",
            "period_from": "2024-01-01",
            "period_to": shanghai_now().date().isoformat(),
            "purpose": "housing",
        },
        "materials": [],
        "prefill_ratio": 1.0,
        "submitted_at": shanghai_now().isoformat(),
    }
    body.update(overrides)
    return body


def elderly_allowance(ref: str | None = None) -> dict[str, Any]:
    """A complete LN-ZHJT-SQ application by 王秀英, with a photographed ID card."""
    return {
        "submission_ref": ref or new_ref(),
        "check_code": "Q8M2ZT",
        "item_code": "LN-ZHJT-SQ",
        "kiosk_id": KIOSK_ID,
        "applicant": dict(WANG),
        "form": {
            "name": WANG["name"],
            "id_number": WANG["id_number"],
            "household_address": "上海市浦东新区崂山路591弄8号402室",
            "residence_address": "上海市浦东新区潍坊新村街道崂山路591弄8号402室",
            "phone": "13917650321",
            "bank_name": "上海银行浦东分行",
            "bank_account": "6228920012345678901",
            "apply_date": shanghai_now().date().isoformat(),
        },
        "materials": [material("id_card", b"\xff\xd8\xff\xe0 fake jpeg of an id card")],
        "prefill_ratio": 1.0,
        "submitted_at": shanghai_now().isoformat(),
    }


def post_write(
    client: httpx.Client, path: str, body: Any, key: str | None = None, **kwargs: Any
) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(path, json=body, headers=headers, **kwargs)


CERTIFICATE_ITEMS = ("SB-JFQK-DY", "GJJ-JCZM-DY", "SW-NSZM-DY", "DW-SBJF-DY")
LI_UNIT = {
    "employer_name": "上海浦江精工机械有限公司",
    "employer_credit_code": "91310104MA1FR8K2XX",
}


def certificate_print(
    item_code: str, applicant: dict[str, str] | None = None, **form: Any
) -> dict[str, Any]:
    """A complete application for one of the four certificate items (李建国 by default).

    `form` overrides or adds form fields.
    """
    person = applicant or LI
    today = shanghai_now().date().isoformat()
    period = {"period_from": "2024-01-01", "period_to": today}
    forms: dict[str, dict[str, Any]] = {
        "SB-JFQK-DY": {
            "social_security_no": person["id_number"],
            "print_type": "contribution_detail",
            "purpose": "housing",
            **period,
        },
        "GJJ-JCZM-DY": {"housing_fund_account": "106023889571", "purpose": "housing", **LI_UNIT},
        "SW-NSZM-DY": {"purpose": "visa", **period},
        "DW-SBJF-DY": {
            "handler_name": person["name"],
            "handler_id_number": person["id_number"],
            "unit_purpose": "tender",
            **LI_UNIT,
            **period,
        },
    }
    identity = (
        {}
        if item_code == "DW-SBJF-DY"
        else {"name": person["name"], "id_number": person["id_number"]}
    )
    return {
        "submission_ref": new_ref(),
        "check_code": "Z4W8PD",
        "item_code": item_code,
        "kiosk_id": KIOSK_ID,
        "applicant": dict(person),
        "form": {**identity, "phone": "13816624087", **forms[item_code], **form},
        "materials": [],
        "prefill_ratio": 1.0,
        "submitted_at": shanghai_now().isoformat(),
    }
