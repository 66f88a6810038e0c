"""The technician's PIN: how it is stored, checked and guarded against guessing.

The kiosk stands in a public hall, so the PIN is never kept in clear: the
configuration holds a salted scrypt hash (`scrypt$n$r$p$salt$hash`, base64
parts). Five wrong PINs in a row lock technician access for five minutes,
so a passer-by who saw the hidden gesture cannot try PINs one after another.
A kiosk configured without a PIN has no technician access at all.
"""

from __future__ import annotations

import base64
import dataclasses
import getpass
import hashlib
import hmac
import os
import sys
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

PIN_MIN_DIGITS = 6
PIN_MAX_DIGITS = 12
# scrypt at n=2**14 takes tens of milliseconds: unnoticeable at a PIN pad,
# expensive for someone who copied the config file and tries every PIN.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MAX_FAILED_ATTEMPTS = 5
LOCKOUT_S = 300.0


class PinCheck(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED_OUT = "locked_out"
    NOT_CONFIGURED = "not_configured"


def valid_pin_format(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The stored form of `pin`; raises ValueError for a PIN that is too weak in form."""
    if not valid_pin_format(pin):
        raise ValueError(f"a technician PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        raise ValueError("a technician PIN must not be one repeated digit or a run of digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(pin, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    parts = [str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P), _b64(salt), _b64(digest)]
    return "scrypt$" + "$".join(parts)


def pin_matches(pin: str, stored: str) -> bool:
    """Constant-time check of `pin` against `hash_pin`'s output; False for malformed hashes."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(pin, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class TechnicianAccess:
    """Checks PINs typed at the kiosk, with a lockout after repeated failures."""

    def __init__(
        self,
        pin_hash: str | Callable[[], str],
        clock: Callable[[], float] = time.monotonic,
        max_failures: int = MAX_FAILED_ATTEMPTS,
        lockout_s: float = LOCKOUT_S,
    ) -> None:
        # A callable follows the platform's rotations (kiosk/kiosk_policy.py).
        self._pin_hash = pin_hash if callable(pin_hash) else (lambda: pin_hash)
        self._clock = clock
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._failures = 0
        self._locked_until = float("-inf")
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return bool(self._pin_hash())

    def locked_for_s(self) -> float:
        """Seconds until PINs are accepted again (0 when not locked)."""
        return max(0.0, self._locked_until - self._clock())

    def check(self, pin: str) -> PinCheck:
        if not self.configured:
            return PinCheck.NOT_CONFIGURED
        with self._lock:
            if self._clock() < self._locked_until:
                return PinCheck.LOCKED_OUT
            if pin_matches(pin, self._pin_hash()):
                self._failures = 0
                return PinCheck.ACCEPTED
            self._failures += 1
            if self._failures >= self._max_failures:
                self._failures = 0
                self._locked_until = self._clock() + self._lockout_s
                return PinCheck.LOCKED_OUT
            return PinCheck.WRONG


def set_pin_command(config_path: Path, read_pin: Callable[[str], str] = getpass.getpass) -> int:
    """`main.py technician-pin`: ask twice, store the hash in the kiosk configuration.

    Exit 0 when set, 1 when the two entries differ or the PIN is refused,
    3 when the configuration cannot be read.
    """
    from kiosk.config import ConfigError, KioskConfig

    try:
        config = KioskConfig.load(config_path)
    except ConfigError as exc:
        print(f"configuration refused: {exc}", file=sys.stderr)
        return 3
    pin = read_pin(f"New technician PIN ({PIN_MIN_DIGITS}-{PIN_MAX_DIGITS} digits): ")
    if read_pin("The same PIN again: ") != pin:
        print("the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    try:
        stored = hash_pin(pin)
    except ValueError as exc:
        print(f"PIN refused: {exc}; nothing changed", file=sys.stderr)
        return 1
    dataclasses.replace(config, technician_pin_hash=stored).save(config_path)
    print("technician PIN set")
    return 0


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


__all__ = [
    "PinCheck",
    "TechnicianAccess",
    "hash_pin",
    "pin_matches",
    "set_pin_command",
    "valid_pin_format",
]
