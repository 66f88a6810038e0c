"""KioskCore.identify_by_face against the real reference platform over HTTP."""

import logging

import pytest

from kiosk.face_capture import FaceCapture
from kiosk.face_check import FaceCheckOutcome, outcome_of_refusal
from kiosk.identity import IdentificationMethod
from kiosk.session import ResidentSession, SessionState
from tests.core.face_pictures import portrait_crop, portrait_frame

WANG = "310115195105120021"
LI = "310104196809030118"


@pytest.fixture(scope="module")
def astronaut_photo() -> bytes:
    capture = FaceCapture()
    frame = portrait_frame()
    while (step := capture.feed(frame)).jpeg is None:
        pass
    return step.jpeg


def _session() -> ResidentSession:
    session = ResidentSession()
    session.go(SessionState.IDENTIFYING)
    return session


def test_match_identifies_and_fetches_records(core, platform, astronaut_photo, caplog):
    platform.state.faces.enrol(WANG, portrait_crop())
    assert core.face_checks_offered() is True
    session = _session()
    caplog.set_level(logging.DEBUG)
    assert core.identify_by_face(session, WANG, astronaut_photo) is FaceCheckOutcome.MATCHED
    assert session.identity.method is IdentificationMethod.FACE
    assert session.identity.name == "王秀英" and session.records_available
    assert session.consent_token
    assert WANG not in caplog.text  # no ID numbers in the logs


def test_refusals_are_named(core, platform, astronaut_photo):
    session = _session()
    # Li is enrolled with his synthetic portrait; the astronaut is not him.
    assert core.identify_by_face(session, LI, astronaut_photo) is FaceCheckOutcome.NO_MATCH
    assert session.identity is None and not session.records_available
    assert (
        core.identify_by_face(session, "11010519491231002X", astronaut_photo)
        is FaceCheckOutcome.UNKNOWN_RESIDENT
    )
    assert core.identify_by_face(session, WANG[:-1] + "9", astronaut_photo) is (
        FaceCheckOutcome.BAD_NUMBER
    )  # refused at the kiosk, never sent
    assert core.identify_by_face(session, LI, b"not a jpeg") is FaceCheckOutcome.PHOTO_UNUSABLE
    for _ in range(2):
        core.identify_by_face(session, LI, astronaut_photo)
    assert core.identify_by_face(session, LI, astronaut_photo) is FaceCheckOutcome.LOCKED


def test_platform_down_is_unreachable(core, platform, astronaut_photo):
    platform.stop()
    session = _session()
    outcome = core.identify_by_face(session, WANG, astronaut_photo)
    assert outcome is FaceCheckOutcome.PLATFORM_UNREACHABLE


def test_an_unknown_refusal_code_fails_closed():
    assert outcome_of_refusal("something_new") is FaceCheckOutcome.NO_MATCH
