"""Suishen codes at the kiosk: scan, verify offline, log in, pair, print."""

from PySide6.QtWidgets import QLabel

from drivers.escpos_interpreter import EscPosInterpreter
from kiosk.session import SessionState
from kiosk.suishen import VerificationResult
from tests.ui.journey import find, open_item, state, tap, to_review
from ui.screens.identify import IdentifyPhase
from ui.screens.submitted import CertificateState

WANG = "310115195105120021"
LI = "310104196809030118"


def _wait_trust_data(qtbot, kiosk):
    qtbot.waitUntil(lambda: kiosk.core.suishen_sync.age().trust_list_seq is not None, timeout=10_000)


def _scan(qtbot, kiosk, qr: str) -> None:
    _wait_trust_data(qtbot, kiosk)
    tap(qtbot, kiosk.window.home.start_button)
    tap(qtbot, find(kiosk.window, "method_suishen_code"))
    assert kiosk.window.identify.phase is IdentifyPhase.SCANNING
    kiosk.devices.camera.show_qr(qr)


def test_phone_code_logs_in_with_consent_and_prefills(qtbot, kiosk, platform):
    code = platform.issue_demo_code(LI, "valid", "D", "SM2")
    _scan(qtbot, kiosk, code.qr)
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)
    assert "李*国" in kiosk.window.identify.title.text()
    tap(qtbot, find(kiosk.window, "consent_yes"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=10_000)
    assert kiosk.controller.session.identity.id_number == LI
    assert not kiosk.controller.scan.scanning  # the camera stops once the code is used
    open_item(qtbot, kiosk, "SB-JFQK-DY")
    assert find(kiosk.window, "value_name", QLabel).text() == "李建国"


def test_each_bad_code_gets_words_not_a_code_name(qtbot, kiosk, platform):
    _scan(qtbot, kiosk, platform.issue_demo_code(WANG, "expired", "S", "SM2").qr)
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "过期" in error.text() and "EXPIRED" not in error.text()
    assert kiosk.window.identify.phase is IdentifyPhase.SCANNING  # show another code
    kiosk.devices.camera.show_qr(platform.issue_demo_code(WANG, "forged", "S", "SM2").qr)
    qtbot.waitUntil(lambda: "无法核验" in error.text(), timeout=10_000)
    assert state(kiosk) is SessionState.IDENTIFYING


def test_paper_code_needs_the_matching_id_card(qtbot, kiosk, platform):
    _scan(qtbot, kiosk, platform.issue_demo_code(WANG, "valid", "S", "SM2").qr)
    identify = kiosk.window.identify
    qtbot.waitUntil(lambda: identify.phase is IdentifyPhase.STATIC_CODE_NEEDS_CARD, timeout=10_000)
    assert kiosk.controller.session.elderly_mode  # the code certifies an elder: large type
    kiosk.devices.id_card_reader.insert_card("li_jianguo")  # someone else's card
    error = find(kiosk.window, "identify_error", QLabel)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "不属于" in error.text()
    assert state(kiosk) is SessionState.IDENTIFYING


def test_paper_code_and_own_card_proceed(qtbot, kiosk, platform):
    _scan(qtbot, kiosk, platform.issue_demo_code(WANG, "valid", "S", "ES256").qr)
    identify = kiosk.window.identify
    qtbot.waitUntil(lambda: identify.phase is IdentifyPhase.STATIC_CODE_NEEDS_CARD, timeout=10_000)
    kiosk.devices.id_card_reader.insert_card("wang_xiuying")
    qtbot.waitUntil(lambda: identify.phase is IdentifyPhase.CONSENT, timeout=10_000)


def test_offline_code_service_prints_a_new_code_and_revokes_the_old(qtbot, kiosk, platform):
    from tests.ui.journey import identify

    old = platform.issue_demo_code(WANG, "valid", "S", "SM2")  # a demo code does not revoke
    identify(qtbot, kiosk, card="wang_xiuying")
    open_item(qtbot, kiosk, "SSM-LX-DY")
    to_review(qtbot, kiosk)
    tap(qtbot, find(kiosk.window, "review_submit"))
    screen = kiosk.window.submitted
    qtbot.waitUntil(lambda: screen.certificate_state is CertificateState.PRINTED, timeout=20_000)
    assert "旧" in find(kiosk.window, "certificate_status", QLabel).text()
    printed = [EscPosInterpreter().parse(raw) for raw in kiosk.devices.receipt_printer.printed]
    codes = [qr.data.decode() for job in printed for qr in job.qr_codes if qr.data.startswith(b"SC1:")]
    assert len(codes) == 1
    new_code = codes[0]
    assert kiosk.core.verify_code(new_code).result is VerificationResult.VALID
    assert kiosk.core.verify_code(old.qr).result is VerificationResult.VALID  # demo codes stay
    kiosk.core.suishen_sync.refresh()
    # A second real issuance revokes the code just printed.
    token = kiosk.core.client.create_consent(WANG, "王秀英", "id_card")
    kiosk.core.client.issue_suishen_code(token, "S")
    kiosk.core.suishen_sync.refresh()
    assert kiosk.core.verify_code(new_code).result is VerificationResult.REVOKED


def test_elderly_mode_reads_the_verdict_aloud(qtbot, kiosk, platform):
    tap(qtbot, find(kiosk.window, "elderly_toggle"))
    revoked = platform.issue_demo_code(WANG, "revoked", "S", "SM2").qr
    _wait_trust_data(qtbot, kiosk)
    kiosk.core.suishen_sync.refresh()  # the revocation reaches the kiosk
    _scan(qtbot, kiosk, revoked)
    speech = kiosk.devices.speech
    qtbot.waitUntil(lambda: any("新码替换" in u.text for u in speech.spoken), timeout=10_000)
    verdicts = [u for u in speech.spoken if "新码替换" in u.text]
    assert len(verdicts) == 1  # held in front of the camera, it is said once, not every frame
