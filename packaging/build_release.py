"""Build the kiosk's release: a PyInstaller onedir bundle, its release archive, a .deb.

    .venv/bin/python packaging/build_release.py [--version V] [--out dist] [--no-deb]

Writes dist/yiwangtongban-kiosk-<version>.tar.gz (the updater's format: a
top-level VERSION file and the executable `kiosk`, see docs/updates.md) and
dist/yiwangtongban-kiosk_<version>_<arch>.deb. Both are reproducible: two
builds of the same commit with the same venv give byte-identical files
(docs/building.md says how).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.updates.installation import PACKAGE_OWNED_MARKER  # noqa: E402
from kiosk.updates.installer import (  # noqa: E402
    ENTRY_POINT,
    LAUNCHER_NAME,
    InstallLayout,
    systemd_unit,
)
from kiosk.updates.release_archive import VERSION_FILE  # noqa: E402

PACKAGE = "yiwangtongban-kiosk"
INSTALL_PREFIX = Path("/opt/yiwangtongban-kiosk")
SPEC = ROOT / "packaging" / "pyinstaller" / "kiosk.spec"
# Debian packages the frozen bundle needs from the system (what PyInstaller
# leaves out on purpose or what is loaded at run time by name).
DEB_DEPENDS = [
    "libc6 (>= 2.36)",
    # Qt: libGL/libEGL are excluded by PyInstaller (they must match the
    # machine's driver); fontconfig and the xcb platform's X libraries.
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    # Chinese glyphs on screen and on receipts (not bundled: docs/building.md).
    "fonts-noto-cjk",
    # Smart cards: pyscard dlopens libpcsclite.so.1 and talks to pcscd.
    "pcscd",
    "libpcsclite1",
    # A4 printing: pycups links libcups2; the printers are cupsd's.
    "libcups2",
    "cups-client",
    # Voice read-out in elderly mode.
    "espeak-ng",
]
DEB_RECOMMENDS = ["cups-daemon", "xserver-xorg", "x11-xserver-utils", "x11-xkb-utils"]


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def source_date_epoch(commit: str = "HEAD") -> int:
    """The commit's time: every timestamp in the outputs is this one."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    output = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct", commit],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(output.stdout.strip())


def export_commit(destination: Path, commit: str = "HEAD") -> Path:
    """The application's sources as committed (`git archive`, read-only):
    a build of a commit never picks up uncommitted edits of the checkout."""
    tar_bytes = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
    ).stdout
    destination.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def build_env(epoch: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONHASHSEED="0",  # set ordering in generated code and PyInstaller's TOC
        SOURCE_DATE_EPOCH=str(epoch),
        LC_ALL="C.UTF-8",
        TZ="UTC",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def compile_translations(source_root: Path, out_dir: Path, env: dict[str, str]) -> list[Path]:
    """ui/i18n/*.ts -> .qm with PySide6's lrelease, as ui/i18n.py does at run time."""
    from ui.i18n import _lrelease

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted((source_root / "ui" / "i18n").glob("*.ts")):
        target = out_dir / (source.stem + ".qm")
        subprocess.run(
            [_lrelease(), "-silent", str(source), "-qm", str(target)], check=True, env=env
        )
        written.append(target)
    if not written:
        raise SystemExit("no translations found under ui/i18n")
    return written


def run_pyinstaller(source_root: Path, work: Path, env: dict[str, str], qm_dir: Path) -> Path:
    """The onedir bundle; the work path ends up in no output."""
    env = dict(env, KIOSK_PROJECT_ROOT=str(source_root), KIOSK_QM_DIR=str(qm_dir))
    distpath = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--workpath",
            str(work / "pyinstaller"),
            "--distpath",
            str(distpath),
            str(SPEC),
        ],
        check=True,
        env=env,
        # `python -m` puts the working directory first on sys.path: the
        # snapshot, never the checkout.
        cwd=source_root,
    )
    return distpath / "kiosk"


def normalise_tree(tree: Path, epoch: int) -> None:
    """Same modes and times whatever the umask and the clock of the build."""
    for dirpath, dirnames, filenames in os.walk(tree):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                os.utime(path, (epoch, epoch), follow_symlinks=False)
                continue
            mode = path.stat().st_mode
            executable = path.is_dir() or bool(mode & 0o111)
            path.chmod(0o755 if executable else 0o644)
            os.utime(path, (epoch, epoch))
    tree.chmod(0o755)
    os.utime(tree, (epoch, epoch))


def _normalised_member(info: tarfile.TarInfo, epoch: int) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = epoch
    if info.isdir() or (info.isfile() and info.mode & 0o111):
        info.mode = 0o755
    elif info.isfile():
        info.mode = 0o644
    return info


def write_release_archive(tree: Path, archive: Path, epoch: int) -> None:
    """tar.gz with members at the top level, sorted, owners/times/modes fixed,
    and a gzip header without file name or time."""
    paths = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*"))
    archive.parent.mkdir(parents=True, exist_ok=True)
    temporary = archive.with_name(archive.name + ".tmp")
    with open(temporary, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name in paths:
                    info = tar.gettarinfo(str(tree / name), arcname=name)
                    info = _normalised_member(info, epoch)
                    info.pax_headers = {}
                    if info.isfile():
                        with open(tree / name, "rb") as handle:
                            tar.addfile(info, handle)
                    else:
                        tar.addfile(info)
    os.replace(temporary, archive)


def deb_launcher(version: str) -> str:
    """What the unit runs: the same `launch` command `main.py install` writes,
    run by the frozen binary of the release the .deb installed (which is not
    `current`, so a broken update cannot prevent its own rollback); if that
    tree was since removed by the updater, the current one."""
    layout = InstallLayout(INSTALL_PREFIX)
    base = INSTALL_PREFIX / "releases" / version / ENTRY_POINT
    current = INSTALL_PREFIX / "current" / ENTRY_POINT
    return (
        "#!/bin/sh\n"
        f"# Installed by the {PACKAGE} package: roll back an unconfirmed update, then start.\n"
        f"launcher={base}\n"
        f'[ -x "$launcher" ] || launcher={current}\n'
        f'exec "$launcher" launch --prefix {layout.prefix} "$@"\n'
    )


def deb_postinst(version: str, prefix: Path = INSTALL_PREFIX) -> str:
    """Make `current` on first installation, or mend it when it names a tree
    that is gone (dpkg removed the previous package's release on upgrade);
    a `current` the updater switched to a working release is left alone."""
    current = prefix / "current"
    return (
        "#!/bin/sh\n"
        "# `current` belongs to the updater once installed (docs/updates.md).\n"
        "set -e\n"
        f'if [ "$1" = configure ] && [ ! -x {current}/{ENTRY_POINT} ]; then\n'
        f"    ln -sfn releases/{version} {current}.dpkg-new\n"
        f"    mv -T {current}.dpkg-new {current}\n"
        "fi\n"
    )


def deb_architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += (path.stat().st_size + 1023) // 1024
    return total


def write_deb(
    bundle: Path, source_root: Path, version: str, out_dir: Path, work: Path, epoch: int
) -> Path:
    arch = deb_architecture()
    root = work / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    prefix = root / INSTALL_PREFIX.relative_to("/")
    release = prefix / "releases" / version
    release.parent.mkdir(parents=True)
    shutil.copytree(bundle, release, symlinks=True)
    # dpkg owns this tree: the updater's clean-up leaves it alone.
    (release / PACKAGE_OWNED_MARKER).write_bytes(b"")
    # No `current` in the package: the updater owns it once installed, so the
    # postinst only makes or mends it (an upgrade never undoes an update).
    layout = InstallLayout(INSTALL_PREFIX)
    unit = prefix / "systemd" / layout.unit_file.name
    unit.parent.mkdir()
    unit.write_text(systemd_unit(layout), encoding="utf-8")
    launcher = prefix / "bin" / LAUNCHER_NAME
    launcher.parent.mkdir()
    launcher.write_text(deb_launcher(version), encoding="utf-8")
    launcher.chmod(0o755)
    # The locked-down X session (packaging/session): the Xorg flags as a
    # conffile, the session script under /usr/lib, pointing at the launcher.
    xorg = root / "etc" / "X11" / "xorg.conf.d" / "10-kiosk-lockdown.conf"
    xorg.parent.mkdir(parents=True)
    shutil.copyfile(source_root / "packaging" / "session" / "10-kiosk-lockdown.conf", xorg)
    session_source = (source_root / "packaging" / "session" / "kiosk-session").read_text("utf-8")
    session = root / "usr" / "lib" / PACKAGE / "kiosk-session"
    session.parent.mkdir(parents=True)
    session.write_text(session_source, encoding="utf-8")
    session.chmod(0o755)
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copyfile(ROOT / "packaging" / "deb" / "copyright", doc / "copyright")
    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    control = (ROOT / "packaging" / "deb" / "control.in").read_text("utf-8")
    control = control.format(
        package=PACKAGE,
        version=version,
        architecture=arch,
        installed_size=_installed_size_kib(root),
        depends=", ".join(DEB_DEPENDS),
        recommends=", ".join(DEB_RECOMMENDS),
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    (control_dir / "conffiles").write_text(
        "/etc/X11/xorg.conf.d/10-kiosk-lockdown.conf\n", encoding="utf-8"
    )
    (control_dir / "postinst").write_text(deb_postinst(version), encoding="utf-8")
    normalise_tree(root, epoch)
    for name in ("control", "conffiles"):
        (control_dir / name).chmod(0o644)
    (control_dir / "postinst").chmod(0o755)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    # --root-owner-group: root:root whoever builds; dpkg-deb sorts members,
    # clamps mtimes to SOURCE_DATE_EPOCH and uses it for the ar headers.
    # gzip (zlib, no header time or name from dpkg-deb): xz -6 of ~420 MB
    # takes minutes on one core, and multi-threaded xz output depends on the
    # build machine's number of cores.
    subprocess.run(
        [
            "dpkg-deb",
            "--root-owner-group",
            "-Zgzip",
            "-z6",
            "--build",
            str(root),
            str(deb),
        ],  # fmt: skip
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return deb


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_commit(commit: str = "HEAD") -> str:
    """The full id of `commit`, so several builds name the same one."""
    output = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.strip()


def build(
    version: str,
    out_dir: Path,
    work: Path,
    deb: bool = True,
    worktree: bool = False,
    commit: str = "HEAD",
) -> dict[str, Path]:
    """Build `commit` (the last one by default) or, with `worktree`, the
    checkout as it is (uncommitted edits included: not reproducible)."""
    epoch = source_date_epoch(commit)
    env = build_env(epoch)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source_root = ROOT if worktree else export_commit(work / "source", commit)
    qm_dir = work / "i18n"
    compile_translations(source_root, qm_dir, env)
    bundle = run_pyinstaller(source_root, work, env, qm_dir)
    (bundle / VERSION_FILE).write_text(version + "\n", encoding="ascii")
    if not (bundle / ENTRY_POINT).is_file():
        raise SystemExit(f"the bundle has no {ENTRY_POINT} executable")
    normalise_tree(bundle, epoch)
    outputs = {"bundle": bundle}
    archive = out_dir / f"{PACKAGE}-{version}.tar.gz"
    write_release_archive(bundle, archive, epoch)
    outputs["archive"] = archive
    if deb:
        outputs["deb"] = write_deb(bundle, source_root, version, out_dir, work, epoch)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=project_version(), help="default: pyproject's")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="where the outputs go")
    parser.add_argument(
        "--work", default=str(ROOT / "build" / "release"), help="build directory (emptied)"
    )
    parser.add_argument("--no-deb", action="store_true", help="only the release archive")
    parser.add_argument(
        "--worktree",
        action="store_true",
        help="build the checkout with its uncommitted edits (default: the last commit)",
    )
    args = parser.parse_args(argv)
    outputs = build(
        args.version,
        Path(args.out).resolve(),
        Path(args.work).resolve(),
        deb=not args.no_deb,
        worktree=args.worktree,
    )
    for kind in ("archive", "deb"):
        if kind in outputs:
            path = outputs[kind]
            print(f"{kind}: {path} {path.stat().st_size} bytes sha256 {sha256(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
