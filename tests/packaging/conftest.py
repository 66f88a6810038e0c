"""One release build per test session (a few minutes of PyInstaller), shared.

The reproducibility test builds a second time, in another work directory.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_build_release():
    # packaging/ is no Python package (and `packaging` is a PyPI name): load by path.
    spec = importlib.util.spec_from_file_location(
        "build_release", ROOT / "packaging" / "build_release.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_release = _load_build_release()


@dataclass(frozen=True)
class ReleaseBuild:
    version: str
    bundle: Path
    archive: Path
    deb: Path
    commit: str


@pytest.fixture(scope="session")
def release_build(tmp_path_factory) -> ReleaseBuild:
    pytest.importorskip("PyInstaller", reason="pyinstaller is in the project's build extra")
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is needed for the .deb")
    version = build_release.project_version()
    base = tmp_path_factory.mktemp("release-build")
    # Named once: a commit made while the tests run must not change what is built.
    commit = build_release.resolve_commit()
    outputs = build_release.build(version, base / "dist", base / "work", commit=commit)
    return ReleaseBuild(version, outputs["bundle"], outputs["archive"], outputs["deb"], commit)


def frozen_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("PYTHONPATH", None)
    return env
