"""Ratings (好差评), reports (办不成事), heartbeat and health."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reference_platform import EmbeddedPlatform
from reference_platform.models import RatingReason, ReportReason
from reference_platform.settings import shanghai_now

from .payloads import KIOSK_ID, new_key, post_write


def rating(grade: int, reasons: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "kiosk_id": KIOSK_ID,
        "item_code": "SB-JFQK-DY",
        "submission_ref": None,
        "grade": grade,
        "reasons": reasons,
        "comment": "",
        "rated_at": shanghai_now().isoformat(),
        **extra,
    }


def report(reason: str, **extra: Any) -> dict[str, Any]:
    return {
        "kiosk_id": KIOSK_ID,
        "item_code": None,
        "step": "form",
        "reason": reason,
        "reported_at": shanghai_now().isoformat(),
        **extra,
    }


@pytest.mark.parametrize("grade", [1, 2])
def test_low_grades_need_a_reason(client: httpx.Client, grade: int) -> None:
    rejected = post_write(client, "/api/v1/ratings", rating(grade, []), new_key())
    assert rejected.status_code == 422
    assert rejected.json()["error"] == "reasons_required"
    accepted = post_write(client, "/api/v1/ratings", rating(grade, ["long_wait"]), new_key())
    assert accepted.status_code == 201
    assert isinstance(accepted.json()["rating_id"], int)


@pytest.mark.parametrize("grade", [3, 4, 5])
def test_other_grades_need_no_reason(client: httpx.Client, grade: int) -> None:
    body = rating(grade, [], submission_ref="K-PD-0001-20261130-0007", comment="很方便")
    assert post_write(client, "/api/v1/ratings", body, new_key()).status_code == 201


@pytest.mark.parametrize("body", [rating(6, []), rating(0, []), rating(2, ["rude"])])
def test_invalid_ratings_are_422(client: httpx.Client, body: dict[str, Any]) -> None:
    response = post_write(client, "/api/v1/ratings", body, new_key())
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_all_documented_rating_reasons_are_accepted(client: httpx.Client) -> None:
    reasons = [
        "long_wait",
        "hard_to_use",
        "too_many_materials",
        "unclear_guide",
        "system_error",
        "staff_attitude",
        "other",
    ]
    assert {r.value for r in RatingReason} == set(reasons)
    assert post_write(client, "/api/v1/ratings", rating(1, reasons), new_key()).status_code == 201


def test_rating_is_idempotent(client: httpx.Client) -> None:
    body, key = rating(5, []), new_key()
    first = post_write(client, "/api/v1/ratings", body, key)
    second = post_write(client, "/api/v1/ratings", body, key)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert post_write(client, "/api/v1/ratings", rating(4, []), key).status_code == 409
    assert post_write(client, "/api/v1/ratings", body).status_code == 400


DOCUMENTED_REPORT_REASONS = [
    "cannot_find_service",
    "missing_material",
    "system_error",
    "too_complicated",
    "not_eligible",
    "device_problem",
    "other",
]


@pytest.mark.parametrize("reason", DOCUMENTED_REPORT_REASONS)
def test_documented_report_reasons_are_accepted(client: httpx.Client, reason: str) -> None:
    response = post_write(client, "/api/v1/reports", report(reason), new_key())
    assert response.status_code == 201
    assert isinstance(response.json()["report_id"], int)


def test_report_reason_enum_is_exactly_the_documented_one(client: httpx.Client) -> None:
    assert [r.value for r in ReportReason] == DOCUMENTED_REPORT_REASONS
    response = post_write(client, "/api/v1/reports", report("bored"), new_key())
    assert response.status_code == 422


def test_report_is_idempotent_and_key_is_required(client: httpx.Client) -> None:
    body, key = report("missing_material", item_code="LN-ZHJT-SQ"), new_key()
    first = post_write(client, "/api/v1/reports", body, key)
    assert post_write(client, "/api/v1/reports", body, key).content == first.content
    response = post_write(client, "/api/v1/reports", body)
    assert response.status_code == 400 and response.json()["error"] == "idempotency_key_required"


def test_body_naming_another_kiosk_is_400(client: httpx.Client) -> None:
    response = post_write(
        client, "/api/v1/reports", report("other", kiosk_id="K-XH-0009"), new_key()
    )
    assert response.status_code == 400 and response.json()["error"] == "kiosk_id_mismatch"


def test_heartbeat_answers_server_time(client: httpx.Client) -> None:
    beat = {
        "app_version": "0.1.0",
        "catalog_version": "2026.11.30-1",
        "outbox_pending": 3,
        "devices": {"id_card_reader": "ok", "receipt_printer": "paper_low"},
        "sent_at": shanghai_now().isoformat(),
    }
    response = client.post(f"/api/v1/kiosks/{KIOSK_ID}/heartbeat", json=beat)
    assert response.status_code == 200
    assert response.json()["server_time"].endswith("+08:00")
    other = client.post("/api/v1/kiosks/K-XH-0009/heartbeat", json=beat)
    assert other.status_code == 400
    negative = client.post(
        f"/api/v1/kiosks/{KIOSK_ID}/heartbeat", json={**beat, "outbox_pending": -1}
    )
    assert negative.status_code == 422


def test_healthz(platform: EmbeddedPlatform) -> None:
    response = httpx.get(platform.url + "/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_unknown_path_uses_the_error_body(client: httpx.Client) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "detail"}
