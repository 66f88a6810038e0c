"""The .deb's postinst makes `current` or mends it, and never undoes an update.

Runs the generated script with `sh` under a temporary prefix (no build, no dpkg).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import build_release


def _release(prefix: Path, version: str) -> None:
    tree = prefix / "releases" / version
    tree.mkdir(parents=True)
    entry = tree / "kiosk"
    entry.write_text("#!/bin/sh\necho kiosk\n")
    entry.chmod(0o755)


@pytest.fixture
def run_postinst(tmp_path):
    prefix = tmp_path / "opt"
    prefix.mkdir()

    def run(version: str) -> str:
        script = tmp_path / "postinst"
        script.write_text(build_release.deb_postinst(version, prefix=prefix))
        subprocess.run(["sh", str(script), "configure", ""], check=True, timeout=30)
        return os.readlink(prefix / "current")

    run.prefix = prefix
    return run


def test_first_installation_makes_current(run_postinst):
    _release(run_postinst.prefix, "1.0")
    assert run_postinst("1.0") == "releases/1.0"


def test_an_upgrade_keeps_the_release_the_updater_switched_to(run_postinst):
    prefix = run_postinst.prefix
    _release(prefix, "1.0")
    _release(prefix, "2.0")  # installed and switched to by the updater
    os.symlink("releases/2.0", prefix / "current")
    _release(prefix, "1.5")  # an older package arrives later
    assert run_postinst("1.5") == "releases/2.0"


def test_a_current_left_dangling_by_dpkg_is_mended(run_postinst):
    prefix = run_postinst.prefix
    os.symlink("releases/1.0", prefix / "current")  # dpkg removed 1.0's files on upgrade
    _release(prefix, "1.1")
    assert run_postinst("1.1") == "releases/1.1"
    assert not (prefix / "current.dpkg-new").exists()
