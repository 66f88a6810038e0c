"""The kiosk's side of TUF: which release is newest, and is this archive it?

`UpdateClient` wraps python-tuf's `Updater` (the reference client, so the
whole TUF workflow - root rotation, rollback and freeze protection,
consistent snapshots, length and hash checks - is python-tuf's, not ours).
What this module adds: the trusted root is the one installed with the kiosk
(never fetched on trust), the clock is injected, releases are compared by
version, and every failure becomes an `UpdateOutcome` a technician can read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import urllib3
from tuf.api import exceptions
from tuf.api.metadata import Metadata, TargetFile, Targets
from tuf.ngclient import Updater, UpdaterConfig
from tuf.ngclient.fetcher import FetcherInterface
from tuf.ngclient.urllib3_fetcher import Urllib3Fetcher

Clock = Callable[[], dt.datetime]

UPDATES_PATH = "/api/v1/updates"
RELEASE_NAME = re.compile(r"^kiosk-(\d{1,6}(?:\.\d{1,6}){0,3})\.tar\.gz$")
SOCKET_TIMEOUT_S = 15


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_version(text: str) -> tuple[int, ...]:
    """Dotted decimal (1.4.2) as a tuple that compares numerically; ValueError otherwise."""
    if not re.fullmatch(r"\d{1,6}(\.\d{1,6}){0,3}", text.strip()):
        raise ValueError(f"not a release version: {text!r}")
    parts = tuple(int(p) for p in text.strip().split("."))
    # 1.4 and 1.4.0 are the same release.
    return parts + (0,) * (4 - len(parts))


class UpdateOutcome(Enum):
    """Why an update check or download did not give a verified release."""

    # Text for the technician's log and the `install` command; the kiosk UI
    # translates by enum member, never shows these strings to residents.
    TAMPERED_TARGET = "the release archive does not match its signed length or SHA-256 hash"
    UNKNOWN_ARCHIVE = "the archive is not a release listed in the signed targets metadata"
    ROLLBACK_ATTEMPT = "the platform served metadata older than metadata already trusted"
    EXPIRED_METADATA = "signed release metadata (root, snapshot or targets) has expired"
    FREEZE_SUSPECTED = (
        "the timestamp metadata has expired: the platform (or something between) keeps"
        " serving a stale timestamp, or the kiosk clock is wrong"
    )
    BAD_SIGNATURE = "metadata is not signed by the keys the trusted root names"
    INVALID_METADATA = "metadata failed verification (malformed or inconsistent)"
    UNREACHABLE = "the update server could not be reached or answered with an error"
    LOCAL_STORAGE = "the kiosk could not read or write its update metadata or download"


class UpdateError(Exception):
    """An update failure with its named outcome; `str()` is for the technician."""

    def __init__(self, outcome: UpdateOutcome, detail: str = "") -> None:
        super().__init__(f"{outcome.name}: {outcome.value}" + (f" ({detail})" if detail else ""))
        self.outcome = outcome
        self.detail = detail


@dataclass(frozen=True)
class Release:
    version: str
    target_name: str
    length: int
    sha256: str

    @property
    def version_key(self) -> tuple[int, ...]:
        return parse_version(self.version)


def classify(exc: BaseException) -> UpdateOutcome:
    """The named outcome of an exception raised by python-tuf or the fetcher."""
    if isinstance(exc, exceptions.LengthOrHashMismatchError):
        return UpdateOutcome.TAMPERED_TARGET
    if isinstance(exc, exceptions.DownloadLengthMismatchError):
        # The server sent more than the signed length: a tampered (or
        # endless-data) archive when downloading a target, else bad metadata.
        return UpdateOutcome.TAMPERED_TARGET
    if isinstance(exc, exceptions.BadVersionNumberError):
        return UpdateOutcome.ROLLBACK_ATTEMPT
    if isinstance(exc, exceptions.ExpiredMetadataError):
        if "timestamp" in str(exc):
            return UpdateOutcome.FREEZE_SUSPECTED
        return UpdateOutcome.EXPIRED_METADATA
    if isinstance(exc, exceptions.UnsignedMetadataError):
        return UpdateOutcome.BAD_SIGNATURE
    if isinstance(exc, exceptions.RepositoryError):
        return UpdateOutcome.INVALID_METADATA
    if isinstance(exc, (exceptions.DownloadError, urllib3.exceptions.HTTPError)):
        return UpdateOutcome.UNREACHABLE
    if isinstance(exc, OSError):
        return UpdateOutcome.LOCAL_STORAGE
    return UpdateOutcome.INVALID_METADATA


class LocalDirectoryFetcher(FetcherInterface):
    """Serves file:// URLs from a copied repository (USB stick installs).

    A missing file answers like HTTP 404, which tells python-tuf that no
    newer root exists - the same contract the platform keeps.
    """

    def _fetch(self, url: str) -> Iterator[bytes]:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise exceptions.DownloadError(f"not a file URL: {url}")
        path = Path(unquote(parsed.path))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise exceptions.DownloadHTTPError(f"no file {path}", 404) from None
        except OSError as exc:
            raise exceptions.DownloadError(f"cannot read {path}: {exc}") from exc
        return iter([data])


class UpdateClient:
    """Checks for and downloads verified kiosk releases.

    metadata_dir: the kiosk's TUF cache (trusted metadata; survives restarts).
    trusted_root: root.json installed with the kiosk; used only until the
        cache holds a root (which may then be newer, after a key rotation).
    metadata_url / targets_url: the platform's update endpoints, or file://
        URLs of a copied repository.
    """

    def __init__(
        self,
        metadata_dir: Path | str,
        trusted_root: Path | str | bytes,
        metadata_url: str,
        targets_url: str,
        download_dir: Path | str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.metadata_dir = Path(metadata_dir)
        self.download_dir = Path(download_dir) if download_dir else self.metadata_dir / "downloads"
        self._trusted_root = trusted_root
        self.metadata_url = metadata_url
        self.targets_url = targets_url
        self._clock = clock
        self._updater: Updater | None = None

    @classmethod
    def for_platform(
        cls, platform_url: str, data_dir: Path | str, trusted_root: Path | str | bytes, **kwargs
    ) -> UpdateClient:
        base = platform_url.rstrip("/") + UPDATES_PATH
        data_dir = Path(data_dir)
        return cls(
            data_dir / "tuf",
            trusted_root,
            metadata_url=base + "/metadata/",
            targets_url=base + "/targets/",
            download_dir=data_dir / "update-downloads",
            **kwargs,
        )

    @classmethod
    def for_directory(
        cls,
        repository_dir: Path | str,
        data_dir: Path | str,
        trusted_root: Path | str | bytes,
        **kwargs,
    ) -> UpdateClient:
        """A copied repository with metadata/ and targets/ (as the platform stores it)."""
        repository = Path(repository_dir).resolve()
        data_dir = Path(data_dir)
        return cls(
            data_dir / "tuf",
            trusted_root,
            metadata_url=(repository / "metadata").as_uri() + "/",
            targets_url=(repository / "targets").as_uri() + "/",
            download_dir=data_dir / "update-downloads",
            **kwargs,
        )

    # -- the public operations -------------------------------------------------

    def check(self, running_version: str | None) -> Release | None:
        """The newest signed release newer than `running_version`, or None.

        Raises UpdateError (never anything else) when the metadata cannot be
        trusted or fetched.
        """
        releases = self.releases()
        current = parse_version(running_version) if running_version else None
        newer = [r for r in releases if current is None or r.version_key > current]
        return max(newer, key=lambda r: r.version_key, default=None)

    def releases(self) -> list[Release]:
        """Every release the verified targets metadata lists (fresh refresh)."""
        updater = self.refresh()
        try:
            # Read back what the Updater just verified and persisted: ngclient
            # has no public listing, and get_targetinfo() below re-checks
            # each entry against the in-memory trusted set.
            targets = Metadata[Targets].from_file(str(self.metadata_dir / "targets.json"))
        except (OSError, ValueError) as exc:
            raise UpdateError(UpdateOutcome.LOCAL_STORAGE, str(exc)) from exc
        releases = []
        for name in targets.signed.targets:
            match = RELEASE_NAME.match(name)
            if not match:
                continue
            info = self._targetinfo(updater, name)
            if info is None or info.custom.get("version") != match.group(1):
                continue
            releases.append(
                Release(match.group(1), name, info.length, info.hashes.get("sha256", ""))
            )
        return releases

    def refresh(self) -> Updater:
        """Fetch and verify the newest top-level metadata (the TUF client workflow)."""
        # python-tuf refreshes an Updater once; each refresh is a new one.
        self._updater = None
        return self._refreshed()

    def download_target(self, target_path: str, directory: Path | str) -> Path:
        """Any target by its TUF path, verified, into `directory`; a file already
        there with the signed length and hashes is reused, not fetched again."""
        updater = self._refreshed()
        info = self._targetinfo(updater, target_path)
        if info is None:
            raise UpdateError(UpdateOutcome.UNKNOWN_ARCHIVE, target_path)
        destination = Path(directory) / quote(target_path, "")
        try:
            if updater.find_cached_target(info, str(destination)) is None:
                updater.download_target(info, str(destination))
        except Exception as exc:
            raise UpdateError(classify(exc), str(exc)) from exc
        return destination

    def download(self, release: Release) -> Path:
        """The release archive, downloaded and verified (length and SHA-256)."""
        updater = self._refreshed()
        info = self._targetinfo(updater, release.target_name)
        if info is None:
            raise UpdateError(UpdateOutcome.UNKNOWN_ARCHIVE, release.target_name)
        self.download_dir.mkdir(parents=True, exist_ok=True)
        destination = self.download_dir / release.target_name
        partial = destination.with_name(destination.name + ".partial")
        try:
            # ngclient verifies before writing; the rename makes "a file with
            # the final name" mean "a verified archive", even after a crash.
            updater.download_target(info, str(partial))
            partial.replace(destination)
        except Exception as exc:
            partial.unlink(missing_ok=True)
            raise UpdateError(classify(exc), str(exc)) from exc
        return destination

    def verify_archive(self, archive: Path | str) -> Release:
        """The signed release this local archive is, checked by length and SHA-256.

        For installing from a file (USB stick, technician laptop): the archive
        must be listed in the verified targets metadata, byte for byte.
        """
        archive = Path(archive)
        try:
            digest = _sha256_file(archive)
        except OSError as exc:
            raise UpdateError(UpdateOutcome.LOCAL_STORAGE, str(exc)) from exc
        for release in self.releases():
            if release.sha256 != digest:
                continue
            info = self._targetinfo(self._refreshed(), release.target_name)
            assert info is not None  # releases() just found it
            try:
                with open(archive, "rb") as fh:
                    info.verify_length_and_hashes(fh)
            except Exception as exc:
                raise UpdateError(classify(exc), str(exc)) from exc
            return release
        raise UpdateError(UpdateOutcome.UNKNOWN_ARCHIVE, f"sha256 {digest} of {archive.name}")

    # -- internals -------------------------------------------------------------

    def _refreshed(self) -> Updater:
        if self._updater is not None:
            return self._updater
        try:
            updater = self._new_updater()
            updater.refresh()
        except UpdateError:
            raise
        except Exception as exc:
            raise UpdateError(classify(exc), str(exc)) from exc
        self._updater = updater
        return updater

    def _new_updater(self) -> Updater:
        self.metadata_dir.mkdir(parents=True, exist_ok=True)
        cached_root = self.metadata_dir / "root.json"
        bootstrap = None if cached_root.exists() else self._installed_root()
        fetcher: FetcherInterface
        if self.metadata_url.startswith("file:"):
            fetcher = LocalDirectoryFetcher()
        else:
            fetcher = Urllib3Fetcher(socket_timeout=SOCKET_TIMEOUT_S, app_user_agent="kiosk")
        try:
            updater = Updater(
                str(self.metadata_dir),
                self.metadata_url,
                target_base_url=self.targets_url,
                fetcher=fetcher,
                config=UpdaterConfig(app_user_agent="kiosk"),
                bootstrap=bootstrap,
            )
        except exceptions.RepositoryError:
            if bootstrap is not None:
                raise
            # A damaged cache: start again from the installed root. Rollback
            # protection restarts from that root's versions, which is what a
            # freshly installed kiosk has anyway.
            updater = Updater(
                str(self.metadata_dir),
                self.metadata_url,
                target_base_url=self.targets_url,
                fetcher=fetcher,
                bootstrap=self._installed_root(),
            )
        self._apply_clock(updater)
        return updater

    def _apply_clock(self, updater: Updater) -> None:
        # python-tuf 7 fixes "now" when the trusted set is created and offers
        # no parameter for it; setting that one attribute is the whole clock
        # injection. tuf is pinned (pyproject.toml); if a new version renames
        # it, this fails loudly instead of silently checking the wrong time.
        trusted_set = updater._trusted_set  # noqa: SLF001
        if not hasattr(trusted_set, "reference_time"):
            raise RuntimeError("python-tuf no longer has TrustedMetadataSet.reference_time")
        trusted_set.reference_time = self._clock().astimezone(dt.UTC)

    def _installed_root(self) -> bytes:
        if isinstance(self._trusted_root, bytes):
            return self._trusted_root
        try:
            return Path(self._trusted_root).read_bytes()
        except OSError as exc:
            raise UpdateError(
                UpdateOutcome.LOCAL_STORAGE, f"installed trusted root: {exc}"
            ) from exc

    def _targetinfo(self, updater: Updater, name: str) -> TargetFile | None:
        try:
            return updater.get_targetinfo(name)
        except Exception as exc:
            raise UpdateError(classify(exc), str(exc)) from exc


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
