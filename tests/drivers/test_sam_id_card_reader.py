"""The real SAM driver against the virtual SAM on a pty, and its codecs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
)
from drivers.id_card_text import (
    ForeignPermanentResidenceText,
    HmtResidencePermitText,
    parse_card_text,
    parse_read_answer,
    to_identity_document,
)
from drivers.identity_document import IdentityDocumentType
from drivers.sam_id_card_reader import SamIdCardReader, SamProtocolError
from drivers.sam_protocol import (
    MAX_LENGTH,
    PREAMBLE,
    FrameReassembler,
    SamCommand,
    SamFrameError,
    SamFrameErrorReason,
    SamStatus,
    encode_answer,
    encode_request,
    parse_answer,
)
from drivers.simulated.id_card_reader import DEFAULT_CARDS_DIR
from drivers.simulated.virtual_sam import (
    PHOTO_LENGTH,
    VirtualSam,
    VirtualSamFault,
    encode_card_text,
    read_answer_data,
)
from tests.drivers.conftest import EventRecorder

CARD_NAMES = sorted(path.stem for path in DEFAULT_CARDS_DIR.glob("*.json"))


@pytest.fixture
def sam():
    virtual = VirtualSam()
    yield virtual
    virtual.close()


@pytest.fixture
def reader(sam):
    device = SamIdCardReader(sam.port_path, poll_interval_s=0, command_timeout_s=0.3)
    device.open()
    yield device
    device.close()


# -- frame codec --------------------------------------------------------------


def test_request_frame_bytes_match_the_published_find_card_frame():
    assert encode_request(SamCommand.FIND_CARD) == bytes.fromhex("AAAAAA96690003200122")
    assert encode_request(SamCommand.SAM_STATUS) == bytes.fromhex("AAAAAA9669000311FFED")


def test_answer_round_trips_through_reassembler_fed_byte_by_byte():
    frame = encode_answer(SamStatus.FIND_CARD_SUCCESS, bytes(4))
    reassembler = FrameReassembler()
    bodies = []
    for byte in frame:
        reassembler.feed(bytes([byte]))
        body = reassembler.next_body()
        if body is not None:
            bodies.append(body)
    assert [parse_answer(body) for body in bodies] == [parse_answer(bytes([0, 0, 0x9F]) + bytes(4))]
    reassembler.finish()  # nothing left over


def test_reassembler_skips_garbage_and_partial_preambles_and_splits_two_frames():
    first = encode_answer(SamStatus.SUCCESS, b"\x01")
    second = encode_answer(SamStatus.NO_CARD)
    reassembler = FrameReassembler()
    reassembler.feed(b"\x00\xaa\xaa\xaa\x96\x00junk\xaa" + first + second)
    assert parse_answer(reassembler.next_body()).data == b"\x01"
    assert parse_answer(reassembler.next_body()).status is SamStatus.NO_CARD
    assert reassembler.next_body() is None
    assert reassembler.discarded == 11


def test_bad_checksum_is_rejected_and_next_frame_still_found():
    bad = bytearray(encode_answer(SamStatus.SUCCESS, b"abc"))
    bad[-1] ^= 0x01
    reassembler = FrameReassembler()
    reassembler.feed(bytes(bad) + encode_answer(SamStatus.NO_CARD))
    with pytest.raises(SamFrameError) as raised:
        reassembler.next_body()
    assert raised.value.reason is SamFrameErrorReason.BAD_CHECKSUM
    assert parse_answer(reassembler.next_body()).status is SamStatus.NO_CARD


def test_length_too_long_is_rejected_without_waiting_for_the_bytes():
    reassembler = FrameReassembler()
    reassembler.feed(PREAMBLE + (MAX_LENGTH + 1).to_bytes(2, "big"))
    with pytest.raises(SamFrameError) as raised:
        reassembler.next_body()
    assert raised.value.reason is SamFrameErrorReason.LENGTH_TOO_LONG


def test_truncated_frame_and_garbage_only_are_named_at_finish():
    frame = encode_answer(SamStatus.SUCCESS, bytes(100))
    truncated = FrameReassembler()
    truncated.feed(frame[:50])
    assert truncated.next_body() is None
    with pytest.raises(SamFrameError, match="got 50 of 111 bytes") as raised:
        truncated.finish()
    assert raised.value.reason is SamFrameErrorReason.TRUNCATED
    garbage = FrameReassembler()
    garbage.feed(b"\x01\x02\x03\x04\x05\x06\x07")
    assert garbage.next_body() is None
    with pytest.raises(SamFrameError) as raised:
        garbage.finish()
    assert raised.value.reason is SamFrameErrorReason.NO_PREAMBLE


def test_unknown_status_is_rejected():
    with pytest.raises(SamFrameError) as raised:
        parse_answer(bytes([0x00, 0x00, 0x55]))
    assert raised.value.reason is SamFrameErrorReason.UNKNOWN_STATUS


# -- card text layouts --------------------------------------------------------


def test_foreign_permanent_residence_layout_round_trips():
    card = ForeignPermanentResidenceText(
        english_name="SMITH, JOHN ALEXANDER",
        sex="M",
        residence_number="CAN310080123456",
        nationality="CAN",
        chinese_name="史约翰",
        valid_from=dt.date(2020, 3, 1),
        valid_to=dt.date(2030, 3, 1),
        birth=dt.date(1980, 12, 24),
        version="05",
        authority_code="1500",
    )
    text = encode_card_text(card)
    assert text[248:250] == "I".encode("utf-16-le")
    assert parse_card_text(text) == card
    document = to_identity_document(card, b"wlt")
    assert document.doc_type is IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE
    assert (document.name, document.id_number) == ("史约翰", "CAN310080123456")


def test_hmt_residence_permit_layout_round_trips_through_a_read_answer():
    card = HmtResidencePermitText(
        name="陈大文",
        sex="F",
        birth=dt.date(1990, 1, 2),
        address="上海市黄浦区南京东路100号",
        id_number="810000199001020025",
        issuer="上海市公安局黄浦分局",
        valid_from=dt.date(2021, 5, 6),
        valid_to=None,
        pass_number="H12345678",
        issue_count="01",
    )
    text = encode_card_text(card)
    assert text[248:250] == "J".encode("utf-16-le")
    assert parse_card_text(text) == card
    document = parse_read_answer(read_answer_data(text, bytes(PHOTO_LENGTH)))
    assert document.doc_type is IdentityDocumentType.HMT_RESIDENCE_PERMIT
    assert document.valid_to is None
    assert document.address == card.address


# -- the driver over the pty ---------------------------------------------------


@pytest.mark.parametrize("card_name", CARD_NAMES)
def test_reads_every_demo_card_field_by_field(sam, reader, card_name):
    sam.insert_card(card_name)
    document = reader.read_card(timeout_s=2.0)
    raw = json.loads((DEFAULT_CARDS_DIR / f"{card_name}.json").read_text(encoding="utf-8"))
    photo = bytes.fromhex(raw["photo_wlt_hex"])
    assert document.doc_type.value == raw["doc_type"]
    assert document.name == raw["name"]
    assert document.sex == raw["sex"]
    assert document.ethnicity == raw["ethnicity"]
    assert document.birth_date.isoformat() == raw["birth_date"]
    assert document.address == raw["address"]
    assert document.id_number == raw["id_number"]
    assert document.issuer == raw["issuer"]
    assert document.valid_from.isoformat() == raw["valid_from"]
    assert (document.valid_to.isoformat() if document.valid_to else None) == raw["valid_to"]
    # Real cards carry 1024 WLT bytes; the demo placeholder arrives zero-padded.
    assert document.photo_wlt == photo + bytes(PHOTO_LENGTH - len(photo))
    assert sam.requests[-3:] == [
        SamCommand.FIND_CARD,
        SamCommand.SELECT_CARD,
        SamCommand.READ_TEXT_PHOTO,
    ]


def _read_after(sam, reader, fault):
    sam.insert_card("zhang_wei")
    sam.fault = fault
    try:
        reader.read_card(timeout_s=2.0)
    finally:
        sam.fault = None


def _recovers(sam, reader):
    sam.insert_card("li_jianguo")
    assert reader.read_card(timeout_s=2.0).name == "李建国"
    assert reader.health() is DeviceHealth.READY


def test_no_card_gives_card_not_present(sam, reader):
    with pytest.raises(CardNotPresent, match="no card within"):
        reader.read_card(timeout_s=0.4)
    assert not reader.is_card_present()
    _recovers(sam, reader)


def test_card_removed_mid_read_gives_card_read_incomplete(sam, reader):
    with pytest.raises(CardReadIncomplete, match="read answer cut off"):
        _read_after(sam, reader, VirtualSamFault.REMOVED_MID_READ)
    _recovers(sam, reader)


def test_bad_checksum_gives_protocol_error_after_one_retry(sam, reader):
    with pytest.raises(SamProtocolError, match="bad_checksum") as raised:
        _read_after(sam, reader, VirtualSamFault.BAD_CHECKSUM)
    assert raised.value.reason is SamFrameErrorReason.BAD_CHECKSUM
    assert reader.health() is DeviceHealth.FAULT
    _recovers(sam, reader)


def test_silent_sam_gives_device_timeout(sam, reader):
    with pytest.raises(DeviceTimeout, match="no answer to FIND_CARD"):
        _read_after(sam, reader, VirtualSamFault.SILENT)
    _recovers(sam, reader)


def test_garbage_before_frames_is_skipped(sam, reader):
    sam.insert_card("zhang_wei")
    sam.fault = VirtualSamFault.GARBAGE_BEFORE
    assert reader.read_card(timeout_s=2.0).name == "张伟"


def test_garbage_instead_of_frames_gives_protocol_error(sam, reader):
    with pytest.raises(SamProtocolError, match="no_preamble"):
        _read_after(sam, reader, VirtualSamFault.GARBAGE_INSTEAD)
    _recovers(sam, reader)


def test_unplug_gives_device_unavailable_and_reopen_after_replug(tmp_path: Path):
    link = tmp_path / "idreader"
    with VirtualSam(link_path=link) as sam:
        reader = SamIdCardReader(str(link), poll_interval_s=0, command_timeout_s=0.3)
        events = EventRecorder(reader)
        reader.open()
        try:
            sam.insert_card("zhao_yuhan")
            sam.unplug()
            with pytest.raises(DeviceUnavailable, match="lost"):
                reader.read_card(timeout_s=1.0)
            events.wait_for(DeviceEventKind.LOST)
            assert reader.health() is DeviceHealth.UNAVAILABLE
            with pytest.raises(DeviceUnavailable, match="cannot open"):
                reader.read_card(timeout_s=1.0)
            sam.replug()
            sam.insert_card("zhao_yuhan")
            assert reader.read_card(timeout_s=2.0).name == "赵雨涵"
            events.wait_for(DeviceEventKind.FOUND)
        finally:
            reader.close()


def test_poll_emits_card_and_plug_events(tmp_path: Path):
    link = tmp_path / "idreader"
    with VirtualSam(link_path=link) as sam:
        reader = SamIdCardReader(str(link), poll_interval_s=0.05, command_timeout_s=0.3)
        events = EventRecorder(reader)
        reader.open()
        try:
            sam.insert_card("chen_xiaoting")
            events.wait_for(DeviceEventKind.CARD_INSERTED)
            sam.remove_card()
            events.wait_for(DeviceEventKind.CARD_REMOVED)
            sam.unplug()
            events.wait_for(DeviceEventKind.LOST)
            sam.replug()
            events.wait_for(DeviceEventKind.FOUND)
        finally:
            reader.close()
        kinds = events.kinds
        assert kinds[:2] == [DeviceEventKind.CARD_INSERTED, DeviceEventKind.CARD_REMOVED]


def test_closed_reader_is_unavailable(sam):
    reader = SamIdCardReader(sam.port_path, poll_interval_s=0)
    with pytest.raises(DeviceUnavailable, match="not open"):
        reader.read_card(timeout_s=0.2)
    reader.close()  # safe without open


def test_the_sam_driver_is_chosen_by_configuration(tmp_path):
    from drivers.device_set import build_device_set
    from drivers.sam_id_card_reader import SamIdCardReader

    devices = build_device_set(
        {"id_card_reader": {"driver": "sam", "serial_port": str(tmp_path / "no-such-tty"), "poll_interval_s": 0}}
    )
    assert isinstance(devices.id_card_reader, SamIdCardReader)
