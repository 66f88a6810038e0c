"""`main.py install` and the launcher it writes, as subprocesses, over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.updates.installation import Installation
from tests.updates.releases import assert_complete_and_runnable

ROOT = Path(__file__).resolve().parents[2]


def install(platform, trusted_root: Path, prefix: Path, archive: Path | None = None, **popen):
    command = [
        sys.executable, str(ROOT / "main.py"), "install",
        "--metadata-url", platform.updates_metadata_url,
        "--trusted-root", str(trusted_root),
        "--prefix", str(prefix),
    ]  # fmt: skip
    if archive is not None:
        command += ["--archive", str(archive)]
    if popen:
        return subprocess.Popen(command, cwd=ROOT, **popen)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)


def launch(prefix: Path) -> str:
    result = subprocess.run(
        [str(prefix / "bin" / "kiosk-launcher"), "ok"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.fixture
def prefix(tmp_path) -> Path:
    return tmp_path / "opt-kiosk"


def test_install_verifies_unpacks_switches_and_writes_the_service(
    platform, trusted_root, archives, prefix
):
    platform.publish_release(archives("1.0"), "1.0")
    first = install(platform, trusted_root, prefix, archives("1.0"))
    assert first.returncode == 0, first.stderr
    assert "INSTALLED_FIRST" in first.stdout
    assert assert_complete_and_runnable(prefix / "current") == "1.0"

    unit = (prefix / "systemd" / "yiwangtongban-kiosk.service").read_text()
    assert "Restart=always" in unit and "WatchdogSec=" in unit
    assert f"ExecStart={prefix.resolve() / 'bin' / 'kiosk-launcher'}" in unit
    assert (prefix / "trust" / "update-root.json").read_bytes() == trusted_root.read_bytes()
    assert launch(prefix) == "kiosk 1.0 ok"
    # The unit and the X session start the launcher bare: it runs the kiosk.
    bare = subprocess.run(
        [str(prefix / "bin" / "kiosk-launcher")],
        capture_output=True, text=True, timeout=60, check=True,
        env={k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"},
    )  # fmt: skip
    assert bare.stdout.strip() == "kiosk 1.0 kiosk --config /etc/yiwangtongban-kiosk/kiosk.json"

    # Without --archive: the newest signed release is downloaded and verified.
    platform.publish_release(archives("1.1"), "1.1")
    second = install(platform, trusted_root, prefix)
    assert second.returncode == 0, second.stderr
    assert "SWITCHED" in second.stdout
    assert launch(prefix) == "kiosk 1.1 ok"  # its first start, on trial
    assert Installation(prefix).confirm_healthy().name == "CONFIRMED"  # the home screen
    assert launch(prefix) == "kiosk 1.1 ok"
    assert launch(prefix) == "kiosk 1.1 ok"


def test_the_launcher_rolls_back_a_version_that_never_confirms(
    platform, trusted_root, archives, prefix
):
    for version in ("1.0", "1.1"):
        platform.publish_release(archives(version), version)
        assert install(platform, trusted_root, prefix, archives(version)).returncode == 0
    assert launch(prefix) == "kiosk 1.1 ok"  # starts, never reaches the home screen
    assert launch(prefix) == "kiosk 1.1 ok"  # restarted by systemd, fails again
    assert launch(prefix) == "kiosk 1.0 ok"  # the launcher switched back
    assert Installation(prefix).state().rejected == ["1.1"]


def test_a_technician_rolls_back_with_main_py(platform, trusted_root, archives, prefix):
    def rollback() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "rollback", "--prefix", str(prefix)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    platform.publish_release(archives("1.0"), "1.0")
    assert install(platform, trusted_root, prefix, archives("1.0")).returncode == 0
    refused = rollback()
    assert refused.returncode == 3 and "no previous version" in refused.stderr
    platform.publish_release(archives("1.1"), "1.1")
    assert install(platform, trusted_root, prefix, archives("1.1")).returncode == 0
    result = rollback()
    assert result.returncode == 0, result.stderr
    assert "1.0 is current" in result.stdout
    assert launch(prefix) == "kiosk 1.0 ok"
    # The updater skips rejected versions (tests/updates/test_update_cycle.py).
    assert Installation(prefix).state().rejected == ["1.1"]


def test_a_tampered_archive_is_refused_before_anything_is_unpacked(
    platform, trusted_root, archives, prefix, tmp_path
):
    platform.publish_release(archives("1.0"), "1.0")
    assert install(platform, trusted_root, prefix, archives("1.0")).returncode == 0
    platform.publish_release(archives("1.1"), "1.1")
    tampered = tmp_path / "kiosk-1.1.tar.gz"
    data = bytearray(archives("1.1").read_bytes())
    data[100] ^= 0xFF
    tampered.write_bytes(bytes(data))

    result = install(platform, trusted_root, prefix, tampered)
    assert result.returncode == 2
    assert "UNKNOWN_ARCHIVE" in result.stderr
    assert Installation(prefix).installed_versions() == ["1.0"]
    assert assert_complete_and_runnable(prefix / "current") == "1.0"


def test_install_from_a_copied_repository_directory(platform, trusted_root, archives, prefix):
    platform.publish_release(archives("1.0"), "1.0")
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "main.py"), "install",
            "--metadata-dir", str(platform.update_repository.directory),
            "--trusted-root", str(trusted_root),
            "--prefix", str(prefix),
            "--archive", str(archives("1.0")),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert assert_complete_and_runnable(prefix / "current") == "1.0"


def test_publish_release_command_signs_into_a_platform_data_dir(tmp_path, archives):
    data = tmp_path / "platform-data"
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "main.py"), "publish-release",
            "--platform-data", str(data),
            "--archive", str(archives("4.2")),
            "--version", "4.2",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "kiosk-4.2.tar.gz" in result.stdout
    keys = data / "updates" / "keys"
    assert sorted(p.name for p in keys.glob("*.pem")) == [
        "root.pem", "snapshot.pem", "targets.pem", "timestamp.pem",
    ]  # fmt: skip
    assert all(p.stat().st_mode & 0o077 == 0 for p in keys.glob("*.pem"))
    assert "PRIVATE KEY" not in result.stdout + result.stderr


def test_a_tampered_download_is_refused_and_nothing_unpacked(
    platform, trusted_root, archives, prefix
):
    platform.publish_release(archives("1.0"), "1.0")
    assert install(platform, trusted_root, prefix, archives("1.0")).returncode == 0
    release = platform.publish_release(archives("1.1"), "1.1")
    stored = platform.update_repository.targets_dir / f"{release.sha256}.{release.target_name}"
    data = bytearray(stored.read_bytes())
    data[-5] ^= 0x01  # the gzip trailer's CRC: a one-bit change
    stored.write_bytes(bytes(data))

    result = install(platform, trusted_root, prefix)  # download the newest
    assert result.returncode == 2
    assert "TAMPERED_TARGET" in result.stderr
    assert Installation(prefix).installed_versions() == ["1.0"]
    assert not any((prefix / "data" / "update-downloads").iterdir())
    assert assert_complete_and_runnable(prefix / "current") == "1.0"
