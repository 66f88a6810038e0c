"""Trust documents and the replay memory in the kiosk's SQLite file, across restarts."""

from __future__ import annotations

from kiosk.suishen import (
    TrustDocumentKind,
    TrustStore,
    TrustUpdateOutcome,
    VerificationResult,
    verify_presentation,
)
from kiosk.suishen.replay import forget_after
from offline_cache.database import _MIGRATIONS, CacheDatabase
from offline_cache.trust_store import SqliteReplayMemory, SqliteTrustDocumentArchive
from tests.suishen.issuing import (
    NOW,
    credential_payload,
    key_entry,
    proof_payload,
    revocation_delta,
    revocation_list,
    sign1,
    to_sc1,
    trust_list,
)

TRUST = TrustDocumentKind.TRUST_LIST
REVOCATION = TrustDocumentKind.REVOCATION_LIST
R1, R2 = b"\x01" * 8, b"\x02" * 8
T = NOW // 30


def test_schema_is_at_the_latest_migration(tmp_path):
    db = CacheDatabase(tmp_path / "kiosk.sqlite")
    assert db.query("PRAGMA user_version")[0][0] == len(_MIGRATIONS)
    tables = {row[0] for row in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"suishen_trust_documents", "suishen_replay"} <= tables
    db.close()


def test_replay_memory_survives_a_restart(tmp_path, signers):
    path = tmp_path / "kiosk.sqlite"
    anchor, issuer, holder = signers["anchor"], signers["sm2_issuer"], signers["es256_holder"]
    credential = sign1(issuer, credential_payload(hk=holder.spki))
    text = to_sc1([credential, sign1(holder, proof_payload(T), protected={1: holder.alg})])

    def kiosk_session() -> tuple[CacheDatabase, TrustStore, SqliteReplayMemory]:
        db = CacheDatabase(path)
        store = TrustStore(anchor.spki, SqliteTrustDocumentArchive(db))
        return db, store, SqliteReplayMemory(db)

    db, store, replay = kiosk_session()
    store.apply(TRUST, trust_list(anchor, [key_entry(issuer)]))
    store.apply(REVOCATION, revocation_list(anchor, []))
    assert verify_presentation(text, store.state, NOW, replay).result is VerificationResult.VALID
    db.close()

    db, store, replay = kiosk_session()
    assert store.state.is_fresh(NOW)
    assert verify_presentation(text, store.state, NOW + 5, replay).result is (
        VerificationResult.REPLAYED
    )
    db.close()


def test_replay_entries_are_pruned_once_their_window_closed(tmp_path):
    db = CacheDatabase(tmp_path / "kiosk.sqlite")
    replay = SqliteReplayMemory(db)
    replay.remember(b"\x11" * 16, T, b"\x01" * 8, forget_after(T), NOW)
    replay.remember(b"\x11" * 16, T + 100, b"\x02" * 8, forget_after(T + 100), NOW)
    assert len(replay) == 2 and replay.contains(b"\x11" * 16, T, b"\x01" * 8)
    assert replay.prune(forget_after(T)) == 0  # kept up to and including keep_until
    assert replay.prune(forget_after(T) + 1) == 1
    assert not replay.contains(b"\x11" * 16, T, b"\x01" * 8)
    assert replay.contains(b"\x11" * 16, T + 100, b"\x02" * 8)
    # remember() prunes too, so the table never grows without bound.
    later = forget_after(T + 100) + 1
    replay.remember(b"\x22" * 16, later // 30, b"\x03" * 8, forget_after(later // 30), later)
    assert len(replay) == 1
    db.close()


def test_trust_documents_and_delta_chain_are_restored(tmp_path, signers):
    path = tmp_path / "kiosk.sqlite"
    anchor = signers["anchor"]
    db = CacheDatabase(path)
    archive = SqliteTrustDocumentArchive(db)
    store = TrustStore(anchor.spki, archive)
    assert store.apply(TRUST, trust_list(anchor, [], seq=3)).accepted
    assert store.apply(TRUST, trust_list(anchor, [], seq=4)).accepted
    assert store.apply(REVOCATION, revocation_list(anchor, [R1], seq=10)).accepted
    delta = revocation_delta(anchor, base=10, seq=11, add=[R2])
    assert store.apply(REVOCATION, delta).accepted
    # Refused documents are never stored.
    assert store.apply(REVOCATION, revocation_list(anchor, [], seq=9)) is (
        TrustUpdateOutcome.REFUSED_ROLLBACK
    )
    assert [doc.seq for doc in archive.documents("trust")] == [4]
    assert [doc.seq for doc in archive.documents("revocation")] == [10, 11]
    db.close()

    db = CacheDatabase(path)
    restored = TrustStore(anchor.spki, SqliteTrustDocumentArchive(db))
    assert restored.state.trust_list.seq == 4
    assert restored.state.revocations.seq == 11
    assert restored.state.revocations.rids == {R1, R2}
    # The held bytes are the delta's, so re-sending it changes nothing.
    assert restored.apply(REVOCATION, delta) is TrustUpdateOutcome.UNCHANGED
    # A new full list starts the chain again.
    assert restored.apply(REVOCATION, revocation_list(anchor, [], seq=12)).accepted
    assert [doc.seq for doc in SqliteTrustDocumentArchive(db).documents("revocation")] == [12]
    db.close()


def test_seq_beyond_sqlite_integers_is_stored(tmp_path, signers):
    anchor = signers["anchor"]
    db = CacheDatabase(tmp_path / "kiosk.sqlite")
    store = TrustStore(anchor.spki, SqliteTrustDocumentArchive(db))
    assert store.apply(TRUST, trust_list(anchor, [], seq=2**64 - 1)).accepted
    assert SqliteTrustDocumentArchive(db).documents("trust")[0].seq == 2**64 - 1
    db.close()
