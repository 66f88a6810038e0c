"""Run slow work off the UI thread and hear back on it (Anki's QueryOp pattern).

Card readers, printers, the network and disk writes all go through here, so
the touch screen never freezes while a resident waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; its signals carry results back to it."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the UI, which decides what the resident sees
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class BackgroundRunner(QObject):
    """Starts jobs on a thread pool; callbacks run on the UI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: Exception) -> None:
            finish()
            if on_error is None:
                log.error("background job failed: %s", exc, exc_info=exc)
            else:
                on_error(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self._pool.start(_Job(work, relay))

    def wait(self, timeout_ms: int = 10_000) -> bool:
        return self._pool.waitForDone(timeout_ms)
