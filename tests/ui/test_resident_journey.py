"""The whole resident journey through the real widgets, offscreen."""

import sqlite3

from PySide6.QtWidgets import QLabel

from drivers.escpos_interpreter import EscPosInterpreter
from kiosk.session import SessionState
from offline_cache.outbox import OutboxState
from tests.ui.journey import find, identify, open_item, sign, state, tap, to_review, visible_texts
from ui.screens.submitted import PrintState


def _platform_rows(platform, sql):
    with sqlite3.connect(platform.state.settings.data_dir / "platform.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_apply_print_rate_and_wipe(qtbot, kiosk, platform):
    window = kiosk.window
    identify(qtbot, kiosk)
    assert "王*英" in find(window, "services_greeting", QLabel).text()
    open_item(qtbot, kiosk, "LN-ZHJT-SQ")

    ratio = find(window, "prefill_ratio", QLabel).text()
    assert "8" in ratio and "100%" in ratio
    assert find(window, "value_name", QLabel).text() == "王秀英"
    # The ID number is masked on screen even on the resident's own form.
    assert find(window, "value_id_number", QLabel).text() == "3101**********0021"
    assert not find(window, "edit_id_number").isVisibleTo(window)

    to_review(qtbot, kiosk)
    submit = find(window, "review_submit")
    assert not submit.isEnabled()  # an application needs the resident's signature
    sign(qtbot, kiosk)
    assert submit.isEnabled()
    tap(qtbot, submit)
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.SUBMITTED, timeout=10_000)
    qtbot.waitUntil(lambda: window.submitted.print_state is PrintState.PRINTED, timeout=15_000)

    receipt = kiosk.controller.session.submission
    assert receipt.application_no and receipt.application_no.startswith("SH")
    assert receipt.submission_ref in find(window, "submitted_reference", QLabel).text()
    printed = EscPosInterpreter().parse(kiosk.devices.receipt_printer.printed[-1])
    printed_text = "\n".join(printed.lines)
    assert receipt.submission_ref in printed_text
    assert "王*英" in printed_text and "王秀英" not in printed_text
    assert [qr.data for qr in printed.qr_codes] == [receipt.status_url.encode()]

    rows = _platform_rows(platform, "SELECT item_code, submission_ref FROM applications")
    assert rows == [("LN-ZHJT-SQ", receipt.submission_ref)]

    tap(qtbot, find(window, "submitted_done"))
    assert state(kiosk) is SessionState.RATING
    tap(qtbot, find(window, "grade_2"))
    send = find(window, "rating_send")
    assert not send.isEnabled()  # 不满意 needs a reason
    tap(qtbot, find(window, "reason_long_wait"))
    tap(qtbot, send)
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.IDLE, timeout=10_000)

    # Privacy wipe: nothing of the resident is left in the core or on any screen.
    assert not kiosk.controller.session.holds_personal_data()
    everything = "\n".join(label.text() for label in window.findChildren(QLabel))
    assert "王秀英" not in everything and "王*英" not in everything
    assert "0021" not in everything and "13917650321" not in everything

    qtbot.waitUntil(lambda: kiosk.core.outbox.pending_count() == 0, timeout=10_000)
    kinds = sorted(r.kind for r in kiosk.core.outbox.records(OutboxState.DELIVERED))
    assert kinds == ["application", "rating"]
    assert _platform_rows(platform, "SELECT grade FROM ratings") == [(2,)]


def test_review_names_the_problem_and_fix_jumps_to_the_field(qtbot, kiosk):
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, "LN-ZHJT-SQ")
    window = kiosk.window
    tap(qtbot, find(window, "edit_phone"))
    editor = window.form.editor
    editor.line.clear()
    for key in "1391765":
        tap(qtbot, find(window, f"key_{key}"))
    tap(qtbot, find(window, "editor_ok"))
    assert find(window, "value_phone", QLabel).text() == "1391765"
    assert "Entered by you" in find(window, "source_phone", QLabel).text() or "本人填写" in find(
        window, "source_phone", QLabel
    ).text()
    to_review(qtbot, kiosk)
    finding = find(window, "finding_0", QLabel).text()
    assert "联系电话" in finding and "11" in finding
    assert not find(window, "review_submit").isEnabled()
    tap(qtbot, find(window, "fix_0"))
    assert state(kiosk) is SessionState.FORM
    assert window.form.editor.isVisible() and window.form.editor.form_field.key == "phone"


def test_declining_consent_prefills_from_the_card_only(qtbot, kiosk, platform):
    identify(qtbot, kiosk, agree=False)
    notice = find(kiosk.window, "services_notice", QLabel)
    assert notice.isVisible() and notice.text()
    open_item(qtbot, kiosk, "LN-ZHJT-SQ")
    assert find(kiosk.window, "value_name", QLabel).text() == "王秀英"
    assert find(kiosk.window, "value_phone", QLabel).text() == "—"
    assert kiosk.controller.session.consent_token is None


def test_not_eligible_item_says_why_and_stays(qtbot, kiosk):
    identify(qtbot, kiosk, card="zhang_wei")
    tap(qtbot, find(kiosk.window, "item_LN-ZHJT-SQ"))
    assert state(kiosk) is SessionState.CHOOSING
    assert "65" in find(kiosk.window, "services_notice", QLabel).text()


def test_leaving_unfinished_reports_the_reason(qtbot, kiosk, platform):
    identify(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, "exit_button"))
    assert state(kiosk) is SessionState.LEAVING
    tap(qtbot, find(kiosk.window, "leave_missing_material"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.IDLE, timeout=5_000)
    qtbot.waitUntil(
        lambda: _platform_rows(platform, "SELECT reason, step FROM reports")
        == [("missing_material", "choosing")],
        timeout=10_000,
    )


def test_help_is_reachable_and_returns_to_the_same_step(qtbot, kiosk):
    identify(qtbot, kiosk)
    open_item(qtbot, kiosk, "SB-JFQK-DY")
    tap(qtbot, find(kiosk.window, "help_button"))
    assert state(kiosk) is SessionState.HELP
    assert "12345" in visible_texts(kiosk.window)
    tap(qtbot, find(kiosk.window, "help_back"))
    assert state(kiosk) is SessionState.FORM


def test_inserting_a_card_on_the_home_screen_starts_a_session(qtbot, kiosk):
    kiosk.devices.id_card_reader.insert_card("li_jianguo")
    qtbot.waitUntil(lambda: kiosk.window.identify.phase.value == "consent", timeout=10_000)
    assert "李*国" in kiosk.window.identify.title.text()


def test_social_security_card_identifies_too(qtbot, kiosk):
    tap(qtbot, kiosk.window.home.start_button)
    tap(qtbot, find(kiosk.window, "method_social_security_card"))
    kiosk.devices.smart_card_reader.insert_card("chen_xiaoting")
    qtbot.waitUntil(lambda: kiosk.window.identify.phase.value == "consent", timeout=10_000)
    assert "陈*婷" in kiosk.window.identify.title.text()


def test_home_screen_comes_before_the_devices_and_they_attach_after(qtbot, tmp_path, platform):
    from ui.demo import demo_config
    from ui.kiosk_app import assemble_kiosk

    attached = []
    kiosk = assemble_kiosk(
        demo_config(tmp_path, platform), defer_devices=True, on_devices=attached.append
    )
    try:
        kiosk.window.show()
        assert kiosk.window.current_screen() is kiosk.window.home
        qtbot.waitUntil(lambda: bool(attached), timeout=10_000)
        assert kiosk.devices is attached[0]
        assert kiosk.core._heartbeat_payload()["devices"]["id_card_reader"] == "ready"
        qtbot.waitUntil(lambda: kiosk.core.catalog is not None, timeout=10_000)
        kiosk.devices.id_card_reader.insert_card("wang_xiuying")
        qtbot.waitUntil(lambda: kiosk.window.identify.phase.value == "consent", timeout=10_000)
    finally:
        kiosk.shutdown()


def test_print_record_prints_the_certificate_and_forgets_it_after(qtbot, kiosk, platform, tmp_path):
    import shutil
    import subprocess

    from ui.screens.submitted import CertificateState

    identify(qtbot, kiosk, card="li_jianguo")
    open_item(qtbot, kiosk, "SB-JFQK-DY")
    from tests.form_answers import complete_form

    complete_form(kiosk.controller.session)
    to_review(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, "review_submit"))
    screen = kiosk.window.submitted
    qtbot.waitUntil(lambda: screen.certificate_state is CertificateState.PRINTED, timeout=20_000)
    assert "A4" in find(kiosk.window, "certificate_status", QLabel).text()
    pdfs = list((tmp_path / "kiosk" / "printed").glob("*.pdf"))
    assert len(pdfs) == 1
    assert pdfs[0].read_bytes().startswith(b"%PDF")
    # What the resident holds, read back as text (poppler-utils comes with scripts/setup.sh).
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is missing: run scripts/setup.sh"
    text = subprocess.run([pdftotext, str(pdfs[0]), "-"], capture_output=True, text=True).stdout
    assert "李建国" in text and "证明" in text
    ref = kiosk.controller.session.submission.submission_ref
    tap(qtbot, find(kiosk.window, "submitted_done"))
    tap(qtbot, find(kiosk.window, "rating_skip"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.IDLE, timeout=5_000)
    status = kiosk.core.delivery_status(ref)
    assert status.application_no and status.document is None
    for path in (tmp_path / "kiosk").glob("kiosk.sqlite3*"):
        assert "李建国".encode() not in path.read_bytes()
