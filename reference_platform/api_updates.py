"""GET /api/v1/updates/metadata/{name} and /api/v1/updates/targets/{name}: kiosk releases.

The TUF metadata and release archives are public by design (their trust
comes from signatures, not from who may read them), so these calls need no
kiosk id: the installer fetches them before the terminal has one.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from .errors import ApiError
from .models import INVALID_REQUEST, documented_errors
from .update_repository import UpdateRepository, repository_dir

router = APIRouter(tags=["updates"])

_create_lock = threading.Lock()


def update_repository_for(app_state: object) -> UpdateRepository:
    """The app's repository, created (keys, root 1) on first use and then kept."""
    repository = getattr(app_state, "update_repository", None)
    if repository is not None:
        return repository
    with _create_lock:
        repository = getattr(app_state, "update_repository", None)
        if repository is None:
            platform = app_state.platform  # type: ignore[attr-defined]
            settings = platform.settings
            repository = UpdateRepository(repository_dir(settings.data_dir), clock=settings.clock)
            app_state.update_repository = repository  # type: ignore[attr-defined]
    return repository


def get_repository(request: Request) -> UpdateRepository:
    return update_repository_for(request.app.state)


Repository = Annotated[UpdateRepository, Depends(get_repository)]

_ERRORS = documented_errors(
    {**INVALID_REQUEST, 404: "not_found: no such metadata or target (a client's cue to stop)"}
)


@router.get(
    "/api/v1/updates/metadata/{name}",
    response_class=FileResponse,
    summary="TUF metadata of kiosk releases",
    description=(
        "`root.json` (newest root), `N.root.json` (every root version, for key rotation),"
        " `timestamp.json`, `N.snapshot.json`, `N.targets.json` (consistent snapshots)."
        " Anything else, or a version that does not exist, is 404."
    ),
    responses=_ERRORS,
)
def get_metadata(name: str, repository: Repository) -> FileResponse:
    path = repository.metadata_path(name)
    if path is None:
        raise ApiError(404, "not_found", f"no update metadata {name!r}")
    # Never cached by a proxy: a cached timestamp is exactly a freeze attack.
    return FileResponse(path, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.get(
    "/api/v1/updates/targets/{name}",
    response_class=FileResponse,
    summary="A kiosk release archive",
    description=(
        "`<sha256>.kiosk-<version>.tar.gz`, the name the kiosk forms from the targets"
        " metadata. The content never changes for a name, so it may be cached."
    ),
    responses=_ERRORS,
)
def get_target(name: str, repository: Repository) -> FileResponse:
    path = repository.target_path(name)
    if path is None:
        raise ApiError(404, "not_found", f"no release archive {name!r}")
    return FileResponse(path, media_type="application/gzip")
