"""The platform's schedule blanks an idle kiosk; a touch wakes it; a session never blanks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.kiosk_policy import PolicyRefresh
from kiosk.session import SessionState
from tests.ui.journey import state, tap

ALL_DAY = [{"start": "00:00", "end": "23:59"}]


def test_idle_kiosk_blanks_on_schedule_and_wakes_on_a_touch(qtbot, kiosk, platform):
    blanking = kiosk.blanking
    assert not blanking.blanked  # no schedule yet
    platform.set_kiosk_policy(blanking=ALL_DAY)
    assert kiosk.core.policy.refresh(kiosk.core.client) is PolicyRefresh.UPDATED
    qtbot.waitUntil(lambda: blanking.blanked, timeout=5_000)  # the next check
    qtbot.mouseClick(blanking.overlay, Qt.MouseButton.LeftButton)
    assert not blanking.blanked
    tap(qtbot, kiosk.window.home.start_button)
    assert state(kiosk) is SessionState.IDENTIFYING
    blanking._woken_until = None  # the wake period over, mid-session
    blanking.check()
    assert not blanking.blanked  # a resident's session is never blanked
