"""The technician PIN: stored hashed, checked in constant time, locked after guessing."""

import pytest

from kiosk.technician_access import (
    LOCKOUT_S,
    MAX_FAILED_ATTEMPTS,
    PinCheck,
    TechnicianAccess,
    hash_pin,
    pin_matches,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_holds_no_pin_and_differs_per_salt():
    first, second = hash_pin("271828"), hash_pin("271828")
    assert "271828" not in first
    assert first != second  # salted
    assert pin_matches("271828", first) and pin_matches("271828", second)
    assert not pin_matches("271829", first)


@pytest.mark.parametrize(
    "pin", ["12345", "abcdef", "１２３４５６", "1234567890123", "111111", "345678"]
)
def test_weak_or_malformed_pins_are_refused_when_set(pin):
    with pytest.raises(ValueError):
        hash_pin(pin)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$8$1$AA==$AA==", "md5$1$2$3$4$5"])
def test_a_malformed_stored_hash_matches_nothing(stored):
    assert not pin_matches("271828", stored)


def test_right_pin_is_accepted_and_resets_the_count():
    access = TechnicianAccess(hash_pin("271828"), clock=FakeClock())
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert access.check("000000") is PinCheck.WRONG
    assert access.check("271828") is PinCheck.ACCEPTED
    # The count started again: four more wrong PINs do not lock.
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert access.check("000000") is PinCheck.WRONG
    assert access.check("271828") is PinCheck.ACCEPTED


def test_repeated_wrong_pins_lock_even_the_right_one_out_until_the_time_passes():
    clock = FakeClock()
    access = TechnicianAccess(hash_pin("271828"), clock=clock)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert access.check("000000") is PinCheck.WRONG
    assert access.check("000000") is PinCheck.LOCKED_OUT
    assert access.check("271828") is PinCheck.LOCKED_OUT
    assert access.locked_for_s() == pytest.approx(LOCKOUT_S)
    clock.now += LOCKOUT_S - 1
    assert access.check("271828") is PinCheck.LOCKED_OUT
    clock.now += 1
    assert access.locked_for_s() == 0.0
    assert access.check("271828") is PinCheck.ACCEPTED


def test_no_pin_configured_means_no_technician_access():
    access = TechnicianAccess("")
    assert not access.configured
    assert access.check("271828") is PinCheck.NOT_CONFIGURED


def test_the_pin_command_stores_only_a_hash_and_refuses_mismatches(tmp_path):
    from kiosk.config import KioskConfig
    from kiosk.platform_key import PinnedPlatformKey
    from kiosk.technician_access import set_pin_command

    path = tmp_path / "kiosk.json"
    KioskConfig(
        "SH-TEST-1", "http://127.0.0.1:1", PinnedPlatformKey("k", "AAAA"), tmp_path / "data"
    ).save(path)
    answers = iter(["271828", "271829"])
    assert set_pin_command(path, lambda _prompt: next(answers)) == 1
    assert KioskConfig.load(path).technician_pin_hash == ""
    answers = iter(["111111", "111111"])
    assert set_pin_command(path, lambda _prompt: next(answers)) == 1
    answers = iter(["271828", "271828"])
    assert set_pin_command(path, lambda _prompt: next(answers)) == 0
    stored = KioskConfig.load(path).technician_pin_hash
    assert "271828" not in path.read_text() and pin_matches("271828", stored)
    assert set_pin_command(tmp_path / "missing.json", lambda _prompt: "") == 3
