"""The kiosk's TUF client against the platform's repository over real HTTP on 127.0.0.1.

Attacks are staged the way a hostile mirror or a man in the middle would:
by changing what the platform serves (its files), never by mocking the client.
"""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from tuf.api.metadata import Metadata, Root

from kiosk.updates.update_client import UpdateClient, UpdateError, UpdateOutcome
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from tests.updates.conftest import MovableClock


def _outcome(call) -> UpdateOutcome:
    with pytest.raises(UpdateError) as caught:
        call()
    return caught.value.outcome


def test_a_published_release_is_found_downloaded_and_verified(platform, make_client, archives):
    client = make_client()
    assert client.check(None) is None  # an empty repository is not an error
    platform.publish_release(archives("1.0"), "1.0")
    platform.publish_release(archives("1.2"), "1.2")
    platform.publish_release(archives("1.10"), "1.10")

    newest = client.check("1.0")
    assert newest is not None and newest.version == "1.10"  # numeric, not text order
    assert client.check("1.10") is None
    path = client.download(newest)
    assert path.read_bytes() == archives("1.10").read_bytes()
    assert client.verify_archive(archives("1.2")).version == "1.2"


def test_a_tampered_archive_is_refused_and_not_left_on_disk(platform, make_client, archives):
    release = platform.publish_release(archives("2.0"), "2.0")
    stored = platform.update_repository.targets_dir / f"{release.sha256}.{release.target_name}"
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01  # same length, one bit flipped
    stored.write_bytes(bytes(data))
    client = make_client()
    found = client.check("1.0")
    assert found is not None

    assert _outcome(lambda: client.download(found)) is UpdateOutcome.TAMPERED_TARGET
    assert not any(client.download_dir.iterdir())

    stored.write_bytes(bytes(data) + b"endless data")  # longer than signed
    assert _outcome(lambda: client.download(found)) is UpdateOutcome.TAMPERED_TARGET
    assert not any(client.download_dir.iterdir())


def test_a_local_archive_not_in_the_signed_list_is_refused(
    platform, make_client, archives, tmp_path
):
    platform.publish_release(archives("2.0"), "2.0")
    forged = tmp_path / "kiosk-2.0.tar.gz"
    forged.write_bytes(archives("2.0").read_bytes() + b"\0")
    assert _outcome(lambda: make_client().verify_archive(forged)) is UpdateOutcome.UNKNOWN_ARCHIVE


def test_an_older_timestamp_is_a_rollback(platform, make_client, archives):
    metadata = platform.update_repository.metadata_dir
    client = make_client()
    client.check(None)
    old_timestamp = (metadata / "timestamp.json").read_bytes()
    platform.publish_release(archives("2.0"), "2.0")
    assert client.check("1.0").version == "2.0"  # the kiosk now trusts the newer timestamp

    (metadata / "timestamp.json").write_bytes(old_timestamp)
    assert _outcome(lambda: client.check("1.0")) is UpdateOutcome.ROLLBACK_ATTEMPT
    # A restarted kiosk (new client, same cache) remembers what it trusted.
    assert _outcome(lambda: make_client().check("1.0")) is UpdateOutcome.ROLLBACK_ATTEMPT


@pytest.mark.parametrize("role", ["snapshot", "targets"])
def test_an_older_snapshot_or_targets_is_a_rollback(platform, make_client, archives, role):
    metadata = platform.update_repository.metadata_dir
    platform.publish_release(archives("1.0"), "1.0")
    platform.publish_release(archives("2.0"), "2.0")
    newest = max(int(p.name.split(".")[0]) for p in metadata.glob(f"*.{role}.json"))
    # The version the timestamp (or snapshot) names now holds older signed content.
    older = (metadata / f"{newest - 1}.{role}.json").read_bytes()
    (metadata / f"{newest}.{role}.json").write_bytes(older)
    assert _outcome(lambda: make_client().check("1.0")) is UpdateOutcome.ROLLBACK_ATTEMPT


def test_metadata_with_a_forged_signature_is_refused(platform, make_client, archives):
    metadata = platform.update_repository.metadata_dir
    platform.publish_release(archives("1.0"), "1.0")
    newest = max(metadata.glob("*.targets.json"), key=lambda p: int(p.name.split(".")[0]))
    document = json.loads(newest.read_text())
    document["signed"]["targets"]["kiosk-1.0.tar.gz"]["length"] += 1
    newest.write_text(json.dumps(document))
    assert _outcome(lambda: make_client().check(None)) is UpdateOutcome.BAD_SIGNATURE


def test_a_frozen_timestamp_is_noticed_once_it_expires(
    platform, make_client, archives, kiosk_clock
):
    metadata = platform.update_repository.metadata_dir
    platform.publish_release(archives("1.0"), "1.0")
    client = make_client()
    assert client.check(None).version == "1.0"
    frozen = (metadata / "timestamp.json").read_bytes()
    platform.publish_release(archives("2.0"), "2.0")
    # A mirror keeps serving the old timestamp: the kiosk cannot know of 2.0 ...
    (metadata / "timestamp.json").write_bytes(frozen)
    kiosk_clock.advance(hours=20)
    assert client.check("1.0") is None
    # ... but the signed timestamp lives one day, and then the freeze shows.
    kiosk_clock.advance(hours=5)
    assert _outcome(lambda: client.check("1.0")) is UpdateOutcome.FREEZE_SUSPECTED


def test_expired_targets_are_refused_even_with_a_fresh_timestamp(tmp_path, archives):
    platform_clock = MovableClock()
    settings = PlatformSettings(
        data_dir=tmp_path / "platform",
        clock=lambda: platform_clock().astimezone(),
        demo_faces=False,
    )
    with EmbeddedPlatform(settings) as platform:
        platform_clock.advance(days=-100)  # the release list was signed 100 days ago ...
        platform.publish_release(archives("1.0"), "1.0")
        root = tmp_path / "root.json"
        root.write_bytes(platform.update_root_json())
        platform_clock.advance(days=100)  # ... and only the online roles were renewed since
        client = UpdateClient.for_platform(platform.url, tmp_path / "kiosk", root)
        assert _outcome(lambda: client.check(None)) is UpdateOutcome.EXPIRED_METADATA
        timestamp = json.loads(
            (platform.update_repository.metadata_dir / "timestamp.json").read_text()
        )
        expires = dt.datetime.fromisoformat(timestamp["signed"]["expires"].replace("Z", "+00:00"))
        assert expires > dt.datetime.now(dt.UTC)  # the timestamp itself was fine

        platform.update_repository.renew_targets()  # the release manager re-signs
        assert client.check(None).version == "1.0"


def test_the_kiosk_follows_a_root_key_rotation(platform, make_client, archives, tmp_path):
    client = make_client()
    client.check(None)  # trusts root 1
    assert platform.rotate_update_root_key() == 2
    assert platform.rotate_update_root_key() == 3
    platform.publish_release(archives("2.0"), "2.0")

    assert client.check("1.0").version == "2.0"
    cache = client.metadata_dir
    assert Metadata[Root].from_file(str(cache / "root.json")).signed.version == 3
    # A kiosk installed long ago with root 1 walks 1 -> 2 -> 3 by itself.
    assert make_client(tmp_path / "old-kiosk").check("1.0").version == "2.0"


def test_a_new_root_not_signed_by_the_old_key_is_refused(platform, make_client, archives, tmp_path):
    metadata = platform.update_repository.metadata_dir
    root_v1 = Metadata[Root].from_bytes(platform.update_root_json())
    old_keyid = root_v1.signed.roles["root"].keyids[0]
    platform.rotate_update_root_key()
    forged = json.loads((metadata / "2.root.json").read_text())
    # Only the new key's signature: what an attacker holding a key of their own could make.
    forged["signatures"] = [s for s in forged["signatures"] if s["keyid"] != old_keyid]
    (metadata / "2.root.json").write_text(json.dumps(forged))
    assert _outcome(lambda: make_client().check(None)) is UpdateOutcome.BAD_SIGNATURE


def test_an_unreachable_platform_is_a_named_outcome(tmp_path, trusted_root):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = UpdateClient.for_platform(f"http://127.0.0.1:{port}", tmp_path / "k", trusted_root)
    assert _outcome(lambda: client.check(None)) is UpdateOutcome.UNREACHABLE


def test_a_missing_installed_root_is_a_named_outcome(platform, tmp_path):
    client = UpdateClient.for_platform(platform.url, tmp_path / "k", tmp_path / "absent.json")
    assert _outcome(lambda: client.check(None)) is UpdateOutcome.LOCAL_STORAGE
