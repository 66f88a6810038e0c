"""GET /api/v1/kiosk-policy (signed) and PUT /api/v1/admin/kiosk-policy."""

from __future__ import annotations

import json

import httpx
import pytest

from kiosk.platform_key import PinnedPlatformKey
from kiosk.technician_access import hash_pin
from reference_platform import EmbeddedPlatform

POLICY = "/api/v1/kiosk-policy"
ADMIN_POLICY = "/api/v1/admin/kiosk-policy"


def admin(platform: EmbeddedPlatform) -> dict[str, str]:
    return {"Authorization": f"Admin {platform.admin_token}"}


def test_the_policy_is_signed_with_the_pinned_key(client: httpx.Client, platform) -> None:
    response = client.get(POLICY)
    assert response.status_code == 200
    key = PinnedPlatformKey(platform.key_id, platform.public_key_b64)
    key.verify_header(response.content, response.headers["X-Policy-Signature"])
    assert json.loads(response.content)["format"] == "kiosk-policy/1"


def test_each_change_is_a_new_version(client: httpx.Client, platform) -> None:
    before = json.loads(client.get(POLICY).content)["version"]
    changed = client.put(
        ADMIN_POLICY,
        json={
            "technician_pin_hash": hash_pin("802468"),
            "blanking": [{"start": "22:00", "end": "07:00"}],
        },
        headers=admin(platform),
    )
    assert changed.status_code == 200, changed.text
    after = json.loads(client.get(POLICY).content)
    assert after["version"] == before + 1
    assert after["blanking"] == [{"start": "22:00", "end": "07:00"}]
    assert "802468" not in json.dumps(after)


@pytest.mark.parametrize(
    "change",
    [
        {"technician_pin_hash": "802468"},  # a PIN in clear is never accepted
        {"blanking": [{"start": "24:00", "end": "07:00"}]},
        {"blanking": [{"start": "7am", "end": "9pm"}]},
    ],
)
def test_bad_changes_are_refused(client: httpx.Client, platform, change: dict) -> None:
    assert client.put(ADMIN_POLICY, json=change, headers=admin(platform)).status_code == 422


def test_only_the_administrator_changes_it(client: httpx.Client) -> None:
    assert client.put(ADMIN_POLICY, json={"blanking": []}).status_code == 401
    wrong = client.put(ADMIN_POLICY, json={"blanking": []}, headers={"Authorization": "Admin x"})
    assert wrong.status_code == 403
