"""Archives that try to write outside their release directory are refused whole."""

from __future__ import annotations

import tarfile

import pytest

from kiosk.updates.installation import Installation
from kiosk.updates.release_archive import ArchiveProblem, ArchiveRefused
from tests.updates.releases import assert_complete_and_runnable, build_archive, evil_archive


def _file(name: str) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), b"payload"


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def _special(name: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    return info, None


CASES = {
    "absolute path": ([_file("/tmp/evil")], ArchiveProblem.ABSOLUTE_PATH),
    "dot-dot": ([_file("lib/../../evil")], ArchiveProblem.PARENT_REFERENCE),
    "dot-dot at top": ([_file("../evil")], ArchiveProblem.PARENT_REFERENCE),
    "symlink to absolute": ([_link("lib", "/etc")], ArchiveProblem.LINK_ESCAPES),
    "symlink climbing out": ([_link("a/b", "../../outside")], ArchiveProblem.LINK_ESCAPES),
    "write through a symlink": (
        [_link("inside", "."), _file("inside/x")],
        ArchiveProblem.BELOW_LINK,
    ),
    "hardlink to outside": (
        [_link("passwd", "/etc/passwd", tarfile.LNKTYPE)],
        ArchiveProblem.ABSOLUTE_PATH,
    ),
    "hardlink climbing out": (
        [_link("x", "../outside", tarfile.LNKTYPE)],
        ArchiveProblem.PARENT_REFERENCE,
    ),
    "hardlink to nothing in the archive": (
        [_link("x", "not-there", tarfile.LNKTYPE)],
        ArchiveProblem.LINK_ESCAPES,
    ),
    "character device": ([_special("dev/tty", tarfile.CHRTYPE)], ArchiveProblem.SPECIAL_FILE),
    "block device": ([_special("dev/sda", tarfile.BLKTYPE)], ArchiveProblem.SPECIAL_FILE),
    "fifo": ([_special("pipe", tarfile.FIFOTYPE)], ArchiveProblem.SPECIAL_FILE),
    "duplicate replaces a file": (
        [_file("lib/a"), _link("lib/a", "/etc/shadow")],
        ArchiveProblem.DUPLICATE_MEMBER,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_escaping_archives_are_refused_with_nothing_unpacked(tmp_path, case):
    members, problem = CASES[case]
    archive = evil_archive(tmp_path / "evil.tar.gz", members)
    installation = Installation(tmp_path / "install")
    with pytest.raises(ArchiveRefused) as refused:
        installation.install_release(archive, "9.9")
    assert refused.value.problem is problem
    assert installation.installed_versions() == []
    assert not (tmp_path / "outside").exists() and not (tmp_path / "evil").exists()
    assert not any((tmp_path / "install").glob("staging/*"))


def test_a_version_file_that_disagrees_with_the_signed_version_is_refused(tmp_path):
    archive = build_archive(tmp_path, "3.0")
    with pytest.raises(ArchiveRefused) as refused:
        Installation(tmp_path / "install").install_release(archive, "3.1")
    assert refused.value.problem is ArchiveProblem.WRONG_VERSION


def test_a_truncated_archive_is_refused(tmp_path):
    archive = build_archive(tmp_path, "3.0")
    archive.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(ArchiveRefused) as refused:
        Installation(tmp_path / "install").install_release(archive, "3.0")
    assert refused.value.problem is ArchiveProblem.UNREADABLE
    assert Installation(tmp_path / "install").installed_versions() == []


def test_a_normal_release_with_inner_symlinks_unpacks(tmp_path):
    archive = build_archive(tmp_path, "3.0")
    tree = Installation(tmp_path / "install").install_release(archive, "3.0")
    assert assert_complete_and_runnable(tree) == "3.0"
    assert (tree / "lib" / "current-part").is_symlink()
