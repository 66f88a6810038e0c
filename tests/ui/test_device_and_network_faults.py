"""Devices that fail and a network that is gone: clear words, nothing lost."""

from PySide6.QtWidgets import QLabel

from kiosk.idle_watch import IdlePolicy
from kiosk.session import SessionState
from tests.form_answers import complete_form
from tests.ui.journey import find, identify, open_item, sign, state, tap, to_review
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import PrintState


def test_half_read_card_asks_for_it_again_and_reads_it_when_it_is_back(qtbot, kiosk):
    reader = kiosk.devices.id_card_reader
    reader.fault = "half_read"
    tap(qtbot, kiosk.window.home.start_button)
    reader.insert_card("wang_xiuying")
    prompt = kiosk.window.device_prompt
    qtbot.waitUntil(prompt.isVisible, timeout=10_000)
    assert "没有读完整" in find(kiosk.window, "device_prompt_message", QLabel).text()
    assert state(kiosk) is SessionState.IDENTIFYING
    reader.fault = None
    reader.insert_card("wang_xiuying")  # laid on the reader again: read without a tap
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)
    assert not prompt.isVisible()


def test_half_read_card_then_another_way_shows_the_methods(qtbot, kiosk):
    reader = kiosk.devices.id_card_reader
    reader.fault = "half_read"
    tap(qtbot, kiosk.window.home.start_button)
    reader.insert_card("wang_xiuying")
    qtbot.waitUntil(kiosk.window.device_prompt.isVisible, timeout=10_000)
    tap(qtbot, find(kiosk.window, "device_prompt_other_way"))
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "没有读完整" in error.text()
    assert find(kiosk.window, "method_social_security_card").isVisible()
    reader.fault = None
    tap(qtbot, find(kiosk.window, "method_id_card"))
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)


def test_unplugged_reader_offers_the_social_security_card(qtbot, kiosk):
    reader = kiosk.devices.id_card_reader
    tap(qtbot, kiosk.window.home.start_button)
    reader.insert_card("wang_xiuying")
    reader.fault = "unplugged"
    tap(qtbot, find(kiosk.window, "method_id_card"))
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "社保卡" in error.text()
    assert find(kiosk.window, "method_social_security_card").isVisible()


def _submit(qtbot, kiosk, item="SB-JFQK-DY"):
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, item)
    window = kiosk.window
    complete_form(kiosk.controller.session)
    to_review(qtbot, kiosk)
    if window.review.needs_signature():
        sign(qtbot, kiosk)
    tap(qtbot, find(window, "review_submit"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.SUBMITTED, timeout=10_000)


def test_printer_out_of_paper_keeps_the_reference_and_reprints(qtbot, kiosk):
    printer = kiosk.devices.receipt_printer
    printer.set_paper("out")
    _submit(qtbot, kiosk)
    screen = kiosk.window.submitted
    qtbot.waitUntil(lambda: screen.print_state is PrintState.FAILED, timeout=15_000)
    assert "缺纸" in find(kiosk.window, "print_status", QLabel).text()
    assert kiosk.controller.session.submission.submission_ref in find(
        kiosk.window, "submitted_reference", QLabel
    ).text()
    assert printer.printed == []
    printer.set_paper("ok")
    tap(qtbot, find(kiosk.window, "reprint"))
    qtbot.waitUntil(lambda: screen.print_state is PrintState.PRINTED, timeout=15_000)
    assert len(printer.printed) == 1


def test_dead_network_still_submits_and_delivers_once_when_back(qtbot, kiosk, platform):
    port = platform.port
    platform.stop()
    _submit(qtbot, kiosk)
    message = find(kiosk.window, "submitted_message", QLabel)
    qtbot.waitUntil(lambda: kiosk.window.submitted.print_state is PrintState.PRINTED, timeout=15_000)
    assert "网络恢复后会自动提交" in message.text()
    ref = kiosk.controller.session.submission.submission_ref
    tap(qtbot, find(kiosk.window, "submitted_done"))
    tap(qtbot, find(kiosk.window, "rating_skip"))
    assert kiosk.core.outbox.pending_count() == 1

    from reference_platform.server import EmbeddedPlatform

    with EmbeddedPlatform(platform.state.settings, port=port):
        kiosk.core.db.query("UPDATE outbox SET next_attempt_at = 0")
        kiosk.core.sync.wake()
        qtbot.waitUntil(lambda: kiosk.core.outbox.pending_count() == 0, timeout=15_000)
        status = kiosk.core.client.application_status(
            ref, kiosk.core.db.query("SELECT check_code FROM submissions")[0][0]
        )
        assert status["submission_ref"] == ref


def test_idle_session_warns_then_wipes(qtbot, make_kiosk):
    kiosk = make_kiosk(idle=IdlePolicy(0.6, 0.8))
    identify(qtbot, kiosk)
    overlay = kiosk.window.idle_overlay
    qtbot.waitUntil(lambda: overlay.isVisible(), timeout=5_000)
    assert "秒后" in find(kiosk.window, "idle_message", QLabel).text()
    tap(qtbot, find(kiosk.window, "idle_continue"))
    assert not overlay.isVisible() and state(kiosk) is SessionState.CHOOSING
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.IDLE, timeout=10_000)
    assert not kiosk.controller.session.holds_personal_data()
    assert "王*英" not in kiosk.window.services.greeting.text()


def test_a_kiosk_the_platform_refuses_is_out_of_service(qtbot, kiosk):
    from kiosk.platform_client import DeviceStanding

    kiosk.core.sync.device_refusal = DeviceStanding.REVOKED
    kiosk.controller.refresh_home()
    home = kiosk.window.home
    assert not home.start_button.isEnabled()
    assert "暂停服务" in find(kiosk.window, "offline_note", QLabel).text()
    kiosk.devices.id_card_reader.insert_card("wang_xiuying")  # a card does not start one either
    qtbot.wait(500)
    assert state(kiosk) is SessionState.IDLE
