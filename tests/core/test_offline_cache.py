import sqlite3

import pytest

from offline_cache.database import CacheDatabase
from offline_cache.outbox import Outbox, OutboxState
from offline_cache.sealed_box import SealedBox, SealedDataError


@pytest.fixture
def db(tmp_path):
    database = CacheDatabase(tmp_path / "kiosk.sqlite3")
    yield database
    database.close()


@pytest.fixture
def box(tmp_path):
    return SealedBox.from_key_file(tmp_path / "keys" / "cache.sm4key")


def test_database_uses_wal_and_full_sync(db):
    assert db.query("PRAGMA journal_mode")[0][0] == "wal"
    assert db.query("PRAGMA synchronous")[0][0] == 2  # FULL


def test_key_file_is_private_and_stable(tmp_path):
    path = tmp_path / "keys" / "k"
    first = SealedBox.from_key_file(path)
    assert path.stat().st_mode & 0o777 == 0o600
    sealed = first.seal(b"secret", b"ctx")
    assert SealedBox.from_key_file(path).open(sealed, b"ctx") == b"secret"


def test_sealed_data_detects_tampering_and_wrong_context(box):
    sealed = bytearray(box.seal("王秀英 310115195105120021".encode(), b"key-1"))
    with pytest.raises(SealedDataError):
        box.open(bytes(sealed), b"key-2")
    sealed[-20] ^= 1
    with pytest.raises(SealedDataError):
        box.open(bytes(sealed), b"key-1")
    with pytest.raises(SealedDataError):
        box.open(b"S4G1short", b"key-1")


def test_outbox_payload_is_encrypted_at_rest(db, box, tmp_path):
    outbox = Outbox(db, box)
    key = outbox.enqueue("application", "/api/v1/applications", {"name": "王秀英", "id": "310115195105120021"})
    raw = sqlite3.connect(tmp_path / "kiosk.sqlite3").execute("SELECT sealed_payload FROM outbox").fetchone()[0]
    assert "王秀英".encode() not in raw and b"310115195105120021" not in raw
    assert outbox.payload(key)["name"] == "王秀英"
    # The whole file, WAL included, holds no clear personal data.
    for path in tmp_path.glob("kiosk.sqlite3*"):
        assert b"310115195105120021" not in path.read_bytes()


def test_outbox_lifecycle_and_wipe_on_delivery(db, box):
    clock = [100.0]
    outbox = Outbox(db, box, clock=lambda: clock[0])
    key = outbox.enqueue("rating", "/api/v1/ratings", {"grade": 5})
    assert [r.idempotency_key for r in outbox.due()] == [key]
    outbox.mark_retry(key, "HTTP 503", next_attempt_at=160.0)
    assert outbox.due() == []
    clock[0] = 161.0
    assert outbox.due()[0].attempts == 1
    outbox.mark_delivered(key, {"rating_id": 7})
    record = outbox.get(key)
    assert record.state is OutboxState.DELIVERED and record.response == {"rating_id": 7}
    with pytest.raises(KeyError):
        outbox.payload(key)
    assert outbox.pending_count() == 0


def test_a_record_and_its_fact_commit_together_or_not_at_all(db, box):
    outbox = Outbox(db, box)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        outbox.add(conn, "application", "/api/v1/applications", {"x": 1})
        raise RuntimeError("power cut before the local fact was written")
    assert outbox.records() == []


def test_counters_survive_reopen(tmp_path):
    first = CacheDatabase(tmp_path / "c.sqlite3")
    with first.transaction() as conn:
        assert first.next_counter(conn, "submission:20261130") == 1
        assert first.next_counter(conn, "submission:20261130") == 2
    first.close()
    second = CacheDatabase(tmp_path / "c.sqlite3")
    with second.transaction() as conn:
        assert second.next_counter(conn, "submission:20261130") == 3
    second.close()
