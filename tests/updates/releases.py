"""Real release archives for the update tests: an app tree with VERSION and a runnable entry."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import tarfile
from pathlib import Path

ENTRY = "kiosk"


def _file_content(version: str, index: int, size: int) -> bytes:
    seed = hashlib.sha256(f"{version}/{index}".encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def build_tree(root: Path, version: str, files: int = 8, size: int = 4096) -> Path:
    """An app tree: VERSION, an executable `kiosk` printing the version, data files
    and MANIFEST.json (sha256 of every data file) to check completeness later."""
    root.mkdir(parents=True)
    (root / "VERSION").write_text(version + "\n")
    entry = root / ENTRY
    entry.write_text(f'#!/bin/sh\necho "kiosk {version} $*"\n')
    entry.chmod(0o755)
    manifest = {}
    (root / "lib").mkdir()
    for index in range(files):
        data = _file_content(version, index, size)
        name = f"lib/part{index:04d}.bin"
        (root / name).write_bytes(data)
        manifest[name] = hashlib.sha256(data).hexdigest()
    # A relative symlink inside the tree, as shared-library bundles have.
    (root / "lib" / "current-part").symlink_to("part0000.bin")
    (root / "MANIFEST.json").write_text(json.dumps(manifest, sort_keys=True))
    return root


def build_archive(work: Path, version: str, files: int = 8, size: int = 4096) -> Path:
    tree = build_tree(work / f"tree-{version}", version, files, size)
    archive = work / f"kiosk-{version}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(tree, arcname=".")
    return archive


def assert_complete_and_runnable(tree: Path) -> str:
    """The tree is a whole release that runs; returns its version."""
    version = (tree / "VERSION").read_text().strip()
    manifest = json.loads((tree / "MANIFEST.json").read_text())
    for name, digest in manifest.items():
        assert hashlib.sha256((tree / name).read_bytes()).hexdigest() == digest, name
    out = subprocess.run([str(tree / ENTRY), "ok"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"kiosk {version} ok"
    return version


def evil_archive(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    """An archive with VERSION 9.9 plus the given (crafted) members."""
    with tarfile.open(path, "w:gz") as tar:
        version = tarfile.TarInfo("VERSION")
        data = b"9.9\n"
        version.size = len(data)
        tar.addfile(version, io.BytesIO(data))
        for info, content in members:
            if content is not None:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
            else:
                tar.addfile(info)
    return path
