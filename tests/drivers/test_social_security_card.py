import json

import pytest

from drivers.device import (
    CardNotPresent,
    CardReadIncomplete,
    DeviceEventKind,
    DeviceUnavailable,
)
from drivers.simulated.id_card_reader import DEFAULT_CARDS_DIR as ID_CARDS_DIR
from drivers.simulated.smart_card_reader import SimulatedSmartCardReader
from drivers.simulated.social_security_card import VirtualSocialSecurityCard
from drivers.smart_card_reader import CardConnection
from drivers.social_security_card import (
    FileNotFound,
    MalformedRecord,
    RecordNotFound,
    SecurityStatusNotSatisfied,
    read_social_security_card,
)

SSSE_NAME_GBK = "sx1.sh.社会保障".encode("gbk")


class RecordingConnection(CardConnection):
    """Wraps a connection, keeping every command and optionally rewriting some."""

    def __init__(self, inner: CardConnection, rewrite=None) -> None:
        super().__init__(inner.reader_id)
        self.inner = inner
        self.rewrite = rewrite
        self.sent: list[bytes] = []
        self.answers: list[tuple[bytes, int, int]] = []

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def transmit(self, apdu: bytes, timeout_s: float = 5.0):
        if self.rewrite is not None:
            apdu = self.rewrite(apdu, len(self.sent))
        self.sent.append(apdu)
        answer = self.inner.transmit(apdu, timeout_s)
        self.answers.append(answer)
        return answer

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def reader():
    device = SimulatedSmartCardReader(apdu_delay_s=0.0)
    device.open()
    yield device
    device.close()


@pytest.mark.parametrize(
    "card_name",
    ["wang_xiuying", "li_jianguo", "chen_xiaoting", "zhang_wei", "zhao_yuhan", "liu_zhiqiang"],
)
def test_each_demo_card_matches_the_same_residents_id_card(reader, card_name):
    id_card = json.loads((ID_CARDS_DIR / f"{card_name}.json").read_text(encoding="utf-8"))
    reader.insert_card(card_name)
    with reader.connect(1.0) as connection:
        data = read_social_security_card(connection)
    assert data.id_number == id_card["id_number"]
    assert data.name == id_card["name"]
    assert data.sex == id_card["sex"]
    assert data.birth_date.isoformat() == id_card["birth_date"]
    assert data.ethnicity == "汉"
    assert len(data.card_number) == 9 and data.card_number.startswith("SH")
    assert data.issue_date < data.expiry_date
    assert data.birthplace_code == id_card["id_number"][:6]


def test_parser_speaks_the_documented_apdus(reader):
    reader.insert_card("li_jianguo")
    connection = RecordingConnection(reader.connect(1.0))
    read_social_security_card(connection)
    assert connection.sent[0] == bytes.fromhex("00A40000023F00")
    assert connection.sent[1] == bytes.fromhex("00A404000F") + SSSE_NAME_GBK
    assert connection.sent[2] == bytes.fromhex("00A4000002EF05")
    assert bytes.fromhex("00B207040B") in connection.sent  # card number: 07 09 + 9 bytes
    assert bytes.fromhex("00A4000002EF06") in connection.sent
    assert bytes.fromhex("00B2090420") in connection.sent  # name: 09 1E + 30 bytes
    assert all((sw1, sw2) == (0x90, 0x00) for _, sw1, sw2 in connection.answers)


def test_virtual_card_answers_byte_by_byte(reader):
    reader.insert_card("chen_xiaoting")
    connection = reader.connect(1.0)
    assert connection.transmit(bytes.fromhex("00A40000023F00"))[1:] == (0x90, 0x00)
    assert connection.transmit(bytes.fromhex("00A404000F") + SSSE_NAME_GBK)[1:] == (0x90, 0x00)
    # READ RECORD by SFI: P2 = (6 << 3) | 4 selects EF06 implicitly.
    data, sw1, sw2 = connection.transmit(bytes.fromhex("00B2093420"))
    assert (sw1, sw2) == (0x90, 0x00)
    assert data[:2] == b"\x09\x1e"
    assert data[2:].rstrip(b"\x00") == "陈晓婷".encode("gbk")
    data, sw1, sw2 = connection.transmit(bytes.fromhex("00B20D3406"))
    assert data == bytes.fromhex("0D0419940218")  # birth date as BCD
    assert connection.transmit(bytes.fromhex("00B20D3401"))[1:] == (0x6C, 0x06)
    assert connection.transmit(bytes.fromhex("00B2013406"))[1:] == (0x6A, 0x83)
    assert connection.transmit(bytes.fromhex("00CA000000"))[1:] == (0x6D, 0x00)
    assert connection.transmit(bytes.fromhex("80B2093420"))[1:] == (0x6E, 0x00)


def test_wrong_le_is_corrected_from_6cxx(reader):
    reader.insert_card("zhang_wei")

    def shorten_first_read(apdu: bytes, index: int) -> bytes:
        return apdu[:-1] + b"\x01" if apdu[1] == 0xB2 and index == 3 else apdu

    connection = RecordingConnection(reader.connect(1.0), rewrite=shorten_first_read)
    data = read_social_security_card(connection)
    assert data.name == "张伟"
    assert (0x6C, 18) in [(sw1, sw2) for _, sw1, sw2 in connection.answers]


def test_card_without_ssse_application_raises_file_not_found(reader):
    card = reader.make_card("zhang_wei")
    card.has_ssse_application = False
    reader.insert_card(card)
    with pytest.raises(FileNotFound) as caught:
        read_social_security_card(reader.connect(1.0))
    assert caught.value.sw == 0x6A82


def test_missing_record_raises_record_not_found(reader):
    card = reader.make_card("zhang_wei")
    card.remove_record(0x07)
    reader.insert_card(card)
    with pytest.raises(RecordNotFound) as caught:
        read_social_security_card(reader.connect(1.0))
    assert caught.value.sw == 0x6A83
    assert "07" in caught.value.command


def test_locked_personal_data_raises_security_status(reader):
    card = reader.make_card("zhang_wei")
    card.personal_data_locked = True
    reader.insert_card(card)
    with pytest.raises(SecurityStatusNotSatisfied) as caught:
        read_social_security_card(reader.connect(1.0))
    assert caught.value.sw == 0x6982


def test_malformed_record_is_reported(reader):
    class CorruptCard(VirtualSocialSecurityCard):
        def process_apdu(self, apdu: bytes) -> bytes:
            response = super().process_apdu(apdu)
            if apdu[1] == 0xB2 and apdu[2] == 0x05:
                return b"\x05\x04\xab\xcd\xef\x12" + response[-2:]  # not BCD
            return response

    reader.insert_card(CorruptCard(reader.make_card("zhang_wei").data))
    with pytest.raises(MalformedRecord):
        read_social_security_card(reader.connect(1.0))


def test_card_pulled_mid_read(reader, record_events):
    recorder = record_events(reader)
    reader.insert_card("liu_zhiqiang")
    connection = reader.connect(1.0)
    reader.pull_card_after(5)
    with pytest.raises(CardReadIncomplete):
        read_social_security_card(connection)
    assert not reader.is_card_present()
    assert recorder.wait_for(DeviceEventKind.CARD_REMOVED)


def test_pulled_mid_read_fault_applies_to_each_insertion(reader):
    reader.fault = "pulled_mid_read"
    reader.insert_card("liu_zhiqiang")
    with pytest.raises(CardReadIncomplete):
        read_social_security_card(reader.connect(1.0))
    reader.fault = None
    reader.insert_card("liu_zhiqiang")
    assert read_social_security_card(reader.connect(1.0)).name == "刘志强"


def test_card_gone_before_first_command_is_not_present(reader):
    reader.insert_card("liu_zhiqiang")
    connection = reader.connect(1.0)
    reader.remove_card()
    with pytest.raises(CardNotPresent):
        read_social_security_card(connection)


def test_connection_does_not_survive_reinsertion(reader):
    reader.insert_card("liu_zhiqiang")
    connection = reader.connect(1.0)
    reader.insert_card("liu_zhiqiang")
    with pytest.raises(CardNotPresent):
        connection.transmit(bytes.fromhex("00A40000023F00"))


def test_connect_without_card_times_out(reader):
    with pytest.raises(CardNotPresent):
        reader.connect(0.05)


def test_unplugged_reader(reader, record_events):
    recorder = record_events(reader)
    reader.insert_card("liu_zhiqiang")
    connection = reader.connect(1.0)
    reader.fault = "unplugged"
    with pytest.raises(DeviceUnavailable):
        connection.transmit(bytes.fromhex("00A40000023F00"))
    with pytest.raises(DeviceUnavailable):
        reader.connect(0.05)
    reader.fault = None
    assert reader.connect(0.5).atr.startswith(b"\x3b")
    assert reader.wait_events_delivered()
    assert recorder.kinds[-2:] == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_repr_masks_personal_data(reader):
    reader.insert_card("wang_xiuying")
    data = read_social_security_card(reader.connect(1.0))
    assert "王秀英" not in repr(data) and "310115195105120021" not in repr(data)
    assert "王*英" in repr(data)
