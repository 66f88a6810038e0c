"""Kiosk device enrolment and signed requests, against a real platform over HTTP.

Requests are signed here with the platform's own `signed_message` and a raw
Ed25519 key, so these tests pin the wire format independently of the kiosk's
implementation (tests/integration/test_enrolment.py runs the kiosk's).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from reference_platform import EmbeddedPlatform, PlatformSettings
from reference_platform.devices import CODE_ALPHABET, signed_message

from .payloads import FakeClock

KIOSK = "K-DEV-0001"
OTHER_KIOSK = "K-DEV-0002"


def _public_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _admin(platform: EmbeddedPlatform) -> dict[str, str]:
    return {"Authorization": f"Admin {platform.admin_token}"}


def _enrolment(code: str, key: Ed25519PrivateKey, kiosk_id: str = KIOSK) -> dict:
    return {
        "code": code,
        "kiosk_id": kiosk_id,
        "public_key": {"alg": "ed25519", "key": _public_b64(key)},
        "location": "浦东新区潍坊街道社区事务受理中心 1F",
        "hardware": {"devices": {"id_card_reader": "sam"}, "os": "Linux", "app_version": "0.1.0"},
    }


class Kiosk:
    """An enrolled device, signing as a kiosk would."""

    def __init__(
        self, http: httpx.Client, device_id: str, key: Ed25519PrivateKey, clock: FakeClock
    ):
        self.http, self.device_id, self.key, self.clock = http, device_id, key, clock

    def headers(
        self,
        method: str,
        target: str,
        body: bytes = b"",
        *,
        kiosk_id: str = KIOSK,
        timestamp: int | None = None,
        nonce: str | None = None,
        key: Ed25519PrivateKey | None = None,
        device_id: str | None = None,
    ) -> dict[str, str]:
        device_id = device_id or self.device_id
        timestamp = int(self.clock().timestamp()) if timestamp is None else timestamp
        nonce = nonce or secrets.token_urlsafe(18)
        message = signed_message(device_id, kiosk_id, method, target, str(timestamp), nonce, body)
        signature = base64.b64encode((key or self.key).sign(message)).decode("ascii")
        return {
            "X-Kiosk-Id": kiosk_id,
            "X-Kiosk-Signature": f"ed25519;device={device_id};sig={signature}",
            "X-Kiosk-Timestamp": str(timestamp),
            "X-Kiosk-Nonce": nonce,
        }

    def get(self, target: str, **signing) -> httpx.Response:
        return self.http.get(target, headers=self.headers("GET", target, **signing))

    def heartbeat(self, body: bytes | None = None, sent: bytes | None = None, **signing):
        target = f"/api/v1/kiosks/{signing.get('kiosk_id', KIOSK)}/heartbeat"
        body = body or self.beat()
        headers = self.headers("POST", target, body, **signing)
        headers["Content-Type"] = "application/json"
        return self.http.post(target, content=sent if sent is not None else body, headers=headers)

    def beat(self, pending: int = 0) -> bytes:
        sent_at = self.clock().isoformat()
        return json.dumps(
            {"app_version": "0.1.0", "outbox_pending": pending, "sent_at": sent_at}
        ).encode()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def platform(tmp_path, clock) -> Iterator[EmbeddedPlatform]:
    settings = PlatformSettings(data_dir=tmp_path, clock=clock, require_device_signatures=True)
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture
def http(platform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.url, timeout=10) as client:
        yield client


def _enrol(http, platform, clock, kiosk_id: str = KIOSK) -> Kiosk:
    key = Ed25519PrivateKey.generate()
    code = platform.create_enrolment_code()
    answer = http.post("/api/v1/devices/enrol", json=_enrolment(code, key, kiosk_id))
    assert answer.status_code == 201, answer.text
    return Kiosk(http, answer.json()["device_id"], key, clock)


@pytest.fixture
def kiosk(http, platform, clock) -> Kiosk:
    return _enrol(http, platform, clock)


def _error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# -- enrolment codes ---------------------------------------------------------


def test_admin_creates_short_typeable_codes(http, platform):
    assert _error(http.post("/api/v1/devices/enrolment-codes", json={})) == (401, "admin_required")
    answer = http.post("/api/v1/devices/enrolment-codes", json={}, headers=_admin(platform))
    assert answer.status_code == 201
    code = answer.json()["code"]
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert answer.json()["expires_at"]


def test_a_code_enrols_once_and_a_lost_answer_may_be_asked_again(http, platform):
    code = platform.create_enrolment_code()
    key = Ed25519PrivateKey.generate()
    # Typed in lower case, without the dash: still the code.
    typed = code.replace("-", "").lower()
    first = http.post("/api/v1/devices/enrol", json=_enrolment(typed, key))
    assert first.status_code == 201
    device = first.json()
    assert device["kiosk_id"] == KIOSK and device["revoked_at"] is None
    assert device["hardware"]["devices"] == {"id_card_reader": "sam"}
    assert device["location"].startswith("浦东新区")
    # The same code, key and kiosk id: the same device (the kiosk lost the answer).
    again = http.post("/api/v1/devices/enrol", json=_enrolment(code, key))
    assert again.status_code == 200 and again.json()["device_id"] == device["device_id"]
    # Anyone else with the code gets nothing.
    other = http.post("/api/v1/devices/enrol", json=_enrolment(code, Ed25519PrivateKey.generate()))
    assert _error(other) == (403, "enrolment_code_invalid")
    listed = http.get("/api/v1/devices", params={"kiosk_id": KIOSK}, headers=_admin(platform))
    assert [d["device_id"] for d in listed.json()] == [device["device_id"]]


def test_codes_expire(http, platform, clock):
    code = platform.create_enrolment_code(ttl_s=600)
    clock.advance(seconds=600)
    answer = http.post("/api/v1/devices/enrol", json=_enrolment(code, Ed25519PrivateKey.generate()))
    assert _error(answer) == (403, "enrolment_code_invalid")


def test_unknown_and_other_kiosks_codes_are_refused(http, platform):
    key = Ed25519PrivateKey.generate()
    assert _error(http.post("/api/v1/devices/enrol", json=_enrolment("ABCD-EFGH", key))) == (
        403,
        "enrolment_code_invalid",
    )
    code = platform.create_enrolment_code(kiosk_id=OTHER_KIOSK)
    assert _error(http.post("/api/v1/devices/enrol", json=_enrolment(code, key))) == (
        403,
        "enrolment_code_invalid",
    )
    assert (
        http.post("/api/v1/devices/enrol", json=_enrolment(code, key, OTHER_KIOSK)).status_code
        == 201
    )


def test_a_key_is_enrolled_only_once(http, platform, kiosk):
    again = http.post(
        "/api/v1/devices/enrol", json=_enrolment(platform.create_enrolment_code(), kiosk.key)
    )
    assert _error(again) == (409, "device_key_reused")


def test_bad_public_keys_are_invalid_requests(http, platform):
    body = _enrolment(platform.create_enrolment_code(), Ed25519PrivateKey.generate())
    body["public_key"]["key"] = base64.b64encode(b"short").decode()
    assert _error(http.post("/api/v1/devices/enrol", json=body)) == (422, "invalid_request")
    body["public_key"]["alg"] = "rsa"
    assert _error(http.post("/api/v1/devices/enrol", json=body)) == (422, "invalid_request")


# -- signed requests -------------------------------------------------------------


def test_signed_calls_are_accepted(kiosk):
    assert kiosk.get("/api/v1/catalog").status_code == 200
    assert kiosk.get("/api/v1/suishen/revocations?since=0").status_code in (200, 304)
    assert kiosk.heartbeat().status_code == 200


def test_unsigned_calls_are_refused_when_required(http):
    answer = http.get("/api/v1/catalog", headers={"X-Kiosk-Id": OTHER_KIOSK})
    assert _error(answer) == (401, "device_unenrolled")


def test_without_enforcement_only_enrolled_kiosk_ids_must_sign(http, platform, kiosk):
    platform.require_device_signatures = False
    assert http.get("/api/v1/catalog", headers={"X-Kiosk-Id": OTHER_KIOSK}).status_code == 200
    # A kiosk id with a device cannot drop its signature to get round a revocation.
    answer = http.get("/api/v1/catalog", headers={"X-Kiosk-Id": KIOSK})
    assert _error(answer) == (401, "device_unenrolled")
    assert kiosk.get("/api/v1/catalog").status_code == 200


def test_a_tampered_body_or_query_is_refused(kiosk):
    body = kiosk.beat(pending=0)
    sent = body.replace(b'"outbox_pending": 0', b'"outbox_pending": 9')
    assert sent != body
    assert _error(kiosk.heartbeat(body, sent=sent)) == (401, "bad_device_signature")
    headers = kiosk.headers("GET", "/api/v1/suishen/revocations?since=0")
    answer = kiosk.http.get("/api/v1/suishen/revocations?since=1", headers=headers)
    assert _error(answer) == (401, "bad_device_signature")
    # Signed for one method, sent with another path: refused too.
    headers = kiosk.headers("GET", "/api/v1/catalog")
    assert _error(kiosk.http.get("/api/v1/face-checks", headers=headers)) == (
        401,
        "bad_device_signature",
    )


def test_a_wrong_key_or_a_garbled_header_is_refused(kiosk):
    wrong = kiosk.get("/api/v1/catalog", key=Ed25519PrivateKey.generate())
    assert _error(wrong) == (401, "bad_device_signature")
    headers = kiosk.headers("GET", "/api/v1/catalog")
    headers["X-Kiosk-Signature"] = "ed25519;device=" + kiosk.device_id + ";sig=!!"
    assert _error(kiosk.http.get("/api/v1/catalog", headers=headers)) == (
        401,
        "bad_device_signature",
    )
    headers = kiosk.headers("GET", "/api/v1/catalog")
    headers["X-Kiosk-Nonce"] = "short"
    assert _error(kiosk.http.get("/api/v1/catalog", headers=headers)) == (
        401,
        "bad_device_signature",
    )


def test_a_device_signs_only_for_its_own_kiosk_id(http, platform, clock, kiosk):
    other = _enrol(http, platform, clock, OTHER_KIOSK)
    # Kiosk's device, claiming the other kiosk id (validly signed for it).
    answer = kiosk.get("/api/v1/catalog", kiosk_id=OTHER_KIOSK)
    assert _error(answer) == (401, "device_unenrolled")
    assert other.get("/api/v1/catalog", kiosk_id=OTHER_KIOSK).status_code == 200
    assert _error(kiosk.get("/api/v1/catalog", device_id="dev-0000000000000000")) == (
        401,
        "device_unenrolled",
    )


@pytest.mark.parametrize("offset", [-301, 301])
def test_timestamps_outside_the_window_are_refused(kiosk, clock, offset):
    now = int(clock().timestamp())
    assert _error(kiosk.get("/api/v1/catalog", timestamp=now + offset)) == (
        401,
        "device_clock_skew",
    )
    assert (
        kiosk.get("/api/v1/catalog", timestamp=now + (300 if offset > 0 else -300)).status_code
        == 200
    )


def test_a_replayed_request_is_refused(kiosk, clock):
    headers = kiosk.headers("GET", "/api/v1/catalog")
    assert kiosk.http.get("/api/v1/catalog", headers=headers).status_code == 200
    assert _error(kiosk.http.get("/api/v1/catalog", headers=headers)) == (
        401,
        "device_nonce_reused",
    )
    # Still refused at the edge of the window; past it, the timestamp refuses it.
    clock.advance(seconds=300)
    assert _error(kiosk.http.get("/api/v1/catalog", headers=headers)) == (
        401,
        "device_nonce_reused",
    )
    clock.advance(seconds=1)
    assert _error(kiosk.http.get("/api/v1/catalog", headers=headers)) == (401, "device_clock_skew")


def test_nonces_are_forgotten_after_the_window(platform, kiosk, clock):
    assert kiosk.get("/api/v1/catalog").status_code == 200
    clock.advance(seconds=601)
    assert kiosk.get("/api/v1/catalog").status_code == 200
    with platform.state.db.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM device_nonces").fetchone()[0] == 1


def test_a_revoked_device_is_refused(http, platform, kiosk):
    revoke = f"/api/v1/devices/{kiosk.device_id}/revoke"
    assert _error(http.post(revoke)) == (401, "admin_required")
    answer = http.post(revoke, headers=_admin(platform))
    assert answer.status_code == 200 and answer.json()["changed"] is True
    assert answer.json()["device"]["revoked_at"]
    assert _error(kiosk.get("/api/v1/catalog")) == (403, "device_revoked")
    assert http.post(revoke, headers=_admin(platform)).json()["changed"] is False
    assert _error(http.post("/api/v1/devices/dev-nope/revoke", headers=_admin(platform))) == (
        404,
        "device_unknown",
    )


def test_enrolling_again_revokes_the_kiosks_previous_device(http, platform, clock, kiosk):
    replacement = _enrol(http, platform, clock)
    assert _error(kiosk.get("/api/v1/catalog")) == (403, "device_revoked")
    assert replacement.get("/api/v1/catalog").status_code == 200


def test_public_calls_are_never_signature_checked(http, platform):
    assert http.get("/healthz").status_code == 200
    assert http.get("/api/v1/platform-key").status_code == 200
    assert http.get("/api/v1/updates/metadata/root.json").status_code == 200
    assert http.get("/s/NO-SUCH-REF").status_code == 404
    assert http.get("/api/v1/applications/NO-SUCH-REF", params={"c": "ABC"}).status_code == 404
    assert http.get("/api/v1/documents/ZM0", params={"c": "ABC"}).status_code == 404
    assert http.get("/v/ZM0").status_code == 404


def test_the_calls_are_documented(http):
    paths = http.get("/openapi.json").json()["paths"]
    assert "/api/v1/devices/enrol" in paths
    assert "/api/v1/devices/enrolment-codes" in paths
    assert "/api/v1/devices/{device_id}/revoke" in paths
