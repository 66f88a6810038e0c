"""Codes the reference platform issues, verified offline by the kiosk core."""

import dataclasses
import datetime as dt

import pytest

from kiosk.clock import SHANGHAI
from kiosk.kiosk_core import KioskCore
from kiosk.suishen import TrustDocumentKind, TrustUpdateOutcome, VerificationResult

WANG = "310115195105120021"
LI = "310104196809030118"


@pytest.fixture
def suishen_config(kiosk_config, platform):
    return dataclasses.replace(kiosk_config, suishen_anchor_spki=platform.trust_anchor_spki_hex)


@pytest.fixture
def suishen_core(suishen_config):
    core = KioskCore(suishen_config)
    outcomes = core.suishen_sync.refresh()
    assert set(outcomes.values()) == {TrustUpdateOutcome.ACCEPTED}
    yield core
    core.shutdown()


@pytest.mark.parametrize("alg", ["SM2", "ES256"])
@pytest.mark.parametrize("profile", ["S", "D"])
def test_issued_codes_verify_offline(suishen_core, platform, profile, alg):
    code = platform.issue_demo_code(WANG, "valid", profile, alg)
    platform.stop()  # verification needs no network
    verification = suishen_core.verify_code(code.qr)
    assert verification.result is VerificationResult.VALID
    assert verification.claims.nm == "王*英"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("expired", VerificationResult.EXPIRED),
        ("forged", VerificationResult.BAD_SIGNATURE),
        ("tampered", VerificationResult.BAD_SIGNATURE),
    ],
)
def test_bad_codes_get_their_named_verdict(suishen_core, platform, kind, expected):
    code = platform.issue_demo_code(WANG, kind, "S", "SM2")
    assert suishen_core.verify_code(code.qr).result is expected


def test_revocation_arrives_by_sync_and_a_reissue_revokes_the_old_code(suishen_core, platform):
    client = suishen_core.client
    token = client.create_consent(WANG, "王秀英", "id_card")
    old = client.issue_suishen_code(token, "S", "SM2")["qr"]
    suishen_core.suishen_sync.refresh()
    assert suishen_core.verify_code(old).result is VerificationResult.VALID
    new = client.issue_suishen_code(token, "S", "ES256")["qr"]
    outcomes = suishen_core.suishen_sync.refresh()
    assert outcomes[TrustDocumentKind.REVOCATION_LIST] is TrustUpdateOutcome.ACCEPTED
    assert suishen_core.verify_code(old).result is VerificationResult.REVOKED
    assert suishen_core.verify_code(new).result is VerificationResult.VALID
    revoked = platform.issue_demo_code(WANG, "revoked", "S", "SM2")
    suishen_core.suishen_sync.refresh()
    assert suishen_core.verify_code(revoked.qr).result is VerificationResult.REVOKED


def test_unchanged_documents_are_not_downloaded_again(suishen_core):
    outcomes = suishen_core.suishen_sync.refresh()
    assert set(outcomes.values()) == {None}  # ETag / since: nothing new
    age = suishen_core.suishen_sync.age()
    assert age.last_sync_at is not None and age.trust_list_seq is not None


def test_dynamic_code_replayed_after_a_restart(suishen_core, suishen_config, platform):
    code = platform.issue_demo_code(WANG, "valid", "D", "SM2")
    assert suishen_core.verify_code(code.qr).result is VerificationResult.VALID
    suishen_core.shutdown()
    restarted = KioskCore(suishen_config)
    try:
        assert restarted.verify_code(code.qr).result is VerificationResult.REPLAYED
    finally:
        restarted.shutdown()


def test_expired_trust_data_gives_stale_and_no_data_gives_stale(suishen_core, suishen_config, platform):
    code = platform.issue_demo_code(LI, "valid", "D", "ES256")
    next_month = dt.datetime.now(SHANGHAI) + dt.timedelta(days=30)
    later = KioskCore(suishen_config, clock=lambda: next_month)
    try:
        assert later.verify_code(code.qr).result is VerificationResult.STALE_TRUST_DATA
    finally:
        later.shutdown()
    blank = KioskCore(dataclasses.replace(suishen_config, data_dir=suishen_config.data_dir.parent / "blank"))
    try:
        assert blank.verify_code(code.qr).result is VerificationResult.STALE_TRUST_DATA
    finally:
        blank.shutdown()


def test_a_trust_list_from_another_anchor_is_refused_and_the_old_one_kept(suishen_core, tmp_path):
    from reference_platform.server import EmbeddedPlatform
    from reference_platform.settings import PlatformSettings

    with EmbeddedPlatform(PlatformSettings(data_dir=tmp_path / "impostor")) as impostor:
        foreign = impostor.trust_list_cose()
    before = suishen_core.suishen_trust.state.trust.seq
    outcome = suishen_core.suishen_trust.apply(TrustDocumentKind.TRUST_LIST, foreign)
    assert outcome is TrustUpdateOutcome.REFUSED_SIGNATURE
    assert suishen_core.suishen_trust.state.trust.seq == before


def test_trust_data_command_reports_age_and_freshness(suishen_config, platform, tmp_path, capsys):
    import json

    from kiosk.trust_report import trust_data_command

    config_path = tmp_path / "kiosk.json"
    suishen_config.save(config_path)
    assert trust_data_command(config_path, refresh=False) == 1  # nothing synced yet
    assert json.loads(capsys.readouterr().out)["fresh"] is False
    assert trust_data_command(config_path, refresh=True) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fresh"] is True and report["trust_list"]["seq"] is not None
    assert report["refresh"] == {"trust": "ACCEPTED", "revocation": "ACCEPTED"}
