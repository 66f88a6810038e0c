"""Versioned installs, the atomic switch, and trial/rollback, on real files."""

from __future__ import annotations

import os

import pytest

from kiosk.updates.installation import (
    PACKAGE_OWNED_MARKER,
    Installation,
    InstallationError,
    InstallOutcome,
    Trial,
    TrialOutcome,
)
from tests.updates.releases import assert_complete_and_runnable


class WallClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def wall_clock():
    return WallClock()


@pytest.fixture
def installation(tmp_path, wall_clock, archives) -> Installation:
    installed = Installation(tmp_path / "install", clock=wall_clock, trial_window_s=300)
    installed.install_release(archives("1.0"), "1.0")
    assert installed.switch_to("1.0") is InstallOutcome.INSTALLED_FIRST
    return installed


def _current_tree(installation: Installation) -> str:
    return assert_complete_and_runnable(installation.current_link)


def test_a_switch_is_atomic_and_keeps_the_previous_version(installation, archives):
    installation.install_release(archives("1.1"), "1.1")
    assert _current_tree(installation) == "1.0"  # installing alone switches nothing
    assert installation.switch_to("1.1") is InstallOutcome.SWITCHED
    assert os.readlink(installation.current_link) == os.path.join("releases", "1.1")
    assert _current_tree(installation) == "1.1"
    assert installation.installed_versions() == ["1.0", "1.1"]
    assert installation.state().fallback == "1.0"


def test_switching_waits_for_the_kiosk_to_be_idle(installation, archives):
    installation.install_release(archives("1.1"), "1.1")
    assert installation.apply_when_idle("1.1", is_idle=lambda: False) is InstallOutcome.NOT_IDLE
    assert installation.current_version() == "1.0"
    assert installation.apply_when_idle("1.1", is_idle=lambda: True) is InstallOutcome.SWITCHED
    assert installation.apply_when_idle("1.1", is_idle=lambda: True) is (
        InstallOutcome.ALREADY_CURRENT
    )


def test_a_confirmed_version_is_kept(installation, archives, wall_clock):
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    assert installation.rollback_if_unconfirmed() is TrialOutcome.TRIAL_CONTINUES  # its start
    assert installation.confirm_healthy() is TrialOutcome.CONFIRMED
    wall_clock.now += 3600
    for _ in range(3):  # later restarts never roll a confirmed version back
        assert installation.rollback_if_unconfirmed() is TrialOutcome.NO_TRIAL
    assert _current_tree(installation) == "1.1"


def test_an_unconfirmed_version_is_rolled_back_after_its_starts(installation, archives):
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    assert installation.rollback_if_unconfirmed() is TrialOutcome.TRIAL_CONTINUES
    assert installation.rollback_if_unconfirmed() is TrialOutcome.TRIAL_CONTINUES  # crashed once
    assert installation.rollback_if_unconfirmed() is TrialOutcome.ROLLED_BACK  # crashed again
    assert _current_tree(installation) == "1.0"
    assert installation.state().rejected == ["1.1"]
    # Not retried automatically, and a late confirm from the dead version changes nothing.
    assert installation.apply_when_idle("1.1", lambda: True) is InstallOutcome.REJECTED_BEFORE
    assert installation.confirm_healthy() is TrialOutcome.NO_TRIAL
    assert installation.current_version() == "1.0"


def test_an_unconfirmed_version_is_rolled_back_after_its_deadline(
    installation, archives, wall_clock
):
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    assert installation.rollback_if_unconfirmed() is TrialOutcome.TRIAL_CONTINUES
    for _ in range(5):  # a watchdog's checks do not count as starts
        assert installation.rollback_if_unconfirmed(starting=False) is (
            TrialOutcome.TRIAL_CONTINUES
        )
    wall_clock.now += 301  # a watchdog asks after the deadline: the home screen never came
    assert installation.rollback_if_unconfirmed(starting=False) is TrialOutcome.ROLLED_BACK
    assert _current_tree(installation) == "1.0"


def test_a_version_replacing_one_on_trial_falls_back_to_the_proven_one(installation, archives):
    for version in ("1.1", "1.2"):
        installation.install_release(archives(version), version)
    installation.switch_to("1.1")
    installation.switch_to("1.2")  # 1.1 never confirmed
    assert installation.roll_back_now() is TrialOutcome.ROLLED_BACK
    assert _current_tree(installation) == "1.0"
    assert installation.installed_versions() == ["1.0"]  # unproven trees collected


def test_old_versions_are_collected_after_a_confirmation(installation, archives):
    for version in ("1.1", "1.2"):
        installation.install_release(archives(version), version)
        installation.switch_to(version)
        installation.confirm_healthy()
    assert installation.installed_versions() == ["1.1", "1.2"]  # current and its fallback


def test_the_tree_the_package_installed_is_left_to_dpkg(installation, archives):
    # 1.0 came from the .deb: dpkg owns its files and removes them itself.
    (installation.releases_dir / "1.0" / PACKAGE_OWNED_MARKER).write_bytes(b"")
    for version in ("1.1", "1.2"):
        installation.install_release(archives(version), version)
        installation.switch_to(version)
        installation.confirm_healthy()
    assert installation.installed_versions() == ["1.0", "1.1", "1.2"]
    assert_complete_and_runnable(installation.releases_dir / "1.0")
    installation.install_release(archives("1.3"), "1.3")
    installation.switch_to("1.3")
    installation.confirm_healthy()
    assert installation.installed_versions() == ["1.0", "1.2", "1.3"]  # 1.1 was the updater's


def test_an_interrupted_switch_is_forgotten(installation, archives):
    """Journal written, then killed before the link moved: the old version stays, no trial."""
    installation.install_release(archives("1.1"), "1.1")
    state = installation.state()
    state.trial = Trial(version="1.1", fallback="1.0", deadline=0)
    state.fallback = "1.0"
    installation._write_state(state)
    installation.recover()
    assert installation.state().trial is None
    assert installation.rollback_if_unconfirmed() is TrialOutcome.NO_TRIAL
    assert _current_tree(installation) == "1.0"


def test_an_interrupted_rollback_is_finished(installation, archives):
    """Rollback journalled as failed, killed before the link moved back: recover() finishes it."""
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    state = installation.state()
    state.trial.failed = True
    installation._write_state(state)
    assert installation.confirm_healthy() is TrialOutcome.NO_TRIAL
    assert _current_tree(installation) == "1.0"
    assert installation.state().rejected == ["1.1"]


def test_leftovers_of_a_killed_operation_are_cleared(installation, tmp_path):
    root = installation.root
    (root / "staging" / "1.1.x" / "tree").mkdir(parents=True)
    os.symlink("releases/nowhere", root / ".current.123.456")
    installation.recover()
    assert not (root / "staging").exists()
    assert not (root / ".current.123.456").is_symlink()
    assert _current_tree(installation) == "1.0"


def test_switching_to_a_version_not_installed_is_an_error(installation):
    with pytest.raises(InstallationError):
        installation.switch_to("7.0")
    assert installation.current_version() == "1.0"


def test_a_technician_rolls_a_confirmed_version_back_and_it_is_not_reinstalled(
    installation, archives
):
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    installation.confirm_healthy()
    assert installation.roll_back_by_hand() == "1.0"
    assert _current_tree(installation) == "1.0"
    assert "1.1" in installation.state().rejected
    assert (
        installation.apply_when_idle("1.1", is_idle=lambda: True) is InstallOutcome.REJECTED_BEFORE
    )
    with pytest.raises(InstallationError):
        installation.roll_back_by_hand()  # 1.0 has nothing before it


def test_a_technician_rollback_of_a_version_on_trial_is_the_trials_rollback(
    installation, archives
):
    installation.install_release(archives("1.1"), "1.1")
    installation.switch_to("1.1")
    assert installation.roll_back_by_hand() == "1.0"
    assert installation.state().trial is None
