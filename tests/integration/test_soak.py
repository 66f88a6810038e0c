"""Soak: many submissions while the platform keeps going away; each lands once.

Run with `bash scripts/test.sh --soak` (about a minute); not part of the default run.
"""

import random
import sqlite3
import time

import pytest

from offline_cache.outbox import OutboxState
from reference_platform.server import EmbeddedPlatform
from tests.integration.test_core_with_platform import ready_application

SUBMISSIONS = 60


@pytest.mark.soak
def test_flapping_platform_loses_and_duplicates_nothing(core, platform):
    rng = random.Random(7)
    settings, port = platform.state.settings, platform.port
    core.sync._backoff = type(core.sync._backoff)(base_s=0.05, cap_s=0.5)
    core.start_background_sync()
    running = platform
    refs = []
    for _ in range(SUBMISSIONS):
        session = ready_application(core) if running else None
        if session is None:  # identification needs the platform; queue while it is down
            running = EmbeddedPlatform(settings, port=port).start()
            session = ready_application(core)
        refs.append(core.submit(session).submission_ref)
        if rng.random() < 0.3:
            running.stop()
            running = None
            time.sleep(rng.uniform(0.05, 0.3))
    if running is None:
        running = EmbeddedPlatform(settings, port=port).start()
    deadline = time.monotonic() + 60
    while core.outbox.pending_count() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert core.outbox.pending_count() == 0
    delivered = [r for r in core.outbox.records(OutboxState.DELIVERED) if r.kind == "application"]
    assert len(delivered) == SUBMISSIONS
    with sqlite3.connect(settings.data_dir / "platform.sqlite3") as conn:
        rows = conn.execute("SELECT submission_ref, COUNT(*) FROM applications GROUP BY submission_ref").fetchall()
    assert sorted(ref for ref, _ in rows) == sorted(refs)
    assert all(count == 1 for _, count in rows)
    running.stop()
