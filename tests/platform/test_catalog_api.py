"""GET /api/v1/catalog: ETag, 304 and the Ed25519 signature; GET /api/v1/platform-key."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reference_platform import EmbeddedPlatform, PlatformSettings, platform_public_key
from reference_platform.seed import SeedError
from reference_platform.signing import KEY_FILE_NAME


def _parse_signature(header: str) -> tuple[str, bytes]:
    alg, key_part, sig_part = header.split(";")
    assert alg == "ed25519"
    assert key_part.startswith("key=") and sig_part.startswith("sig=")
    return key_part[4:], base64.b64decode(sig_part[4:])


def _served_key(client: httpx.Client) -> tuple[str, Ed25519PublicKey]:
    body = client.get("/api/v1/platform-key").json()
    assert body["alg"] == "ed25519"
    raw = base64.b64decode(body["public_key"])
    assert len(raw) == 32
    return body["key_id"], Ed25519PublicKey.from_public_bytes(raw)


def test_catalog_body_etag_and_304(client: httpx.Client) -> None:
    first = client.get("/api/v1/catalog")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/json")
    assert first.headers["etag"] == '"' + hashlib.sha256(first.content).hexdigest() + '"'
    catalog = json.loads(first.content)
    assert catalog["format"] == "kiosk-catalog/1"

    not_modified = client.get("/api/v1/catalog", headers={"If-None-Match": first.headers["etag"]})
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    stale = client.get("/api/v1/catalog", headers={"If-None-Match": '"' + "0" * 64 + '"'})
    assert stale.status_code == 200
    assert stale.content == first.content


def test_signature_verifies_with_served_key_and_fails_on_a_flipped_byte(
    client: httpx.Client,
) -> None:
    response = client.get("/api/v1/catalog")
    key_id, signature = _parse_signature(response.headers["x-catalog-signature"])
    served_key_id, public_key = _served_key(client)
    assert key_id == served_key_id

    public_key.verify(signature, response.content)  # raises if invalid

    tampered = bytearray(response.content)
    tampered[len(tampered) // 2] ^= 0x01
    with pytest.raises(InvalidSignature):
        public_key.verify(signature, bytes(tampered))


def test_pinnable_key_matches_served_key(platform: EmbeddedPlatform, client: httpx.Client) -> None:
    served_key_id, public_key = _served_key(client)
    pinned = platform_public_key(platform.settings.data_dir)
    assert (pinned.key_id, pinned.public_key_b64) == (platform.key_id, platform.public_key_b64)
    assert served_key_id == pinned.key_id
    assert base64.b64decode(pinned.public_key_b64) == public_key.public_bytes_raw()


def test_catalog_requires_kiosk_id(platform: EmbeddedPlatform) -> None:
    response = httpx.get(platform.url + "/api/v1/catalog")
    assert response.status_code == 400
    assert response.json()["error"] == "kiosk_id_required"


def test_replaced_catalog_gets_new_etag_and_signature(tmp_path: Path) -> None:
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as running:
        client = httpx.Client(base_url=running.url, headers={"X-Kiosk-Id": "K-T-1"})
        old = client.get("/api/v1/catalog")
        catalog = json.loads(old.content)
        catalog["version"] = "2026.12.01-1"
        running.replace_catalog(catalog)

        new = client.get("/api/v1/catalog", headers={"If-None-Match": old.headers["etag"]})
        assert new.status_code == 200
        assert new.headers["etag"] != old.headers["etag"]
        assert json.loads(new.content)["version"] == "2026.12.01-1"
        _, signature = _parse_signature(new.headers["x-catalog-signature"])
        _, public_key = _served_key(client)
        public_key.verify(signature, new.content)

        broken = dict(catalog, items=[dict(catalog["items"][0], code="bad code")])
        with pytest.raises(SeedError):
            running.replace_catalog(broken)
        assert client.get("/api/v1/catalog").headers["etag"] == new.headers["etag"]


def test_signing_key_is_private_and_survives_restart(tmp_path: Path) -> None:
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as first:
        key_id = first.key_id
    mode = stat.S_IMODE(os.stat(tmp_path / KEY_FILE_NAME).st_mode)
    assert mode == 0o600
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path)) as second:
        assert second.key_id == key_id


def test_configured_key_is_used_and_not_written(tmp_path: Path) -> None:
    private = Ed25519PrivateKey.generate()
    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path, signing_key=private)) as running:
        body = httpx.get(running.url + "/api/v1/platform-key").json()
    assert base64.b64decode(body["public_key"]) == private.public_key().public_bytes_raw()
    assert not (tmp_path / KEY_FILE_NAME).exists()
