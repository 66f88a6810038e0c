"""Identification by e-passport at the real window: typed details, BAC, passport-only prefill."""

from PySide6.QtWidgets import QLabel

from drivers.device import CardReadIncomplete, DeviceUnavailable
from drivers.icao_passport import NotAPassport, PassportAccessDenied
from drivers.simulated.virtual_passport import VirtualPassport
from kiosk.identity import IdentificationMethod
from kiosk.kiosk_core import RecordsOutcome
from kiosk.passport_details import PassportDetailField, PassportDetailProblem
from kiosk.session import SessionState
from tests.ui.journey import find, open_item, state, tap, visible_texts
from ui.messages import (
    passport_detail_text,
    passport_read_error_text,
    records_outcome_text,
    source_text,
)
from ui.screens.identify import IdentifyPhase

# The ICAO 9303 specimen's data page (the virtual passport's default holder).
NUMBER, BIRTH, EXPIRY = "L898902C3", "19740812", "20120415"


def _choose_passport(qtbot, kiosk) -> None:
    tap(qtbot, kiosk.window.home.start_button)
    tap(qtbot, find(kiosk.window, "method_passport"))
    assert kiosk.window.identify.phase is IdentifyPhase.PASSPORT_DETAILS


def _type(qtbot, kiosk, keys: str, pad: str = "key") -> None:
    for key in keys:
        tap(qtbot, find(kiosk.window, f"passport_{pad}_{key}"))


def _type_details(qtbot, kiosk, number=NUMBER, birth=BIRTH, expiry=EXPIRY) -> None:
    _type(qtbot, kiosk, number)
    tap(qtbot, find(kiosk.window, "passport_confirm"))  # "Next": on to the birth date
    _type(qtbot, kiosk, birth, "digit")  # a complete, valid date moves on by itself
    _type(qtbot, kiosk, expiry, "digit")
    tap(qtbot, find(kiosk.window, "passport_confirm"))  # "Read my passport"


def _error(kiosk) -> QLabel:
    return find(kiosk.window, "identify_error", QLabel)


def test_specimen_passport_reaches_the_services_with_the_form_prefilled(qtbot, kiosk):
    _choose_passport(qtbot, kiosk)
    panel = kiosk.window.identify.passport
    _type_details(qtbot, kiosk)
    assert kiosk.window.identify.phase is IdentifyPhase.PASSPORT_WAITING
    kiosk.devices.smart_card_reader.insert_card(VirtualPassport())
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=10_000)
    identity = kiosk.controller.session.identity
    assert identity.method is IdentificationMethod.PASSPORT
    assert (identity.name, identity.nationality, identity.sex) == (
        "ERIKSSON ANNA MARIA",
        "UTO",
        "F",
    )
    assert identity.birth_date == "1974-08-12" and identity.document_number == NUMBER
    assert identity.id_number == ""  # a passport number is not a citizen ID number
    assert not kiosk.controller.session.records_available
    assert panel.values[PassportDetailField.DOCUMENT_NUMBER] == ""  # the chip's keys are gone
    notice = find(kiosk.window, "services_notice", QLabel)
    assert notice.isVisible()
    assert notice.text() == records_outcome_text(RecordsOutcome.DOCUMENT_ONLY, False)
    assert NUMBER not in visible_texts(kiosk.window)
    kiosk.devices.smart_card_reader.remove_card()
    open_item(qtbot, kiosk, "SB-JFQK-DY")
    form = kiosk.controller.session.form
    assert form.value("name") == "ERIKSSON ANNA MARIA"
    assert form.source("name") == "identity.name"
    assert form.value("id_number") == ""  # left for the resident, not filled with the passport
    assert find(kiosk.window, "value_name", QLabel).text() == "ERIKSSON ANNA MARIA"
    badge = find(kiosk.window, "source_name", QLabel).text()
    assert badge == source_text("identity.name", IdentificationMethod.PASSPORT)
    assert badge != source_text("identity.name")  # not "From your ID card"


def test_wrong_details_keep_the_fields_and_corrected_details_work(qtbot, kiosk):
    kiosk.devices.smart_card_reader.insert_card(VirtualPassport())  # already on the reader
    _choose_passport(qtbot, kiosk)
    _type_details(qtbot, kiosk, number="L898902C4")
    error = _error(kiosk)
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == passport_read_error_text(PassportAccessDenied("reader"))
    assert kiosk.window.identify.phase is IdentifyPhase.PASSPORT_DETAILS
    panel = kiosk.window.identify.passport
    assert panel.isVisible()
    assert panel.values == {
        PassportDetailField.DOCUMENT_NUMBER: "L898902C4",
        PassportDetailField.BIRTH_DATE: BIRTH,
        PassportDetailField.EXPIRY_DATE: EXPIRY,
    }
    assert state(kiosk) is SessionState.IDENTIFYING
    tap(qtbot, find(kiosk.window, "passport_field_document_number"))
    tap(qtbot, find(kiosk.window, "passport_key_backspace"))
    _type(qtbot, kiosk, "3")
    tap(qtbot, find(kiosk.window, "passport_confirm"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=10_000)
    assert kiosk.controller.session.identity.name == "ERIKSSON ANNA MARIA"


def test_a_wrong_date_is_named_as_typed_and_nothing_is_read(qtbot, kiosk):
    chip = kiosk.devices.smart_card_reader.insert_card(VirtualPassport())
    _choose_passport(qtbot, kiosk)
    panel = kiosk.window.identify.passport
    _type(qtbot, kiosk, NUMBER)
    tap(qtbot, find(kiosk.window, "passport_confirm"))
    assert panel.active is PassportDetailField.BIRTH_DATE
    assert find(kiosk.window, "passport_digit_1").isVisible()
    assert not find(kiosk.window, "passport_key_A").isVisible()  # digits only for a date
    _type(qtbot, kiosk, "19741312", "digit")  # month 13
    detail_error = find(kiosk.window, "passport_detail_error", QLabel)
    assert detail_error.isVisible()
    expected = passport_detail_text(
        PassportDetailField.BIRTH_DATE, PassportDetailProblem.NOT_A_DATE
    )
    assert detail_error.text() == expected
    assert panel.active is PassportDetailField.BIRTH_DATE  # stays on the wrong field
    assert "1974-13-12" in find(kiosk.window, "passport_field_birth_date").text()
    for _ in range(4):
        tap(qtbot, find(kiosk.window, "passport_digit_backspace"))
    _type(qtbot, kiosk, "0812", "digit")
    assert not detail_error.isVisible()
    assert panel.active is PassportDetailField.EXPIRY_DATE
    _type(qtbot, kiosk, "19700101", "digit")  # expires before birth
    assert detail_error.text() == passport_detail_text(
        PassportDetailField.EXPIRY_DATE, PassportDetailProblem.TOO_EARLY
    )
    tap(qtbot, find(kiosk.window, "passport_confirm"))
    assert kiosk.window.identify.phase is IdentifyPhase.PASSPORT_DETAILS
    assert not chip.bac_established  # nothing reached the chip


def test_reader_unplugged_says_so_and_offers_the_other_ways(qtbot, kiosk):
    _choose_passport(qtbot, kiosk)
    reader = kiosk.devices.smart_card_reader
    reader.unplug()
    try:
        _type_details(qtbot, kiosk)
        error = _error(kiosk)
        qtbot.waitUntil(error.isVisible, timeout=10_000)
        assert error.text() == passport_read_error_text(DeviceUnavailable("reader"))
        assert kiosk.window.identify.phase is IdentifyPhase.CHOOSE
        assert find(kiosk.window, "method_id_card").isVisible()
        assert kiosk.window.identify.passport.values[PassportDetailField.DOCUMENT_NUMBER] == ""
    finally:
        reader.replug()


def test_reader_unplugged_while_waiting_for_the_passport(qtbot, kiosk):
    _choose_passport(qtbot, kiosk)
    _type_details(qtbot, kiosk)
    assert kiosk.window.identify.phase is IdentifyPhase.PASSPORT_WAITING
    reader = kiosk.devices.smart_card_reader
    reader.unplug()
    try:
        error = _error(kiosk)
        qtbot.waitUntil(error.isVisible, timeout=10_000)
        assert error.text() == passport_read_error_text(DeviceUnavailable("reader"))
        assert find(kiosk.window, "method_id_card").isVisible()
    finally:
        reader.replug()


def test_a_card_that_is_not_a_passport(qtbot, kiosk):
    _choose_passport(qtbot, kiosk)
    _type_details(qtbot, kiosk)
    kiosk.devices.smart_card_reader.insert_card("wang_xiuying")  # a social security card
    error = _error(kiosk)
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == passport_read_error_text(NotAPassport("reader"))
    assert kiosk.window.identify.phase is IdentifyPhase.CHOOSE
    assert find(kiosk.window, "method_passport").isVisible()
    assert state(kiosk) is SessionState.IDENTIFYING


def test_a_read_cut_short_says_to_keep_the_passport_still(qtbot, kiosk):
    _choose_passport(qtbot, kiosk)
    _type_details(qtbot, kiosk)
    reader = kiosk.devices.smart_card_reader
    reader.insert_card(VirtualPassport())
    reader.pull_card_after(4)  # gone after BAC, during the read of the files
    error = _error(kiosk)
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == passport_read_error_text(CardReadIncomplete("reader"))
    assert find(kiosk.window, "method_id_card").isVisible()


def test_every_passport_problem_has_words(qapp):
    texts = [passport_detail_text(f, p) for f in PassportDetailField for p in PassportDetailProblem]
    assert all(texts) and len(set(texts)) == len(texts)
    assert not any("%1" in text or "_" in text for text in texts)


def test_a_passport_laid_down_before_choosing_asks_for_its_details(qtbot, kiosk):
    tap(qtbot, kiosk.window.home.start_button)
    kiosk.devices.smart_card_reader.insert_card(VirtualPassport())
    qtbot.waitUntil(
        lambda: kiosk.window.identify.phase is IdentifyPhase.PASSPORT_DETAILS, timeout=10_000
    )
    _type_details(qtbot, kiosk)
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=10_000)
    assert kiosk.controller.session.identity.document_number == NUMBER
