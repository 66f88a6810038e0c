"""Fixtures: a real platform server on 127.0.0.1 and HTTP clients for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reference_platform import EmbeddedPlatform, PlatformSettings

from .payloads import KIOSK_ID, FakeClock


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPlatform]:
    settings = PlatformSettings(data_dir=tmp_path_factory.mktemp("platform"))
    with EmbeddedPlatform(settings) as running:
        yield running


@pytest.fixture
def client(platform: EmbeddedPlatform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=10) as c:
        yield c


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clocked_platform(tmp_path: Path, clock: FakeClock) -> Iterator[EmbeddedPlatform]:
    """A platform of its own whose clock the test controls."""
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path, clock=clock)) as running:
        yield running


@pytest.fixture
def remote_window_platform(tmp_path: Path) -> Iterator:
    """Starts platforms of their own for remote-window tests: call it with PlatformSettings
    overrides (timeouts made small where a test waits for them); stopped afterwards."""
    started: list[EmbeddedPlatform] = []

    def start(**overrides: object) -> EmbeddedPlatform:
        data_dir = tmp_path / f"platform-{len(started)}"
        platform = EmbeddedPlatform(PlatformSettings(data_dir=data_dir, **overrides)).start()
        started.append(platform)
        return platform

    yield start
    for platform in started:
        platform.stop()
