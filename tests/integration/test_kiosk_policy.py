"""The signed kiosk policy: PIN rotation and blanking, trusted only signed and newer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.kiosk_policy import PolicyRefresh, PolicyService, parse_policy
from kiosk.technician_access import PinCheck, TechnicianAccess, hash_pin


class ReplayingClient:
    """Serves a body and signature header the platform once sent."""

    def __init__(self, body: bytes, signature: str | None) -> None:
        self.answer = (body, signature)

    def fetch_policy(self):
        return self.answer


def test_a_rotated_pin_reaches_the_kiosk_and_the_old_one_stops_working(core, platform):
    installed = core.config.technician_pin_hash
    access = TechnicianAccess(core.technician_pin_hash)
    platform.set_kiosk_policy(technician_pin_hash=hash_pin("802468"))
    assert core.policy.refresh(core.client) is PolicyRefresh.UPDATED
    assert core.technician_pin_hash() != installed
    assert access.check("802468") is PinCheck.ACCEPTED
    assert core.policy.refresh(core.client) is PolicyRefresh.UNCHANGED


def test_blanking_windows_span_midnight(core, platform):
    platform.set_kiosk_policy(blanking=[{"start": "22:30", "end": "06:45"}])
    core.policy.refresh(core.client)
    policy = core.policy.policy
    assert policy.blanked_at(dt.time(23, 0)) and policy.blanked_at(dt.time(3, 0))
    assert not policy.blanked_at(dt.time(6, 45)) and not policy.blanked_at(dt.time(12, 0))


def test_unsigned_tampered_and_older_policies_are_refused(core, platform, kiosk_config):
    platform.set_kiosk_policy(technician_pin_hash=hash_pin("802468"))
    old_body, old_signature = core.client.fetch_policy()
    platform.set_kiosk_policy(technician_pin_hash=hash_pin("913579"))
    assert core.policy.refresh(core.client) is PolicyRefresh.UPDATED
    current = core.policy.policy.version

    # An old, genuinely signed policy replayed would bring an old PIN back.
    assert core.policy.refresh(ReplayingClient(old_body, old_signature)) is PolicyRefresh.UNCHANGED
    tampered = old_body.replace(b'"version": ', b'"version": 9')
    assert (
        core.policy.refresh(ReplayingClient(tampered, old_signature))
        is PolicyRefresh.REFUSED_SIGNATURE
    )
    assert core.policy.refresh(ReplayingClient(old_body, None)) is PolicyRefresh.REFUSED_SIGNATURE
    assert core.policy.policy.version == current

    # The kept copy is checked again when loaded; an edited file is not used.
    fresh = PolicyService(kiosk_config.data_dir, kiosk_config.platform_key)
    assert fresh.load_cached().version == current
    path = kiosk_config.data_dir / "kiosk-policy.json"
    held = json.loads(path.read_text())
    held["signature"] = old_signature
    path.write_text(json.dumps(held))
    assert (
        PolicyService(kiosk_config.data_dir, kiosk_config.platform_key).load_cached().version == 0
    )


def test_a_catalog_is_never_taken_for_a_policy(core):
    body = core.client.fetch_catalog(None).body
    with pytest.raises(ValueError, match="format"):
        parse_policy(body)
