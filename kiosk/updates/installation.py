"""Versioned installs, an atomic `current` switch, and rollback of an unproven version.

Layout under the install root:

    releases/<version>/   complete release trees (a tree appears here only by
                          one rename of a fully unpacked and fsynced staging tree)
    current -> releases/<version>   what the launcher starts; replaced atomically
    state.json            the journal: which version is on trial, which is the
                          fallback, which versions were rolled back
    staging/, trash/      work areas, emptied at the next operation

Crash safety (kill -9 or power cut at any instruction): the `current` link
is the single commit point of a switch, and it only ever names a complete
tree. state.json records the intent *before* the link changes, and
`recover()` - run first by every operation - reconciles the two: a trial
whose link change never happened is dropped, a rollback whose link change
never happened is redone. Nothing ever deletes the tree `current` or the
journal's fallback names, nor a tree the .deb installed (marked with
PACKAGE_OWNED_MARKER: dpkg removes it).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from .release_archive import VERSION_FILE, unpack_release
from .update_client import parse_version

STATE_FILE = "state.json"
# In a release tree the .deb installed: dpkg owns those files (it removes them
# on upgrade or removal), so the updater never discards that tree itself.
PACKAGE_OWNED_MARKER = ".installed-by-package"
DEFAULT_TRIAL_WINDOW_S = 600
# Starts a new version gets to reach the home screen: the first start, and
# one more in case the first was cut short by something else (a power cut).
DEFAULT_TRIAL_STARTS = 2

WallClock = Callable[[], float]


class InstallOutcome(Enum):
    SWITCHED = "the new version is current (on trial until it confirms)"
    INSTALLED_FIRST = "first installation: the version is current"
    ALREADY_CURRENT = "this version is already current"
    NOT_IDLE = "the kiosk is busy; the switch waits for an idle moment"
    REJECTED_BEFORE = "this version was rolled back before and is not retried"


class TrialOutcome(Enum):
    NO_TRIAL = "no version is on trial"
    CONFIRMED = "the new version reached the home screen and is kept"
    TRIAL_CONTINUES = "the new version is on trial; it must confirm before the deadline"
    ROLLED_BACK = "the new version did not confirm in time: switched back to the previous one"


class InstallationError(Exception):
    """The installation cannot do what was asked (missing release, broken layout)."""


@dataclass
class Trial:
    version: str
    fallback: str
    deadline: float
    starts: int = 0
    failed: bool = False
    # The fallback before this trial, restored if the switch never happened.
    prior_fallback: str | None = None


@dataclass
class InstallState:
    fallback: str | None = None
    trial: Trial | None = None
    rejected: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> InstallState:
        trial = data.get("trial")
        return cls(
            fallback=data.get("fallback"),
            trial=Trial(**trial) if trial else None,
            rejected=list(data.get("rejected", [])),
        )


class Installation:
    """One install root; all operations are safe to interrupt at any point."""

    def __init__(
        self,
        root: Path | str,
        clock: WallClock = time.time,
        trial_window_s: float = DEFAULT_TRIAL_WINDOW_S,
        trial_starts: int = DEFAULT_TRIAL_STARTS,
    ) -> None:
        self.root = Path(root)
        self.releases_dir = self.root / "releases"
        self.current_link = self.root / "current"
        self._clock = clock
        self.trial_window_s = trial_window_s
        self.trial_starts = trial_starts
        self._lock_depth = 0

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One operation at a time across processes (launcher, app, installer):
        recover() clears staging/, which must not happen under a running install.
        The kernel drops the lock of a killed process."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    # -- reading ---------------------------------------------------------------

    def current_version(self) -> str | None:
        """The version `current` names, or None before the first installation."""
        try:
            target = os.readlink(self.current_link)
        except FileNotFoundError:
            return None
        return Path(target).name

    def installed_versions(self) -> list[str]:
        if not self.releases_dir.is_dir():
            return []
        return sorted((p.name for p in self.releases_dir.iterdir()), key=_version_key)

    def state(self) -> InstallState:
        try:
            data = json.loads((self.root / STATE_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return InstallState()
        return InstallState.from_json(data)

    # -- installing and switching -----------------------------------------------

    def install_release(self, archive: Path | str, version: str) -> Path:
        """Unpack a *verified* archive into releases/<version>; does not switch.

        Call only with an archive UpdateClient verified (download() or
        verify_archive()). Raises ArchiveRefused with nothing unpacked.
        """
        with self._locked():
            return self._install_release_unlocked(archive, version)

    def _install_release_unlocked(self, archive: Path | str, version: str) -> Path:
        parse_version(version)  # a version is also a directory name: no tricks
        self.recover()
        destination = self.releases_dir / version
        if version in self._protected_versions():
            if (destination / VERSION_FILE).is_file():
                return destination  # complete by construction; never touched in use
        staging_root = self.root / "staging"
        staging_root.mkdir(parents=True, exist_ok=True)
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=staging_root, prefix=f"{version}."))
        tree = staging / "tree"
        try:
            unpack_release(archive, tree, version)
            if destination.exists():
                self._discard(destination)  # a stale copy nothing refers to
            os.rename(tree, destination)
            _fsync_dir(self.releases_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return destination

    def apply_when_idle(self, version: str, is_idle: Callable[[], bool]) -> InstallOutcome:
        """Switch to an installed version if the kiosk says it is idle now.

        The caller (the kiosk's update worker) asks again at the next idle
        moment on NOT_IDLE, and restarts the app into the new version on
        SWITCHED: the restarted app's first home screen confirms it.
        """
        with self._locked():
            return self._apply_when_idle_unlocked(version, is_idle)

    def _apply_when_idle_unlocked(
        self, version: str, is_idle: Callable[[], bool]
    ) -> InstallOutcome:
        self.recover()
        if version == self.current_version():
            return InstallOutcome.ALREADY_CURRENT
        if version in self.state().rejected:
            return InstallOutcome.REJECTED_BEFORE
        if not is_idle():
            return InstallOutcome.NOT_IDLE
        return self.switch_to(version)

    def switch_to(self, version: str) -> InstallOutcome:
        """Make an installed version current; it is on trial if there is a fallback."""
        with self._locked():
            return self._switch_to_unlocked(version)

    def _switch_to_unlocked(self, version: str) -> InstallOutcome:
        self.recover()
        if not (self.releases_dir / version / VERSION_FILE).is_file():
            raise InstallationError(f"version {version} is not installed")
        previous = self.current_version()
        if previous == version:
            return InstallOutcome.ALREADY_CURRENT
        state = self.state()
        if previous is None:
            self._switch_link(version)
            return InstallOutcome.INSTALLED_FIRST
        # Intent first: should we die right after this write, recover() sees
        # a trial whose link never changed and forgets it.
        if state.trial is not None:
            # Replacing a version still on trial: fall back to the last one
            # that proved itself, not to the unproven one.
            fallback, prior_fallback = state.trial.fallback, state.trial.prior_fallback
        else:
            fallback, prior_fallback = previous, state.fallback
        state.trial = Trial(
            version=version,
            fallback=fallback,
            deadline=self._clock() + self.trial_window_s,
            prior_fallback=prior_fallback,
        )
        state.fallback = fallback
        if version in state.rejected:
            state.rejected.remove(version)  # an explicit switch overrides
        self._write_state(state)
        self._switch_link(version)
        return InstallOutcome.SWITCHED

    # -- trial: confirm or roll back --------------------------------------------

    def confirm_healthy(self) -> TrialOutcome:
        """The running version reached the home screen: keep it."""
        with self._locked():
            return self._confirm_healthy_unlocked()

    def _confirm_healthy_unlocked(self) -> TrialOutcome:
        self.recover()
        state = self.state()
        trial = state.trial
        if trial is None or trial.failed or trial.version != self.current_version():
            return TrialOutcome.NO_TRIAL
        state.trial = None
        self._write_state(state)
        self._collect_garbage()
        return TrialOutcome.CONFIRMED

    def rollback_if_unconfirmed(self, starting: bool = True) -> TrialOutcome:
        """For the launcher before every start; a watchdog passes starting=False.

        Rolls back once a trial has used its starts or its deadline has passed
        without confirm_healthy(); a launcher's call also counts the start.
        """
        with self._locked():
            return self._rollback_if_unconfirmed_unlocked(starting)

    def _rollback_if_unconfirmed_unlocked(self, starting: bool) -> TrialOutcome:
        self.recover()
        state = self.state()
        trial = state.trial
        if trial is None:
            return TrialOutcome.NO_TRIAL
        if trial.starts >= self.trial_starts or self._clock() >= trial.deadline:
            self._roll_back(state)
            return TrialOutcome.ROLLED_BACK
        if starting:
            trial.starts += 1
            self._write_state(state)
        return TrialOutcome.TRIAL_CONTINUES

    def roll_back_now(self) -> TrialOutcome:
        """Abandon the version on trial at once (e.g. it failed its self-check)."""
        with self._locked():
            return self._roll_back_now_unlocked()

    def _roll_back_now_unlocked(self) -> TrialOutcome:
        self.recover()
        state = self.state()
        if state.trial is None:
            return TrialOutcome.NO_TRIAL
        self._roll_back(state)
        return TrialOutcome.ROLLED_BACK

    def roll_back_by_hand(self) -> str:
        """A technician's rollback to the previous version; returns the version now current.

        The abandoned version is rejected like a failed trial, so the
        updater does not install it again (a technician can still switch
        to it explicitly). Crash-safe the same way: it is a failed trial.
        """
        with self._locked():
            self.recover()
            state = self.state()
            if state.trial is None:
                current = self.current_version()
                if current is None or state.fallback in (None, current):
                    raise InstallationError("there is no previous version to roll back to")
                state.trial = Trial(version=current, fallback=state.fallback, deadline=self._clock())
            self._roll_back(state)
            version = self.current_version()
            assert version is not None
            return version

    # -- recovery -----------------------------------------------------------------

    def recover(self) -> None:
        """Finish or undo whatever an interrupted operation left half done."""
        with self._locked():
            return self._recover_unlocked()

    def _recover_unlocked(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for stray in self.root.glob(".current.*"):
            stray.unlink(missing_ok=True)  # a link never renamed into place
        for stray in self.root.glob(f".{STATE_FILE}.*"):
            stray.unlink(missing_ok=True)
        for work in ("staging", "trash"):
            shutil.rmtree(self.root / work, ignore_errors=True)
        state = self.state()
        trial = state.trial
        if trial is None:
            return
        current = self.current_version()
        if trial.failed:
            if current == trial.version:
                self._switch_link(trial.fallback)  # the rollback's link change
            self._finish_rollback(state)
        elif current != trial.version:
            # The switch was journalled but the link never moved.
            if current == trial.fallback or current is None:
                state.fallback = trial.prior_fallback
                state.trial = None
            else:
                # It was to replace a version still on trial: that one stays on trial.
                trial.version = current
            self._write_state(state)

    # -- internals -------------------------------------------------------------------

    def _roll_back(self, state: InstallState) -> None:
        assert state.trial is not None
        state.trial.failed = True
        self._write_state(state)
        self._switch_link(state.trial.fallback)
        self._finish_rollback(state)

    def _finish_rollback(self, state: InstallState) -> None:
        trial = state.trial
        assert trial is not None
        if trial.version not in state.rejected:
            state.rejected.append(trial.version)
        state.fallback = trial.prior_fallback
        state.trial = None
        self._write_state(state)
        self._collect_garbage()

    def _protected_versions(self) -> set[str]:
        state = self.state()
        keep = {self.current_version(), state.fallback}
        if state.trial is not None:
            keep |= {state.trial.version, state.trial.fallback, state.trial.prior_fallback}
        return {v for v in keep if v}

    def _collect_garbage(self) -> None:
        """Remove release trees neither current nor a fallback (nor dpkg's)."""
        keep = self._protected_versions()
        for version in self.installed_versions():
            tree = self.releases_dir / version
            if version not in keep and not (tree / PACKAGE_OWNED_MARKER).exists():
                self._discard(tree)

    def _discard(self, tree: Path) -> None:
        # Renamed out of releases/ first, so a half-deleted tree is never
        # mistaken for an installed release.
        trash = self.root / "trash"
        trash.mkdir(exist_ok=True)
        moved = Path(tempfile.mkdtemp(dir=trash)) / tree.name
        os.rename(tree, moved)
        shutil.rmtree(moved.parent, ignore_errors=True)

    def _switch_link(self, version: str) -> None:
        temp = self.root / f".current.{os.getpid()}.{time.monotonic_ns()}"
        os.symlink(os.path.join("releases", version), temp)
        os.replace(temp, self.current_link)
        _fsync_dir(self.root)

    def _write_state(self, state: InstallState) -> None:
        data = json.dumps(asdict(state), indent=2, sort_keys=True).encode("utf-8")
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=f".{STATE_FILE}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.root / STATE_FILE)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_dir(self.root)


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return parse_version(version)
    except ValueError:
        return (-1,)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
