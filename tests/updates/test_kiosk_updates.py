"""The running kiosk's updates: confirm at the home screen, switch only when idle, then restart."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from kiosk.updates.installation import Installation
from kiosk.updates.installer import InstallLayout
from kiosk.updates.update_cycle import CycleOutcome, run_update_cycle
from ui.background import BackgroundRunner
from ui.update_flow import KioskUpdates


def test_the_kiosk_confirms_itself_and_switches_only_when_idle(
    qtbot, platform, make_client, archives, trusted_root, tmp_path
):
    root = tmp_path / "install"
    layout = InstallLayout(root)
    layout.trusted_root.parent.mkdir(parents=True)
    shutil.copyfile(trusted_root, layout.trusted_root)
    installation = Installation(root)
    platform.publish_release(archives("1.0"), "1.0")
    run_update_cycle(make_client(layout.data_dir), installation, lambda: True)
    platform.publish_release(archives("1.1"), "1.1")
    run_update_cycle(make_client(layout.data_dir), installation, lambda: True)
    assert installation.state().trial is not None  # 1.1 runs on trial

    idle = {"now": False}
    restarts = []
    runner = BackgroundRunner()
    core = SimpleNamespace(config=SimpleNamespace(platform_url=platform.url))
    updates = KioskUpdates(core, runner, lambda: idle["now"], lambda: restarts.append(True), root)
    assert updates.enabled
    updates.home_reached()
    qtbot.waitUntil(lambda: installation.state().trial is None, timeout=10_000)
    assert installation.current_version() == "1.1"  # confirmed, kept

    platform.publish_release(archives("1.2"), "1.2")
    updates.check_now()  # a resident is in a session
    qtbot.waitUntil(lambda: updates.last_result is not None, timeout=20_000)
    assert updates.last_result.outcome is CycleOutcome.WAITING_FOR_IDLE
    assert installation.current_version() == "1.1" and restarts == []

    idle["now"] = True
    updates.check_now()
    qtbot.waitUntil(lambda: restarts == [True], timeout=20_000)
    assert updates.last_result.outcome is CycleOutcome.SWITCHED
    assert installation.current_version() == "1.2"
    updates.watchdog.stop()
    updates.check_timer.stop()
    runner.wait(5000)


def test_a_kiosk_not_started_by_the_launcher_never_updates(qtbot, monkeypatch):
    monkeypatch.delenv("KIOSK_INSTALL_ROOT", raising=False)
    core = SimpleNamespace(config=SimpleNamespace(platform_url="http://127.0.0.1:9"))
    updates = KioskUpdates.from_environment(core, BackgroundRunner(), lambda: True, lambda: None)
    assert not updates.enabled
    updates.home_reached()
    updates.check_now()  # nothing to do, nothing raised
    assert updates.last_result is None
    updates.watchdog.stop()
