"""Consent tokens and GET /api/v1/records."""

from __future__ import annotations

import httpx
import pytest

from reference_platform import EmbeddedPlatform

from .payloads import CHEN, KIOSK_ID, LI, WANG, FakeClock

ALL_SCOPES = ["records", "licences", "history"]


def grant(client: httpx.Client, who: dict[str, str], scope: list[str] | None = None) -> str:
    response = client.post(
        "/api/v1/consents", json={**who, "method": "id_card", "scope": scope or ALL_SCOPES}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["token"]) >= 32
    assert body["expires_at"].endswith("+08:00")
    return body["token"]


def records(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/v1/records", headers={"Authorization": f"Consent {token}"})


@pytest.mark.parametrize(
    "who",
    [
        {"id_number": "310101195105120029", "name": "王秀英"},  # valid-looking, unknown
        {"id_number": WANG["id_number"], "name": "王秀"},  # right number, wrong name
    ],
)
def test_unknown_resident_is_404(client: httpx.Client, who: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/consents", json={**who, "method": "id_card", "scope": ["records"]}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "resident_unknown"


def test_a_face_consent_is_never_granted_on_a_typed_number(client: httpx.Client) -> None:
    # Only POST /api/v1/face-checks, after the platform compared the face, grants one.
    response = client.post(
        "/api/v1/consents", json={**WANG, "method": "face", "scope": ["records"]}
    )
    assert response.status_code == 422
    assert "face-checks" in response.text


def test_bad_method_is_rejected(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/consents", json={**WANG, "method": "fingerprint", "scope": ["records"]}
    )
    assert response.status_code == 422


def test_records_need_a_token(client: httpx.Client) -> None:
    missing = client.get("/api/v1/records")
    assert missing.status_code == 401 and missing.json()["error"] == "consent_required"
    wrong_scheme = client.get("/api/v1/records", headers={"Authorization": "Bearer abc"})
    assert wrong_scheme.status_code == 401
    unknown = records(client, "x" * 43)
    assert unknown.status_code == 403 and unknown.json()["error"] == "consent_invalid"


def test_records_return_only_the_consenting_residents_data(client: httpx.Client) -> None:
    wang_token, li_token = grant(client, WANG), grant(client, LI)
    wang = records(client, wang_token)
    li = records(client, li_token)
    assert wang.status_code == li.status_code == 200
    assert wang.json()["resident"] == {
        "id_number": WANG["id_number"],
        "name": "王秀英",
        "birth_date": "1951-05-12",
        "category": "elder",
        # From the ID card, so a kiosk that identified her by code can fill identity fields.
        "sex": "F",
        "ethnicity": "汉",
        "address": "上海市浦东新区崂山路591弄8号402室",
    }
    assert wang.json()["records"]["phone"] == "13917650321"
    assert any(lic["type"] == "hukou_booklet" for lic in wang.json()["licences"])
    assert li.json()["resident"]["id_number"] == LI["id_number"]
    assert li.json()["records"]["employer_name"]
    # Nothing of the other resident leaks into either answer.
    assert LI["id_number"] not in wang.text and "李建国" not in wang.text
    assert WANG["id_number"] not in li.text and "王秀英" not in li.text


def test_scope_limits_what_is_returned(client: httpx.Client) -> None:
    body = records(client, grant(client, CHEN, ["records"])).json()
    assert body["records"]["spouse_name"] == "周明"
    assert body["licences"] == [] and body["history"] == {}


def test_revoked_token_is_403(client: httpx.Client) -> None:
    token = grant(client, WANG)
    assert records(client, token).status_code == 200
    assert client.delete(f"/api/v1/consents/{token}").status_code == 204
    revoked = records(client, token)
    assert revoked.status_code == 403 and revoked.json()["error"] == "consent_invalid"
    # Revoking again is harmless.
    assert client.delete(f"/api/v1/consents/{token}").status_code == 204


def test_token_is_bound_to_its_kiosk(client: httpx.Client, platform: EmbeddedPlatform) -> None:
    token = grant(client, WANG)
    other = httpx.get(
        platform.url + "/api/v1/records",
        headers={"X-Kiosk-Id": "K-XH-0009", "Authorization": f"Consent {token}"},
    )
    assert other.status_code == 403


def test_token_expires_after_15_minutes(
    clocked_platform: EmbeddedPlatform, clock: FakeClock
) -> None:
    with httpx.Client(base_url=clocked_platform.url, headers={"X-Kiosk-Id": KIOSK_ID}) as client:
        token = grant(client, WANG)
        clock.advance(minutes=14, seconds=59)
        assert records(client, token).status_code == 200
        clock.advance(seconds=1)
        expired = records(client, token)
        assert expired.status_code == 403 and expired.json()["error"] == "consent_invalid"


def test_token_is_not_stored_in_clear(
    clocked_platform: EmbeddedPlatform,
) -> None:
    with httpx.Client(base_url=clocked_platform.url, headers={"X-Kiosk-Id": KIOSK_ID}) as client:
        token = grant(client, WANG)
    database = (clocked_platform.settings.data_dir / "platform.sqlite3").read_bytes()
    wal = clocked_platform.settings.data_dir / "platform.sqlite3-wal"
    stored = database + (wal.read_bytes() if wal.exists() else b"")
    assert token.encode() not in stored
