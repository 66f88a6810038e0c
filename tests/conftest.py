"""Fixtures shared by the kiosk's tests: a real platform on 127.0.0.1, a kiosk core."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Compiled translations go to a per-run cache, never into the tree or $HOME.
os.environ.setdefault("XDG_CACHE_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "kiosk-test-cache"))

from kiosk.config import KioskConfig  # noqa: E402
from kiosk.idle_watch import IdlePolicy  # noqa: E402
from kiosk.kiosk_core import KioskCore  # noqa: E402
from kiosk.platform_key import PinnedPlatformKey  # noqa: E402
from reference_platform.server import EmbeddedPlatform  # noqa: E402
from reference_platform.settings import PlatformSettings  # noqa: E402

KIOSK_ID = "SH-TEST-0001"


@pytest.fixture
def platform(tmp_path):
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path / "platform")) as running:
        yield running


@pytest.fixture
def kiosk_config(tmp_path, platform) -> KioskConfig:
    return KioskConfig(
        kiosk_id=KIOSK_ID,
        platform_url=platform.url,
        platform_key=PinnedPlatformKey(platform.key_id, platform.public_key_b64),
        data_dir=tmp_path / "kiosk",
        idle=IdlePolicy(60, 15),
    )


@pytest.fixture
def core(kiosk_config):
    kiosk_core = KioskCore(kiosk_config)
    yield kiosk_core
    kiosk_core.shutdown()
