"""Every device kind unplugged while a resident uses it: clear words, another way,
nothing lost, and the device works again once it is back."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from drivers.simulated.smart_card_reader import SimulatedSmartCardFault
from kiosk.session import SessionState
from tests.form_answers import complete_form
from tests.ui.journey import find, identify, open_item, sign, state, tap, to_review
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import CertificateState, PrintState

LI = "310104196809030118"  # a demo resident with a phone code
PRINT_RECORD_ITEM = "SB-JFQK-DY"  # a record print: receipt and A4 certificate


def wait_text(qtbot, kiosk, name: str, *fragments: str, timeout: int = 10_000) -> str:
    widget = find(kiosk.window, name, QLabel)
    qtbot.waitUntil(
        lambda: widget.isVisible() and all(part in widget.text() for part in fragments),
        timeout=timeout,
    )
    return widget.text()


def wait_trust_data(qtbot, kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.core.suishen_sync.age().trust_list_seq is not None, timeout=10_000)


def test_id_card_reader_pulled_mid_read_then_back(qtbot, kiosk):
    reader = kiosk.devices.id_card_reader
    tap(qtbot, kiosk.window.home.start_button)
    reader.insert_card("wang_xiuying")
    reader.fault = "unplugged"
    tap(qtbot, find(kiosk.window, "method_id_card"))
    wait_text(qtbot, kiosk, "identify_error", "身份证阅读器", "社保卡")
    assert find(kiosk.window, "method_social_security_card").isVisible()
    reader.fault = None
    reader.replug()
    tap(qtbot, find(kiosk.window, "method_id_card"))
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)


def test_social_security_reader_unplugged_mid_read_then_back(qtbot, kiosk):
    reader = kiosk.devices.smart_card_reader
    tap(qtbot, kiosk.window.home.start_button)
    reader.insert_card("wang_xiuying")
    reader.fault = SimulatedSmartCardFault.UNPLUGGED
    tap(qtbot, find(kiosk.window, "method_social_security_card"))
    wait_text(qtbot, kiosk, "identify_error", "社保卡读卡器", "身份证")
    assert find(kiosk.window, "method_id_card").isVisible()
    reader.fault = None
    reader.insert_card("wang_xiuying")
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)
    assert state(kiosk) is SessionState.IDENTIFYING


def test_camera_unplugged_while_scanning_points_to_the_scanner_and_resumes(qtbot, kiosk, platform):
    camera = kiosk.devices.camera
    wait_trust_data(qtbot, kiosk)
    tap(qtbot, kiosk.window.home.start_button)
    tap(qtbot, find(kiosk.window, "method_suishen_code"))
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.SCANNING, timeout=5_000)
    camera.unplug()
    wait_text(qtbot, kiosk, "identify_error", "摄像头", "扫码器")
    # The hardware scanner still works while the camera is gone.
    assert kiosk.controller.scan.scanning or kiosk.devices.code_scanner is not None
    camera.replug()
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(lambda: not error.isVisible(), timeout=10_000)
    camera.show_qr(platform.issue_demo_code(LI, "valid", "D", "SM2").qr)
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=15_000)


def test_code_scanner_unplugged_while_scanning_leaves_the_camera_working(qtbot, kiosk, platform):
    scanner = kiosk.devices.code_scanner
    wait_trust_data(qtbot, kiosk)
    tap(qtbot, kiosk.window.home.start_button)
    tap(qtbot, find(kiosk.window, "method_suishen_code"))
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.SCANNING, timeout=5_000)
    scanner.unplug()
    kiosk.devices.camera.show_qr(platform.issue_demo_code(LI, "valid", "D", "SM2").qr)
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=15_000)
    scanner.replug()
    assert scanner.present("anything") is True


def _submit(qtbot, kiosk, item):
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, item)
    complete_form(kiosk.controller.session)
    to_review(qtbot, kiosk)
    if kiosk.window.review.needs_signature():
        sign(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, "review_submit"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.SUBMITTED, timeout=10_000)


def test_document_camera_unplugged_while_capturing_keeps_the_form(qtbot, kiosk):
    from tests.ui.test_materials_capture import _to_materials

    code = _to_materials(qtbot, kiosk).code
    session = kiosk.controller.session
    form_before = {field.key: session.form.value(field.key) for field in session.item.fields}
    camera = kiosk.devices.document_camera
    camera.unplug()
    tap(qtbot, find(kiosk.window, f"capture_{code}"))
    wait_text(qtbot, kiosk, "materials_error", "高拍仪", "帮助")
    form_now = {field.key: session.form.value(field.key) for field in session.item.fields}
    assert form_now == form_before and state(kiosk) is SessionState.MATERIALS
    camera.replug()
    tap(qtbot, find(kiosk.window, f"capture_{code}"))
    qtbot.waitUntil(lambda: code in session.materials, timeout=10_000)


def test_receipt_printer_unplugged_mid_print_offers_the_phone_and_reprints(qtbot, kiosk):
    printer = kiosk.devices.receipt_printer
    printer.virtual_printer.print_time_s = 1.5
    _submit(qtbot, kiosk, PRINT_RECORD_ITEM)
    screen = kiosk.window.submitted
    qtbot.waitUntil(lambda: screen.print_state is PrintState.PRINTING, timeout=5_000)
    printer.unplug()
    qtbot.waitUntil(lambda: screen.print_state is PrintState.FAILED, timeout=10_000)
    text = wait_text(qtbot, kiosk, "print_status", "回执打印机", "二维码")
    assert printer.printed == []
    reference = kiosk.controller.session.submission.submission_ref
    assert reference in find(kiosk.window, "submitted_reference", QLabel).text()
    printer.virtual_printer.print_time_s = 0.1
    printer.replug()
    # Back by itself: the resident is told, and printing again works.
    qtbot.waitUntil(
        lambda: find(kiosk.window, "print_status", QLabel).text() != text, timeout=10_000
    )
    tap(qtbot, find(kiosk.window, "reprint"))
    qtbot.waitUntil(lambda: screen.print_state is PrintState.PRINTED, timeout=10_000)
    assert len(printer.printed) == 1


def test_a4_printer_unplugged_mid_certificate_keeps_it_and_prints_when_back(qtbot, kiosk):
    printer = kiosk.devices.document_printer
    printer._print_time_s = 2.0
    _submit(qtbot, kiosk, PRINT_RECORD_ITEM)
    screen = kiosk.window.submitted
    qtbot.waitUntil(
        lambda: screen.certificate_state is CertificateState.PRINTING, timeout=15_000
    )
    printer.unplug()
    qtbot.waitUntil(lambda: screen.certificate_state is CertificateState.FAILED, timeout=15_000)
    wait_text(qtbot, kiosk, "certificate_status", "A4 打印机")
    printer._print_time_s = 0.1
    printer.replug()
    tap(qtbot, find(kiosk.window, "certificate_retry"))
    qtbot.waitUntil(lambda: screen.certificate_state is CertificateState.PRINTED, timeout=15_000)
    assert list(printer.output_dir.glob("*.pdf"))


def test_speaker_unplugged_in_elderly_mode_changes_nothing_else(qtbot, kiosk):
    speech = kiosk.devices.speech
    tap(qtbot, kiosk.window.top_bar.elderly_button)
    speech.unplug()
    tap(qtbot, kiosk.window.home.start_button)
    assert state(kiosk) is SessionState.IDENTIFYING
    spoken_before = len(speech.spoken)
    speech.replug()
    tap(qtbot, kiosk.window.top_bar.exit_button)  # a new screen, read out
    qtbot.waitUntil(lambda: len(speech.spoken) > spoken_before, timeout=5_000)


def test_a_card_left_in_the_reader_at_the_end_is_asked_for(qtbot, kiosk):
    identify(qtbot, kiosk)
    reader = kiosk.devices.id_card_reader
    reader.insert_card("wang_xiuying")  # laid down again mid-session, then forgotten
    assert reader.wait_events_delivered()
    qtbot.wait(200)  # the insertion reached the screen, which ignores it mid-session
    kiosk.controller.end_session()
    prompt = kiosk.window.device_prompt
    qtbot.waitUntil(prompt.isVisible, timeout=10_000)
    assert "取走" in find(kiosk.window, "device_prompt_message", QLabel).text()
    assert not find(kiosk.window, "device_prompt_other_way").isVisible()
    kiosk.devices.id_card_reader.remove_card()
    qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=10_000)
    assert state(kiosk) is SessionState.IDLE
