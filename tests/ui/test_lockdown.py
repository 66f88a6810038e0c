"""A locked-down kiosk: no closing, no shortcuts, no context menus; only the technician quits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.journey import find, tap
from ui.demo import demo_config, prepare_demo_scene
from ui.kiosk_app import assemble_kiosk


@pytest.fixture
def locked_kiosk(qtbot, tmp_path, platform):
    kiosk = assemble_kiosk(demo_config(tmp_path, platform), lockdown=True)
    prepare_demo_scene(kiosk)
    kiosk.window.showFullScreen()
    qtbot.waitUntil(lambda: kiosk.window.home.start_button.isEnabled(), timeout=10_000)
    yield kiosk
    kiosk.shutdown()


def send_key(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
    """True when the key reached the widget (nothing swallowed it)."""
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_closing_the_window_is_refused(qtbot, locked_kiosk):
    window = locked_kiosk.window
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not window.close()  # what Alt+F4 or the window manager's close asks for
    assert window.isVisible()
    assert locked_kiosk.lockdown.blocked >= 1


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (
            Qt.Key.Key_Backspace,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        ),  # fmt: skip
        (Qt.Key.Key_D, Qt.KeyboardModifier.MetaModifier),
        (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_escape_keys_are_swallowed(qtbot, locked_kiosk, key, modifiers):
    before = locked_kiosk.lockdown.blocked
    send_key(locked_kiosk.window.home.start_button, key, modifiers)
    assert locked_kiosk.lockdown.blocked > before
    assert locked_kiosk.window.isVisible()


def test_plain_typing_still_works(qtbot, locked_kiosk):
    before = locked_kiosk.lockdown.blocked
    send_key(locked_kiosk.window.home.start_button, Qt.Key.Key_5)
    assert locked_kiosk.lockdown.blocked == before


def test_no_context_menu_and_no_right_click(qtbot, locked_kiosk):
    window = locked_kiosk.window
    before = locked_kiosk.lockdown.blocked
    target = window.home.start_button
    QApplication.sendEvent(
        target,
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, QPoint(5, 5), target.mapToGlobal(QPoint(5, 5))
        ),
    )
    qtbot.mouseClick(target, Qt.MouseButton.RightButton)
    assert locked_kiosk.lockdown.blocked >= before + 2
    assert locked_kiosk.controller.session.state.value == "idle"  # the click did nothing


def test_only_the_technician_quits(qtbot, locked_kiosk):
    tools = locked_kiosk.technician
    tools.open_panel()
    with qtbot.waitSignal(tools.quit_requested, timeout=2_000):
        tap(qtbot, find(locked_kiosk.window, "technician_quit"))
    assert locked_kiosk.window.close()  # now allowed
