"""HTTP client for the platform API (docs/platform-api.md).

Every failure becomes one of two exceptions: the platform could not be used
right now (retry later, work offline) or it refused this request for good.
Nothing the platform sends, garbage included, escapes as anything else.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

_TIMEOUT = (3.0, 10.0)  # connect, read: a resident is waiting


class PlatformUnavailable(Exception):
    """Unreachable, timed out, overloaded, or answered something unreadable."""


class PlatformRejected(Exception):
    """The platform answered, and refused the request (a 4xx)."""

    def __init__(self, status: int, error: str, detail: str = "") -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail


def checked_request(
    session: requests.Session,
    method: str,
    url: str,
    timeout: tuple[float, float],
    label: str,
    retryable: frozenset[int] | None = None,
    **kwargs: Any,
) -> requests.Response:
    """One platform call: PlatformUnavailable when it cannot be used now (no answer,
    5xx, a `retryable` 4xx: 408, 425, 429 by default), PlatformRejected with the
    platform's error code for any other 4xx."""
    import requests

    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        raise PlatformUnavailable(f"{label}: {type(exc).__name__}") from None
    retry_codes = _RETRYABLE_4XX if retryable is None else retryable
    if response.status_code >= 500 or response.status_code in retry_codes:
        raise PlatformUnavailable(f"{label}: HTTP {response.status_code}")
    if response.status_code >= 400:
        error, detail = "http_error", ""
        try:
            body = response.json()
            error = str(body.get("error", error))
            detail = str(body.get("detail", ""))[:200]
        except (ValueError, AttributeError):
            pass
        raise PlatformRejected(response.status_code, error, detail)
    return response


class DeviceStanding(StrEnum):
    """Why the platform refused this kiosk's device credential (not the request itself)."""

    UNENROLLED = "device_unenrolled"
    REVOKED = "device_revoked"
    BAD_SIGNATURE = "bad_device_signature"
    CLOCK_SKEW = "device_clock_skew"
    NONCE_REUSED = "device_nonce_reused"

    @property
    def needs_enrolment(self) -> bool:
        """No retry can help: a technician has to enrol this kiosk (again)."""
        return self in (
            DeviceStanding.UNENROLLED,
            DeviceStanding.REVOKED,
            DeviceStanding.BAD_SIGNATURE,
        )


class DeviceRefused(PlatformRejected):
    """The platform refused the kiosk, whatever it asked: see `standing`."""

    def __init__(self, status: int, standing: DeviceStanding, detail: str = "") -> None:
        super().__init__(status, standing.value, detail)
        self.standing = standing


_DEVICE_ERRORS = frozenset(standing.value for standing in DeviceStanding)

# Signs a prepared request in place (kiosk/device_identity.py); requests calls
# it as the session's `auth`, after the body and the query are final.
RequestSigner = Callable[[Any], Any]


@dataclass(frozen=True)
class CatalogDownload:
    body: bytes
    etag: str | None
    signature: str | None


# 408 and 429 mean "try again", not "never".
_RETRYABLE_4XX = frozenset({408, 425, 429})


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        timeout: tuple[float, float] = _TIMEOUT,
        device_signer: RequestSigner | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._timeout = timeout
        # None until the kiosk is enrolled: then every call goes out signed.
        self._device_signer = device_signer
        self._session: requests.Session | None = None

    @property
    def _http(self) -> requests.Session:
        # requests costs ~0.2 s to import: pay it on the sync thread's first call,
        # not while the kiosk is drawing its first screen.
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers["X-Kiosk-Id"] = self.kiosk_id
            session.headers["Accept"] = "application/json"
            # The one hook: requests runs it on every prepared request, so the
            # signature covers exactly the bytes, path and query that go out.
            session.auth = self._device_signer
            self._session = session
        return self._session

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return checked_request(
                self._http, method, self.base_url + path, self._timeout, f"{method} {path}", **kwargs
            )
        except PlatformRejected as refused:
            if refused.error in _DEVICE_ERRORS:
                raise DeviceRefused(
                    refused.status, DeviceStanding(refused.error), refused.detail
                ) from None
            raise

    @staticmethod
    def _json(response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise PlatformUnavailable("answer is not JSON") from None
        if not isinstance(body, dict):
            raise PlatformUnavailable("answer is not a JSON object")
        return body

    def fetch_catalog(self, etag: str | None) -> CatalogDownload | None:
        """The catalog, or None when the copy with `etag` is still current."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", "/api/v1/catalog", headers=headers)
        if response.status_code == 304:
            return None
        return CatalogDownload(
            response.content,
            response.headers.get("ETag"),
            response.headers.get("X-Catalog-Signature"),
        )

    def fetch_policy(self) -> tuple[bytes, str | None]:
        """The kiosk policy's exact bytes and their signature header (kiosk/kiosk_policy.py)."""
        response = self._request("GET", "/api/v1/kiosk-policy")
        self._json(response)  # raises the named refusals; the bytes are what is verified
        return response.content, response.headers.get("X-Policy-Signature")

    def fetch_document(
        self, path: str, etag: str | None, params: dict | None = None
    ) -> CatalogDownload | None:
        """Signed bytes with their ETag, or None when the held copy is current (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", path, headers=headers, params=params or {})
        if response.status_code == 304:
            return None
        return CatalogDownload(response.content, response.headers.get("ETag"), None)

    def create_consent(self, id_number: str, name: str, method: str) -> str:
        body = self._json(
            self._request(
                "POST",
                "/api/v1/consents",
                json={
                    "id_number": id_number,
                    "name": name,
                    "method": method,
                    "scope": ["records", "licences", "history"],
                },
            )
        )
        token = body.get("token")
        if not isinstance(token, str) or len(token) < 16:
            raise PlatformUnavailable("consent answer has no token")
        return token

    def create_consent_by_code(self, code_text: str) -> str:
        """Consent given by presenting a dynamic Suishen code (no ID card read)."""
        body = self._json(
            self._request(
                "POST",
                "/api/v1/consents",
                json={
                    "method": "suishen_code",
                    "code": code_text,
                    "scope": ["records", "licences", "history"],
                },
            )
        )
        token = body.get("token")
        if not isinstance(token, str) or len(token) < 16:
            raise PlatformUnavailable("consent answer has no token")
        return token

    def face_check_service(self) -> dict:
        """Whether the platform offers face checks (`available`) and by which comparator."""
        body = self._json(self._request("GET", "/api/v1/face-checks"))
        if not isinstance(body.get("available"), bool):
            raise PlatformUnavailable("face-check answer has no 'available'")
        return body

    def check_face(self, id_number: str, jpeg: bytes) -> str:
        """Consent token when the face matches the resident's photo; PlatformRejected otherwise."""
        body = self._json(
            self._request(
                "POST",
                "/api/v1/face-checks",
                json={
                    "id_number": id_number,
                    "image_b64": base64.b64encode(jpeg).decode("ascii"),
                    "scope": ["records", "licences", "history"],
                },
            )
        )
        token = body.get("token")
        if not isinstance(token, str) or len(token) < 16:
            raise PlatformUnavailable("face-check answer has no token")
        return token

    def fetch_records(self, consent_token: str) -> dict:
        body = self._json(
            self._request(
                "GET", "/api/v1/records", headers={"Authorization": f"Consent {consent_token}"}
            )
        )
        for key, kind in (
            ("records", dict),
            ("history", dict),
            ("licences", list),
            ("resident", dict),
        ):
            if not isinstance(body.get(key), kind):
                raise PlatformUnavailable(f"records answer lacks '{key}'")
        return body

    def issue_suishen_code(self, consent_token: str, profile: str, alg: str = "SM2") -> dict:
        """A new Suishen code for the consenting resident (a new static code revokes the old)."""
        body = self._json(
            self._request(
                "POST",
                "/api/v1/suishen/codes",
                json={"profile": profile, "alg": alg},
                headers={"Authorization": f"Consent {consent_token}"},
            )
        )
        if not isinstance(body.get("qr"), str) or not body["qr"].startswith("SC1:"):
            raise PlatformUnavailable("code answer has no SC1 text")
        return body

    def revoke_consent(self, consent_token: str) -> None:
        self._request("DELETE", f"/api/v1/consents/{consent_token}")

    def post_idempotent(self, endpoint: str, payload: dict, idempotency_key: str) -> dict:
        body = json.dumps(payload, ensure_ascii=False).encode()
        return self._json(
            self._request(
                "POST",
                endpoint,
                data=body,
                headers={"Idempotency-Key": idempotency_key, "Content-Type": "application/json"},
            )
        )

    def heartbeat(self, payload: dict) -> dict:
        return self._json(
            self._request("POST", f"/api/v1/kiosks/{self.kiosk_id}/heartbeat", json=payload)
        )

    def application_status(self, submission_ref: str, check_code: str) -> dict:
        return self._json(
            self._request("GET", f"/api/v1/applications/{submission_ref}", params={"c": check_code})
        )

    def enrol_device(self, enrolment: dict) -> dict:
        """Register this kiosk's device key with a one-time code (POST /api/v1/devices/enrol)."""
        body = self._json(self._request("POST", "/api/v1/devices/enrol", json=enrolment))
        if not isinstance(body.get("device_id"), str) or body.get("kiosk_id") != self.kiosk_id:
            raise PlatformUnavailable("enrolment answer has no device id for this kiosk")
        return body

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
