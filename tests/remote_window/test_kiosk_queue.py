"""A resident waiting in the queue: no answer in time, a call-back instead, or leaving."""

from __future__ import annotations

import pytest

from kiosk.remote_window import call_events as ev
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall
from reference_platform.server import EmbeddedPlatform
from reference_platform.settings import PlatformSettings

from .conftest import KIOSK_ID, EventLog

CONTEXT = HelpContext("SH-HUJI-001", "Household registration", "form", elderly=True)


@pytest.fixture
def impatient_platform(tmp_path):
    settings = PlatformSettings(
        data_dir=tmp_path / "platform", demo_clerks=True, demo_faces=False, demo_codes=False,
        help_answer_deadline_s=1.0,
    )  # fmt: skip
    with EmbeddedPlatform(settings) as running:
        yield running


def test_no_answer_then_call_back_booked(impatient_platform, media_loop):
    events = EventLog()
    kiosk = KioskCall(media_loop, impatient_platform.url, KIOSK_ID, events, None, None)
    try:
        kiosk.request_help(CONTEXT)
        queued = events.wait_for(ev.Queued)
        assert queued.position == 1 and queued.expected_wait_s > 0
        no_answer = events.wait_for(ev.NoAnswer)
        assert no_answer == ev.NoAnswer(queued.request_id, "12345")
        kiosk.request_callback("13812345678")
        assert events.wait_for(ev.CallbackBooked) == ev.CallbackBooked(queued.request_id)
    finally:
        kiosk.close()


def test_leaving_the_queue_stops_the_ringing(rw_platform, media_loop):
    account = ClerkAccount.sign_in(rw_platform.url, "clerk01", "window-demo-01")
    kiosk_events, clerk_events = EventLog(), EventLog()
    clerk = ClerkCall(media_loop, rw_platform.url, account.token, clerk_events, None)
    kiosk = KioskCall(media_loop, rw_platform.url, KIOSK_ID, kiosk_events, None, None)
    try:
        clerk.connect()
        clerk_events.wait_for(ev.ClerkStatus)
        clerk.set_available(True)
        kiosk.request_help(CONTEXT)
        ringing = clerk_events.wait_for(ev.Ringing)
        assert ringing.elderly is True
        kiosk.cancel()
        assert clerk_events.wait_for(ev.RingCancelled).request_id == ringing.request_id
        assert kiosk.request_id is None and kiosk.call_id is None
    finally:
        kiosk.close()
        clerk.close()
