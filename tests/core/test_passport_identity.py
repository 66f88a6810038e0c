"""A resident identified by e-passport: the identity, its masking, the typed BAC details."""

import datetime as dt
import logging

import pytest

from drivers.icao_mrz import parse_td3
from drivers.icao_passport import PassportData
from drivers.simulated.virtual_passport import SPECIMEN_MRZ
from kiosk.forms import PrefillSources
from kiosk.id_numbers import mask_document_number
from kiosk.identity import IdentificationMethod, ResidentIdentity, identity_from_document
from kiosk.kiosk_core import IdentityProblem, RecordsOutcome
from kiosk.log_masking import PersonalDataFilter
from kiosk.passport_details import (
    DetailError,
    PassportDetailField,
    PassportDetailProblem,
    PassportDetails,
    check_passport_details,
)
from kiosk.session import ResidentSession

TODAY = dt.date(2026, 11, 30)
NUMBER = "L898902C3"


def _specimen_identity() -> ResidentIdentity:
    passport = PassportData(
        mrz=parse_td3(SPECIMEN_MRZ, TODAY), lds_version="0107", data_groups=(1,)
    )
    return identity_from_document(passport.to_identity_document(), IdentificationMethod.PASSPORT)


def test_identity_from_a_passport_keeps_the_number_apart_from_id_numbers():
    identity = _specimen_identity()
    assert identity.method is IdentificationMethod.PASSPORT
    assert identity.name == "ERIKSSON ANNA MARIA"  # as printed: surname, then given names
    assert (identity.nationality, identity.sex, identity.birth_date) == ("UTO", "F", "1974-08-12")
    assert identity.document_number == NUMBER
    assert identity.id_number == ""  # forms check identity.id_number as a GB 11643 number
    assert identity.id_valid_to == "2012-04-15"
    assert (identity.address, identity.ethnicity) == ("", "")


def test_prefill_from_a_passport_fills_the_name_and_leaves_the_id_number():
    identity = _specimen_identity()
    sources = PrefillSources(today=TODAY, identity=identity)
    assert sources.lookup("identity.name") == "ERIKSSON ANNA MARIA"
    assert sources.lookup("identity.nationality") == "UTO"
    assert sources.lookup("identity.id_number") is None
    assert identity.age_on(TODAY) == 52  # from the passport's birth date, not an ID number


def test_passport_number_is_masked_in_repr_and_logs(caplog):
    identity = _specimen_identity()
    shown = repr(identity)
    assert NUMBER not in shown and "ERIKSSON" not in shown
    assert mask_document_number(NUMBER) == "L8*****C3" and "L8*****C3" in shown
    logger = logging.getLogger("test.passport")
    caplog.handler.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO):
        logger.info("identified: %r", identity)
        logger.info("details: %s", PassportDetails(NUMBER, dt.date(1974, 8, 12), TODAY))
    assert NUMBER not in caplog.text and "1974-08-12" not in caplog.text
    assert "L8*****C3" in caplog.text


@pytest.mark.parametrize(
    ("number", "expected"), [("", ""), ("E12", "***"), ("E12345678", "E1*****78")]
)
def test_document_number_mask(number, expected):
    assert mask_document_number(number) == expected


def test_typed_details_become_dates_for_bac():
    details = check_passport_details(" l898902c3 ", "19740812", "20120415", TODAY)
    assert details == PassportDetails(NUMBER, dt.date(1974, 8, 12), dt.date(2012, 4, 15))


@pytest.mark.parametrize(
    ("number", "birth", "expiry", "field", "problem"),
    [
        ("", "19740812", "20120415", PassportDetailField.DOCUMENT_NUMBER, "empty"),
        ("L898-902", "19740812", "20120415", PassportDetailField.DOCUMENT_NUMBER, "characters"),
        ("L" * 15, "19740812", "20120415", PassportDetailField.DOCUMENT_NUMBER, "characters"),
        (NUMBER, "197408", "20120415", PassportDetailField.BIRTH_DATE, "incomplete"),
        (NUMBER, "19741312", "20120415", PassportDetailField.BIRTH_DATE, "not_a_date"),
        (NUMBER, "19740230", "20120415", PassportDetailField.BIRTH_DATE, "not_a_date"),
        (NUMBER, "20270101", "20320101", PassportDetailField.BIRTH_DATE, "in_the_future"),
        (NUMBER, "18990101", "20120415", PassportDetailField.BIRTH_DATE, "too_early"),
        (NUMBER, "19740812", "2012041", PassportDetailField.EXPIRY_DATE, "incomplete"),
        (NUMBER, "19740812", "20120431", PassportDetailField.EXPIRY_DATE, "not_a_date"),
        (NUMBER, "19740812", "19740812", PassportDetailField.EXPIRY_DATE, "too_early"),
        (NUMBER, "19740812", "20600101", PassportDetailField.EXPIRY_DATE, "too_late"),
    ],
)
def test_each_wrong_detail_is_named_by_field(number, birth, expiry, field, problem):
    assert check_passport_details(number, birth, expiry, TODAY) == DetailError(
        field, PassportDetailProblem(problem)
    )


def test_an_expired_passport_can_still_be_typed():
    # The chip answers to an expired passport; the specimen itself expired in 2012.
    assert isinstance(
        check_passport_details(NUMBER, "19740812", "20120415", TODAY), PassportDetails
    )


def test_core_takes_a_passport_identity_without_records_or_network(core, platform):
    platform.stop()  # the platform keeps records by ID number: nothing to ask it
    identity = _specimen_identity()
    assert core.identity_problem(identity) is None  # expired, but it still names its holder
    session = ResidentSession()
    assert core.identify_by_passport(session, identity) is RecordsOutcome.DOCUMENT_ONLY
    assert session.identity is identity
    assert not session.records_available and session.records == {}
    assert session.consent_token is None


def test_a_passport_identity_without_a_number_is_refused(core):
    identity = ResidentIdentity(IdentificationMethod.PASSPORT, "ERIKSSON ANNA MARIA", "")
    assert core.identity_problem(identity) is IdentityProblem.BAD_NUMBER


def test_a_passport_holder_is_sent_as_a_passport_applicant():
    from kiosk.identity import IdentificationMethod, ResidentIdentity, applicant_of

    passport = ResidentIdentity(
        IdentificationMethod.PASSPORT,
        "ERIKSSON ANNA MARIA",
        "",
        birth_date="1974-08-12",
        nationality="UTO",
        document_number="L898902C3",
    )
    assert applicant_of(passport) == {
        "passport_number": "L898902C3",
        "nationality": "UTO",
        "birth_date": "1974-08-12",
        "name": "ERIKSSON ANNA MARIA",
    }
    card = ResidentIdentity(IdentificationMethod.ID_CARD, "王秀英", "310115195105120021")
    assert applicant_of(card) == {"id_number": "310115195105120021", "name": "王秀英"}
