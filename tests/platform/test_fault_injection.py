"""response_delay_s: the answer is held after the write is committed."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings
from reference_platform.database import DB_FILE_NAME

from .payloads import KIOSK_ID, new_key, post_write, social_security_print

DELAY_S = 6.0


def _stored_application(db: Path, submission_ref: str):
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT application_no FROM applications WHERE submission_ref = ?",
            (submission_ref,),
        ).fetchone()


def test_application_exists_before_its_delayed_response(tmp_path: Path) -> None:
    settings = PlatformSettings(data_dir=tmp_path, response_delay_s=DELAY_S)
    with EmbeddedPlatform(settings) as running:
        body, key = social_security_print(), new_key()
        headers = {"X-Kiosk-Id": KIOSK_ID}
        answered = threading.Event()

        def send_and_give_up() -> None:
            # The kiosk gives up (or dies) before the answer arrives.
            with httpx.Client(base_url=running.url, headers=headers, timeout=DELAY_S / 2) as c:
                with pytest.raises(httpx.ReadTimeout):
                    post_write(c, "/api/v1/applications", body, key)
            answered.set()

        sender = threading.Thread(target=send_and_give_up)
        sender.start()
        # Poll while the answer is held back: the row must be there before it.
        deadline = time.monotonic() + DELAY_S / 2
        row = None
        while row is None and time.monotonic() < deadline:
            row = _stored_application(tmp_path / DB_FILE_NAME, body["submission_ref"])
            time.sleep(0.05)
        sender.join(DELAY_S * 2)
        assert not sender.is_alive() and answered.is_set()
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
