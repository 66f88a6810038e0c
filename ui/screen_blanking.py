"""Blank the screen of an idle kiosk on the platform's schedule (the kiosk policy).

At night or while a hall is closed the screen goes black, which saves the
panel and the power; a touch wakes it for a few minutes, and a session is
never blanked. The schedule comes signed with the kiosk policy
(kiosk/kiosk_policy.py), in Shanghai time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from kiosk.clock import SHANGHAI
from kiosk.kiosk_policy import KioskPolicy

# Cheap; often enough that a session starting hides it at once.
CHECK_MS = 1_000
WAKE_S = 180.0


class BlankOverlay(QWidget):
    """All black, above everything; a touch anywhere asks to wake."""

    def __init__(self, parent: QWidget, on_touch: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("screen_blank")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("background: black;")
        self._on_touch = on_touch
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._on_touch()


class ScreenBlanking(QObject):
    def __init__(
        self,
        overlay_parent: QWidget,
        policy: Callable[[], KioskPolicy],
        is_idle: Callable[[], bool],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(SHANGHAI),
    ) -> None:
        super().__init__(overlay_parent)
        self._policy = policy
        self._is_idle = is_idle
        self._now = now
        self._woken_until: dt.datetime | None = None
        self.overlay = BlankOverlay(overlay_parent, self.wake)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    @property
    def blanked(self) -> bool:
        return self.overlay.isVisible()

    def start(self) -> None:
        self.timer.start()
        self.check()

    def wake(self) -> None:
        self._woken_until = self._now() + dt.timedelta(seconds=WAKE_S)
        self.overlay.hide()

    def check(self) -> None:
        now = self._now()
        awake = self._woken_until is not None and now < self._woken_until
        if (
            self._is_idle()
            and not awake
            and self._policy().blanked_at(now.astimezone(SHANGHAI).time())
        ):
            if not self.overlay.isVisible():
                self.overlay.setGeometry(self.overlay.parentWidget().rect())
                self.overlay.show()
                self.overlay.raise_()
        elif self.overlay.isVisible():
            self.overlay.hide()
