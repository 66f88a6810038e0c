"""A background update round against the platform: named outcomes, current untouched on failure."""

from __future__ import annotations

from kiosk.updates.installation import Installation
from kiosk.updates.update_client import UpdateOutcome
from kiosk.updates.update_cycle import CycleOutcome, run_update_cycle
from tests.updates.releases import assert_complete_and_runnable


def test_a_round_installs_then_switches_at_an_idle_moment(
    platform, make_client, archives, tmp_path
):
    client = make_client()
    installation = Installation(tmp_path / "install")
    assert run_update_cycle(client, installation, lambda: True).outcome is CycleOutcome.UP_TO_DATE

    platform.publish_release(archives("1.0"), "1.0")
    first = run_update_cycle(client, installation, lambda: True)
    assert (first.outcome, first.version) == (CycleOutcome.SWITCHED, "1.0")

    platform.publish_release(archives("1.1"), "1.1")
    busy = run_update_cycle(client, installation, lambda: False)
    assert (busy.outcome, busy.version) == (CycleOutcome.WAITING_FOR_IDLE, "1.1")
    assert assert_complete_and_runnable(installation.current_link) == "1.0"
    assert not any(client.download_dir.iterdir())  # unpacked, the archive is gone
    idle = run_update_cycle(client, installation, lambda: True)
    assert idle.outcome is CycleOutcome.SWITCHED
    assert assert_complete_and_runnable(installation.current_link) == "1.1"

    # 1.1 never confirms; once rolled back it is not fetched again.
    installation.roll_back_now()
    skipped = run_update_cycle(client, installation, lambda: True)
    assert (skipped.outcome, skipped.version) == (CycleOutcome.SKIPPED_REJECTED, "1.1")
    assert installation.current_version() == "1.0"


def test_a_tampered_release_leaves_the_running_version_alone(
    platform, make_client, archives, tmp_path
):
    client = make_client()
    installation = Installation(tmp_path / "install")
    platform.publish_release(archives("1.0"), "1.0")
    run_update_cycle(client, installation, lambda: True)
    release = platform.publish_release(archives("1.1"), "1.1")
    stored = platform.update_repository.targets_dir / f"{release.sha256}.{release.target_name}"
    stored.write_bytes(archives("1.0").read_bytes())  # a valid archive, just not the signed one

    result = run_update_cycle(client, installation, lambda: True)
    assert result.outcome is CycleOutcome.UPDATE_FAILED
    assert result.update_outcome is UpdateOutcome.TAMPERED_TARGET
    assert installation.installed_versions() == ["1.0"]
    assert assert_complete_and_runnable(installation.current_link) == "1.0"


def test_installer_and_kiosk_agree_on_the_install_root_variable():
    from kiosk.updates.installer import INSTALL_ROOT_ENV
    from ui.update_flow import INSTALL_ROOT_ENV as KIOSK_SIDE

    assert KIOSK_SIDE == INSTALL_ROOT_ENV
