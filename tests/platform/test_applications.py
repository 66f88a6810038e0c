"""POST /api/v1/applications, status look-up and the /s/ page."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from reference_platform import EmbeddedPlatform
from reference_platform.settings import shanghai_now

from .payloads import (
    KIOSK_ID,
    LI,
    WANG,
    elderly_allowance,
    material,
    new_key,
    new_ref,
    post_write,
    social_security_print,
)

APPLICATIONS = "/api/v1/applications"


def test_application_is_received_with_a_daily_number(client: httpx.Client) -> None:
    body = social_security_print()
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 201, response.text
    created = response.json()
    today = shanghai_now().strftime("%Y%m%d")
    assert re.fullmatch(rf"SH{today}\d{{6}}", created["application_no"])
    assert created["submission_ref"] == body["submission_ref"]
    assert created["status"] == "received"
    assert created["received_at"].endswith("+08:00")

    second = post_write(client, APPLICATIONS, social_security_print(), new_key()).json()
    assert int(second["application_no"][-6:]) == int(created["application_no"][-6:]) + 1


def test_application_with_materials_is_received(client: httpx.Client) -> None:
    response = post_write(client, APPLICATIONS, elderly_allowance(), new_key())
    assert response.status_code == 201, response.text


def test_replay_returns_the_identical_body(client: httpx.Client) -> None:
    body, key = social_security_print(), new_key()
    first = post_write(client, APPLICATIONS, body, key)
    # Same content, different key order and whitespace: canonically the same body.
    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=False, indent=1)
    again = client.post(
        APPLICATIONS,
        content=reordered.encode(),
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers.get("idempotent-replayed") == "true"


def test_same_key_with_a_different_body_is_409(client: httpx.Client) -> None:
    body, key = social_security_print(), new_key()
    assert post_write(client, APPLICATIONS, body, key).status_code == 201
    changed = dict(body, prefill_ratio=0.5)
    response = post_write(client, APPLICATIONS, changed, key)
    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_key_reused"


def test_submission_ref_of_another_key_is_409(client: httpx.Client) -> None:
    body = social_security_print()
    assert post_write(client, APPLICATIONS, body, new_key()).status_code == 201
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 409
    assert response.json()["error"] == "submission_ref_reused"


@pytest.mark.parametrize("key", [None, "short", "has space in it", "x" * 129])
def test_missing_or_malformed_key_is_400(client: httpx.Client, key: str | None) -> None:
    response = post_write(client, APPLICATIONS, social_security_print(), key)
    assert response.status_code == 400
    expected = "idempotency_key_required" if key is None else "idempotency_key_invalid"
    assert response.json()["error"] == expected


def test_missing_kiosk_id_is_400(platform: EmbeddedPlatform) -> None:
    response = httpx.post(
        platform.url + APPLICATIONS,
        json=social_security_print(),
        headers={"Idempotency-Key": new_key()},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "kiosk_id_required"


def _rejection(client: httpx.Client, body: dict) -> dict:
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 422, response.text
    return response.json()


def test_bad_id_checksum_is_422(client: httpx.Client) -> None:
    bad_id = LI["id_number"][:17] + ("9" if LI["id_number"][17] != "9" else "0")
    error = _rejection(
        client, social_security_print(applicant={"id_number": bad_id, "name": "李建国"})
    )
    assert error["error"] == "invalid_application"
    assert "id_number" in error["detail"]


def test_unknown_item_is_422(client: httpx.Client) -> None:
    error = _rejection(client, social_security_print(item_code="NO-SUCH-ITEM"))
    assert error["error"] == "item_unknown"


def test_missing_required_field_is_422(client: httpx.Client) -> None:
    body = social_security_print()
    del body["form"]["period_from"]
    body["form"]["phone"] = "   "
    error = _rejection(client, body)
    assert error["error"] == "invalid_application"
    assert "period_from" in error["detail"] and "phone" in error["detail"]


def test_material_sha_mismatch_is_422(client: httpx.Client) -> None:
    body = elderly_allowance()
    body["materials"][0]["sha256"] = material("id_card", b"other bytes")["sha256"]
    error = _rejection(client, body)
    assert error["error"] == "invalid_application"
    assert "sha256" in error["detail"]


def test_age_eligibility_is_enforced(client: httpx.Client) -> None:
    body = elderly_allowance()
    body["applicant"] = dict(LI)  # 李建国 is under 65
    assert _rejection(client, body)["error"] == "invalid_application"


def test_rejected_request_is_not_stored_under_its_key(client: httpx.Client) -> None:
    key, body = new_key(), social_security_print(item_code="NO-SUCH-ITEM")
    assert post_write(client, APPLICATIONS, body, key).status_code == 422
    fixed = dict(body, item_code="SB-JFQK-DY")
    assert post_write(client, APPLICATIONS, fixed, key).status_code == 201


def test_status_lookup_needs_the_check_code(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    body = elderly_allowance()
    created = post_write(client, APPLICATIONS, body, new_key()).json()
    ref = body["submission_ref"]

    # No X-Kiosk-Id: this is a phone opening the receipt's QR code.
    good = httpx.get(f"{platform.url}{APPLICATIONS}/{ref}", params={"c": body["check_code"]})
    assert good.status_code == 200
    assert good.json() == {
        "submission_ref": ref,
        "application_no": created["application_no"],
        "item_code": "LN-ZHJT-SQ",
        "item_name": {
            "zh_CN": "老年综合津贴申请",
            "en": "Application for senior citizens' comprehensive allowance",
        },
        "status": "received",
        "received_at": created["received_at"],
        "applicant_masked": "王*英",
    }
    for params in ({"c": "WRONG1"}, {}):
        bad = httpx.get(f"{platform.url}{APPLICATIONS}/{ref}", params=params)
        assert bad.status_code == 404 and bad.json()["error"] == "not_found"
    unknown = httpx.get(f"{platform.url}{APPLICATIONS}/{new_ref()}", params={"c": "Q8M2ZT"})
    assert unknown.status_code == 404


def test_status_page_is_bilingual_chinese_first(
    client: httpx.Client, platform: EmbeddedPlatform
) -> None:
    body = elderly_allowance()
    created = post_write(client, APPLICATIONS, body, new_key()).json()
    page = httpx.get(f"{platform.url}/s/{body['submission_ref']}", params={"c": body["check_code"]})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert created["application_no"] in html
    assert "已受理" in html and "Received" in html
    assert html.index("已受理") < html.index("Received")
    assert "老年综合津贴申请" in html and "王*英" in html
    assert "王秀英" not in html and WANG["id_number"] not in html

    missing = httpx.get(f"{platform.url}/s/{body['submission_ref']}", params={"c": "NOPE12"})
    assert missing.status_code == 404
    assert "未找到" in missing.text and created["application_no"] not in missing.text


def test_submitted_values_become_history(client: httpx.Client) -> None:
    body = social_security_print()
    body["form"]["purpose"] = "visa"
    assert post_write(client, APPLICATIONS, body, new_key()).status_code == 201
    token = client.post(
        "/api/v1/consents", json={**LI, "method": "id_card", "scope": ["history"]}
    ).json()["token"]
    history = client.get("/api/v1/records", headers={"Authorization": f"Consent {token}"}).json()
    assert history["history"]["purpose"] == "visa"


def test_concurrent_applications_get_distinct_numbers(client: httpx.Client) -> None:
    bodies = [social_security_print() for _ in range(12)]

    def send(body: dict) -> httpx.Response:
        with httpx.Client(base_url=str(client.base_url), headers={"X-Kiosk-Id": KIOSK_ID}) as c:
            return post_write(c, APPLICATIONS, body, new_key())

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(send, bodies))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    numbers = [r.json()["application_no"] for r in responses]
    assert len(set(numbers)) == len(numbers)


PASSPORT_HOLDER = {
    "passport_number": "L898902C3",
    "nationality": "UTO",
    "birth_date": "1974-08-12",
    "name": "ERIKSSON ANNA MARIA",
}


def test_a_passport_holder_applies_without_a_citizen_id_number(client: httpx.Client) -> None:
    body = social_security_print()
    body["applicant"] = dict(PASSPORT_HOLDER)
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "applicant",
    [
        {"name": "ERIKSSON ANNA MARIA"},  # no document at all
        {**PASSPORT_HOLDER, "id_number": LI["id_number"]},  # both
        {k: v for k, v in PASSPORT_HOLDER.items() if k != "nationality"},
        {k: v for k, v in PASSPORT_HOLDER.items() if k != "birth_date"},
        {**PASSPORT_HOLDER, "passport_number": "l898902c3"},  # not as on the chip
        {**LI, "nationality": "CHN"},  # a citizen number with passport fields
    ],
)
def test_an_applicant_must_name_exactly_one_document(
    client: httpx.Client, applicant: dict[str, str]
) -> None:
    body = social_security_print()
    body["applicant"] = applicant
    response = post_write(client, APPLICATIONS, body, new_key())
    assert response.status_code == 422, response.text
