import datetime as dt
import json
import threading
import time

import pytest

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
)
from drivers.identity_document import IdentityDocumentType
from drivers.simulated.id_card_reader import (
    DEFAULT_CARDS_DIR,
    SimulatedIdCardReader,
    SimulatedIdReaderFault,
)

DEMO_RESIDENTS = {
    "wang_xiuying": ("王秀英", "F", dt.date(1951, 5, 12), "310115195105120021", "浦东新区"),
    "li_jianguo": ("李建国", "M", dt.date(1968, 9, 3), "310104196809030118", "徐汇区"),
    "chen_xiaoting": ("陈晓婷", "F", dt.date(1994, 2, 18), "310105199402180042", "长宁区"),
    "zhang_wei": ("张伟", "M", dt.date(1989, 11, 25), "310110198911250033", "杨浦区"),
    "zhao_yuhan": ("赵雨涵", "F", dt.date(2010, 7, 1), "310106201007010066", "静安区"),
    "liu_zhiqiang": ("刘志强", "M", dt.date(1979, 3, 14), "310107197903140050", "普陀区"),
}


@pytest.fixture
def reader():
    device = SimulatedIdCardReader(read_delay_s=0.02)
    device.open()
    yield device
    device.close()


def test_demo_cards_are_exactly_the_seed_residents(reader):
    assert sorted(reader.available_cards()) == sorted(DEMO_RESIDENTS)


@pytest.mark.parametrize("card_name", sorted(DEMO_RESIDENTS))
def test_reads_each_demo_card(reader, card_name):
    name, sex, birth_date, id_number, district = DEMO_RESIDENTS[card_name]
    reader.insert_card(card_name)
    document = reader.read_card(timeout_s=1.0)
    assert document.doc_type is IdentityDocumentType.RESIDENT_ID_CARD
    assert (document.name, document.sex, document.birth_date) == (name, sex, birth_date)
    assert document.id_number == id_number
    assert document.ethnicity == "汉"
    assert document.address.startswith("上海市" + district)
    assert document.issuer.startswith("上海市公安局")
    assert document.is_valid_on(dt.date(2026, 11, 30))
    assert document.photo_wlt  # placeholder bytes, present like on a real card


def test_only_the_eldest_card_is_long_term(reader):
    reader.insert_card("wang_xiuying")
    assert reader.read_card(1.0).valid_to is None
    reader.insert_card("zhang_wei")
    assert reader.read_card(1.0).valid_to == dt.date(2037, 1, 9)


def test_insert_and_remove_emit_events(reader, record_events):
    recorder = record_events(reader)
    reader.insert_card("li_jianguo")
    assert reader.is_card_present()
    reader.remove_card()
    reader.remove_card()  # nothing left to remove: no second event
    assert not reader.is_card_present()
    assert reader.wait_events_delivered()
    assert recorder.kinds == [DeviceEventKind.CARD_INSERTED, DeviceEventKind.CARD_REMOVED]
    assert threading.current_thread() not in recorder.threads


def test_no_card_times_out_with_card_not_present(reader):
    started = time.monotonic()
    with pytest.raises(CardNotPresent):
        reader.read_card(timeout_s=0.1)
    assert time.monotonic() - started >= 0.09


def test_read_waits_for_a_card_placed_later(reader):
    threading.Timer(0.05, reader.insert_card, args=("chen_xiaoting",)).start()
    assert reader.read_card(timeout_s=2.0).name == "陈晓婷"


def test_half_read_raises_card_read_incomplete(reader):
    reader.insert_card("zhang_wei")
    reader.fault = "half_read"
    with pytest.raises(CardReadIncomplete):
        reader.read_card(1.0)
    reader.fault = None
    assert reader.read_card(1.0).name == "张伟"


def test_card_taken_away_mid_read_is_incomplete():
    reader = SimulatedIdCardReader(read_delay_s=0.5)
    reader.open()
    reader.insert_card("zhang_wei")
    threading.Timer(0.05, reader.remove_card).start()
    with pytest.raises(CardReadIncomplete):
        reader.read_card(2.0)


def test_reader_timeout_fault(reader):
    reader.insert_card("zhang_wei")
    reader.fault = SimulatedIdReaderFault.TIMEOUT
    assert reader.health() is DeviceHealth.FAULT
    started = time.monotonic()
    with pytest.raises(DeviceTimeout):
        reader.read_card(timeout_s=0.1)
    assert 0.09 <= time.monotonic() - started < 1.0


def test_read_slower_than_timeout_raises_device_timeout():
    reader = SimulatedIdCardReader(read_delay_s=0.5)
    reader.open()
    reader.insert_card("zhang_wei")
    with pytest.raises(DeviceTimeout):
        reader.read_card(timeout_s=0.05)


def test_unplugged_reader_is_unavailable_and_reports_lost_found(reader, record_events):
    recorder = record_events(reader)
    reader.insert_card("zhao_yuhan")
    reader.fault = "unplugged"
    assert reader.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        reader.read_card(0.5)
    reader.fault = None
    assert reader.health() is DeviceHealth.READY
    assert reader.read_card(0.5).name == "赵雨涵"
    assert reader.wait_events_delivered()
    assert recorder.kinds[-2:] == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_unplugging_wakes_a_waiting_read(reader):
    threading.Timer(0.05, reader.unplug).start()
    started = time.monotonic()
    with pytest.raises(DeviceUnavailable):
        reader.read_card(timeout_s=3.0)
    assert time.monotonic() - started < 1.0


def test_closed_reader_refuses():
    reader = SimulatedIdCardReader(read_delay_s=0.0)
    reader.insert_card("zhang_wei")
    assert reader.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        reader.read_card(0.1)


def test_unknown_card_name(reader):
    with pytest.raises(ValueError, match="no simulated card"):
        reader.insert_card("nobody")


def test_card_file_with_wrong_check_digit_is_rejected(tmp_path):
    raw = json.loads((DEFAULT_CARDS_DIR / "zhang_wei.json").read_text(encoding="utf-8"))
    raw["id_number"] = raw["id_number"][:-1] + "9"
    (tmp_path / "typo.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    reader = SimulatedIdCardReader(cards_dir=tmp_path)
    assert reader.available_cards() == ["typo"]
    with pytest.raises(ValueError, match="check digit"):
        reader.insert_card("typo")
