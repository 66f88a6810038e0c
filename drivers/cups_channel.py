"""Calls into pycups: one at a time, on one thread, each with a deadline.

A pycups `Connection` is not safe to share between threads, and libcups
offers no per-request timeout: pycups connects with a fixed 30 s connect
timeout and then reads with blocking I/O, so a cupsd that accepts but never
answers (stopped, swamped, or a print server behind a dead link) would hold
the caller for good. So every call runs on the channel's own worker thread,
which alone owns the connection, and the caller waits at most its timeout.
A worker stuck inside libcups is abandoned (a daemon thread; its connection
goes when the call finally returns). Until it returns, which happens as
soon as cupsd answers or its end of the connection goes away, calls fail at
once: one stuck thread at most, not one more every poll for as long as a
server stays frozen.

The server is named the way CUPS clients name it: "host", "host:port",
"[v6addr]:port" or the path of cupsd's unix socket; None means the system
default (CUPS_SERVER, client.conf, then the local socket). The worker
also makes it libcups' default server, which libcups keeps per thread: its
job creation (cupsCreateJob, behind pycups' createJob and printFile) treats
a TCP connection to any other host or port as a connection to the printer
itself and asks the queue's device URI, so jobs sent to a cupsd on a
non-default port fail with "printer does not exist" otherwise.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import cups

T = TypeVar("T")


class CupsUnreachable(Exception):
    """cupsd could not be reached, or the connection broke mid-request."""


class CupsTimeout(CupsUnreachable):
    """cupsd did not answer within the call's deadline."""


def connection_arguments(server: str | None) -> dict[str, Any]:
    """Keyword arguments for `cups.Connection` naming `server`."""
    if server is None or not server.strip():
        return {}
    server = server.strip()
    if server.startswith("/"):
        return {"host": server}
    if server.startswith("["):
        host, _, rest = server[1:].partition("]")
        port = rest.removeprefix(":")
        return {"host": host, "port": int(port)} if port else {"host": host}
    host, colon, port = server.rpartition(":")
    if colon and port.isdigit() and ":" not in host:
        return {"host": host, "port": int(port)}
    return {"host": server}


def _breaks_connection(error: BaseException) -> bool:
    """Errors after which the connection cannot be trusted (or never existed)."""
    if isinstance(error, cups.IPPError):
        status = error.args[0] if error.args else None
        # libcups reports a failed connect or a broken connection as
        # "service unavailable"; "internal error" covers broken HTTP framing.
        return status in (cups.IPP_SERVICE_UNAVAILABLE, cups.IPP_INTERNAL_ERROR)
    # pycups raises RuntimeError("failed to connect to server") from Connection().
    return isinstance(error, (cups.HTTPError, RuntimeError, OSError))


def _is_unreachable(error: BaseException) -> bool:
    if isinstance(error, cups.IPPError):
        return bool(error.args) and error.args[0] == cups.IPP_SERVICE_UNAVAILABLE
    return isinstance(error, (cups.HTTPError, RuntimeError, OSError))


class _Request:
    __slots__ = ("operation", "done", "result", "error")

    def __init__(self, operation: Callable[[cups.Connection], Any]) -> None:
        self.operation = operation
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker:
    def __init__(self, name: str, connect: Callable[[], cups.Connection]) -> None:
        self._connect = connect
        self._requests: deque[_Request | None] = deque()
        self._wakeup = threading.Condition()
        self.abandoned = False
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def submit(self, request: _Request | None) -> None:
        with self._wakeup:
            self._requests.append(request)
            self._wakeup.notify()

    def _run(self) -> None:
        connection: cups.Connection | None = None
        while True:
            with self._wakeup:
                self._wakeup.wait_for(lambda: self._requests)
                request = self._requests.popleft()
            if request is None or self.abandoned:
                return
            try:
                if connection is None:
                    connection = self._connect()
                request.result = request.operation(connection)
            except BaseException as error:  # handed to the caller, never lost
                if _breaks_connection(error):
                    connection = None
                request.error = error
            request.done.set()
            if self.abandoned:
                return  # its caller gave up; the channel has moved on


class CupsChannel:
    """Serialised, deadline-bounded access to one CUPS server."""

    def __init__(self, server: str | None, name: str = "cups") -> None:
        self._arguments = connection_arguments(server)
        self._name = name
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._stuck: _Worker | None = None
        self._closed = False

    def call(self, operation: Callable[[cups.Connection], T], timeout_s: float) -> T:
        """Run `operation(connection)` on the worker; its result or its exception.

        Raises CupsTimeout after `timeout_s`, CupsUnreachable when cupsd
        cannot be reached; other `cups.IPPError`s (not found, not possible)
        pass through for the caller to judge.
        """
        request = _Request(operation)
        with self._lock:
            if self._closed:
                raise CupsUnreachable("channel closed")
            if self._stuck is not None:
                if self._stuck.thread.is_alive():
                    raise CupsTimeout("cupsd has not answered an earlier call yet")
                self._stuck = None
            if self._worker is None:
                self._worker = _Worker(f"{self._name}-io", self._connect)
            worker = self._worker
        worker.submit(request)
        if not request.done.wait(timeout_s):
            with self._lock:
                # Whatever libcups is stuck in, later calls get a new thread
                # and a new connection rather than queueing behind it.
                worker.abandoned = True
                if self._worker is worker:
                    self._worker = None
                    self._stuck = worker
            raise CupsTimeout(f"no answer within {timeout_s:.1f} s")
        if request.error is not None:
            if _is_unreachable(request.error):
                raise CupsUnreachable(str(request.error)) from request.error
            raise request.error
        return request.result

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.submit(None)
            if worker.thread is not threading.current_thread():
                worker.thread.join(timeout=2.0)

    def _connect(self) -> cups.Connection:
        """Runs on the worker thread (libcups' server settings are per thread)."""
        host, port = self._arguments.get("host"), self._arguments.get("port")
        if host is not None:
            cups.setServer(f"[{host}]" if ":" in host else host)
        if port is not None:
            cups.setPort(port)
        return cups.Connection(**self._arguments)
