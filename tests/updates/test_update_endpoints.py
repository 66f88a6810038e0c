"""GET /api/v1/updates/...: only repository files by name, never a path out of it."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings
from tests.updates.conftest import MovableClock


def test_metadata_and_targets_are_served_with_consistent_snapshot_names(platform, archives):
    release = platform.publish_release(archives("1.0"), "1.0")
    base = platform.url + "/api/v1/updates"
    root = httpx.get(base + "/metadata/1.root.json")
    assert root.status_code == 200 and root.json()["signed"]["consistent_snapshot"] is True
    timestamp = httpx.get(base + "/metadata/timestamp.json")
    assert timestamp.headers["cache-control"] == "no-store"
    snapshot_version = timestamp.json()["signed"]["meta"]["snapshot.json"]["version"]
    snapshot = httpx.get(base + f"/metadata/{snapshot_version}.snapshot.json").json()
    targets_version = snapshot["signed"]["meta"]["targets.json"]["version"]
    targets = httpx.get(base + f"/metadata/{targets_version}.targets.json").json()
    assert targets["signed"]["targets"]["kiosk-1.0.tar.gz"]["custom"] == {"version": "1.0"}
    archive = httpx.get(base + f"/targets/{release.sha256}.kiosk-1.0.tar.gz")
    assert archive.content == archives("1.0").read_bytes()
    # The next root does not exist yet: 404 is how a client knows it has the newest.
    assert httpx.get(base + "/metadata/2.root.json").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/metadata/..%2Fkeys%2Froot.pem",
        "/metadata/%2E%2E%2F%2E%2E%2Fplatform_signing_key.pem",
        "/metadata/root.pem",
        "/metadata/mirrors.json",
        "/targets/..%2Fkeys%2Froot.pem",
        "/targets/kiosk-1.0.tar.gz",
        "/targets/%2E%2E%2Fmetadata%2Froot.json",
    ],
)
def test_nothing_outside_the_repository_is_served(platform, path):
    response = httpx.get(platform.url + "/api/v1/updates" + path)
    assert response.status_code == 404
    assert b"PRIVATE KEY" not in response.content


def test_the_timestamp_is_renewed_before_it_expires(tmp_path):
    clock = MovableClock()
    settings = PlatformSettings(
        data_dir=tmp_path / "platform", clock=lambda: clock().astimezone(), demo_faces=False
    )
    with EmbeddedPlatform(settings) as platform:
        url = platform.updates_metadata_url + "timestamp.json"
        first = httpx.get(url).json()["signed"]
        clock.advance(hours=6)
        assert httpx.get(url).json()["signed"]["version"] == first["version"]
        clock.advance(hours=7)  # under 12 h of life left: re-signed on request
        renewed = httpx.get(url).json()["signed"]
        assert renewed["version"] == first["version"] + 1
        expires = dt.datetime.fromisoformat(renewed["expires"].replace("Z", "+00:00"))
        assert expires - clock() > dt.timedelta(hours=23)
        clock.advance(days=5)  # the snapshot is renewed too once half its week is gone
        snapshot_version = httpx.get(url).json()["signed"]["meta"]["snapshot.json"]["version"]
        snapshot = json.loads(
            (
                platform.update_repository.metadata_dir / f"{snapshot_version}.snapshot.json"
            ).read_text()
        )
        assert snapshot_version > first["meta"]["snapshot.json"]["version"]
        assert dt.datetime.fromisoformat(
            snapshot["signed"]["expires"].replace("Z", "+00:00")
        ) - clock() > dt.timedelta(days=6)
