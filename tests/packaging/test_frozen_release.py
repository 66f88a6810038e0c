"""The frozen release: it starts, it is reproducible, it installs, the .deb is complete.

Each build runs PyInstaller for minutes on a small machine: soak tests
(`bash scripts/test.sh --soak`), one build per session plus one more for
the reproducibility check.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile

import pytest

from reference_platform.update_repository import UpdateRepository, repository_dir
from tests.packaging.conftest import ROOT, build_release, frozen_env

pytestmark = pytest.mark.soak


def _self_test(executable, tmp_path, *args):
    return subprocess.run(
        [str(executable), "self-test", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=frozen_env(tmp_path),
        cwd=tmp_path,
    )


def test_the_frozen_kiosk_reaches_its_home_screen_headless(release_build, tmp_path):
    result = _self_test(release_build.bundle / "kiosk", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HOME-SCREEN-READY" in result.stdout
    assert "platform=offscreen frozen=True" in result.stdout
    # Chinese first: the shipped zh_CN .qm is loaded (no lrelease in the bundle).
    assert re.search(r"start_button='[^']*[\u4e00-\u9fff]", result.stdout), result.stdout


def test_the_frozen_clerk_console_opens_with_its_media_stack(release_build, tmp_path):
    result = subprocess.run(
        [str(release_build.bundle / "clerk-console"), "--self-test"],
        capture_output=True, text=True, timeout=120, env=frozen_env(tmp_path), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CLERK-CONSOLE-READY" in result.stdout and "frozen=True" in result.stdout


def test_the_frozen_kiosk_keeps_the_command_line_of_main_py(release_build, tmp_path):
    result = subprocess.run(
        [str(release_build.bundle / "kiosk"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=frozen_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "kiosk", "clerk", "screenshots", "install", "launch", "rollback"):
        assert command in result.stdout


def test_the_archive_has_the_updaters_format(release_build):
    with tarfile.open(release_build.archive, "r:gz") as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names == sorted(names)
        assert tar.extractfile("VERSION").read().decode().strip() == release_build.version
        entry = tar.getmember("kiosk")
        assert entry.isfile() and entry.mode == 0o755
        assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "root", "root")}
        assert len({m.mtime for m in members}) == 1
        for expected in (
            "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
            "_internal/ui/i18n/kiosk_zh_CN.qm",
            "_internal/reference_platform/seed",
            "_internal/drivers/simulated/cards",
            "_internal/drivers/simulated/social_security_cards",
        ):
            assert any(name.startswith(expected) for name in names), expected
        # The video-call stack travels with the kiosk and the clerk console.
        assert any(name.startswith("_internal/av/") for name in names)
        assert "clerk-console" in names
        assert not any("/plugins/platforms/libqwayland" in name for name in names)
    with open(release_build.archive, "rb") as raw:
        header = raw.read(10)
    assert header[4:8] == b"\0\0\0\0"  # gzip MTIME zero
    assert not header[3] & 0x08  # no FNAME


def test_two_builds_of_the_same_commit_are_byte_identical(release_build, tmp_path):
    again = build_release.build(
        release_build.version, tmp_path / "dist", tmp_path / "work-two", commit=release_build.commit
    )
    assert build_release.sha256(again["archive"]) == build_release.sha256(release_build.archive)
    assert build_release.sha256(again["deb"]) == build_release.sha256(release_build.deb)


def test_the_archive_installs_with_the_projects_installer_and_runs(release_build, tmp_path):
    platform_data = tmp_path / "platform"
    UpdateRepository(repository_dir(platform_data)).publish(
        release_build.archive, release_build.version
    )
    updates = repository_dir(platform_data)
    prefix = tmp_path / "opt-kiosk"
    installed = subprocess.run(
        [
            sys.executable, str(ROOT / "main.py"), "install",
            "--archive", str(release_build.archive),
            "--metadata-dir", str(updates),
            "--trusted-root", str(updates / "metadata" / "root.json"),
            "--prefix", str(prefix),
        ],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (prefix / "current").resolve() == (prefix / "releases" / release_build.version).resolve()
    # What the unit runs: the launcher, then the installed frozen kiosk.
    launched = subprocess.run(
        [str(prefix / "bin" / "kiosk-launcher"), "self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=frozen_env(tmp_path),
    )
    assert launched.returncode == 0, launched.stdout + launched.stderr
    assert "HOME-SCREEN-READY" in launched.stdout


def test_the_frozen_kiosk_verifies_and_installs_a_release_itself(release_build, tmp_path):
    platform_data = tmp_path / "platform"
    updates = repository_dir(platform_data)
    UpdateRepository(updates).publish(release_build.archive, release_build.version)
    prefix = tmp_path / "opt-kiosk"
    installed = subprocess.run(
        [
            str(release_build.bundle / "kiosk"), "install",
            "--archive", str(release_build.archive),
            "--metadata-dir", str(updates),
            "--trusted-root", str(updates / "metadata" / "root.json"),
            "--prefix", str(prefix),
        ],
        capture_output=True, text=True, timeout=300, env=frozen_env(tmp_path),
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    result = _self_test(prefix / "current" / "kiosk", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deb_installs_the_release_unit_launcher_and_session(release_build):
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(release_build.deb)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    entries = {line.split()[5]: line for line in contents}
    prefix = "./opt/yiwangtongban-kiosk"
    release = f"{prefix}/releases/{release_build.version}"
    for path in (
        f"{release}/kiosk",
        f"{release}/clerk-console",
        f"{release}/.installed-by-package",
        f"{release}/VERSION",
        f"{release}/_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
        f"{prefix}/bin/kiosk-launcher",
        f"{prefix}/systemd/yiwangtongban-kiosk.service",
        "./etc/X11/xorg.conf.d/10-kiosk-lockdown.conf",
        "./usr/lib/yiwangtongban-kiosk/kiosk-session",
        "./usr/share/doc/yiwangtongban-kiosk/copyright",
    ):
        assert path in entries, path
    # Display plugins a kiosk never uses stay out (the X11 one is checked above).
    assert not [e for e in entries if "/plugins/platforms/libqwayland" in e]
    assert not [e for e in entries if "/plugins/platformthemes/" in e]
    # `current` is the postinst's to make or mend (tests/packaging/test_deb_postinst.py).
    assert f"{prefix}/current" not in entries
    postinst = subprocess.run(
        ["dpkg-deb", "--info", str(release_build.deb), "postinst"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert postinst == build_release.deb_postinst(release_build.version)
    assert all(" root/root " in line for line in contents)
    assert entries[f"{release}/kiosk"].startswith("-rwxr-xr-x")
    control = subprocess.run(
        ["dpkg-deb", "--field", str(release_build.deb), "Depends", "Version"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for package in ("pcscd", "libpcsclite1", "cups-client", "fonts-noto-cjk", "libgl1"):
        assert package in control
    assert f"Version: {release_build.version}" in control
    assert "ExecStart=/opt/yiwangtongban-kiosk/bin/kiosk-launcher" in _deb_member(
        release_build.deb, f"{prefix}/systemd/yiwangtongban-kiosk.service"
    )
    launcher = _deb_member(release_build.deb, f"{prefix}/bin/kiosk-launcher")
    assert f"{prefix[1:]}/releases/{release_build.version}/kiosk" in launcher
    assert "launch --prefix /opt/yiwangtongban-kiosk" in launcher


def _deb_member(deb, name: str) -> str:
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE) as dpkg:
        with tarfile.open(fileobj=dpkg.stdout, mode="r|") as tar:
            for member in tar:
                if member.name == name:
                    return tar.extractfile(member).read().decode()
    raise AssertionError(f"{name} not in the .deb")
