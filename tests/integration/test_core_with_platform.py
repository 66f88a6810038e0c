"""The kiosk core against the real reference platform over HTTP on 127.0.0.1."""

import sqlite3

import pytest

from kiosk.catalog_service import CatalogRefresh
from kiosk.feedback import Grade, LeaveReason, RatingRefused
from kiosk.identity import IdentificationMethod
from kiosk.kiosk_core import NotReadyToSubmit, RecordsOutcome
from kiosk.session import ResidentSession, SessionState
from offline_cache.outbox import OutboxState
from tests.core.catalog_fixtures import identity_of, seed_residents
from tests.form_answers import complete_form


def _wang():
    return next(r for r in seed_residents() if r["name"] == "王秀英")


def identified_session(core, resident=None) -> ResidentSession:
    assert core.catalog_service.refresh(core.client) in (CatalogRefresh.UPDATED, CatalogRefresh.UNCHANGED)
    session = ResidentSession()
    session.go(SessionState.IDENTIFYING)
    assert core.identify(session, identity_of(resident or _wang())) is RecordsOutcome.AVAILABLE
    session.go(SessionState.CHOOSING)
    return session


def ready_application(core, item_code="SB-JFQK-DY"):
    session = identified_session(core)
    item = core.catalog.item(item_code)
    assert core.open_item(session, item) == []
    complete_form(session)
    for material in item.materials:
        if material.required and not (material.e_licence and material.e_licence in session.licences):
            core.add_material(session, material.code, b"\xff\xd8\xff\xe0 jpeg bytes")
    assert core.review(session) == []
    return session


def _platform_rows(platform, sql, params=()):
    path = next(platform.state.settings.data_dir.glob("*.sqlite3"))
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def test_catalog_sync_uses_etag_and_survives_a_restart(core, kiosk_config):
    assert core.catalog_service.refresh(core.client) is CatalogRefresh.UPDATED
    assert core.catalog_service.refresh(core.client) is CatalogRefresh.UNCHANGED
    version = core.catalog.version
    core.shutdown()
    from kiosk.kiosk_core import KioskCore

    reopened = KioskCore(kiosk_config)
    try:
        assert reopened.catalog is not None and reopened.catalog.version == version
    finally:
        reopened.shutdown()


def test_identify_fetches_records_only_with_consent(core):
    session = identified_session(core)
    assert session.records["phone"] == "13917650321"
    assert session.category == "elder"
    assert "hukou_booklet" in session.licences


def test_unknown_resident_continues_without_records(core):
    resident = dict(_wang(), name="王小英")
    session = ResidentSession()
    assert core.identify(session, identity_of(resident)) is RecordsOutcome.NOT_REGISTERED
    assert session.records == {}


def test_submit_delivers_exactly_once_and_wipes_the_payload(core, platform):
    session = ready_application(core)
    receipt = core.submit(session)
    assert receipt.submission_ref.startswith("SH-TEST-0001-")
    assert core.submit(session) is receipt  # a double tap does not submit twice
    assert core.sync.deliver_due() == 1
    status = core.delivery_status(receipt.submission_ref)
    assert status.state is OutboxState.DELIVERED and status.application_no.startswith("SH")
    answer = core.client.application_status(receipt.submission_ref, receipt.check_code)
    assert answer["application_no"] == status.application_no
    assert core.sync.deliver_due() == 0
    assert core.outbox.records()[0].state is OutboxState.DELIVERED
    with pytest.raises(KeyError):
        core.outbox.payload(core.outbox.records()[0].idempotency_key)


def test_submit_refuses_an_incomplete_form(core):
    session = ready_application(core)
    session.form.set_by_resident("phone", "")
    with pytest.raises(NotReadyToSubmit) as refused:
        core.submit(session)
    assert refused.value.findings
    assert core.outbox.records() == []


def test_offline_submit_is_kept_then_delivered_once(core, platform, kiosk_config):
    session = ready_application(core)
    port = platform.port
    platform.stop()
    receipt = core.submit(session)
    assert core.sync.deliver_due() == 0
    record = core.outbox.records()[0]
    assert record.state is OutboxState.PENDING and record.attempts == 1 and record.last_error
    from reference_platform.server import EmbeddedPlatform

    with EmbeddedPlatform(platform.state.settings, port=port):
        # Backoff would wait; a technician's flush (or the next pass) sends it now.
        core.db.query("UPDATE outbox SET next_attempt_at = 0")
        assert core.sync.deliver_due() == 1
        assert core.delivery_status(receipt.submission_ref).state is OutboxState.DELIVERED
        assert core.sync.deliver_due() == 0
        rows = _platform_rows(platform, "SELECT COUNT(*) FROM applications WHERE submission_ref = ?", (receipt.submission_ref,))
        assert rows == [(1,)]


def test_ratings_and_reports_go_through_the_outbox(core, platform):
    session = ready_application(core)
    core.submit(session)
    with pytest.raises(RatingRefused):
        core.rate(session, Grade.VERY_DISSATISFIED, [])
    core.rate(session, Grade.SATISFIED, [])
    other = identified_session(core)
    other.go(SessionState.LEAVING)
    core.report_leaving(other, LeaveReason.MISSING_MATERIAL)
    assert core.sync.deliver_due() == 3
    kinds = sorted(r.kind for r in core.outbox.records(OutboxState.DELIVERED))
    assert kinds == ["application", "rating", "report"]


def test_end_session_revokes_consent(core, platform):
    session = identified_session(core)
    token = session.consent_token
    core.end_session(session)
    assert not session.holds_personal_data()
    core.sync._revoke_pending_consents()
    from kiosk.platform_client import PlatformRejected

    with pytest.raises(PlatformRejected) as refused:
        core.client.fetch_records(token)
    assert refused.value.status == 403


def test_identity_problems(core):
    from kiosk.identity import ResidentIdentity
    from kiosk.kiosk_core import IdentityProblem

    expired = ResidentIdentity(IdentificationMethod.ID_CARD, "张伟", "310110198911250033", id_valid_to="2020-01-01")
    assert core.identity_problem(expired) is IdentityProblem.EXPIRED
    forged = ResidentIdentity(IdentificationMethod.ID_CARD, "张伟", "310110198911250034")
    assert core.identity_problem(forged) is IdentityProblem.BAD_NUMBER
