"""A platform that answers 500s, garbage or bad catalogs never crashes the kiosk."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.catalog_service import CatalogRefresh, CatalogService
from kiosk.platform_client import PlatformClient, PlatformRejected, PlatformUnavailable
from kiosk.platform_key import PinnedPlatformKey
from offline_cache.catalog_store import CatalogStore
from offline_cache.database import CacheDatabase
from tests.core.catalog_fixtures import seed_catalog_bytes
from tests.integration.scripted_http import ScriptedHttpServer

KEY = Ed25519PrivateKey.generate()
PINNED = PinnedPlatformKey(
    "test-key",
    base64.b64encode(KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode(),
)


def signed(body: bytes, key=KEY, key_id="test-key") -> dict[str, str]:
    signature = base64.b64encode(key.sign(body)).decode()
    return {"X-Catalog-Signature": f"ed25519;key={key_id};sig={signature}", "ETag": '"v"'}


@pytest.fixture
def server():
    with ScriptedHttpServer() as running:
        yield running


@pytest.fixture
def service(tmp_path):
    db = CacheDatabase(tmp_path / "k.sqlite3")
    yield CatalogService(CatalogStore(db), PINNED)
    db.close()


def _good(service, server):
    good = seed_catalog_bytes()
    server.answer(200, good, signed(good))
    assert service.refresh(PlatformClient(server.url, "K")) is CatalogRefresh.UPDATED
    return service.catalog.version


def test_malformed_catalog_is_refused_and_the_last_good_one_stays(service, server, caplog):
    version = _good(service, server)
    raw = json.loads(seed_catalog_bytes())
    raw["version"] = "broken"
    del raw["items"][0]["fields"]
    body = json.dumps(raw).encode()
    server.answer(200, body, signed(body))
    assert service.refresh(PlatformClient(server.url, "K")) is CatalogRefresh.REFUSED_FORMAT
    assert service.catalog.version == version
    assert "missing 'fields'" in caplog.text
    assert service.load_cached().version == version


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Catalog-Signature": "ed25519;key=test-key;sig=!!!"},
        {"X-Catalog-Signature": "rsa;key=test-key;sig=AAAA"},
    ],
)
def test_unsigned_or_badly_signed_catalog_is_refused(service, server, headers):
    version = _good(service, server)
    server.answer(200, seed_catalog_bytes(), headers)
    assert service.refresh(PlatformClient(server.url, "K")) is CatalogRefresh.REFUSED_SIGNATURE
    assert service.catalog.version == version


def test_catalog_signed_by_another_key_is_refused(service, server):
    body = seed_catalog_bytes()
    server.answer(200, body, signed(body, Ed25519PrivateKey.generate()))
    assert service.refresh(PlatformClient(server.url, "K")) is CatalogRefresh.REFUSED_SIGNATURE
    assert service.catalog is None


def test_tampered_cache_is_not_loaded(service, server, tmp_path):
    _good(service, server)
    db = CacheDatabase(tmp_path / "k.sqlite3")
    with db.transaction() as conn:
        conn.execute("UPDATE catalog_snapshot SET body = replace(body, '社保', '社宝')")
    db.close()
    fresh_db = CacheDatabase(tmp_path / "k.sqlite3")
    assert CatalogService(CatalogStore(fresh_db), PINNED).load_cached() is None
    fresh_db.close()


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, b"Internal Server Error"),
        (503, b""),
        (200, b"<html>captive portal</html>"),
        (200, b"[1, 2]"),
        (429, b'{"error": "slow down"}'),
    ],
)
def test_server_faults_become_platform_unavailable(server, status, body):
    server.answer(status, body)
    client = PlatformClient(server.url, "K")
    with pytest.raises(PlatformUnavailable):
        client.create_consent("310115195105120021", "王秀英", "id_card")
    with pytest.raises(PlatformUnavailable):
        client.post_idempotent("/api/v1/ratings", {"grade": 5}, "key-123456")


def test_consent_answer_without_a_token_is_unusable(server):
    server.answer(201, b'{"token": 5}')
    with pytest.raises(PlatformUnavailable):
        PlatformClient(server.url, "K").create_consent("310115195105120021", "王秀英", "id_card")


def test_refusals_carry_the_platform_error_code(server):
    server.answer(422, b'{"error": "reasons_required", "detail": "grade 1"}')
    with pytest.raises(PlatformRejected) as refused:
        PlatformClient(server.url, "K").post_idempotent("/api/v1/ratings", {}, "key-123456")
    assert (refused.value.status, refused.value.error) == (422, "reasons_required")


def test_nobody_listening_is_platform_unavailable():
    client = PlatformClient("http://127.0.0.1:9", "K", timeout=(0.5, 0.5))
    with pytest.raises(PlatformUnavailable):
        client.fetch_catalog(None)


def test_sync_worker_survives_garbage_and_keeps_the_record(tmp_path, server):
    from kiosk.sync_worker import SyncWorker
    from offline_cache.outbox import Outbox, OutboxState
    from offline_cache.sealed_box import SealedBox

    db = CacheDatabase(tmp_path / "s.sqlite3")
    outbox = Outbox(db, SealedBox.from_key_file(tmp_path / "key"))
    key = outbox.enqueue("rating", "/api/v1/ratings", {"grade": 5})
    client = PlatformClient(server.url, "K")
    worker = SyncWorker(outbox, client, CatalogService(CatalogStore(db), PINNED), dict)
    for status, body in ((500, b"oops"), (200, b"not json"), (200, b"[]")):
        server.answer(status, body)
        db.query("UPDATE outbox SET next_attempt_at = 0")
        assert worker.deliver_due() == 0
        assert outbox.get(key).state is OutboxState.PENDING
    assert outbox.get(key).attempts == 3
    server.answer(201, b'{"rating_id": 1}')
    db.query("UPDATE outbox SET next_attempt_at = 0")
    assert worker.deliver_due() == 1
    db.close()
