"""Device enrolment and signed calls: the real KioskCore and PlatformClient over HTTP."""

from __future__ import annotations

import base64
import dataclasses
import json
import stat
import time

import pytest

import main
from kiosk.catalog_service import CatalogRefresh
from kiosk.device_identity import (
    CREDENTIAL_FILE,
    KEY_FILE,
    PENDING_KEY_FILE,
    DeviceRequestSigner,
    enrol,
    load_credential,
    pending_key,
)
from kiosk.identity import IdentificationMethod, ResidentIdentity
from kiosk.kiosk_core import KioskCore, RecordsOutcome
from kiosk.platform_client import DeviceRefused, DeviceStanding, PlatformClient, PlatformRejected
from kiosk.session import ResidentSession
from offline_cache.outbox import OutboxState
from tests.integration.test_core_with_platform import ready_application

LOCATION = "浦东新区潍坊街道社区事务受理中心 1F"


@pytest.fixture
def enforcing(platform):
    platform.require_device_signatures = True
    return platform


def _enrolled_core(kiosk_config, platform) -> KioskCore:
    enrol(kiosk_config, platform.create_enrolment_code(), LOCATION)
    return KioskCore(kiosk_config)


def test_an_enrolled_kiosk_signs_every_call_end_to_end(enforcing, kiosk_config):
    unenrolled = KioskCore(kiosk_config)
    try:
        with pytest.raises(DeviceRefused) as refused:
            unenrolled.client.heartbeat(
                {"app_version": "0.1.0", "outbox_pending": 0, "sent_at": "x"}
            )
        assert refused.value.standing is DeviceStanding.UNENROLLED
        assert unenrolled.catalog_service.refresh(unenrolled.client) is not CatalogRefresh.UPDATED
    finally:
        unenrolled.shutdown()

    core = _enrolled_core(kiosk_config, enforcing)
    try:
        # GET with If-None-Match, consent POST, records with Authorization, the
        # idempotent application POST, a GET with a query, the heartbeat.
        session = ready_application(core)
        assert session.records["phone"]
        assert core.catalog_service.refresh(core.client) is CatalogRefresh.UNCHANGED
        receipt = core.submit(session)
        assert core.sync.deliver_due() == 1
        assert core.delivery_status(receipt.submission_ref).state is OutboxState.DELIVERED
        status = core.client.application_status(receipt.submission_ref, receipt.check_code)
        assert status["submission_ref"] == receipt.submission_ref
        core.sync._send_heartbeat()
        assert core.sync.platform_reachable is True and core.sync.device_refusal is None
    finally:
        core.shutdown()
    device = enforcing.state.devices.devices_of(kiosk_config.kiosk_id)[0]
    assert device.location == LOCATION and device.revoked_at is None
    assert device.hardware["app_version"] == kiosk_config.app_version
    assert {"devices", "os", "machine"} <= set(device.hardware)


def test_the_device_key_is_owner_only_and_never_shown(enforcing, kiosk_config):
    credential = enrol(kiosk_config, enforcing.create_enrolment_code())
    key_path = kiosk_config.data_dir / KEY_FILE
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE((kiosk_config.data_dir / CREDENTIAL_FILE).stat().st_mode) == 0o600
    assert not (kiosk_config.data_dir / PENDING_KEY_FILE).exists()
    secret_b64 = base64.b64encode(key_path.read_bytes()).decode()
    assert secret_b64 not in repr(credential)
    document = json.loads((kiosk_config.data_dir / CREDENTIAL_FILE).read_text(encoding="utf-8"))
    assert document["device_id"] == credential.device_id
    assert secret_b64 not in json.dumps(document)


def test_the_enrol_command(enforcing, kiosk_config, tmp_path, capsys):
    config_path = tmp_path / "kiosk.json"
    kiosk_config.save(config_path)
    argv = ["enrol", "--config", str(config_path), "--location", LOCATION]
    assert main.main([*argv, "--code", "ABCD-EFGH"]) == 1
    assert "enrolment_code_invalid" in capsys.readouterr().err
    code = enforcing.create_enrolment_code(kiosk_id=kiosk_config.kiosk_id)
    assert main.main([*argv, "--code", code.lower()]) == 0
    out = capsys.readouterr().out
    credential = load_credential(kiosk_config)
    assert credential is not None and credential.device_id in out
    key_b64 = base64.b64encode((kiosk_config.data_dir / KEY_FILE).read_bytes()).decode()
    assert key_b64 not in out
    # The kiosk started from that file signs its calls.
    core = KioskCore(kiosk_config)
    try:
        assert core.catalog_service.refresh(core.client) is CatalogRefresh.UPDATED
    finally:
        core.shutdown()
    assert main.main(["enrol", "--config", str(tmp_path / "missing.json"), "--code", "X"]) == 2


def test_a_lost_enrolment_answer_is_asked_for_again(enforcing, kiosk_config):
    code = enforcing.create_enrolment_code()
    key = pending_key(kiosk_config.data_dir)
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    client = PlatformClient(enforcing.url, kiosk_config.kiosk_id)
    # The platform registered it, but the kiosk never heard (timeout, power cut).
    lost = client.enrol_device(
        {
            "code": code,
            "kiosk_id": kiosk_config.kiosk_id,
            "public_key": {"alg": "ed25519", "key": public},
        }
    )
    client.close()
    credential = enrol(kiosk_config, code)
    assert credential.device_id == lost["device_id"]


def test_enrolling_again_replaces_the_key_and_revokes_the_old_device(enforcing, kiosk_config):
    first = enrol(kiosk_config, enforcing.create_enrolment_code())
    second = enrol(kiosk_config, enforcing.create_enrolment_code())
    assert second.device_id != first.device_id
    assert second.public_key_b64 != first.public_key_b64
    assert load_credential(kiosk_config).device_id == second.device_id
    assert enforcing.state.devices.device(first.device_id).revoked_at is not None
    # The old credential is refused; the new one works.
    old = PlatformClient(
        enforcing.url, kiosk_config.kiosk_id, device_signer=DeviceRequestSigner(first)
    )
    with pytest.raises(DeviceRefused) as refused:
        old.face_check_service()
    assert refused.value.standing is DeviceStanding.REVOKED
    new = PlatformClient(
        enforcing.url, kiosk_config.kiosk_id, device_signer=DeviceRequestSigner(second)
    )
    assert isinstance(new.face_check_service()["available"], bool)
    old.close()
    new.close()


def test_a_revoked_kiosk_keeps_its_outbox_and_stops_syncing(enforcing, kiosk_config):
    core = _enrolled_core(kiosk_config, enforcing)
    try:
        receipt = core.submit(ready_application(core))
        enforcing.revoke_device(load_credential(kiosk_config).device_id)
        assert core.sync.deliver_due() == 0
        assert core.sync.device_refusal is DeviceStanding.REVOKED
        record = core.outbox.records()[0]
        # The kiosk was refused, not the application: kept for after re-enrolment.
        assert record.state is OutboxState.PENDING and record.last_error == "device_revoked"
        core.db.query("UPDATE outbox SET next_attempt_at = 0")
        assert core.sync.deliver_due() == 0
        assert core.outbox.records()[0].attempts == record.attempts  # not even tried
        # An interactive call is refused with the same named outcome.
        with pytest.raises(PlatformRejected) as refused:
            core.client.face_check_service()
        assert isinstance(refused.value, DeviceRefused)
        assert refused.value.standing is DeviceStanding.REVOKED
        # A resident is not told "you are not registered": it is the kiosk that is refused.
        resident = ResidentIdentity(IdentificationMethod.ID_CARD, "王秀英", "310115195105120021")
        assert core.identify(ResidentSession(), resident) is RecordsOutcome.PLATFORM_UNREACHABLE
        # The background loop parks instead of calling again and again.
        calls = []
        original = core.client._request
        core.client._request = lambda *a, **k: calls.append(a) or original(*a, **k)
        core.start_background_sync()
        time.sleep(0.5)
        assert calls == []
    finally:
        core.shutdown()
    # Re-enrolled and restarted, the kiosk delivers what it kept.
    core = _enrolled_core(kiosk_config, enforcing)
    try:
        core.db.query("UPDATE outbox SET next_attempt_at = 0")
        assert core.sync.deliver_due() == 1
        assert core.delivery_status(receipt.submission_ref).state is OutboxState.DELIVERED
    finally:
        core.shutdown()


def test_an_unenrolled_kiosk_is_refused_and_keeps_its_records(enforcing, kiosk_config):
    enforcing.require_device_signatures = False
    core = KioskCore(kiosk_config)
    try:
        session = ready_application(core)  # while signatures were still optional
        enforcing.require_device_signatures = True
        receipt = core.submit(session)
        assert core.sync.deliver_due() == 0
        assert core.sync.device_refusal is DeviceStanding.UNENROLLED
        assert core.delivery_status(receipt.submission_ref).state is OutboxState.PENDING
    finally:
        core.shutdown()


def test_a_wrong_clock_is_retried_not_parked(enforcing, kiosk_config):
    enrol(kiosk_config, enforcing.create_enrolment_code())
    core = KioskCore(kiosk_config)
    try:
        receipt = core.submit(ready_application(core))
        credential = load_credential(kiosk_config)
        skewed = PlatformClient(
            enforcing.url,
            kiosk_config.kiosk_id,
            device_signer=DeviceRequestSigner(credential, clock=lambda: time.time() - 3600),
        )
        core.sync._client = skewed
        assert core.sync.deliver_due() == 0
        assert core.sync.device_refusal is None  # NTP may fix it: held for retry
        assert core.delivery_status(receipt.submission_ref).state is OutboxState.PENDING
        assert core.outbox.records()[0].last_error == "device_clock_skew"
        skewed.close()
    finally:
        core.shutdown()


def test_config_for_another_kiosk_id_is_not_used(enforcing, kiosk_config):
    enrol(kiosk_config, enforcing.create_enrolment_code())
    moved = dataclasses.replace(kiosk_config, kiosk_id="SH-TEST-0002")
    assert load_credential(moved) is None
