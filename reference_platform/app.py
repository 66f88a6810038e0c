"""The reference platform as a FastAPI application."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import (
    api_applications,
    api_catalog,
    api_clerks,
    api_consent,
    api_devices,
    api_documents,
    api_face_check,
    api_feedback,
    api_kiosk_policy,
    api_remote_window,
    api_suishen,
    api_updates,
    status_page,
    verify_page,
)
from .clerks import ClerkDirectory
from .errors import install_error_handlers
from .remote_calls import CallRecords
from .remote_window_signaling import RemoteWindowHub
from .settings import PlatformSettings
from .state import PlatformState

API_DESCRIPTION = """\
Reference implementation of the city platform that 一网通办 self-service kiosks
talk to: signed service catalog, consent-gated government-held records,
face checks (with a DEMONSTRATION comparator only, not biometric-grade),
idempotent applications with certificates for print-a-record items, ratings (好差评), reports (办不成事), heartbeats, Suishen codes (随申码) with
the signed trust data kiosks verify them with offline, and the remote virtual
window (clerk sessions, calls, audit, remote acceptance; its WebSockets are
described in docs/remote-window.md).
Errors are `{"error": <machine code>, "detail": <English text for logs>}`.
"""

# Never delayed: startup probes and monitoring must see the real state.
_UNDELAYED_PATHS = frozenset({"/healthz"})


class ResponseDelayMiddleware:
    """Holds each response for `state.response_delay_s` just before it starts.

    Handlers commit their database work before returning, so the delay
    falls exactly between "written" and "told": the window in which a kiosk
    may die or time out having already submitted.
    """

    def __init__(self, app: ASGIApp, state: PlatformState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNDELAYED_PATHS:
            await self.app(scope, receive, send)
            return

        async def delayed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                delay = self.state.response_delay_s
                if delay > 0:
                    await asyncio.sleep(delay)
            await send(message)

        await self.app(scope, receive, delayed_send)


def create_app(settings: PlatformSettings) -> FastAPI:
    """A platform over settings.data_dir; the running state is `app.state.platform`."""
    state = PlatformState(settings)
    app = FastAPI(
        title="一网通办 reference platform",
        version="1",
        description=API_DESCRIPTION,
    )
    app.state.platform = state
    app.state.clerks = ClerkDirectory(state.db, settings)
    if settings.demo_clerks:
        app.state.clerks.seed_demo_clerks()
    app.state.remote_window = RemoteWindowHub(
        settings, CallRecords(state.db, settings.data_dir), state.now
    )
    install_error_handlers(app)
    for module in (
        api_catalog,
        api_consent,
        api_face_check,
        api_applications,
        status_page,
        api_documents,
        verify_page,
        api_feedback,
        api_suishen,
        api_updates,
        api_devices,
        api_kiosk_policy,
        api_clerks,
        api_remote_window,
    ):
        app.include_router(module.router)
    # Routed only where allowed, so elsewhere they are a plain 404 and absent
    # from /openapi.json: a real platform has no demo codes at all.
    if settings.admin_token is not None:
        app.include_router(api_suishen.admin_router)
        app.include_router(api_devices.admin_router)
        app.include_router(api_kiosk_policy.admin_router)
        app.include_router(api_clerks.admin_router)
    if settings.demo_codes:
        app.include_router(api_suishen.demo_router)
    app.add_middleware(ResponseDelayMiddleware, state=state)
    return app
