"""Keeps a passer-by inside the kiosk application.

What the application itself can stop: closing the window (Alt+F4 or the
window manager's close), key combinations with Ctrl, Alt or Meta (copy,
select all, quit, window switching that reaches the app), function keys and
the menu key, right and middle clicks (context menus, paste), and leaving
full screen or losing the front. What it cannot stop (Ctrl+Alt+Backspace,
Ctrl+Alt+Fn console switching, the window manager's own Alt+Tab) is
disabled in the kiosk's X session: `packaging/session/` and docs/lockdown.md.

The only way out is the technician screen's quit (hidden gesture plus PIN),
which calls `allow_quit()` first.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

_BLOCKED_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_BLOCKED_KEYS = frozenset(
    {
        Qt.Key.Key_Menu,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Alt,
        Qt.Key.Key_Escape,
        *(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 36)),
    }
)
_BLOCKED_BUTTONS = (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
_MOUSE_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)


class KioskLockdown(QObject):
    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._quit_allowed = False
        self.blocked = 0  # how many escape attempts were swallowed, for the log and tests
        window.setWindowFlags(
            window.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        app.installEventFilter(self)
        self._app = app

    def allow_quit(self) -> None:
        """The technician chose to quit: let the window close."""
        self._quit_allowed = True

    def release(self) -> None:
        self._app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self._window and not self._quit_allowed:
            event.ignore()
            return self._swallow("close")
        if kind in _KEY_EVENTS and self._blocked_key(event):
            return self._swallow("key", event)
        if kind in _MOUSE_EVENTS and event.button() in _BLOCKED_BUTTONS:
            return self._swallow("mouse button", event)
        if kind == QEvent.Type.ContextMenu:
            return self._swallow("context menu", event)
        if kind == QEvent.Type.WindowStateChange and watched is self._window:
            if not self._window.isFullScreen() and not self._quit_allowed:
                # Something (a window manager key) took it out of full screen: back.
                QTimer.singleShot(0, self._window.showFullScreen)
        if kind == QEvent.Type.WindowDeactivate and watched is self._window:
            if not self._quit_allowed:
                QTimer.singleShot(0, self._bring_to_front)
        return False

    def _blocked_key(self, event: QEvent) -> bool:
        if event.modifiers() & _BLOCKED_MODIFIERS:
            return True
        return event.key() in _BLOCKED_KEYS

    def _bring_to_front(self) -> None:
        self._window.raise_()
        self._window.activateWindow()

    def _swallow(self, what: str, event: QEvent | None = None) -> bool:
        if event is not None:
            # Accepted, or Qt offers an input event to each parent widget in turn.
            event.accept()
        self.blocked += 1
        log.info("lockdown: swallowed a %s", what)
        return True
