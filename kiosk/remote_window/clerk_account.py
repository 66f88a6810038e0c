"""A clerk's session with the platform over plain HTTP (blocking: call it off the UI thread)."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kiosk.platform_client import PlatformRejected, PlatformUnavailable, checked_request

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

_TIMEOUT = (3.0, 10.0)


class SignInRefusal(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "clerk_locked"


class SignInRefused(Exception):
    def __init__(self, reason: SignInRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _session(token: str | None = None) -> requests.Session:
    import requests

    session = requests.Session()
    session.headers["Accept"] = "application/json"
    # Never through a proxy: the platform is on the service network.
    session.trust_env = False
    if token is not None:
        session.headers["Authorization"] = f"Bearer {token}"
    return session


# A locked account answers 429 clerk_locked: a refusal to show, not a busy platform.
_RETRYABLE_FOR_CLERKS = frozenset({408, 425})


def _request(session: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
    return checked_request(
        session, method, url, _TIMEOUT, method, retryable=_RETRYABLE_FOR_CLERKS, **kwargs
    )


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise PlatformUnavailable("answer is not JSON") from None


class ClerkAccount:
    """A signed-in clerk: the token for the console's socket and the clerk's HTTP calls."""

    def __init__(self, platform_url: str, token: str, clerk: dict) -> None:
        self.platform_url = platform_url.rstrip("/")
        self.token = token
        self.clerk = clerk
        self._http = _session(token)

    @classmethod
    def sign_in(cls, platform_url: str, username: str, password: str) -> ClerkAccount:
        """Raises SignInRefused (bad credentials, locked) or PlatformUnavailable."""
        base = platform_url.rstrip("/")
        with _session() as session:
            try:
                response = _request(
                    session, "POST", base + "/api/v1/clerk-sessions",
                    json={"username": username, "password": password},
                )  # fmt: skip
            except PlatformRejected as exc:
                if exc.error == SignInRefusal.LOCKED or exc.status == 429:
                    raise SignInRefused(SignInRefusal.LOCKED) from None
                if exc.status in (400, 401, 403, 422):
                    raise SignInRefused(SignInRefusal.BAD_CREDENTIALS) from None
                raise PlatformUnavailable(f"sign-in: {exc.status} {exc.error}") from None
        body = _json(response)
        if not isinstance(body, dict) or not body.get("token"):
            raise PlatformUnavailable("sign-in answer has no token")
        return cls(base, str(body["token"]), dict(body.get("clerk") or {}))

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return _request(self._http, method, self.platform_url + path, **kwargs)

    def calls(self, limit: int = 50) -> list[dict]:
        body = _json(self._call("GET", "/api/v1/calls", params={"limit": limit}))
        if not isinstance(body, list):
            raise PlatformUnavailable("call list is not a list")
        return body

    def call(self, call_id: str) -> dict:
        return _json(self._call("GET", f"/api/v1/calls/{call_id}"))

    def audit(self, call_id: str) -> list[dict]:
        return _json(self._call("GET", f"/api/v1/calls/{call_id}/audit"))

    def accept_remotely(self, call_id: str, submission_ref: str) -> str:
        """Ask the resident's consent; returns the acceptance id (stored once they agree)."""
        body = _json(
            self._call(
                "POST", f"/api/v1/calls/{call_id}/remote-acceptance",
                json={"submission_ref": submission_ref},
            )
        )  # fmt: skip
        return str(body["acceptance_id"])

    def seal_recording(self, call_id: str, recording: dict) -> None:
        """recording: {recording_ref, sm3, sha256, bytes, duration_s, container}."""
        self._call("POST", f"/api/v1/calls/{call_id}/recording", json=recording)

    def sign_out(self) -> None:
        try:
            self._call("DELETE", "/api/v1/clerk-sessions/current")
        finally:
            self._http.close()
