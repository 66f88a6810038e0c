"""Calls as records: remote acceptance with consent, recording seals, ratings, stats."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import httpx
import pytest

from gmcrypto.sm2 import _sm3
from reference_platform.settings import shanghai_now

from .payloads import KIOSK_ID, new_key, post_write, social_security_print
from .test_remote_window_signaling import Harness


@pytest.fixture
def harness(remote_window_platform) -> Any:
    h = Harness(remote_window_platform())
    yield h
    h.close()


def _submit(harness: Harness, kiosk_id: str = KIOSK_ID) -> dict[str, Any]:
    body = social_security_print()
    body["kiosk_id"] = kiosk_id
    with httpx.Client(
        base_url=harness.platform.url, headers={"X-Kiosk-Id": kiosk_id}, timeout=10
    ) as client:
        answer = post_write(client, "/api/v1/applications", body, new_key())
    assert answer.status_code == 201, answer.text
    return body


def _status(harness: Harness, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.get(
        f"{harness.platform.url}/api/v1/applications/{body['submission_ref']}",
        params={"c": body["check_code"]},
        timeout=10,
    )
    assert answer.status_code == 200
    return answer.json()


def test_remote_acceptance_with_consent_marks_the_application_accepted(
    harness: Harness,
) -> None:
    application = _submit(harness)
    ref = application["submission_ref"]
    elsewhere = _submit(harness, kiosk_id="K-PD-0002")
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)

    with harness.http("clerk01") as http:
        # Only what this kiosk submitted can be accepted in this call.
        foreign = http.post(
            f"/api/v1/calls/{call_id}/remote-acceptance",
            json={"submission_ref": elsewhere["submission_ref"]},
        )
        assert foreign.status_code == 404
        asked = http.post(
            f"/api/v1/calls/{call_id}/remote-acceptance", json={"submission_ref": ref}
        )
        assert asked.status_code == 202
        acceptance_id = asked.json()["acceptance_id"]
    request = kiosk.expect("consent_request", acceptance_id=acceptance_id)
    assert request["clerk"] == {"name": "王敏", "staff_number": "0101"}
    assert request["submission_ref"] == ref and request["call_id"] == call_id
    assert _status(harness, application)["status"] == "received"

    kiosk.send("consent", call_id=call_id, acceptance_id=acceptance_id, agreed=True)
    to_kiosk = kiosk.expect("accepted", acceptance_id=acceptance_id)
    to_clerk = clerk.expect("accepted", acceptance_id=acceptance_id)
    assert to_kiosk == to_clerk and to_kiosk["submission_ref"] == ref
    status = _status(harness, application)
    assert status["status"] == "accepted"
    assert status["accepted_by"] == "clerk-0101" and status["call_id"] == call_id
    assert status["recording_ref"] == f"rec-{call_id}"
    assert datetime.fromisoformat(status["accepted_at"]) == datetime.fromisoformat(
        to_kiosk["accepted_at"]
    )
    # The receipt's QR code page says so too.
    page = httpx.get(
        f"{harness.platform.url}/s/{ref}", params={"c": application["check_code"]}, timeout=10
    )
    assert page.status_code == 200 and "已受理（远程窗口）" in page.text
    # The same acceptance cannot be consented to twice.
    kiosk.send("consent", call_id=call_id, acceptance_id=acceptance_id, agreed=True)
    assert kiosk.expect("error")["error"] == "no_such_acceptance"

    with harness.http("clerk01") as http:
        view = http.get(f"/api/v1/calls/{call_id}").json()
        events = [row["event"] for row in http.get(f"/api/v1/calls/{call_id}/audit").json()]
    assert view["acceptance"] == {
        "submission_ref": ref,
        "accepted_at": status["accepted_at"],
        "clerk_id": "clerk-0101",
    }
    assert events[-3:] == ["consent_asked", "consent_given", "acceptance_stored"]


def test_a_refused_consent_is_told_to_the_clerk_and_accepts_nothing(harness: Harness) -> None:
    application = _submit(harness)
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    with harness.http("clerk01") as http:
        asked = http.post(
            f"/api/v1/calls/{call_id}/remote-acceptance",
            json={"submission_ref": application["submission_ref"]},
        )
    acceptance_id = asked.json()["acceptance_id"]
    kiosk.expect("consent_request", acceptance_id=acceptance_id)
    kiosk.send("consent", call_id=call_id, acceptance_id=acceptance_id, agreed=False)
    assert clerk.expect("consent", acceptance_id=acceptance_id)["agreed"] is False
    assert _status(harness, application)["status"] == "received"
    kiosk.send("hangup", call_id=call_id)
    clerk.expect("hangup", call_id=call_id)
    with harness.http("clerk01") as http:
        assert http.get(f"/api/v1/calls/{call_id}").json()["acceptance"] is None
        events = [row["event"] for row in http.get(f"/api/v1/calls/{call_id}/audit").json()]
        assert "consent_refused" in events and "acceptance_stored" not in events
        # After the call, nothing more can be accepted in it.
        late = http.post(
            f"/api/v1/calls/{call_id}/remote-acceptance",
            json={"submission_ref": application["submission_ref"]},
        )
        assert late.status_code == 409 and late.json()["error"] == "call_ended"


def test_the_recording_is_sealed_once_by_the_calls_clerk(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    clerk.send("hangup", call_id=call_id)
    assert kiosk.expect("hangup", call_id=call_id)["by"] == "clerk"
    data = b"matroska bytes"
    seal = {
        "recording_ref": f"rec-{call_id}",
        "sm3": _sm3(data).hex(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "duration_s": 12.5,
        "container": "matroska",
    }
    with harness.http("clerk02") as other:
        assert other.post(f"/api/v1/calls/{call_id}/recording", json=seal).status_code == 404
    with harness.http("clerk01") as http:
        wrong = http.post(
            f"/api/v1/calls/{call_id}/recording", json={**seal, "recording_ref": "rec-other"}
        )
        assert wrong.status_code == 422
        assert http.post(f"/api/v1/calls/{call_id}/recording", json=seal).status_code == 204
        again = http.post(f"/api/v1/calls/{call_id}/recording", json=seal)
        assert again.status_code == 409 and again.json()["error"] == "recording_sealed"
        view = http.get(f"/api/v1/calls/{call_id}").json()
        audit = http.get(f"/api/v1/calls/{call_id}/audit").json()
    assert view["recording_sm3"] == seal["sm3"] and view["ended_by"] == "clerk"
    sealed = [row for row in audit if row["event"] == "recording_sealed"]
    assert len(sealed) == 1
    assert sealed[0]["details"]["sha256"] == seal["sha256"]
    assert sealed[0]["details"]["sm3"] == seal["sm3"]


def test_a_rating_with_a_call_id_shows_on_the_call(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    kiosk.send("hangup", call_id=call_id)
    clerk.expect("hangup", call_id=call_id)
    rating = {
        "kiosk_id": KIOSK_ID,
        "grade": 2,
        "reasons": ["long_wait"],
        "rated_at": shanghai_now().isoformat(),
        "call_id": call_id,
    }
    with httpx.Client(
        base_url=harness.platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=10
    ) as client:
        assert post_write(client, "/api/v1/ratings", rating, new_key()).status_code == 201
    with harness.http("clerk01") as http:
        view = http.get(f"/api/v1/calls/{call_id}").json()
    assert view["rating"] == {"grade": 2, "reasons": ["long_wait"]}


def test_calls_lists_and_stats_follow_the_role(harness: Harness) -> None:
    clerk = harness.clerk("clerk01")
    kiosk = harness.kiosk()
    call_id = harness.call(clerk, kiosk)
    waiting = harness.kiosk("K-PD-0002")
    harness.ask_for_help(waiting, skill="enterprise")
    with harness.http("clerk01") as http:
        mine = http.get("/api/v1/calls").json()
        assert [c["call_id"] for c in mine] == [call_id]
        assert http.get("/api/v1/remote-window/stats").status_code == 403
    with harness.http("clerk02") as http:
        assert http.get("/api/v1/calls").json() == []
    with harness.http("super01") as http:
        assert [c["call_id"] for c in http.get("/api/v1/calls").json()] == [call_id]
        stats = http.get("/api/v1/remote-window/stats").json()
    assert stats["answered"] == 1 and stats["calls_in_progress"] == 1
    assert stats["waiting_by_skill"] == {"enterprise": 1}
    assert stats["mean_time_to_answer_s"] >= 0
    assert httpx.get(harness.platform.url + "/api/v1/calls", timeout=10).status_code == 401
