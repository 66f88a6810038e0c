"""PcscSmartCardReader against a real pcscd, vpcd and the virtual social-security card."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
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
from drivers.device_set import build_device_set
from drivers.pcsc_smart_card_reader import PcscSmartCardReader
from drivers.simulated.private_pcscd import VPCD_SLOT0_READER
from drivers.simulated.social_security_card import DEFAULT_CARDS_DIR, SIMULATED_ATR
from drivers.simulated.vpcd_card import VpcdCard
from drivers.simulated.vpcd_social_security_card import vpcd_social_security_card
from drivers.social_security_card import read_social_security_card
from tests.pcsc.conftest import WAIT_S

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def ssc_card(pcscd):
    card = vpcd_social_security_card("wang_xiuying", pcscd.vpcd_port)
    yield card
    card.remove()


def test_reads_the_social_security_card_through_pcscd(reader, ssc_card):
    ssc_card.insert()
    with reader.connect(timeout_s=WAIT_S) as connection:
        assert connection.atr == SIMULATED_ATR
        assert connection.protocol == "T=0"  # the ATR offers T=0 only
        data = read_social_security_card(connection)
    assert data.name == "王秀英"
    assert data.id_number == "310115195105120021"
    assert data.card_number.startswith("SH00")
    assert "王秀英" not in repr(data)


def test_card_inserted_and_removed_events(reader, ssc_card, events):
    recorded = events(reader)
    assert not reader.is_card_present()
    ssc_card.insert()
    after = recorded.wait_for(DeviceEventKind.CARD_INSERTED)
    assert reader.is_card_present()
    ssc_card.remove()
    recorded.wait_for(DeviceEventKind.CARD_REMOVED, after)
    assert not reader.is_card_present()
    assert reader.health() is DeviceHealth.READY


def test_card_pulled_mid_read_is_incomplete_and_the_session_stays_dead(reader, ssc_card, events):
    recorded = events(reader)
    ssc_card.insert()
    with reader.connect(timeout_s=WAIT_S) as connection:
        after = recorded.count()
        ssc_card.remove_after_apdus(4)
        with pytest.raises(CardReadIncomplete):
            read_social_security_card(connection)
        recorded.wait_for(DeviceEventKind.CARD_REMOVED, after)
        # A session never survives a removal, even once the card is back.
        ssc_card.insert()
        recorded.wait_for(DeviceEventKind.CARD_INSERTED, after)
        with pytest.raises(CardNotPresent):
            connection.transmit(bytes.fromhex("00A40000023F00"))
    with reader.connect(timeout_s=WAIT_S) as connection:
        assert read_social_security_card(connection).name == "王秀英"


def test_connect_without_a_card_gives_up_in_time(reader):
    started = time.monotonic()
    with pytest.raises(CardNotPresent):
        reader.connect(timeout_s=0.3)
    assert time.monotonic() - started < 2.0


def test_pcscd_killed_and_restarted_gives_lost_then_found(reader, ssc_card, pcscd, events):
    recorded = events(reader)
    ssc_card.insert()
    after = recorded.wait_for(DeviceEventKind.CARD_INSERTED)
    connection = reader.connect(timeout_s=WAIT_S)
    pcscd.kill()
    after = recorded.wait_for(DeviceEventKind.LOST, after)
    assert reader.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(DeviceUnavailable):
        connection.transmit(bytes.fromhex("00A40000023F00"), timeout_s=WAIT_S)
    connection.close()
    with pytest.raises(DeviceUnavailable):
        reader.connect(timeout_s=0.1)
    pcscd.start()
    after = recorded.wait_for(DeviceEventKind.FOUND, after)
    # The card stayed in the reader; the new pcscd finds it again.
    recorded.wait_for(DeviceEventKind.CARD_INSERTED, after)
    with reader.connect(timeout_s=WAIT_S) as connection:
        assert read_social_security_card(connection).name == "王秀英"
    assert reader.health() is DeviceHealth.READY


def test_open_names_the_reader_it_could_not_find(pcscd):
    device = PcscSmartCardReader(reader_name="No Such Reader")
    with pytest.raises(DeviceUnavailable, match="No Such Reader"):
        device.open()
    assert device.health() is DeviceHealth.UNAVAILABLE


def test_open_fails_cleanly_without_pcscd(pcscd):
    pcscd.stop()
    device = PcscSmartCardReader(reader_name=VPCD_SLOT0_READER)
    started = time.monotonic()
    with pytest.raises(DeviceUnavailable, match="pcscd"):
        device.open()
    assert time.monotonic() - started < 5.0


class _T0ChainingCard:
    """A T=0 card that answers with 61xx (fetch with GET RESPONSE) and 6Cxx (wrong Le)."""

    atr = SIMULATED_ATR
    payload = bytes(range(1, 21))

    def reset(self) -> None:
        pass

    def process_apdu(self, apdu: bytes) -> bytes:
        if apdu[1] == 0xA4:  # SELECT: "20 bytes are waiting"
            return b"\x61\x14"
        if apdu[1] == 0xC0:  # GET RESPONSE: hand them out 8 at a time
            served = getattr(self, "served", 0)
            chunk = self.payload[served : served + min(apdu[4], 8)]
            self.served = served + len(chunk)
            left = len(self.payload) - self.served
            return chunk + (bytes((0x61, left)) if left else b"\x90\x00")
        if apdu[1] == 0xB0:  # READ BINARY: exactly 5 bytes, or 6C05
            return b"hello\x90\x00" if apdu[4] == 5 else b"\x6c\x05"
        return b"\x6d\x00"


def test_t0_get_response_and_wrong_le_are_completed_by_the_driver(reader, pcscd):
    card = VpcdCard(_T0ChainingCard(), pcscd.vpcd_port)
    with card, reader.connect(timeout_s=WAIT_S) as connection:
        assert connection.transmit(bytes.fromhex("00A40400025041")) == (
            _T0ChainingCard.payload,
            0x90,
            0x00,
        )
        assert connection.transmit(bytes.fromhex("00B0000000")) == (b"hello", 0x90, 0x00)


class _HungCard:
    """A card that stops answering in the middle of a session."""

    atr = SIMULATED_ATR

    def __init__(self) -> None:
        self.release = threading.Event()

    def reset(self) -> None:
        pass

    def process_apdu(self, apdu: bytes) -> bytes:
        self.release.wait(WAIT_S * 3)
        return b"\x90\x00"


def test_a_card_that_never_answers_times_out_instead_of_hanging(reader, pcscd):
    hung = _HungCard()
    card = VpcdCard(hung, pcscd.vpcd_port)
    card.insert()
    try:
        connection = reader.connect(timeout_s=WAIT_S)
        started = time.monotonic()
        with pytest.raises(DeviceTimeout):
            connection.transmit(bytes.fromhex("00A40000023F00"), timeout_s=0.5)
        assert time.monotonic() - started < 3.0
        # The abandoned session is not used again.
        with pytest.raises(DeviceUnavailable):
            connection.transmit(bytes.fromhex("00A40000023F00"), timeout_s=0.5)
    finally:
        hung.release.set()
        card.remove()
    connection.close()


def test_the_device_set_builds_it_from_configuration():
    devices = build_device_set(
        {"smart_card_reader": {"driver": "pcsc", "reader_name": VPCD_SLOT0_READER}}
    )
    assert isinstance(devices.smart_card_reader, PcscSmartCardReader)
    assert devices.smart_card_reader.device_id == "smart_card_reader"


def test_the_virtual_card_runs_from_the_command_line(reader, pcscd, events):
    recorded = events(reader)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.simulated.vpcd_social_security_card",
            "--port",
            str(pcscd.vpcd_port),
            "--card",
            str(DEFAULT_CARDS_DIR / "zhang_wei.json"),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        after = recorded.wait_for(DeviceEventKind.CARD_INSERTED)
        with reader.connect(timeout_s=WAIT_S) as connection:
            assert read_social_security_card(connection).name == "张伟"
        process.terminate()
        process.wait(timeout=WAIT_S)
        recorded.wait_for(DeviceEventKind.CARD_REMOVED, after)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT_S)


def test_a_card_already_in_the_reader_is_known_when_open_returns(pcscd, ssc_card, events):
    from tests.pcsc.conftest import wait_slot_filled

    ssc_card.insert()
    wait_slot_filled()
    device = PcscSmartCardReader(reader_name=VPCD_SLOT0_READER)
    recorded = events(device)
    device.open()
    try:
        assert device.is_card_present()
        recorded.wait_for(DeviceEventKind.CARD_INSERTED)
    finally:
        device.close()
