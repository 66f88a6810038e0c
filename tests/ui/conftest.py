"""A whole kiosk for UI tests: real widgets offscreen, real platform, simulated devices."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.idle_watch import IdlePolicy
from ui.demo import demo_config, prepare_demo_scene
from ui.kiosk_app import assemble_kiosk

DEFAULT_IDLE = IdlePolicy(60, 15)


@pytest.fixture
def make_kiosk(qtbot, tmp_path, platform):
    running = []

    def make(size=(1920, 1080), idle=DEFAULT_IDLE, language="zh_CN"):
        config = dataclasses.replace(
            demo_config(tmp_path, platform), idle=idle, language=language
        )
        kiosk = assemble_kiosk(config)
        prepare_demo_scene(kiosk)
        kiosk.window.resize(*size)
        kiosk.window.show()
        qtbot.waitUntil(lambda: kiosk.core.catalog is not None, timeout=10_000)
        qtbot.waitUntil(lambda: kiosk.window.home.start_button.isEnabled(), timeout=5_000)
        running.append(kiosk)
        return kiosk

    yield make
    for kiosk in running:
        kiosk.shutdown()


@pytest.fixture
def kiosk(make_kiosk):
    return make_kiosk()
