"""Running the platform: embedded in a background thread, or from the command line."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import numpy as np
import uvicorn
from fastapi import FastAPI

from .api_updates import update_repository_for
from .app import create_app
from .demo_faces import synthetic_portrait
from .settings import PlatformSettings
from .state import PlatformState
from .suishen_codes import CodeKind, IssuedCode, Profile
from .suishen_encoding import CoseAlg
from .suishen_trust import KeyRotation
from .update_repository import PublishedRelease, UpdateRepository

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_S = 15.0


class EmbeddedPlatform:
    """A real platform HTTP server on 127.0.0.1, in a background thread.

    with EmbeddedPlatform(PlatformSettings(data_dir=tmp)) as platform:
        requests.get(platform.url + "/api/v1/catalog", headers=...)

    Unless the settings say otherwise, an embedded platform (demo, tests)
    mints demo Suishen codes, has the demo clerk accounts, and has a random
    admin token for revoking codes and rotating issuer keys over HTTP.
    """

    def __init__(self, settings: PlatformSettings, port: int = 0) -> None:
        if (
            settings.demo_codes is None
            or settings.admin_token is None
            or settings.demo_faces is None
            or settings.demo_clerks is None
        ):
            settings = dataclasses.replace(
                settings,
                demo_codes=settings.demo_codes is not False,
                demo_faces=settings.demo_faces is not False,
                demo_clerks=settings.demo_clerks is not False,
                admin_token=settings.admin_token or secrets.token_urlsafe(24),
            )
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
            # The legacy "websockets" implementation is deprecated with websockets >= 14.
            ws="websockets-sansio",
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

    # -- Suishen codes ---------------------------------------------------------

    @property
    def trust_anchor_spki(self) -> bytes:
        """DER SPKI of the SM2 trust anchor, to pin in kiosk configuration."""
        return self.state.suishen.anchor.spki

    @property
    def trust_anchor_spki_hex(self) -> str:
        return self.trust_anchor_spki.hex()

    @property
    def admin_token(self) -> str:
        """For `Authorization: Admin <token>` on the revoke and rotate calls."""
        assert self.settings.admin_token is not None  # set in __init__
        return self.settings.admin_token

    def trust_list_cose(self) -> bytes:
        """The current trust list as served (COSE_Sign1 bytes)."""
        return self.state.suishen.trust_list(self.state.unix_now()).body

    def revocation_list_cose(self) -> bytes:
        """The current full revocation list as served (COSE_Sign1 bytes)."""
        return self.state.suishen.revocation_list(self.state.unix_now()).body

    def rotate_issuer_keys(self, cats: Sequence[str] | None = None) -> KeyRotation:
        """New SM2 and ES256 issuer keys sign from now on; publishes trust list seq + 1."""
        document, added = self.state.suishen.keyring.rotate(self.state.unix_now(), cats)
        return KeyRotation(trust_seq=document.seq, kids=tuple(k.kid for k in added))

    def revoke_rid(self, rid: bytes) -> int:
        """List a code's rid; returns the revocation list's seq afterwards."""
        document, _ = self.state.suishen.revoke(rid, self.state.unix_now())
        return document.seq

    # -- kiosk devices (enrolment and signed requests) -----------------------

    def create_enrolment_code(self, kiosk_id: str | None = None, ttl_s: int | None = None) -> str:
        """What POST /api/v1/devices/enrolment-codes answers, without HTTP: the code text."""
        return self.state.devices.create_code(self.state.unix_now(), kiosk_id, ttl_s).code

    def revoke_device(self, device_id: str) -> bool:
        """Refuse a device from now on; False if it was revoked already."""
        return self.state.devices.revoke(device_id, self.state.unix_now())[1]

    @property
    def require_device_signatures(self) -> bool:
        return self.settings.require_device_signatures

    @require_device_signatures.setter
    def require_device_signatures(self, required: bool) -> None:
        # Settings are shared with the registry, so this takes effect on the next call.
        self.settings.require_device_signatures = required

    def issue_demo_code(
        self, id_number: str, kind: str = "valid", profile: str = "S", alg: str = "SM2"
    ) -> IssuedCode:
        """What POST /api/v1/suishen/demo-codes mints, without HTTP."""
        return self.state.suishen.issue(
            id_number, Profile(profile), CoseAlg[alg], self.state.unix_now(), CodeKind(kind), True
        )

    def set_kiosk_policy(
        self, technician_pin_hash: str | None = None, blanking: list[dict] | None = None
    ) -> dict:
        """What PUT /api/v1/admin/kiosk-policy does: a new, signed policy version."""
        from .kiosk_policy import PolicyUpdate

        change = PolicyUpdate(technician_pin_hash=technician_pin_hash, blanking=blanking)
        return self.state.kiosk_policy.update(change)

    def demo_face(self, id_number: str) -> np.ndarray:
        """The synthetic portrait a demo resident is enrolled with (BGR), for the
        simulated camera to show; a picture, not a photograph of anyone."""
        return synthetic_portrait(id_number)

    # -- kiosk releases (docs/updates.md) -------------------------------------

    @property
    def update_repository(self) -> UpdateRepository:
        """The TUF repository of kiosk releases (created with its keys on first use)."""
        return update_repository_for(self.app.state)

    @property
    def updates_metadata_url(self) -> str:
        return self.url + "/api/v1/updates/metadata/"

    @property
    def updates_targets_url(self) -> str:
        return self.url + "/api/v1/updates/targets/"

    def publish_release(self, archive: Path | str, version: str) -> PublishedRelease:
        """What `main.py publish-release` does: a new signed release."""
        return self.update_repository.publish(archive, version)

    def update_root_json(self) -> bytes:
        """The newest root metadata: the trusted root to install with a kiosk."""
        return self.update_repository.root_json()

    def rotate_update_root_key(self) -> int:
        """A new root key; returns the new root version (signed by old and new key)."""
        return self.update_repository.rotate_root_key()

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


ADMIN_TOKEN_ENV = "PLATFORM_ADMIN_TOKEN"
# Development only: let kiosks without a device credential call this platform.
ALLOW_UNSIGNED_ENV = "PLATFORM_ALLOW_UNSIGNED_KIOSKS"


def run(
    host: str = LOOPBACK, port: int = 8700, data_dir: Path | str = Path("var/platform")
) -> None:
    """Serve the platform in the foreground until interrupted (for `main.py platform`).

    No demo codes here. The revoke and rotate calls, and the device
    enrolment codes, exist only when the environment variable
    PLATFORM_ADMIN_TOKEN holds a token (pilots).

    Device signatures are required here: this server is the one that is put
    on a network, where anyone could otherwise send a kiosk id and act as a
    kiosk. PLATFORM_ALLOW_UNSIGNED_KIOSKS=1 turns that off for development.
    """
    settings = PlatformSettings(
        data_dir=Path(data_dir),
        demo_codes=False,
        demo_clerks=False,
        admin_token=os.environ.get(ADMIN_TOKEN_ENV) or None,
        require_device_signatures=os.environ.get(ALLOW_UNSIGNED_ENV) != "1",
    )
    app = create_app(settings)
    key = app.state.platform.signer.public_key
    anchor = app.state.platform.suishen.anchor
    updates = update_repository_for(app.state)  # release signing keys made at first start
    # Printed, not logged: the operator copies these keys into kiosk configuration.
    print(
        f"reference platform on http://{host}:{port}, data in {settings.data_dir}\n"
        f"catalog signing key: key_id={key.key_id} public_key={key.public_key_b64}\n"
        f"suishen trust anchor: alg=SM2 spki={anchor.spki.hex()}\n"
        f"update root (install with kiosks): {updates.metadata_dir / 'root.json'}\n"
        f"kiosk device signatures: {'required' if settings.require_device_signatures else 'optional'}"
        + ("" if settings.admin_token else f" (no {ADMIN_TOKEN_ENV}: no enrolment codes)"),
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info", ws="websockets-sansio")
