"""Unpacking a verified release archive, refusing anything that could escape.

The archive is checked member by member *before* anything is written, so a
refused archive leaves nothing behind. Refused: absolute names, `..`,
duplicate names, members below a symlink, symlinks or hardlinks leading
outside the tree, devices, FIFOs and anything but files, directories and
links; and a total size over the limit (a decompression bomb). Extraction
then still goes through tarfile's "data" filter as a second, independent
guard, and every file is fsynced so the tree survives a power cut.
"""

from __future__ import annotations

import os
import posixpath
import re
import tarfile
from enum import Enum
from pathlib import Path

MAX_UNPACKED_BYTES = 4 << 30  # a frozen PyInstaller bundle is a few hundred MB
MAX_MEMBERS = 100_000
VERSION_FILE = "VERSION"


class ArchiveProblem(Enum):
    UNREADABLE = "not a readable tar.gz archive"
    ABSOLUTE_PATH = "a member has an absolute path"
    PARENT_REFERENCE = "a member name contains '..'"
    DUPLICATE_MEMBER = "two members have the same name"
    BELOW_LINK = "a member lies below a symlink or file in the archive"
    LINK_ESCAPES = "a symlink or hardlink points outside the release tree"
    SPECIAL_FILE = "a member is a device, FIFO or other special file"
    TOO_LARGE = "the archive unpacks to more than the allowed size or member count"
    NO_VERSION = "the archive has no VERSION file at its top level"
    WRONG_VERSION = "the VERSION file does not match the signed release version"


class ArchiveRefused(Exception):
    def __init__(self, problem: ArchiveProblem, member: str = "") -> None:
        super().__init__(f"{problem.name}: {problem.value}" + (f" ({member!r})" if member else ""))
        self.problem = problem
        self.member = member


def _normalised(name: str) -> str:
    """The member name relative to the tree root; refuses escapes by name."""
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ArchiveRefused(ArchiveProblem.ABSOLUTE_PATH, name)
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveRefused(ArchiveProblem.PARENT_REFERENCE, name)
    return "/".join(parts)


def _inside(path: str) -> bool:
    normal = posixpath.normpath(path)
    return not (normal == ".." or normal.startswith("../") or normal.startswith("/"))


def check_members(members: list[tarfile.TarInfo]) -> dict[str, tarfile.TarInfo]:
    """Every member by its normalised name, or ArchiveRefused for the first problem."""
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(ArchiveProblem.TOO_LARGE, f"{len(members)} members")
    by_name: dict[str, tarfile.TarInfo] = {}
    not_directories: set[str] = set()
    total = 0
    for member in members:
        name = _normalised(member.name)
        if name == "":
            if not member.isdir():
                raise ArchiveRefused(ArchiveProblem.SPECIAL_FILE, member.name)
            continue  # "." itself
        if name in by_name:
            raise ArchiveRefused(ArchiveProblem.DUPLICATE_MEMBER, member.name)
        parent = posixpath.dirname(name)
        while parent:
            # A path through a symlink (or "through" a file) is how archives
            # write outside the tree even when every name looks harmless.
            if parent in not_directories:
                raise ArchiveRefused(ArchiveProblem.BELOW_LINK, member.name)
            parent = posixpath.dirname(parent)
        if member.issym():
            if member.linkname.startswith("/") or not _inside(
                posixpath.join(posixpath.dirname(name), member.linkname)
            ):
                raise ArchiveRefused(ArchiveProblem.LINK_ESCAPES, member.name)
        elif member.islnk():
            target = _normalised(member.linkname)
            linked = by_name.get(target)
            if linked is None or not linked.isfile():
                raise ArchiveRefused(ArchiveProblem.LINK_ESCAPES, member.name)
        elif member.isfile():
            total += member.size
            if total > MAX_UNPACKED_BYTES:
                raise ArchiveRefused(ArchiveProblem.TOO_LARGE, member.name)
        elif not member.isdir():
            raise ArchiveRefused(ArchiveProblem.SPECIAL_FILE, member.name)
        if not member.isdir():
            not_directories.add(name)
        by_name[name] = member
    return by_name


def unpack_release(archive: Path | str, destination: Path | str, version: str) -> None:
    """Unpack into `destination` (which must not exist) after checking every member.

    On ArchiveRefused nothing has been created.
    """
    destination = Path(destination)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            by_name = check_members(members)
            version_member = by_name.get(VERSION_FILE)
            if version_member is None or not version_member.isfile():
                raise ArchiveRefused(ArchiveProblem.NO_VERSION)
            extracted = tar.extractfile(version_member)
            assert extracted is not None
            if extracted.read(100).decode("utf-8", "replace").strip() != version:
                raise ArchiveRefused(ArchiveProblem.WRONG_VERSION, version)
            destination.mkdir(parents=False, exist_ok=False)
            tar.extractall(destination, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError, UnicodeError) as exc:
        if isinstance(exc, tarfile.FilterError):
            raise ArchiveRefused(ArchiveProblem.LINK_ESCAPES, str(exc)) from exc
        if isinstance(exc, OSError) and destination.exists():
            raise
        raise ArchiveRefused(ArchiveProblem.UNREADABLE, str(exc)) from exc
    sync_tree(destination)


def sync_tree(root: Path) -> None:
    """fsync every file and directory below root (bottom-up), so a power cut
    after the caller's rename cannot leave a tree with empty files."""
    for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            if os.path.islink(path):
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
