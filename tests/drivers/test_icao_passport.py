"""read_passport against the virtual passport, in process (no pcscd needed)."""

import datetime as dt

import pytest

from drivers.device import CardReadIncomplete
from drivers.icao_mrz import MrzError
from drivers.icao_passport import (
    NotAPassport,
    PassportAccessDenied,
    PassportErrorReason,
    PassportProtocolError,
    read_passport,
)
from drivers.identity_document import IdentityDocument, IdentityDocumentType
from drivers.simulated.smart_card_reader import SimulatedSmartCardReader
from drivers.simulated.virtual_passport import VirtualPassport

TODAY = dt.date(2026, 11, 30)
DETAILS = ("L898902C3", dt.date(1974, 8, 12), dt.date(2012, 4, 15))


@pytest.fixture
def reader():
    device = SimulatedSmartCardReader(apdu_delay_s=0)
    device.open()
    yield device
    device.close()


def test_reads_com_and_dg1_after_bac(reader):
    chip = reader.insert_card(VirtualPassport())
    with reader.connect(timeout_s=1) as connection:
        data = read_passport(connection, *DETAILS, today=TODAY)
    assert chip.bac_established
    assert (data.lds_version, data.data_groups, data.face_image) == ("0107", (1,), None)
    assert data.mrz.full_name == "ERIKSSON ANNA MARIA"
    assert "ERIKSSON" not in repr(data)


def test_reads_the_face_when_asked(reader):
    face = b"\xff\xd8\xff\xe0" + b"\x01" * 600
    reader.insert_card(VirtualPassport(face_jpeg=face))
    with reader.connect(timeout_s=1) as connection:
        data = read_passport(connection, *DETAILS, today=TODAY, read_face=True)
    assert data.face_image == face


def test_wrong_details_are_refused_with_a_reason(reader):
    reader.insert_card(VirtualPassport())
    with reader.connect(timeout_s=1) as connection, pytest.raises(PassportAccessDenied) as caught:
        read_passport(connection, "L898902C4", DETAILS[1], DETAILS[2], today=TODAY)
    assert caught.value.reason is PassportErrorReason.DETAILS_DO_NOT_MATCH


def test_details_that_cannot_be_an_mrz_never_reach_the_card(reader):
    chip = reader.insert_card(VirtualPassport())
    with reader.connect(timeout_s=1) as connection, pytest.raises(MrzError):
        read_passport(connection, "L898-902", DETAILS[1], DETAILS[2], today=TODAY)
    assert not chip.bac_established


def test_a_social_security_card_is_not_a_passport(reader):
    reader.insert_card("wang_xiuying")
    with reader.connect(timeout_s=1) as connection, pytest.raises(NotAPassport):
        read_passport(connection, *DETAILS, today=TODAY)


def test_a_tampered_answer_is_a_protocol_error(reader):
    chip = reader.insert_card(VirtualPassport())
    answer = chip.process_apdu

    def flip_a_bit(apdu: bytes) -> bytes:
        response = answer(apdu)
        if apdu[0] == 0x0C and apdu[1] == 0xB0:
            return bytes((response[0], response[1], response[2] ^ 0x01)) + response[3:]
        return response

    chip.process_apdu = flip_a_bit
    with reader.connect(timeout_s=1) as connection, pytest.raises(PassportProtocolError):
        read_passport(connection, *DETAILS, today=TODAY)


def test_pulled_during_the_read(reader):
    reader.insert_card(VirtualPassport())
    reader.pull_card_after(6)
    with reader.connect(timeout_s=1) as connection, pytest.raises(CardReadIncomplete):
        read_passport(connection, *DETAILS, today=TODAY)


def test_plain_reads_before_bac_are_refused():
    chip = VirtualPassport()
    assert chip.process_apdu(bytes.fromhex("00A4040C07A0000002471001")) == b"\x90\x00"
    assert chip.process_apdu(bytes.fromhex("00B0000004")) == b"\x69\x82"


def test_passport_identity_document():
    document = IdentityDocument(
        doc_type=IdentityDocumentType.PASSPORT,
        name="ERIKSSON ANNA MARIA",
        sex="X",
        ethnicity="",
        birth_date=dt.date(1974, 8, 12),
        address="",
        id_number="E12345678",
        issuer="CHN",
        valid_from=None,
        valid_to=dt.date(2030, 1, 1),
        nationality="CHN",
    )
    assert document.is_valid_on(TODAY)
    assert "E1*****78" in repr(document)
    assert "E12345678" not in repr(document)
    with pytest.raises(ValueError):
        IdentityDocument(**{**document.__dict__, "doc_type": IdentityDocumentType.RESIDENT_ID_CARD})
