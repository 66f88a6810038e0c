"""One asyncio event loop on its own thread, shared by signaling and media.

Front ends never wait on it: they hand it coroutines and get futures back.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class MediaLoop:
    """One asyncio event loop on a daemon thread, for signaling and media."""

    def __init__(self, name: str = "remote-window-media") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("media loop not started")
        return self._loop

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                try:
                    loop.run_forever()
                finally:
                    self._cancel_leftovers(loop)
                    loop.close()

            self._loop = loop
            self._thread = threading.Thread(target=run, name=self._name, daemon=True)
            self._thread.start()
            ready.wait(5.0)

    @staticmethod
    def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())

    def stop(self, timeout_s: float = 5.0) -> None:
        with self._lock:
            thread, loop = self._thread, self._loop
            if thread is None or loop is None:
                return
            self._thread = None
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        if thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                log.warning("media loop did not stop within %.1f s", timeout_s)

    def submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future:
        """Run a coroutine on the loop; failures are logged, and kept on the future."""
        if self._loop is None or self._thread is None:
            coro.close()
            raise RuntimeError("media loop not started")
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        future.add_done_callback(_log_failure)
        return future

    def call_soon(self, callback, *args) -> None:
        """Run a plain callable on the loop thread (e.g. to touch loop-owned state)."""
        self.loop.call_soon_threadsafe(callback, *args)

    def __enter__(self) -> MediaLoop:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _log_failure(future: concurrent.futures.Future) -> None:
    if future.cancelled():
        return
    error = future.exception()
    if error is not None:
        log.error("media loop task failed: %s", type(error).__name__, exc_info=error)
