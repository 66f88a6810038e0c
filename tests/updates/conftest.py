"""Fixtures: the platform's update repository over real HTTP, and a kiosk's client for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.updates.update_client import UpdateClient
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from reference_platform.update_repository import UpdateRepository
from tests.updates.releases import build_archive


class MovableClock:
    """The kiosk's injected clock (UTC), moved forward by tests instead of sleeping."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += dt.timedelta(**kwargs)


@pytest.fixture(scope="module")
def running_platform(tmp_path_factory):
    """A real platform on 127.0.0.1 without the demo residents' faces and codes,
    which updates do not need and which take most of a platform's start-up."""
    settings = PlatformSettings(
        data_dir=tmp_path_factory.mktemp("platform"), demo_faces=False, demo_codes=False
    )
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture
def platform(running_platform, tmp_path):
    """The module's server with a new update repository (new keys, root 1) per test:
    tests attack the repository's files, and a server start per test would
    double the time of this folder."""
    running_platform.app.state.update_repository = UpdateRepository(tmp_path / "updates")
    return running_platform


@pytest.fixture
def kiosk_clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def trusted_root(platform, tmp_path) -> Path:
    """The root installed with the kiosk: copied from the platform out of band."""
    path = tmp_path / "installed-root.json"
    path.write_bytes(platform.update_root_json())
    return path


@pytest.fixture
def make_client(platform, tmp_path, trusted_root, kiosk_clock) -> Callable[..., UpdateClient]:
    def make(data_dir: Path | None = None) -> UpdateClient:
        return UpdateClient.for_platform(
            platform.url, data_dir or tmp_path / "kiosk", trusted_root, clock=kiosk_clock
        )

    return make


@pytest.fixture
def archives(tmp_path) -> Callable[[str], Path]:
    work = tmp_path / "builds"
    work.mkdir()
    built: dict[str, Path] = {}

    def archive(version: str) -> Path:
        if version not in built:
            built[version] = build_archive(work, version)
        return built[version]

    return archive
