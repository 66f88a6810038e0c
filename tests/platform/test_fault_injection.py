"""response_delay_s: the answer is held after the write is committed."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings
from reference_platform.database import DB_FILE_NAME

from .payloads import KIOSK_ID, new_key, post_write, social_security_print

DELAY_S = 1.0


def test_application_exists_before_its_delayed_response(tmp_path: Path) -> None:
    settings = PlatformSettings(data_dir=tmp_path, response_delay_s=DELAY_S)
    with EmbeddedPlatform(settings) as running:
        body, key = social_security_print(), new_key()
        headers = {"X-Kiosk-Id": KIOSK_ID}
        started = time.monotonic()
        # The kiosk gives up (or dies) before the answer arrives.
        with httpx.Client(base_url=running.url, headers=headers, timeout=0.3) as impatient:
            with pytest.raises(httpx.ReadTimeout):
                post_write(impatient, "/api/v1/applications", body, key)

        with sqlite3.connect(tmp_path / DB_FILE_NAME) as conn:
            row = conn.execute(
                "SELECT application_no FROM applications WHERE submission_ref = ?",
                (body["submission_ref"],),
            ).fetchone()
        looked_at = time.monotonic() - started
        assert looked_at < DELAY_S, "looked too late to prove the write preceded the answer"
        assert row is not None, "the write must be committed before the delayed answer"

        # The kiosk comes back and resends from its outbox: same answer, no duplicate.
        running.response_delay_s = 0
        with httpx.Client(base_url=running.url, headers=headers, timeout=5) as client:
            replay = post_write(client, "/api/v1/applications", body, key)
        assert replay.status_code == 201
        assert replay.json()["application_no"] == row[0]
        with sqlite3.connect(tmp_path / DB_FILE_NAME) as conn:
            (count,) = conn.execute("SELECT COUNT(*) FROM applications").fetchone()
        assert count == 1


def test_delay_can_change_at_runtime_and_spares_healthz(tmp_path: Path) -> None:
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as running:
        key_url = running.url + "/api/v1/platform-key"
        started = time.monotonic()
        httpx.get(key_url)
        assert time.monotonic() - started < 0.3

        running.response_delay_s = 0.4
        started = time.monotonic()
        assert httpx.get(key_url).status_code == 200
        assert time.monotonic() - started >= 0.4

        started = time.monotonic()
        assert httpx.get(running.url + "/healthz").status_code == 200
        assert time.monotonic() - started < 0.3
