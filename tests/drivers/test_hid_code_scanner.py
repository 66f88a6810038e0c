"""Keyboard-wedge decoding (pure) and HidCodeScanner reading packed input_event records."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from drivers.device import DeviceEventKind, DeviceHealth, DeviceUnavailable
from drivers.hid_code_scanner import EV_KEY, INPUT_EVENT, HidCodeScanner, pack_input_event
from drivers.keyboard_wedge import (
    KEY_ENTER,
    KEY_LEFTSHIFT,
    KEY_PRESS,
    KEY_RELEASE,
    KEY_REPEAT,
    KEY_RIGHTSHIFT,
    KeyboardWedgeDecoder,
    WedgeLine,
    key_events_for,
)

BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
SC1_CODE = "SC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B"
KEY_A, KEY_4, KEY_SEMICOLON, KEY_MINUS, KEY_F1, KEY_CAPSLOCK, KEY_KP7 = 30, 5, 39, 12, 59, 58, 71
EV_SYN, EV_MSC = 0x00, 0x04


def decode(events: Iterable[tuple[int, int]], max_length: int = 4096) -> list[WedgeLine]:
    decoder = KeyboardWedgeDecoder(max_length)
    return [line for code, value in events if (line := decoder.feed(code, value)) is not None]


def press(code: int) -> list[tuple[int, int]]:
    return [(code, KEY_PRESS), (code, KEY_RELEASE)]


# -- keyboard_wedge --------------------------------------------------------


@pytest.mark.parametrize("char", list(BASE45))
def test_every_base45_character_round_trips(char):
    assert decode(key_events_for(char)) == [WedgeLine(char)]


def test_whole_sc1_code_round_trips():
    assert decode(key_events_for(SC1_CODE)) == [WedgeLine(SC1_CODE)]


def test_lowercase_and_other_us_symbols_round_trip():
    text = "abc xyz!@#^&()_=[]{};'\"`~\\|,<>?"
    assert decode(key_events_for(text)) == [WedgeLine(text)]


def test_known_key_codes():
    # Pinned against input-event-codes.h, not against key_events_for.
    events = (
        press(KEY_A)
        + [(KEY_LEFTSHIFT, KEY_PRESS), *press(KEY_A), *press(KEY_4), (KEY_LEFTSHIFT, KEY_RELEASE)]
        + [(KEY_RIGHTSHIFT, KEY_PRESS), *press(KEY_SEMICOLON), (KEY_RIGHTSHIFT, KEY_RELEASE)]
        + press(KEY_MINUS)
        + press(KEY_ENTER)
    )
    assert decode(events) == [WedgeLine("aA$:-")]


def test_shift_released_between_keys():
    events = [(KEY_LEFTSHIFT, KEY_PRESS), *press(KEY_A), (KEY_LEFTSHIFT, KEY_RELEASE)]
    events += press(KEY_A) + press(KEY_ENTER)
    assert decode(events) == [WedgeLine("Aa")]


def test_one_of_two_shifts_released_keeps_shift():
    events = [(KEY_LEFTSHIFT, KEY_PRESS), (KEY_RIGHTSHIFT, KEY_PRESS), (KEY_LEFTSHIFT, KEY_RELEASE)]
    events += press(KEY_A) + press(KEY_ENTER)
    assert decode(events) == [WedgeLine("A")]


def test_caps_lock_inverts_letters_only():
    events = press(KEY_CAPSLOCK) + press(KEY_A) + press(KEY_4)
    events += [(KEY_LEFTSHIFT, KEY_PRESS), *press(KEY_A), (KEY_LEFTSHIFT, KEY_RELEASE)]
    events += press(KEY_ENTER)
    assert decode(events) == [WedgeLine("A4a")]


def test_key_repeat_is_ignored():
    events = [(KEY_A, KEY_PRESS), (KEY_A, KEY_REPEAT), (KEY_A, KEY_REPEAT), (KEY_A, KEY_RELEASE)]
    events += press(KEY_ENTER)
    assert decode(events) == [WedgeLine("a")]


def test_unknown_key_is_reported():
    events = press(KEY_A) + press(KEY_F1) + press(KEY_A) + press(KEY_ENTER)
    [line] = decode(events)
    assert line.unknown_keys == (KEY_F1,)
    assert line.text == "aa"
    assert not line.is_valid


def test_unknown_key_does_not_leak_into_next_line():
    events = press(KEY_F1) + press(KEY_ENTER) + key_events_for("OK")
    first, second = decode(events)
    assert first.unknown_keys == (KEY_F1,)
    assert second == WedgeLine("OK") and second.is_valid


def test_keypad_keys():
    assert decode(press(KEY_KP7) + press(96)) == [WedgeLine("7")]


def test_bare_enter_yields_nothing():
    assert decode(press(KEY_ENTER) * 3) == []


def test_too_long_line_is_flagged_and_next_line_is_fine():
    first, second = decode(key_events_for("ABCDE") + key_events_for("ABCD"), max_length=4)
    assert first.too_long and not first.is_valid
    assert second == WedgeLine("ABCD")


def test_key_events_for_rejects_untypeable_text():
    with pytest.raises(ValueError):
        key_events_for("一")


# -- HidCodeScanner --------------------------------------------------------


def records(text: str) -> bytes:
    """What the kernel delivers for a scanned code: EV_MSC scan, EV_KEY, EV_SYN per key."""
    out = b""
    for code, value in key_events_for(text):
        out += pack_input_event(EV_MSC, 4, 0x70000 + code)
        out += pack_input_event(EV_KEY, code, value, time_s=1.5)
        out += pack_input_event(EV_SYN, 0, 0)
    return out


def codes(recorder) -> list[object]:
    return [e.data for e in recorder.events if e.kind is DeviceEventKind.CODE_READ]


def test_reads_codes_from_a_file_then_end_of_stream_is_lost(tmp_path: Path, record_events):
    path = tmp_path / "event-recording"
    path.write_bytes(records(SC1_CODE) + records("SECOND") + records("PART")[:-200])
    scanner = HidCodeScanner(str(path), grab=False, reconnect_interval_s=60)
    recorder = record_events(scanner)
    scanner.open()
    try:
        recorder.wait_for(DeviceEventKind.LOST)
        assert scanner.wait_events_delivered()
        assert codes(recorder) == [SC1_CODE, "SECOND"]  # the partial code is discarded
        assert scanner.health() is DeviceHealth.UNAVAILABLE
    finally:
        scanner.close()


def test_reads_records_split_across_pipe_writes(tmp_path: Path, record_events):
    fifo = tmp_path / "events"
    os.mkfifo(fifo)
    # Held read-write, so the FIFO has a writer before the driver opens it.
    writer = os.open(fifo, os.O_RDWR)
    scanner = HidCodeScanner(str(fifo), grab=False, reconnect_interval_s=60)
    recorder = record_events(scanner)
    try:
        scanner.open()
        assert scanner.health() is DeviceHealth.READY
        data = records("AB$1")
        for start in range(0, len(data), 7):  # 7 does not divide a record
            os.write(writer, data[start : start + 7])
        event = recorder.wait_for(DeviceEventKind.CODE_READ)
        assert event.data == "AB$1"
        os.close(writer)
        writer = -1
        recorder.wait_for(DeviceEventKind.LOST)
    finally:
        scanner.close()
        if writer >= 0:
            os.close(writer)


def test_dropped_code_is_logged_without_its_text(tmp_path: Path, record_events, caplog):
    path = tmp_path / "events"
    bad = pack_input_event(EV_KEY, KEY_F1, KEY_PRESS) + records("SECRET")
    path.write_bytes(bad + records("GOOD"))
    scanner = HidCodeScanner(str(path), grab=False, reconnect_interval_s=60)
    recorder = record_events(scanner)
    with caplog.at_level(logging.WARNING):
        scanner.open()
        recorder.wait_for(DeviceEventKind.LOST)
        scanner.close()
    assert scanner.wait_events_delivered()
    assert codes(recorder) == ["GOOD"]
    assert "unknown key codes [59]" in caplog.text
    assert "SECRET" not in caplog.text


def test_lost_then_found_when_the_node_comes_back(tmp_path: Path, record_events):
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(records("ONE"))
    second.write_bytes(records("TWO"))
    link = tmp_path / "by-id-link"
    link.symlink_to(first)
    scanner = HidCodeScanner(str(link), grab=False, reconnect_interval_s=1.0)
    recorder = record_events(scanner)
    scanner.open()
    try:
        recorder.wait_for(DeviceEventKind.LOST)
        link.unlink()  # well within the reconnect interval
        time.sleep(1.2)  # one failed reconnect attempt
        link.symlink_to(second)
        recorder.wait_for(DeviceEventKind.FOUND, timeout_s=3.0)
        deadline = time.monotonic() + 3
        while codes(recorder) != ["ONE", "TWO"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert codes(recorder) == ["ONE", "TWO"]
        assert recorder.kinds[:3] == [
            DeviceEventKind.CODE_READ,
            DeviceEventKind.LOST,
            DeviceEventKind.FOUND,
        ]
    finally:
        scanner.close()


def test_grab_failure_on_a_non_evdev_file_refuses_to_open(tmp_path: Path):
    path = tmp_path / "not-evdev"
    path.write_bytes(records("X"))
    scanner = HidCodeScanner(str(path))  # grab=True is the default
    with pytest.raises(DeviceUnavailable, match="cannot grab .*not an evdev input device"):
        scanner.open()
    assert scanner.health() is DeviceHealth.UNAVAILABLE
    scanner.close()


def test_missing_node_refuses_to_open(tmp_path: Path):
    scanner = HidCodeScanner(str(tmp_path / "event99"))
    with pytest.raises(DeviceUnavailable, match="cannot open"):
        scanner.open()


def test_input_event_layout():
    # 64-bit Linux: two longs of timeval, then u16 type, u16 code, s32 value.
    assert INPUT_EVENT.size == 24
    assert INPUT_EVENT.unpack(pack_input_event(EV_KEY, KEY_A, KEY_PRESS, 2.25)) == (
        2,
        250000,
        EV_KEY,
        KEY_A,
        KEY_PRESS,
    )
