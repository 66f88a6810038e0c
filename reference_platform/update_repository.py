"""The platform's TUF repository of kiosk releases (docs/updates.md).

Four top-level roles, each with its own Ed25519 key, threshold 1:

    root       1 year    signs which keys may sign what; rotated by rotate_root_key()
    targets   90 days    lists the release archives with their length and SHA-256
    snapshot   7 days    pins the targets version (no mix-and-match of old lists)
    timestamp  1 day     pins the snapshot version (freshness: a stale copy expires)

Consistent snapshots: snapshot and targets are stored as N.<role>.json and
release archives as <sha256>.<name>, so a kiosk reading while a release is
published never sees half of one state and half of the next. timestamp.json
is written last: it is the single commit point of a publication.

The repository keeps nothing in memory between calls and takes an
inter-process lock for every change, so `main.py publish-release` may run
while the platform serves the same directory.

Keys live in <data_dir>/updates/keys, mode 0600, created at first use and
never logged. A real platform would keep root and targets keys offline
(hardware tokens); the reference platform keeps all four online so a single
machine can run the demo and tests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, SSlibKey
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

Clock = Callable[[], dt.datetime]

ROLES = (Root.type, Targets.type, Snapshot.type, Timestamp.type)

EXPIRY = {
    Root.type: dt.timedelta(days=365),
    Targets.type: dt.timedelta(days=90),
    Snapshot.type: dt.timedelta(days=7),
    Timestamp.type: dt.timedelta(days=1),
}

# The timestamp is re-signed once less than this much of its life is left, so
# a kiosk polling at any moment gets one valid for at least half a day.
TIMESTAMP_RENEW_BEFORE = dt.timedelta(hours=12)

# The release version scheme the kiosk compares: dotted decimal numbers.
VERSION_PATTERN = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")
# What may be requested from the metadata and targets directories: names only,
# never a path, so a request cannot leave the repository.
METADATA_NAME = re.compile(r"^(\d{1,9}\.)?(root|timestamp|snapshot|targets)\.json$")
TARGET_NAME = re.compile(r"^[0-9a-f]{64}\.kiosk-[0-9.]{1,40}\.tar\.gz$")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def release_target_name(version: str) -> str:
    return f"kiosk-{version}.tar.gz"


class ReleaseError(ValueError):
    """A release that cannot be published (bad version, missing or duplicate)."""


@dataclass(frozen=True)
class PublishedRelease:
    version: str
    target_name: str
    length: int
    sha256: str
    targets_version: int


class UpdateRepository:
    """A TUF repository in `directory` (keys/, metadata/, targets/)."""

    def __init__(self, directory: Path | str, clock: Clock = utc_now) -> None:
        self.directory = Path(directory)
        self.keys_dir = self.directory / "keys"
        self.metadata_dir = self.directory / "metadata"
        self.targets_dir = self.directory / "targets"
        self._clock = clock
        for folder in (self.keys_dir, self.metadata_dir, self.targets_dir):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.keys_dir, 0o700)
        with self._locked():
            if not (self.metadata_dir / "timestamp.json").exists():
                self._create()

    # -- what is served ------------------------------------------------------

    def metadata_path(self, name: str) -> Path | None:
        """The file for GET .../metadata/{name}, or None (404)."""
        if not METADATA_NAME.match(name):
            return None
        if name == "timestamp.json":
            self.renew_timestamp_if_due()
        path = self.metadata_dir / name
        return path if path.is_file() else None

    def target_path(self, name: str) -> Path | None:
        """The file for GET .../targets/{name} (hash-prefixed), or None (404)."""
        if not TARGET_NAME.match(name):
            return None
        path = self.targets_dir / name
        return path if path.is_file() else None

    def root_json(self) -> bytes:
        """The newest root, the trusted root to install with a new kiosk."""
        return (self.metadata_dir / "root.json").read_bytes()

    def releases(self) -> list[PublishedRelease]:
        targets = self._load_current(Targets.type)
        return [
            PublishedRelease(
                version=str(info.custom.get("version")),
                target_name=name,
                length=info.length,
                sha256=info.hashes["sha256"],
                targets_version=targets.signed.version,
            )
            for name, info in sorted(targets.signed.targets.items())
        ]

    # -- changes -------------------------------------------------------------

    def publish(self, archive_path: Path | str, version: str) -> PublishedRelease:
        """Add a release archive as a target; new targets, snapshot and timestamp."""
        if not VERSION_PATTERN.match(version):
            raise ReleaseError(f"version {version!r} is not dotted decimal (e.g. 1.4.2)")
        archive_path = Path(archive_path)
        if not archive_path.is_file():
            raise ReleaseError(f"no archive at {archive_path}")
        name = release_target_name(version)
        with self._locked():
            targets = self._load_current(Targets.type)
            if name in targets.signed.targets:
                raise ReleaseError(f"version {version} is already published")
            info = TargetFile.from_file(name, str(archive_path), ["sha256"])
            info.unrecognized_fields["custom"] = {"version": version}
            digest = info.hashes["sha256"]
            # The archive first, under its hash: nothing refers to it yet.
            stored = self.targets_dir / f"{digest}.{name}"
            self._copy_durably(archive_path, stored)
            targets.signed.targets[name] = info
            self._bump(targets)
            self._sign(targets)
            self._write_versioned(targets)
            self._commit_snapshot_and_timestamp(targets_version=targets.signed.version)
            return PublishedRelease(version, name, info.length, digest, targets.signed.version)

    def rotate_root_key(self) -> int:
        """Replace the root key: root N+1 signed by the old and the new key.

        A kiosk trusting root N verifies N+1 with N's key (continuity) and
        with N+1's own key (the new key really is held), then trusts only the
        new key. Returns the new root version.
        """
        with self._locked():
            root = self._load_root()
            old_signer = self._signer(Root.type)
            new_private = Ed25519PrivateKey.generate()
            new_signer = CryptoSigner(new_private)
            for keyid in list(root.signed.roles[Root.type].keyids):
                root.signed.revoke_key(keyid, Root.type)
            root.signed.add_key(new_signer.public_key, Root.type)
            self._bump(root)
            root.signatures.clear()
            root.sign(old_signer, append=True)
            root.sign(new_signer, append=True)
            # Metadata before key: a crash in between leaves root N+1 published
            # and the old key on disk, which can still sign N+2 as a rotation.
            self._write_root(root)
            self._write_key(Root.type, new_private, replace=True)
            return root.signed.version

    def renew_timestamp_if_due(self) -> bool:
        """Re-sign the timestamp (and an ageing snapshot) before it expires.

        The online roles are renewed on demand rather than by a timer: the
        reference platform has no scheduler, and every kiosk poll asks for
        timestamp.json first.
        """
        if not self._timestamp_due():
            return False
        with self._locked():
            if not self._timestamp_due():  # another request renewed it meanwhile
                return False
            now = self._now()
            snapshot = self._load_current(Snapshot.type)
            if snapshot.signed.expires - now <= EXPIRY[Snapshot.type] / 2:
                targets = self._load_current(Targets.type)
                self._commit_snapshot_and_timestamp(targets.signed.version)
            else:
                self._commit_timestamp(snapshot.signed.version)
        return True

    def renew_targets(self) -> int:
        """Re-sign the release list unchanged with a fresh expiry (every < 90 days).

        Not automatic: the targets key stands for the release manager's
        offline key, and a list nobody re-signs must expire on kiosks.
        """
        with self._locked():
            targets = self._load_current(Targets.type)
            self._bump(targets)
            self._sign(targets)
            self._write_versioned(targets)
            self._commit_snapshot_and_timestamp(targets_version=targets.signed.version)
            return targets.signed.version

    # -- internals -------------------------------------------------------------

    def _timestamp_due(self) -> bool:
        current = Metadata[Timestamp].from_file(str(self.metadata_dir / "timestamp.json"))
        return current.signed.expires - self._now() <= TIMESTAMP_RENEW_BEFORE

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC).replace(microsecond=0)

    def _expiry(self, role: str) -> dt.datetime:
        return self._now() + EXPIRY[role]

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.directory / ".lock", "a+b") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _create(self) -> None:
        signers = {role: self._signer(role) for role in ROLES}
        root = Metadata(Root(expires=self._expiry(Root.type), consistent_snapshot=True))
        for role, signer in signers.items():
            root.signed.add_key(signer.public_key, role)
        root.sign(signers[Root.type])
        self._write_root(root)
        targets = Metadata(Targets(expires=self._expiry(Targets.type)))
        self._sign(targets)
        self._write_versioned(targets)
        self._commit_snapshot_and_timestamp(targets_version=targets.signed.version)

    def _commit_snapshot_and_timestamp(self, targets_version: int) -> None:
        if (self.metadata_dir / "timestamp.json").exists():
            snapshot = self._load_current(Snapshot.type)
            snapshot.signed.version += 1
        else:
            snapshot = Metadata(Snapshot(expires=self._expiry(Snapshot.type)))
        snapshot.signed.meta["targets.json"] = MetaFile(version=targets_version)
        snapshot.signed.expires = self._expiry(Snapshot.type)
        self._sign(snapshot)
        self._write_versioned(snapshot)
        self._commit_timestamp(snapshot.signed.version)

    def _commit_timestamp(self, snapshot_version: int) -> None:
        timestamp_file = self.metadata_dir / "timestamp.json"
        if timestamp_file.exists():
            timestamp = Metadata[Timestamp].from_file(str(timestamp_file))
            timestamp.signed.version += 1
        else:
            timestamp = Metadata(Timestamp(expires=self._expiry(Timestamp.type)))
        timestamp.signed.snapshot_meta = MetaFile(version=snapshot_version)
        timestamp.signed.expires = self._expiry(Timestamp.type)
        self._sign(timestamp)
        self._write_file(timestamp_file, timestamp.to_bytes(JSONSerializer(compact=True)))

    def _bump(self, metadata: Metadata) -> None:
        metadata.signed.version += 1
        metadata.signed.expires = self._expiry(metadata.signed.type)

    def _sign(self, metadata: Metadata) -> None:
        metadata.signatures.clear()
        metadata.sign(self._signer(metadata.signed.type))

    def _load_root(self) -> Metadata[Root]:
        return Metadata[Root].from_file(str(self.metadata_dir / "root.json"))

    def _load_current(self, role: str) -> Metadata:
        """The snapshot or targets the current timestamp leads to."""
        timestamp = Metadata[Timestamp].from_file(str(self.metadata_dir / "timestamp.json"))
        snapshot_version = timestamp.signed.snapshot_meta.version
        snapshot = Metadata[Snapshot].from_file(
            str(self.metadata_dir / f"{snapshot_version}.snapshot.json")
        )
        if role == Snapshot.type:
            return snapshot
        targets_version = snapshot.signed.meta["targets.json"].version
        return Metadata[Targets].from_file(
            str(self.metadata_dir / f"{targets_version}.targets.json")
        )

    def _write_versioned(self, metadata: Metadata) -> None:
        name = f"{metadata.signed.version}.{metadata.signed.type}.json"
        self._write_file(self.metadata_dir / name, metadata.to_bytes(JSONSerializer()))

    def _write_root(self, root: Metadata[Root]) -> None:
        data = root.to_bytes(JSONSerializer())
        self._write_file(self.metadata_dir / f"{root.signed.version}.root.json", data)
        self._write_file(self.metadata_dir / "root.json", data)

    def _signer(self, role: str) -> CryptoSigner:
        path = self.keys_dir / f"{role}.pem"
        try:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError:
            private = Ed25519PrivateKey.generate()
            self._write_key(role, private, replace=False)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return CryptoSigner(private, SSlibKey.from_crypto(private.public_key()))

    def _write_key(self, role: str, private: Ed25519PrivateKey, *, replace: bool) -> None:
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path = self.keys_dir / f"{role}.pem"
        # Mode 0600 from creation: never readable by others, not even briefly.
        fd, temp = tempfile.mkstemp(dir=self.keys_dir, prefix=f".{role}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            if replace:
                os.replace(temp, path)
            else:
                os.link(temp, path)  # fails if another process created it first
                os.unlink(temp)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_dir(self.keys_dir)

    def _write_file(self, path: Path, data: bytes) -> None:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_dir(path.parent)

    def _copy_durably(self, source: Path, destination: Path) -> None:
        fd, temp = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, destination)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_dir(destination.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def repository_dir(platform_data_dir: Path | str) -> Path:
    return Path(platform_data_dir) / "updates"


def publish_release_command(platform_data: Path, archive: Path, version: str) -> int:
    """`main.py publish-release`: publish into a platform's data dir (running or not)."""
    try:
        release = UpdateRepository(repository_dir(platform_data)).publish(archive, version)
    except (ReleaseError, OSError) as exc:
        print(f"not published: {exc}", file=sys.stderr)
        return 2
    print(
        f"published {release.target_name} (version {release.version}, {release.length} bytes,"
        f" sha256 {release.sha256}) in targets version {release.targets_version}"
    )
    return 0
