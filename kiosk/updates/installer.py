"""`main.py install` and `main.py launch`: the technician's installer and the service's launcher.

install: verify the release through TUF (nothing is unpacked before), unpack
into <prefix>/releases/<version>, switch <prefix>/current atomically, and
write a systemd unit and a launcher under the prefix for the technician to
enable (never touching the system's own systemd directories).

launch: what the unit runs before every start - roll back a version that
did not confirm, then exec <prefix>/current/kiosk.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .installation import Installation, InstallationError, InstallOutcome, TrialOutcome
from .release_archive import ArchiveRefused
from .update_client import UpdateClient, UpdateError

UNIT_NAME = "yiwangtongban-kiosk.service"
LAUNCHER_NAME = "kiosk-launcher"
# The executable a release tree provides at its top level (the frozen
# PyInstaller bundle's binary), next to its VERSION file.
ENTRY_POINT = "kiosk"
INSTALL_ROOT_ENV = "KIOSK_INSTALL_ROOT"
# What the systemd unit and the X session run: the launcher with no
# arguments, which starts the kiosk on this configuration (docs/kiosk-config.md).
DEFAULT_CONFIG_FILE = "/etc/yiwangtongban-kiosk/kiosk.json"
CONFIG_ENV = "KIOSK_CONFIG"
WATCHDOG_SEC = 30

EXIT_OK = 0
EXIT_REFUSED = 2  # verification or archive checks refused the release
EXIT_UNAVAILABLE = 3  # nothing to install / no current version to launch


@dataclass(frozen=True)
class InstallLayout:
    prefix: Path

    @property
    def trusted_root(self) -> Path:
        return self.prefix / "trust" / "update-root.json"

    @property
    def data_dir(self) -> Path:
        return self.prefix / "data"

    @property
    def unit_file(self) -> Path:
        return self.prefix / "systemd" / UNIT_NAME

    @property
    def launcher(self) -> Path:
        return self.prefix / "bin" / LAUNCHER_NAME


def systemd_unit(layout: InstallLayout) -> str:
    launcher = shlex.quote(str(layout.launcher))
    return f"""\
# Written by `main.py install`. Enable with:
#   sudo systemctl link {layout.unit_file}
#   sudo systemctl enable --now {UNIT_NAME}
[Unit]
Description=Shanghai one-network government services kiosk
After=graphical.target network-online.target
Wants=network-online.target
# Never give up restarting: each start is also how a failed update is rolled back.
StartLimitIntervalSec=0

[Service]
# The app sends READY=1 when the home screen first shows (the same moment it
# confirms a new version) and WATCHDOG=1 from the UI thread while it runs,
# so a hung screen is restarted like a crashed one.
Type=notify
NotifyAccess=main
WatchdogSec={WATCHDOG_SEC}
TimeoutStartSec=180
Restart=always
RestartSec=2
Environment={INSTALL_ROOT_ENV}={layout.prefix}
ExecStart={launcher}

[Install]
WantedBy=graphical.target
"""


def launcher_script(layout: InstallLayout) -> str:
    if getattr(sys, "frozen", False):
        return _frozen_launcher_script(layout)
    # The launcher runs the installer's own Python, not the release's code,
    # so a broken release can never prevent its own rollback.
    main_py = Path(__file__).resolve().parents[2] / "main.py"
    command = " ".join(
        shlex.quote(part)
        for part in (sys.executable, str(main_py), "launch", "--prefix", str(layout.prefix))
    )
    return f'#!/bin/sh\n# Written by `main.py install`: roll back an unconfirmed update, then start.\nexec {command} "$@"\n'


def _frozen_launcher_script(layout: InstallLayout) -> str:
    """A frozen bundle has no separate Python: the releases' own binaries run `launch`.

    The current release's binary runs the rollback check; if that binary
    cannot even be executed (126/127), any other installed release's does,
    so a broken release still cannot prevent its own rollback.
    """
    prefix = shlex.quote(str(layout.prefix))
    return f"""#!/bin/sh
# Written by `kiosk install`: roll back an unconfirmed update, then start.
prefix={prefix}
"$prefix/current/{ENTRY_POINT}" launch --prefix "$prefix" "$@"
status=$?
if [ "$status" -ne 126 ] && [ "$status" -ne 127 ]; then exit "$status"; fi
for kiosk in "$prefix"/releases/*/{ENTRY_POINT}; do
    if [ -x "$kiosk" ]; then exec "$kiosk" launch --prefix "$prefix" "$@"; fi
done
exit "$status"
"""


def _write_text(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.chmod(temp, mode)
    os.replace(temp, path)


def _private_copy(archive: Path, download_dir: Path) -> Path:
    folder = download_dir / "local"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    copy = folder / archive.name
    shutil.copyfile(archive, copy)
    return copy


def install_command(
    prefix: Path,
    trusted_root: Path,
    archive: Path | None = None,
    metadata_url: str | None = None,
    metadata_dir: Path | None = None,
    targets_url: str | None = None,
) -> int:
    """Exit 0 installed, 2 refused (nothing changed), 3 nothing to install."""
    layout = InstallLayout(Path(prefix).resolve())
    installation = Installation(layout.prefix)
    # The root given on the command line is the trust anchor from now on; it
    # is copied only once, so a reinstall cannot swap the anchor silently.
    if not layout.trusted_root.exists():
        layout.trusted_root.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(trusted_root, layout.trusted_root)
    if metadata_dir is not None:
        client = UpdateClient.for_directory(metadata_dir, layout.data_dir, layout.trusted_root)
    elif metadata_url is not None:
        base = metadata_url.rstrip("/") + "/"
        client = UpdateClient(
            layout.data_dir / "tuf",
            layout.trusted_root,
            metadata_url=base,
            targets_url=targets_url or base.replace("/metadata/", "/targets/"),
            download_dir=layout.data_dir / "update-downloads",
        )
    else:
        print("install: give --metadata-url or --metadata-dir", file=sys.stderr)
        return EXIT_REFUSED
    try:
        if archive is not None:
            # Verify and unpack a private copy: the file on a stick or shared
            # folder could change between the check and the unpacking.
            verified = _private_copy(Path(archive), client.download_dir)
            release = client.verify_archive(verified)
        else:
            release = client.check(installation.current_version())
            if release is None:
                print(f"install: no release newer than {installation.current_version()}")
                return EXIT_UNAVAILABLE
            verified = client.download(release)
        print(
            f"verified release {release.version} ({release.target_name}, sha256 {release.sha256})"
        )
        installation.install_release(verified, release.version)
        verified.unlink(missing_ok=True)  # unpacked; the tree is what counts now
    except UpdateError as exc:
        print(f"install refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except ArchiveRefused as exc:
        print(f"install refused: archive {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        print(f"install failed, nothing switched: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        if archive is not None:
            shutil.rmtree(client.download_dir / "local", ignore_errors=True)
    outcome = installation.switch_to(release.version)
    _write_text(layout.unit_file, systemd_unit(layout), 0o644)
    _write_text(layout.launcher, launcher_script(layout), 0o755)
    print(f"{outcome.name}: {outcome.value}")
    print(f"current -> releases/{installation.current_version()}")
    print(f"systemd unit: {layout.unit_file} (enable: systemctl link it, then enable --now)")
    return EXIT_OK if outcome is not InstallOutcome.REJECTED_BEFORE else EXIT_REFUSED


def launch_command(prefix: Path, extra_args: list[str]) -> int:
    """Roll back an unconfirmed version if due, then exec the current release."""
    installation = Installation(Path(prefix).resolve())
    outcome = installation.rollback_if_unconfirmed()
    if outcome is not TrialOutcome.NO_TRIAL:
        # stderr goes to the journal: the technician's record of a rollback.
        print(f"launcher: {outcome.name}: {outcome.value}", file=sys.stderr, flush=True)
    version = installation.current_version()
    if version is None:
        print("launcher: nothing installed (run main.py install)", file=sys.stderr)
        return EXIT_UNAVAILABLE
    # The resolved tree, not the link: a switch while the app runs must not
    # change the files under it.
    tree = (installation.root / "releases" / version).resolve()
    entry = tree / ENTRY_POINT
    if not extra_args:
        extra_args = ["kiosk", "--config", os.environ.get(CONFIG_ENV, DEFAULT_CONFIG_FILE)]
    env = dict(os.environ, **{INSTALL_ROOT_ENV: str(installation.root)})
    os.execve(entry, [str(entry), *extra_args], env)
    return EXIT_OK  # not reached


def rollback_command(prefix: Path) -> int:
    """`main.py rollback`: back to the previous version; the kiosk restarts into it."""
    installation = Installation(Path(prefix).resolve())
    try:
        version = installation.roll_back_by_hand()
    except InstallationError as exc:
        print(f"rollback: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"rolled back: {version} is current; restart the kiosk to run it")
    return EXIT_OK
