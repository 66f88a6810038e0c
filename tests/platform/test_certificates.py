"""Certificates (证明) issued with print-a-record applications, and their verification."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings
from reference_platform.seed import load_catalog
from reference_platform.settings import SEED_DIR, SHANGHAI, shanghai_now

from .payloads import (
    CERTIFICATE_ITEMS,
    KIOSK_ID,
    LI,
    LI_UNIT,
    WANG,
    ZHANG,
    ZHAO,
    FakeClock,
    certificate_print,
    elderly_allowance,
    new_key,
    post_write,
)

APPLICATIONS = "/api/v1/applications"
CODE_ALPHABET = set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
LI_MASKED = "3101**********0118"
EMPLOYER = LI_UNIT["employer_name"]
TITLES = {
    "SB-JFQK-DY": "上海市社会保险个人缴费情况证明",
    "GJJ-JCZM-DY": "上海市住房公积金缴存证明",
    "SW-NSZM-DY": "个人所得税完税证明",
    "DW-SBJF-DY": "上海市单位社会保险缴费证明",
}
DEPARTMENTS = {
    item.code: item.department for item in load_catalog(SEED_DIR / "catalog.json")[1].items
}


def _issue(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 201, response.text
    return response.json()


def _field(document: dict[str, Any], zh_cn: str) -> str:
    values = [f["value"] for f in document["fields"] if f["label"]["zh_CN"] == zh_cn]
    assert len(values) == 1, (zh_cn, document["fields"])
    return values[0]


def _column(document: dict[str, Any], zh_cn: str) -> list[str]:
    index = [c["zh_CN"] for c in document["table"]["columns"]].index(zh_cn)
    return [row[index] for row in document["table"]["rows"]]


def _amounts(document: dict[str, Any], zh_cn: str) -> list[Decimal]:
    return [Decimal(value) for value in _column(document, zh_cn)]


def _months_before(today: date, count: int = 12) -> list[str]:
    year, month, months = today.year, today.month, []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(f"{year:04d}-{month:02d}")
    return months


def _check_social_insurance(document: dict[str, Any]) -> None:
    assert _field(document, "缴费单位") == EMPLOYER
    assert _field(document, "社会保障号码") == LI_MASKED
    assert set(_column(document, "缴费单位")) == {EMPLOYER}
    bases = _amounts(document, "缴费基数（元）")
    assert all(base > 0 for base in bases)
    for column, rate in [
        ("养老保险个人缴费（元）", "0.08"),
        ("医疗保险个人缴费（元）", "0.02"),
        ("失业保险个人缴费（元）", "0.005"),
    ]:
        expected = [(base * Decimal(rate)).quantize(Decimal("0.01")) for base in bases]
        assert _amounts(document, column) == expected, column


def _check_housing_fund(document: dict[str, Any]) -> None:
    assert _field(document, "公积金个人账号") == "106023889571"
    assert _field(document, "缴存单位") == EMPLOYER
    assert _field(document, "余额截至") == shanghai_now().date().isoformat()
    assert Decimal(_field(document, "账户余额（元）")) > 0
    employer, personal = (
        _amounts(document, "单位缴存额（元）"),
        _amounts(document, "个人缴存额（元）"),
    )
    totals = _amounts(document, "月缴存额（元）")
    assert all(e > 0 and e + p == t for e, p, t in zip(employer, personal, totals, strict=True))


def _check_income_tax(document: dict[str, Any]) -> None:
    assert _field(document, "扣缴义务人") == EMPLOYER
    assert set(_column(document, "所得项目")) == {"工资薪金所得"}
    assert set(_column(document, "扣缴义务人")) == {EMPLOYER}
    taxes = _amounts(document, "已缴税额（元）")
    assert all(tax >= 0 for tax in taxes) and sum(taxes) > 0
    assert sum(taxes) == Decimal(_field(document, "已缴税额合计（元）"))
    assert all(income > 0 for income in _amounts(document, "收入额（元）"))


def _check_unit(document: dict[str, Any]) -> None:
    assert _field(document, "单位名称") == EMPLOYER
    assert _field(document, "统一社会信用代码") == LI_UNIT["employer_credit_code"]
    headcounts = [int(value) for value in _column(document, "参保人数")]
    assert all(count > 0 for count in headcounts)
    assert int(_field(document, "参保人数")) == headcounts[0]
    unit, personal = _amounts(document, "单位缴纳（元）"), _amounts(document, "个人缴纳（元）")
    totals = _amounts(document, "合计（元）")
    assert all(u > p > 0 and u + p == t for u, p, t in zip(unit, personal, totals, strict=True))


CHECKS = {
    "SB-JFQK-DY": _check_social_insurance,
    "GJJ-JCZM-DY": _check_housing_fund,
    "SW-NSZM-DY": _check_income_tax,
    "DW-SBJF-DY": _check_unit,
}


@pytest.mark.parametrize("item_code", CERTIFICATE_ITEMS)
def test_certificate_item_issues_a_document_of_its_record(
    client: httpx.Client, item_code: str
) -> None:
    created = _issue(client, certificate_print(item_code))
    document = created["document"]
    assert list(document) == [
        "document_no",
        "title",
        "issuer",
        "issued_at",
        "holder",
        "fields",
        "table",
        "note",
        "verify_url",
    ]
    assert re.fullmatch(rf"ZM{shanghai_now():%Y%m%d}\d{{6}}", document["document_no"])
    assert document["title"]["zh_CN"] == TITLES[item_code] and document["title"]["en"]
    assert document["issuer"] == DEPARTMENTS[item_code].model_dump()
    assert document["issued_at"] == created["received_at"]
    assert document["holder"] == {"name": "李建国", "id_number_masked": LI_MASKED}
    # The full ID number is printed nowhere, not even as a social security number.
    assert LI["id_number"] not in json.dumps(document)
    columns, rows = document["table"]["columns"], document["table"]["rows"]
    labels = [f["label"] for f in document["fields"]] + columns
    assert all(label["zh_CN"] and label["en"] for label in labels)
    assert all(isinstance(f["value"], str) and f["value"] for f in document["fields"])
    assert [row[0] for row in rows] == _months_before(shanghai_now().date())
    assert all(len(row) == len(columns) for row in rows)
    assert all(isinstance(cell, str) for row in rows for cell in row)
    assert document["note"]["zh_CN"] and document["note"]["en"]
    CHECKS[item_code](document)


def test_receipt_item_has_no_document(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    body = elderly_allowance()
    created = _issue(client, body)
    assert set(created) == {"application_no", "submission_ref", "status", "received_at"}
    with platform.state.db.read() as conn:
        stored = conn.execute(
            "SELECT COUNT(*) FROM documents WHERE submission_ref = ?", (body["submission_ref"],)
        ).fetchone()[0]
    assert stored == 0


def test_replay_answers_the_same_document_and_issues_no_other(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    body, key = certificate_print("GJJ-JCZM-DY"), new_key()
    first = post_write(client, APPLICATIONS, body, key)
    again = post_write(client, APPLICATIONS, body, key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.content == first.content
    issued = first.json()
    with platform.state.db.read() as conn:
        rows = conn.execute(
            "SELECT document_no, document_json FROM documents WHERE submission_ref = ?",
            (body["submission_ref"],),
        ).fetchall()
    assert [row["document_no"] for row in rows] == [issued["document"]["document_no"]]
    assert json.loads(rows[0]["document_json"]) == issued["document"]

    # Neither the replay nor a receipt item used a document number; the
    # receipt item did use an application number: the sequences are separate.
    receipt = _issue(client, elderly_allowance())
    following = _issue(client, certificate_print("GJJ-JCZM-DY"))
    assert int(following["document"]["document_no"][-6:]) == (
        int(issued["document"]["document_no"][-6:]) + 1
    )
    assert int(following["application_no"][-6:]) == int(receipt["application_no"][-6:]) + 1


def test_same_resident_gets_the_same_certificates_on_two_platforms(
    tmp_path: Path, clock: FakeClock
) -> None:
    issued: list[dict[str, dict[str, Any]]] = []
    for name in ("first", "second"):
        settings = PlatformSettings(data_dir=tmp_path / name, clock=clock)
        with EmbeddedPlatform(settings) as platform:
            with httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": KIOSK_ID}) as c:
                documents = {
                    code: _issue(c, certificate_print(code))["document"]
                    for code in CERTIFICATE_ITEMS
                }
            for document in documents.values():
                assert urlsplit(document["verify_url"]).port == platform.port
            issued.append(documents)
    first, second = issued
    for code in CERTIFICATE_ITEMS:
        assert len(first[code]["table"]["rows"]) == 12
        for key in ("title", "issuer", "issued_at", "holder", "fields", "table", "note"):
            assert first[code][key] == second[code][key], (code, key)


def test_a_months_figures_do_not_change_a_month_later(
    clocked_platform: EmbeddedPlatform, clock: FakeClock
) -> None:
    tables = []
    with httpx.Client(base_url=clocked_platform.url, headers={"X-Kiosk-Id": KIOSK_ID}) as c:
        # Across a new year: income tax withholding restarts each January.
        for day in (
            datetime(2026, 1, 15, 10, tzinfo=SHANGHAI),
            datetime(2026, 2, 3, 10, tzinfo=SHANGHAI),
        ):
            clock.now = day
            tables.append(_issue(c, certificate_print("SW-NSZM-DY"))["document"]["table"])
    january, february = tables
    assert january["rows"][0][0] == "2025-12" and february["rows"][0][0] == "2026-01"
    assert february["rows"][1:] == january["rows"][:-1]
    assert february["rows"][0] != january["rows"][0]


@pytest.mark.parametrize(
    ("item_code", "applicant", "form", "result", "also"),
    [
        pytest.param("SB-JFQK-DY", ZHAO, {}, "未查询到缴费记录", {}, id="minor"),
        pytest.param("SW-NSZM-DY", WANG, {}, "未查询到纳税记录", {}, id="retired"),
        pytest.param(
            "GJJ-JCZM-DY",
            ZHANG,
            {"housing_fund_account": "108844120937"},
            "未查询到缴存记录",
            {"状态": "封存", "公积金个人账号": "108844120937"},
            id="sealed-housing-fund",
        ),
        pytest.param(
            "SB-JFQK-DY",
            {"id_number": LI["id_number"], "name": "李建民"},
            {},
            "未查询到缴费记录",
            {},
            id="name-differs-from-record",
        ),
        pytest.param(
            "DW-SBJF-DY",
            LI,
            {"employer_credit_code": "91310000MA1K00000X"},
            "未查询到缴费记录",
            {"统一社会信用代码": "91310000MA1K00000X"},
            id="not-the-handlers-unit",
        ),
    ],
)
def test_no_relevant_record_gets_a_no_records_certificate(
    client: httpx.Client,
    item_code: str,
    applicant: dict[str, str],
    form: dict[str, str],
    result: str,
    also: dict[str, str],
) -> None:
    document = _issue(client, certificate_print(item_code, applicant, **form))["document"]
    assert document["title"]["zh_CN"] == TITLES[item_code]
    assert document["holder"]["name"] == applicant["name"]
    assert document["table"] is None
    assert _field(document, "查询结果") == result
    assert "未查询到" in document["note"]["zh_CN"] and "No " in document["note"]["en"]
    for label, value in also.items():
        assert _field(document, label) == value
    if applicant["name"] == "李建民":
        # Someone else's name on 李建国's ID number must not print his employer.
        assert EMPLOYER not in json.dumps(document, ensure_ascii=False)


def test_verify_url_is_on_the_address_the_request_came_in_on(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    document = _issue(client, certificate_print("SB-JFQK-DY"))["document"]
    url = urlsplit(document["verify_url"])
    assert (url.scheme, url.hostname, url.port) == ("http", "127.0.0.1", platform.port)
    assert url.path == f"/v/{document['document_no']}"
    (code,) = parse_qs(url.query)["c"]
    assert len(code) == 6 and set(code) <= CODE_ALPHABET

    # Reached under another name (a gateway, say), the QR code must use that name.
    via_name = client.post(
        APPLICATIONS,
        json=certificate_print("SB-JFQK-DY"),
        headers={"Host": f"kiosk-gateway.internal:{platform.port}", "Idempotency-Key": new_key()},
    ).json()["document"]
    assert via_name["verify_url"].startswith(f"http://kiosk-gateway.internal:{platform.port}/v/")


def test_verification_page_and_lookup(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    created = _issue(client, certificate_print("SB-JFQK-DY"))
    document = created["document"]
    number = document["document_no"]
    (code,) = parse_qs(urlsplit(document["verify_url"]).query)["c"]

    # No X-Kiosk-Id: a bank clerk's phone scanning the certificate.
    page = httpx.get(document["verify_url"])
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "真实有效" in html and "Authentic" in html
    assert html.index("真实有效") < html.index("Authentic")
    for shown in (number, "李*国", TITLES["SB-JFQK-DY"], "上海市社会保险事业管理中心"):
        assert shown in html, shown
    assert created["received_at"][:10] in html
    assert "李建国" not in html and LI["id_number"] not in html

    lookup = httpx.get(f"{platform.url}/api/v1/documents/{number}", params={"c": code.lower()})
    assert lookup.status_code == 200
    assert lookup.json() == {
        "document_no": number,
        "title": document["title"],
        "holder_masked": "李*国",
        "issued_at": created["received_at"],
        "authentic": True,
    }

    wrong_code = ("2" if code[0] != "2" else "3") + code[1:]
    unknown_number = f"ZM{number[2:10]}999999"
    for path, params in [
        (number, {"c": wrong_code}),
        (number, {}),
        (unknown_number, {"c": code}),
    ]:
        missing = httpx.get(f"{platform.url}/api/v1/documents/{path}", params=params)
        assert missing.status_code == 404 and missing.json()["error"] == "not_found"
        not_found_page = httpx.get(f"{platform.url}/v/{path}", params=params)
        assert not_found_page.status_code == 404
        assert not_found_page.headers["content-type"].startswith("text/html")
        text = not_found_page.text
        assert "未找到证明" in text and "not found" in text
        assert text.index("未找到证明") < text.index("not found")
        assert "真实有效" not in text and "李*国" not in text
