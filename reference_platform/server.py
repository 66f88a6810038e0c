"""Running the platform: embedded in a background thread, or from the command line."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from .app import create_app
from .settings import PlatformSettings
from .state import PlatformState

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_S = 15.0


class EmbeddedPlatform:
    """A real platform HTTP server on 127.0.0.1, in a background thread.

    with EmbeddedPlatform(PlatformSettings(data_dir=tmp)) as platform:
        requests.get(platform.url + "/api/v1/catalog", headers=...)
    """

    def __init__(self, settings: PlatformSettings, port: int = 0) -> None:
        self.settings = settings
        self.app: FastAPI = create_app(settings)
        self.state: PlatformState = self.app.state.platform
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # -- lifecycle --------------------------------------------------------

    def start(self) -> EmbeddedPlatform:
        """Bind, serve, and return once /healthz answers."""
        if self._server is not None:
            raise RuntimeError("platform already started")
        # Binding here (not inside uvicorn) lets port 0 pick a free port that
        # is known before the server thread runs, with no race to find one.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, self._port))
        self._socket = sock
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"platform-{self.port}",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._thread is not None and not self._thread.is_alive():
                raise RuntimeError("platform server thread exited during startup")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"platform at {self.url} did not become healthy")

    def stop(self) -> None:
        """Stop serving and wait for the server thread; safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> EmbeddedPlatform:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what clients need -------------------------------------------------

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("platform not started")
        return self._socket.getsockname()[1]

    @property
    def url(self) -> str:
        """Base URL without trailing slash, e.g. http://127.0.0.1:41234."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def key_id(self) -> str:
        return self.state.signer.public_key.key_id

    @property
    def public_key_b64(self) -> str:
        """Base64 of the raw Ed25519 public key, to pin in kiosk configuration."""
        return self.state.signer.public_key.public_key_b64

    # -- fault injection and test hooks --------------------------------------

    @property
    def response_delay_s(self) -> float:
        return self.state.response_delay_s

    @response_delay_s.setter
    def response_delay_s(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("delay must be >= 0")
        self.state.response_delay_s = seconds

    def replace_catalog(self, catalog: dict[str, Any]) -> None:
        """Publish another catalog (new ETag and signature); raises SeedError if invalid."""
        self.state.replace_catalog(catalog)


def run(
    host: str = LOOPBACK, port: int = 8700, data_dir: Path | str = Path("var/platform")
) -> None:
    """Serve the platform in the foreground until interrupted (for `main.py platform`)."""
    settings = PlatformSettings(data_dir=Path(data_dir))
    app = create_app(settings)
    key = app.state.platform.signer.public_key
    # Printed, not logged: the operator copies this key into kiosk configuration.
    print(
        f"reference platform on http://{host}:{port}, data in {settings.data_dir}\n"
        f"catalog signing key: key_id={key.key_id} public_key={key.public_key_b64}",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")
