import pytest

from kiosk.identity import IdentificationMethod, ResidentIdentity
from kiosk.idle_watch import ELDERLY_IDLE_FACTOR, IdlePhase, IdlePolicy, IdleWatch
from kiosk.session import CapturedMaterial, ResidentSession, SessionState, TransitionRefused


class FakeMonotonic:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_idle_warns_then_expires_and_a_touch_resets():
    clock = FakeMonotonic()
    watch = IdleWatch(IdlePolicy(60, 15), clock)
    clock.now += 59
    assert watch.phase()[0] is IdlePhase.ACTIVE
    clock.now += 2
    phase, left = watch.phase()
    assert phase is IdlePhase.WARNING and left == pytest.approx(14)
    watch.touch()
    assert watch.phase()[0] is IdlePhase.ACTIVE
    clock.now += 75
    assert watch.phase()[0] is IdlePhase.EXPIRED


def test_elderly_mode_doubles_both_timers():
    policy = IdlePolicy().scaled(ELDERLY_IDLE_FACTOR)
    assert (policy.idle_s, policy.countdown_s) == (120, 30)


def test_journey_transitions_and_refusals():
    session = ResidentSession()
    with pytest.raises(TransitionRefused):
        session.go(SessionState.FORM)
    for state in (
        SessionState.IDENTIFYING,
        SessionState.CHOOSING,
        SessionState.GUIDE,
        SessionState.FORM,
        SessionState.MATERIALS,
        SessionState.REVIEW,
        SessionState.SUBMITTED,
        SessionState.RATING,
        SessionState.IDLE,
    ):
        session.go(state)
    assert session.state is SessionState.IDLE


def test_help_returns_to_where_the_resident_was():
    session = ResidentSession()
    session.go(SessionState.IDENTIFYING)
    session.go(SessionState.CHOOSING)
    session.go(SessionState.HELP)
    with pytest.raises(TransitionRefused):
        session.go(SessionState.REVIEW)
    session.go(SessionState.CHOOSING)
    assert session.state is SessionState.CHOOSING


def test_leaving_unfinished_is_asked_why_but_not_after_submitting():
    session = ResidentSession()
    session.go(SessionState.IDENTIFYING)
    session.go(SessionState.CHOOSING)
    assert session.should_ask_why_leaving()
    session.go(SessionState.LEAVING)
    assert session.left_from is SessionState.CHOOSING


def test_wipe_forgets_every_personal_datum():
    session = ResidentSession()
    session.identity = ResidentIdentity(IdentificationMethod.ID_CARD, "王秀英", "310115195105120021")
    session.consent_token = "t" * 40
    session.records = {"phone": "13917650321"}
    records = session.records
    material = CapturedMaterial("id_card", "image/jpeg", b"\xff\xd8personal")
    session.materials["id_card"] = material
    session.signature_png = b"png"
    assert session.holds_personal_data()
    session.wipe()
    assert not session.holds_personal_data()
    assert records == {}  # containers shared with widgets are emptied, not just dropped
    assert material.data == b""
    assert session.state is SessionState.IDLE
