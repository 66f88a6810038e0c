"""Call events arrive on the media loop's thread; widgets may only be touched on Qt's.

The bridge is a QObject living on the Qt thread: `post` may be called from
any thread, and the queued connection delivers each event to the Qt thread
in order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class ClerkEventBridge(QObject):
    event_arrived = Signal(object)

    def __init__(self, receiver: Callable[[object], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._receiver = receiver
        # A bound slot of this object, so Qt delivers on the thread the bridge lives on.
        self.event_arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, event: object) -> None:
        """The call's `on_event` callback; safe on any thread."""
        self.event_arrived.emit(event)

    def detach(self) -> None:
        """Drop every event still queued or yet to come (a signed-out clerk's call)."""
        self._receiver = _ignore

    def _deliver(self, event: object) -> None:
        self._receiver(event)


def _ignore(event: object) -> None:
    pass
