"""One background update round: check, download, unpack, switch when idle.

For the kiosk's background runner (the UI wires it; this module has no Qt):
every step that can fail ends in a named `CycleOutcome`, and the running
version keeps running whatever happens here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .installation import Installation, InstallOutcome
from .release_archive import ArchiveRefused
from .update_client import UpdateClient, UpdateError, UpdateOutcome


class CycleOutcome(Enum):
    UP_TO_DATE = "no signed release is newer than the running version"
    SKIPPED_REJECTED = "the newest release was rolled back here before; waiting for a newer one"
    WAITING_FOR_IDLE = "a verified release is installed and waits for an idle moment"
    SWITCHED = "switched to the new release: restart the app into it"
    UPDATE_FAILED = "checking, downloading or verifying failed (see update_outcome)"
    ARCHIVE_REFUSED = "a signed archive tried to write outside its directory (see detail)"


@dataclass(frozen=True)
class CycleResult:
    outcome: CycleOutcome
    version: str | None = None
    update_outcome: UpdateOutcome | None = None
    detail: str = ""


def run_update_cycle(
    client: UpdateClient, installation: Installation, is_idle: Callable[[], bool]
) -> CycleResult:
    """Bring the newest signed release as far as it may go right now."""
    running = installation.current_version()
    try:
        release = client.check(running)
        if release is None:
            return CycleResult(CycleOutcome.UP_TO_DATE, running)
        if release.version in installation.state().rejected:
            return CycleResult(CycleOutcome.SKIPPED_REJECTED, release.version)
        if release.version not in installation.installed_versions():
            archive = client.download(release)
            installation.install_release(archive, release.version)
            archive.unlink(missing_ok=True)  # unpacked; the tree is what counts now
    except UpdateError as exc:
        return CycleResult(CycleOutcome.UPDATE_FAILED, None, exc.outcome, exc.detail)
    except ArchiveRefused as exc:
        return CycleResult(CycleOutcome.ARCHIVE_REFUSED, release.version, detail=str(exc))
    switched = installation.apply_when_idle(release.version, is_idle)
    if switched is InstallOutcome.NOT_IDLE:
        return CycleResult(CycleOutcome.WAITING_FOR_IDLE, release.version)
    if switched is InstallOutcome.REJECTED_BEFORE:
        return CycleResult(CycleOutcome.SKIPPED_REJECTED, release.version)
    return CycleResult(CycleOutcome.SWITCHED, release.version)
