"""A whole call in the console, with a real kiosk call as the resident."""

from __future__ import annotations

import av
from PySide6.QtCore import Qt

from drivers.simulated.pattern_camera import read_pattern
from kiosk.remote_window import call_events as ev
from kiosk.remote_window.call_recording import file_digests
from tests.ui.clerk.conftest import WAIT_MS, answer_call, signed_in_console
from tests.ui.clerk.test_clerk_widgets import FORM_MIRROR
from ui.clerk.call_view import CallPhase
from ui.clerk.guidance_bar import FillState


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shown_counter(view) -> int | None:
    frame = view.displayed_frame()
    decoded = None if frame is None else read_pattern(frame)
    return None if decoded is None else decoded[0]


def guide_of(qtbot, resident, action: str, count: int = 1) -> ev.GuideReceived:
    def arrived():
        return [g for g in resident.events(ev.GuideReceived) if g.action == action]

    qtbot.waitUntil(lambda: len(arrived()) >= count, timeout=WAIT_MS)
    return arrived()[count - 1]


def test_answer_see_the_resident_guide_and_hear_the_hang_up(
    qtbot, make_console, make_resident, clerk_platform
):
    console = signed_in_console(qtbot, make_console)
    resident = make_resident()
    resident.ask_for_help(elderly=True)
    qtbot.waitUntil(lambda: console.queue.ringing is not None, timeout=WAIT_MS)
    queue = console.queue
    assert queue.ring_service.text() == "老年综合津贴申请"
    assert "elderly" in queue.ring_details.text() and "form" in queue.ring_details.text()
    assert "30" in queue.ring_countdown.text() or "29" in queue.ring_countdown.text()
    click(qtbot, queue.answer_button)
    qtbot.waitUntil(
        lambda: console.work_stack.currentWidget() is console.call_view, timeout=WAIT_MS
    )
    view = console.call_view
    assert view.recording.isVisible()  # recorded from the first moment

    # The resident's own pattern camera, decoded from what the console painted.
    qtbot.waitUntil(lambda: view.phase is CallPhase.CONNECTED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown_counter(view.resident_video) is not None, timeout=WAIT_MS)
    first = shown_counter(view.resident_video)
    qtbot.waitUntil(lambda: (shown_counter(view.resident_video) or -1) > first + 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.self_view.frames_shown > 0, timeout=WAIT_MS)

    # The mirrored screen: the guidance bar offers its fields and buttons.
    resident.call.send_screen({**FORM_MIRROR, "elderly": True})
    qtbot.waitUntil(lambda: "phone" in view.mirror.rows, timeout=WAIT_MS)
    assert view.mirror.rows["phone"].value.text() == "138****5678"

    # Every guidance action reaches the kiosk.
    bar = view.guidance
    bar.highlight_target.setCurrentIndex(bar.highlight_target.findData("next"))
    click(qtbot, bar.highlight_button)
    assert guide_of(qtbot, resident, "highlight").details.get("target") == "next"
    bar.fill_field.setCurrentIndex(bar.fill_field.findData("remark"))
    bar.fill_value.setText("请尽快办理")
    click(qtbot, bar.fill_button)
    fill = guide_of(qtbot, resident, "fill")
    assert (fill.details.get("field"), fill.details.get("value")) == ("remark", "请尽快办理")
    assert bar.fills[-1].state is FillState.PENDING
    resident.call.answer_fill(fill.guide_id, False)
    qtbot.waitUntil(lambda: bar.fills[-1].state is FillState.REFUSED, timeout=WAIT_MS)
    bar.note_text.setText("请把户口簿放在文件台上")
    click(qtbot, bar.note_button)
    assert guide_of(qtbot, resident, "note").details.get("text") == "请把户口簿放在文件台上"
    bar.video_url.setText("http://not-secure.example/v")
    assert not bar.video_button.isEnabled()
    bar.video_url.setText("https://zwdt.sh.gov.cn/guide/upload")
    bar.video_title.setText("上传材料")
    click(qtbot, bar.video_button)
    link = guide_of(qtbot, resident, "video_link")
    assert link.details.get("url") == "https://zwdt.sh.gov.cn/guide/upload"
    assert bar.elderly_on  # the kiosk is in elderly mode
    click(qtbot, bar.elderly_button)
    assert guide_of(qtbot, resident, "elderly_mode").details.get("on") is False

    click(qtbot, bar.document_button)
    assert guide_of(qtbot, resident, "document_camera").details.get("on") is True
    resident.call.set_document_camera(True)
    qtbot.waitUntil(lambda: view.document_on and view.document_view.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.document_view.video.frames_shown > 1, timeout=WAIT_MS)
    assert view.document_view.video.image.width() == 640  # full document resolution
    click(qtbot, view.document_fit_button)
    assert not view.document_view.fit

    # The resident hangs up: the console says so, then the recording is sealed.
    resident.call.hang_up()
    qtbot.waitUntil(lambda: view.phase is CallPhase.ENDED, timeout=WAIT_MS)
    assert view.ended_by == "kiosk"
    assert view.back_button.isVisible() and not view.hang_up_button.isVisible()
    qtbot.waitUntil(lambda: view.recording_sm3 is not None, timeout=WAIT_MS)
    assert "SM3" in view.recording.text() and view.recording_sm3[:16] in view.recording.text()
    (recording,) = (console.data_dir / "recordings").glob("rec-*.mkv")
    assert file_digests(recording)[0] == view.recording_sm3
    # Sound both ways: the resident's voice is in the recording, the clerk's reached the kiosk.
    with av.open(str(recording)) as container:
        assert any(True for _ in container.decode(audio=0))
    assert resident.speaker.samples > 0

    click(qtbot, view.back_button)
    qtbot.waitUntil(
        lambda: (
            len(console.history.calls) == 1
            and console.history.calls[0]["recording_sm3"] is not None
        ),
        timeout=WAIT_MS,
    )
    call = console.history.calls[0]
    assert call["recording_sm3"] == view.recording_sm3
    assert call["ended_by"] == "kiosk"
    assert console.history.row_texts(0)[1] == "老年综合津贴申请"


def test_masked_value_revealed_with_a_reason(qtbot, make_console, make_resident):
    console = signed_in_console(qtbot, make_console)
    resident = make_resident()
    answer_call(qtbot, console, resident)
    mirror = console.call_view.mirror
    resident.call.send_screen(FORM_MIRROR)
    qtbot.waitUntil(lambda: "phone" in mirror.rows, timeout=WAIT_MS)
    assert mirror.rows["phone"].value.text() == "138****5678"
    assert "masked" in mirror.rows["phone"].badges.text()
    click(qtbot, mirror.rows["phone"].reveal_button)
    assert not mirror.reveal_confirm.isEnabled()
    mirror.reveal_reason.setText("核对联系电话")
    click(qtbot, mirror.reveal_confirm)
    reveal = guide_of(qtbot, resident, "reveal")
    assert reveal.details.get("field") == "phone"
    resident.call.answer_reveal(reveal.guide_id, "phone", "13812345678")
    qtbot.waitUntil(lambda: mirror.rows["phone"].value.text() == "13812345678", timeout=WAIT_MS)
    assert mirror.rows["phone"].reveal_button.isHidden()
    assert mirror.rows["name"].value.text() == "王*英"  # only what was asked for


def test_remote_acceptance_refused_then_agreed(qtbot, make_console, make_resident, clerk_platform):
    from tests.ui.clerk.conftest import submitted_application
    from ui.clerk.acceptance_panel import AcceptanceState

    console = signed_in_console(qtbot, make_console)
    resident = make_resident()
    answer_call(qtbot, console, resident)
    panel = console.call_view.acceptance
    resident.call.send_screen(FORM_MIRROR)
    qtbot.waitUntil(lambda: console.call_view.mirror.screen is not None, timeout=WAIT_MS)
    assert not panel.accept_button.isEnabled()  # nothing submitted yet

    ref = submitted_application(clerk_platform, resident.kiosk_id, "SQ-CLERK-0001")
    resident.call.send_screen({**FORM_MIRROR, "screen": "submitted", "submission_ref": ref})
    qtbot.waitUntil(lambda: panel.accept_button.isEnabled(), timeout=WAIT_MS)
    click(qtbot, panel.accept_button)
    qtbot.waitUntil(lambda: len(resident.events(ev.ConsentRequested)) == 1, timeout=WAIT_MS)
    asked = resident.events(ev.ConsentRequested)[0]
    assert asked.submission_ref == ref and asked.staff_number == "0101"
    qtbot.waitUntil(lambda: panel.state is AcceptanceState.AWAITING_CONSENT, timeout=WAIT_MS)
    resident.call.answer_consent(asked.acceptance_id, False)
    qtbot.waitUntil(lambda: panel.state is AcceptanceState.REFUSED, timeout=WAIT_MS)
    assert ref in panel.status.text()

    click(qtbot, panel.accept_button)  # the resident changed their mind
    qtbot.waitUntil(lambda: len(resident.events(ev.ConsentRequested)) == 2, timeout=WAIT_MS)
    resident.call.answer_consent(resident.events(ev.ConsentRequested)[1].acceptance_id, True)
    qtbot.waitUntil(lambda: panel.state is AcceptanceState.ACCEPTED, timeout=WAIT_MS)
    assert "王敏" in panel.status.text() and ref in panel.status.text()
    assert resident.events(ev.AcceptanceStored)[0].submission_ref == ref
    with clerk_platform.state.db.read() as conn:
        row = conn.execute(
            "SELECT status FROM applications WHERE submission_ref = ?", (ref,)
        ).fetchone()
    assert row["status"] == "accepted"

    click(qtbot, console.call_view.hang_up_button)
    qtbot.waitUntil(lambda: console.call_view.phase is CallPhase.ENDED, timeout=WAIT_MS)
    assert console.call_view.ended_by == "clerk"
    qtbot.waitUntil(lambda: len(resident.events(ev.CallEnded)) == 1, timeout=WAIT_MS)


def test_resident_connection_lost_shows_reconnecting(qtbot, make_console, make_resident):
    console = signed_in_console(qtbot, make_console)
    resident = make_resident()
    answer_call(qtbot, console, resident)
    view = console.call_view
    qtbot.waitUntil(lambda: view.phase is CallPhase.CONNECTED, timeout=WAIT_MS)
    console.loop.submit(resident.call.simulate_network_drop())
    qtbot.waitUntil(lambda: view.phase is CallPhase.RESIDENT_RECONNECTING, timeout=WAIT_MS)
    assert "reconnecting" in view.status.text().lower()
    # The kiosk comes back on its own within the grace period.
    qtbot.waitUntil(lambda: view.phase is CallPhase.CONNECTED, timeout=WAIT_MS)


def test_a_second_clerk_never_sees_the_first_clerks_call(
    qtbot, make_console, make_resident, clerk_platform
):
    clerk_platform.app.state.clerks.add(
        "clerk03", "window-demo-03", "clerk-03", "张伟", "0103", "clerk", ["personal"], ["zh"]
    )
    first = signed_in_console(qtbot, make_console)
    second = signed_in_console(qtbot, make_console, "clerk03", "window-demo-03")
    resident = make_resident()
    resident.ask_for_help()
    qtbot.waitUntil(
        lambda: first.queue.ringing is not None or second.queue.ringing is not None,
        timeout=WAIT_MS,
    )
    taker, other = (first, second) if first.queue.ringing is not None else (second, first)
    click(qtbot, taker.queue.answer_button)
    qtbot.waitUntil(lambda: taker.work_stack.currentWidget() is taker.call_view, timeout=WAIT_MS)
    assert other.queue.ringing is None
    assert other.work_stack.currentWidget() is other.queue_page
    click(qtbot, taker.call_view.hang_up_button)
    qtbot.waitUntil(lambda: taker.call_view.phase is CallPhase.ENDED, timeout=WAIT_MS)
    click(qtbot, taker.call_view.back_button)
    qtbot.waitUntil(lambda: len(taker.history.calls) == 1, timeout=WAIT_MS)
    loads = other.history.loads
    other.refresh_history()
    qtbot.waitUntil(lambda: other.history.loads > loads, timeout=WAIT_MS)
    assert other.history.calls == []
    assert other.queue.ringing is None


def test_ring_stops_when_the_resident_leaves_the_queue(qtbot, make_console, make_resident):
    console = signed_in_console(qtbot, make_console)
    resident = make_resident()
    resident.ask_for_help()
    qtbot.waitUntil(lambda: console.queue.ringing is not None, timeout=WAIT_MS)
    assert console.queue.ring_panel.isVisible()
    resident.call.cancel()
    qtbot.waitUntil(lambda: console.queue.ringing is None, timeout=WAIT_MS)
    assert not console.queue.ring_panel.isVisible()
    assert console.work_stack.currentWidget() is console.queue_page
