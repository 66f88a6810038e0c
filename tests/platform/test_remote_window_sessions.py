"""Clerk sign-in, lockout, expiry and sign-out."""

from __future__ import annotations

import httpx
import pytest

from reference_platform import EmbeddedPlatform

from .payloads import FakeClock

SESSIONS = "/api/v1/clerk-sessions"


@pytest.fixture
def platform_and_clock(remote_window_platform) -> tuple[EmbeddedPlatform, FakeClock]:
    clock = FakeClock()
    return remote_window_platform(clock=clock), clock


def _sign_in(
    platform: EmbeddedPlatform, password: str, username: str = "clerk01"
) -> httpx.Response:
    return httpx.post(
        platform.url + SESSIONS, json={"username": username, "password": password}, timeout=10
    )


def _calls(platform: EmbeddedPlatform, token: str) -> int:
    return httpx.get(
        platform.url + "/api/v1/calls", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).status_code


def test_sign_in_gives_a_token_that_works_until_sign_out(platform_and_clock) -> None:
    platform, _ = platform_and_clock
    answer = _sign_in(platform, "window-demo-01")
    assert answer.status_code == 200
    session = answer.json()
    assert session["clerk"] == {
        "clerk_id": "clerk-0101",
        "name": "王敏",
        "staff_number": "0101",
        "role": "clerk",
        "skills": ["personal"],
        "languages": ["zh", "en"],
    }
    token = session["token"]
    assert _calls(platform, token) == 200
    with platform.state.db.read() as conn:
        stored = [row[0] for row in conn.execute("SELECT token_hash FROM clerk_sessions")]
        (password_hash,) = conn.execute(
            "SELECT password_hash FROM clerks WHERE username = 'clerk01'"
        ).fetchone()
    assert token not in stored and password_hash.startswith("scrypt$")
    out = httpx.delete(
        platform.url + SESSIONS + "/current", headers={"Authorization": f"Bearer {token}"}
    )
    assert out.status_code == 204
    assert _calls(platform, token) == 401


def test_wrong_or_unknown_credentials_are_refused_alike(platform_and_clock) -> None:
    platform, _ = platform_and_clock
    wrong = _sign_in(platform, "window-demo-02")
    unknown = _sign_in(platform, "window-demo-01", username="nobody")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"] == unknown.json()["error"] == "bad_credentials"


def test_five_wrong_passwords_lock_the_account_for_five_minutes(platform_and_clock) -> None:
    platform, clock = platform_and_clock
    for _ in range(5):
        assert _sign_in(platform, "guess").status_code == 401
    locked = _sign_in(platform, "window-demo-01")
    assert locked.status_code == 429 and locked.json()["error"] == "clerk_locked"
    # Other accounts are not affected.
    assert _sign_in(platform, "window-demo-09", username="super01").status_code == 200
    clock.advance(minutes=4, seconds=59)
    assert _sign_in(platform, "window-demo-01").status_code == 429
    clock.advance(seconds=1)
    assert _sign_in(platform, "window-demo-01").status_code == 200


def test_a_session_expires_after_twelve_hours(platform_and_clock) -> None:
    platform, clock = platform_and_clock
    token = _sign_in(platform, "window-demo-01").json()["token"]
    clock.advance(hours=11, minutes=59)
    assert _calls(platform, token) == 200
    clock.advance(minutes=1)
    assert _calls(platform, token) == 401


def test_demo_clerks_exist_only_where_the_runner_asks_for_them(tmp_path) -> None:
    from reference_platform import PlatformSettings
    from reference_platform.app import create_app

    # None is what `main.py platform` leaves it at: no demo accounts on a real platform.
    for index, demo_clerks in enumerate((None, False)):
        settings = PlatformSettings(data_dir=tmp_path / str(index), demo_clerks=demo_clerks)
        app = create_app(settings)
        with app.state.platform.db.read() as conn:
            assert conn.execute("SELECT COUNT(*) FROM clerks").fetchone()[0] == 0


def test_an_administrator_creates_clerk_accounts(platform_and_clock) -> None:
    platform, _ = platform_and_clock
    account = {
        "username": "clerk07",
        "password": "a-long-password",
        "clerk_id": "clerk-0107",
        "name": "周洁",
        "staff_number": "0107",
        "skills": ["enterprise"],
        "languages": ["zh"],
    }
    url = platform.url + "/api/v1/admin/clerks"
    assert httpx.post(url, json=account, timeout=10).status_code == 401
    admin = {"Authorization": f"Admin {platform.admin_token}"}
    created = httpx.post(url, json=account, headers=admin, timeout=10)
    assert created.status_code == 201 and created.json()["role"] == "clerk"
    assert httpx.post(url, json=account, headers=admin, timeout=10).status_code == 409
    assert _sign_in(platform, "a-long-password", username="clerk07").status_code == 200
