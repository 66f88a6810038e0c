"""kill -9 of the kiosk while it is sending: after restart, delivered exactly once."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kiosk.kiosk_core import KioskCore
from offline_cache.outbox import OutboxState
from tests.integration.test_core_with_platform import ready_application

ROOT = Path(__file__).resolve().parents[2]


def _applications(platform, ref):
    path = next(platform.state.settings.data_dir.glob("*.sqlite3"))
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT application_no FROM applications WHERE submission_ref = ?", (ref,)
        ).fetchall()


def _flush(config_path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "outbox", "--config", str(config_path), "--flush"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_kill_during_send_then_restart_delivers_once(core, platform, kiosk_config, tmp_path):
    session = ready_application(core)
    receipt = core.submit(session)
    core.shutdown()
    config_path = tmp_path / "kiosk.json"
    kiosk_config.save(config_path)

    # The platform commits, then holds its answer: the kiosk dies in between.
    platform.response_delay_s = 30
    sender = _flush(config_path)
    deadline = time.monotonic() + 20
    while not _applications(platform, receipt.submission_ref):
        assert sender.poll() is None, sender.communicate()[0]
        assert time.monotonic() < deadline, "the platform never received the application"
        time.sleep(0.05)
    os.kill(sender.pid, signal.SIGKILL)
    sender.wait(10)
    first_number = _applications(platform, receipt.submission_ref)[0][0]

    restarted = KioskCore(kiosk_config)
    try:
        record = restarted.outbox.records()[0]
        assert record.state is OutboxState.PENDING  # the kiosk never heard the answer
    finally:
        restarted.shutdown()

    platform.response_delay_s = 0
    resend = _flush(config_path)
    output = resend.communicate(timeout=60)[0]
    assert resend.returncode == 0, output
    assert "delivered 1" in output

    assert _applications(platform, receipt.submission_ref) == [(first_number,)]
    reopened = KioskCore(kiosk_config)
    try:
        status = reopened.delivery_status(receipt.submission_ref)
        assert status.state is OutboxState.DELIVERED
        assert status.application_no == first_number
    finally:
        reopened.shutdown()
