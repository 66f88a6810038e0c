"""A kiosk and a clerk console in one process, signaling through the real reference platform.

Media flows peer to peer over 127.0.0.1; the pattern cameras let each side
check it shows the other side's frames, in order.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import av
import httpx
import pytest
from cryptography.hazmat.primitives import hashes

from drivers.simulated.pattern_camera import read_pattern
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.audio import CountingAudioSink, ToneAudioSource
from kiosk.remote_window.clerk_account import ClerkAccount
from kiosk.remote_window.clerk_call import ClerkCall
from kiosk.remote_window.kiosk_call import HelpContext, KioskCall
from tests.platform.payloads import new_key, post_write, social_security_print

from .conftest import (
    CLERK_FIRST,
    DOCUMENT_FIRST,
    KIOSK_FIRST,
    KIOSK_ID,
    EventLog,
    pattern_counter,
    wait_until,
)

CONTEXT = HelpContext("SH-HUJI-001", "Household registration", "form")


@dataclass
class Call:
    kiosk: KioskCall
    clerk: ClerkCall
    kiosk_events: EventLog
    clerk_events: EventLog
    kiosk_speaker: CountingAudioSink
    clerk_speaker: CountingAudioSink
    account: ClerkAccount
    call_id: str


@pytest.fixture
def call(rw_platform, media_loop, cameras, tmp_path):
    """A call in progress: the clerk took the kiosk's request and both see video."""
    account = ClerkAccount.sign_in(rw_platform.url, "clerk01", "window-demo-01")
    kiosk_events, clerk_events = EventLog(), EventLog()
    kiosk_speaker, clerk_speaker = CountingAudioSink(), CountingAudioSink()
    clerk = ClerkCall(
        media_loop, rw_platform.url, account.token, clerk_events, cameras["clerk"],
        ToneAudioSource(330), clerk_speaker, recordings_dir=tmp_path / "recordings",
    )  # fmt: skip
    kiosk = KioskCall(
        media_loop, rw_platform.url, KIOSK_ID, kiosk_events, cameras["kiosk"],
        cameras["document"], ToneAudioSource(440), kiosk_speaker,
    )  # fmt: skip
    try:
        clerk.connect()
        clerk_events.wait_for(ev.ClerkStatus)
        clerk.set_available(True)
        clerk_events.wait_for(ev.ClerkStatus, lambda e: e.available)
        kiosk.request_help(CONTEXT)
        kiosk_events.wait_for(ev.Queued)
        ringing = clerk_events.wait_for(ev.Ringing)
        assert ringing.kiosk_id == KIOSK_ID and ringing.service_title == CONTEXT.service_title
        clerk.take(ringing.request_id)
        started = clerk_events.wait_for(ev.CallStarted)
        answered = kiosk_events.wait_for(ev.Answered)
        assert answered.call_id == started.call_id
        assert (answered.clerk_name, answered.staff_number) == ("王敏", "0101")
        kiosk_events.wait_for(ev.MediaConnected)
        clerk_events.wait_for(ev.MediaConnected)
        yield Call(kiosk, clerk, kiosk_events, clerk_events, kiosk_speaker, clerk_speaker,
                   account, started.call_id)  # fmt: skip
    finally:
        kiosk.close()
        clerk.close()


def _advances(sink, first: int, frames: int = 10, timeout_s: float = 15.0) -> None:
    """The sink shows frames of the camera counting from `first`, moving forward."""
    start = {}

    def moved() -> bool:
        counter = pattern_counter(sink)
        if counter is None or not first <= counter < first + 1_000_000:
            return False
        start.setdefault("at", counter)
        return counter >= start["at"] + frames

    wait_until(moved, timeout_s, "frames to advance")


def test_call_setup_video_both_ways_and_clerk_hangup_seals_recording(call, rw_platform):
    assert call.kiosk.call_id == call.clerk.call_id == call.call_id
    _advances(call.clerk.resident_video, KIOSK_FIRST)
    _advances(call.kiosk.clerk_video, CLERK_FIRST)
    # Each side's self view shows what it sends.
    assert KIOSK_FIRST <= pattern_counter(call.kiosk.self_view) < CLERK_FIRST
    assert CLERK_FIRST <= pattern_counter(call.clerk.self_view) < DOCUMENT_FIRST
    wait_until(lambda: call.kiosk_speaker.samples > 24000 and call.clerk_speaker.samples > 24000,
               what="audio both ways")  # fmt: skip

    call.kiosk.send_screen({"screen": "form", "title": "t", "fields": [], "buttons": ["next"]})
    mirrored = call.clerk_events.wait_for(ev.ScreenMirrored)
    assert mirrored.screen["buttons"] == ["next"]

    call.clerk.hang_up()
    ended = call.kiosk_events.wait_for(ev.CallEnded)
    assert ended == ev.CallEnded(call.call_id, "clerk")
    assert call.kiosk.call_id is None
    sealed = call.clerk_events.wait_for(ev.RecordingSealed, timeout_s=30)
    assert sealed.call_id == call.call_id and sealed.recording_ref == f"rec-{call.call_id}"

    data = open(sealed.path, "rb").read()
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    assert sealed.sm3 == digest.finalize().hex()
    assert sealed.sha256 == hashlib.sha256(data).hexdigest()
    assert call.account.call(call.call_id)["recording_sm3"] == sealed.sm3

    with av.open(sealed.path) as container:
        counters = []
        for frame in container.decode(video=0):
            read = read_pattern(frame.to_ndarray(format="gray"))
            if read is not None:
                counters.append(read[0])
    assert len(counters) >= 10
    assert all(KIOSK_FIRST <= c < CLERK_FIRST for c in counters)  # the resident, not the clerk
    assert counters == sorted(counters)
    with av.open(sealed.path) as container:
        decoded = [frame.to_ndarray() for frame in container.decode(audio=0)]
    samples = sum(block.shape[-1] for block in decoded)
    assert samples >= 24000  # at least the half second heard before hanging up
    peak = max(float(abs(block).max()) for block in decoded)
    assert peak > 0.005  # the resident's tone, not silence


def _submit_application(platform) -> str:
    """An application from this kiosk, as its outbox would send it: its submission_ref."""
    body = social_security_print(ref=f"{KIOSK_ID}-{uuid.uuid4().hex[:12].upper()}")
    body["kiosk_id"] = KIOSK_ID
    with httpx.Client(base_url=platform.url, headers={"X-Kiosk-Id": KIOSK_ID}) as client:
        response = post_write(client, "/api/v1/applications", body, new_key())
    assert response.status_code == 201, response.text
    return body["submission_ref"]


def test_document_camera_guidance_consent_and_kiosk_hangup(call, rw_platform):
    assert call.clerk.document_video.count == 0
    call.clerk.guide("document_camera", on=True)
    guide = call.kiosk_events.wait_for(ev.GuideReceived, lambda e: e.action == "document_camera")
    assert guide.details.get("on") is True
    changed = call.clerk_events.wait_for(ev.DocumentCameraChanged)
    assert changed.on and changed.available
    _advances(call.clerk.document_video, DOCUMENT_FIRST, frames=5)
    assert call.clerk.document_video.latest()[1].shape == (720, 1280, 3)
    # The resident's camera keeps its own track.
    _advances(call.clerk.resident_video, KIOSK_FIRST)

    mark = call.clerk_events.mark()
    call.kiosk.set_document_camera(False)
    off = call.clerk_events.wait_for(ev.DocumentCameraChanged, after=mark)
    assert not off.on
    stopped_at = call.clerk.document_video.count
    _advances(call.clerk.resident_video, KIOSK_FIRST)
    assert call.clerk.document_video.count <= stopped_at + 2  # in flight when it stopped

    # Guidance round trips through the platform while the media runs.
    call.clerk.guide("fill", field="phone", value="13812345678")
    fill = call.kiosk_events.wait_for(ev.GuideReceived, lambda e: e.action == "fill")
    assert fill.details == {"field": "phone", "value": "13812345678"}
    call.kiosk.answer_fill(fill.guide_id, True)
    assert call.clerk_events.wait_for(ev.FillAnswered) == ev.FillAnswered(
        call.call_id, fill.guide_id, True
    )
    call.clerk.reveal("id_number", "check the applicant")
    ask = call.kiosk_events.wait_for(ev.GuideReceived, lambda e: e.action == "reveal")
    assert ask.details["field"] == "id_number"
    call.kiosk.answer_reveal(ask.guide_id, "id_number", "310101199001011234")
    revealed = call.clerk_events.wait_for(ev.Revealed)
    assert (revealed.field, revealed.value) == ("id_number", "310101199001011234")

    # Remote acceptance: the resident's consent travels kiosk -> platform -> both.
    submission_ref = _submit_application(rw_platform)
    acceptance_id = call.account.accept_remotely(call.call_id, submission_ref)
    asked = call.kiosk_events.wait_for(ev.ConsentRequested)
    assert (asked.acceptance_id, asked.submission_ref) == (acceptance_id, submission_ref)
    assert asked.clerk_name == "王敏"
    call.kiosk.answer_consent(acceptance_id, True)
    stored = call.kiosk_events.wait_for(ev.AcceptanceStored)
    assert stored.submission_ref == submission_ref
    assert call.clerk_events.wait_for(ev.AcceptanceStored).acceptance_id == stored.acceptance_id

    call.kiosk.hang_up()
    assert call.clerk_events.wait_for(ev.CallEnded) == ev.CallEnded(call.call_id, "kiosk")
    assert call.kiosk_events.wait_for(ev.CallEnded).by == "kiosk"


def test_network_drop_then_frames_flow_again_after_resume(call, media_loop):
    _advances(call.clerk.resident_video, KIOSK_FIRST)
    clerk_mark, kiosk_mark = call.clerk_events.mark(), call.kiosk_events.mark()
    media_loop.submit(call.kiosk.simulate_network_drop()).result(10)
    call.kiosk_events.wait_for(ev.SignalingLost, after=kiosk_mark)
    call.clerk_events.wait_for(ev.PeerLost, after=clerk_mark)
    call.clerk_events.wait_for(ev.PeerBack, after=clerk_mark, timeout_s=20)
    call.clerk_events.wait_for(ev.MediaConnected, after=clerk_mark, timeout_s=20)
    call.kiosk_events.wait_for(ev.MediaConnected, after=kiosk_mark, timeout_s=20)
    assert call.kiosk.call_id == call.call_id
    _advances(call.clerk.resident_video, KIOSK_FIRST)
    _advances(call.kiosk.clerk_video, CLERK_FIRST)

    # Now the console's network drops: it rejoins, and the kiosk offers again.
    clerk_mark, kiosk_mark = call.clerk_events.mark(), call.kiosk_events.mark()
    media_loop.submit(call.clerk.simulate_network_drop()).result(10)
    call.kiosk_events.wait_for(ev.PeerLost, after=kiosk_mark)
    call.kiosk_events.wait_for(ev.PeerBack, after=kiosk_mark, timeout_s=20)
    call.clerk_events.wait_for(ev.MediaConnected, after=clerk_mark, timeout_s=20)
    _advances(call.clerk.resident_video, KIOSK_FIRST)
    _advances(call.kiosk.clerk_video, CLERK_FIRST)
    assert call.clerk.call_id == call.call_id
    assert not call.kiosk_events.of(ev.CallEnded) and not call.clerk_events.of(ev.CallEnded)


def test_clerk_lost_mid_call_requeues_the_resident(call, media_loop):
    media_loop.submit(call.clerk.simulate_console_lost()).result(10)
    lost = call.kiosk_events.wait_for(ev.PeerLost)
    assert lost.call_id == call.call_id
    requeued = call.kiosk_events.wait_for(ev.Requeued, timeout_s=20)
    assert requeued.position == 1
    assert call.kiosk.call_id is None
    wait_until(lambda: call.kiosk.clerk_video.latest()[1] is None, what="clerk video cleared")
    ended = call.account.call(call.call_id)
    assert ended["ended_by"] == "platform"
