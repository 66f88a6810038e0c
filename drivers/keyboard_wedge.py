"""Turns a keyboard-wedge scanner's key events into text (US layout).

A HID scanner "types" each code as key presses followed by Enter. This
module is the pure half of that: it is fed Linux evdev (key code, value)
pairs and returns a `WedgeLine` when Enter ends a code. It knows nothing
about devices or threads, so it is tested key by key.

Only US layout is supported: the scanners we deploy are configured for it,
and SC1 codes use the base45 alphabet (0-9 A-Z space $ % * + - . / :), all
of which a US layout types. A key it does not know is not guessed at: the
line is reported with `unknown_keys`, and the caller drops it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Linux input-event-codes.h
KEY_RELEASE, KEY_PRESS, KEY_REPEAT = 0, 1, 2
KEY_ENTER = 28
KEY_KPENTER = 96
KEY_LEFTSHIFT = 42
KEY_RIGHTSHIFT = 54
KEY_CAPSLOCK = 58
_SHIFT_KEYS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
# Ctrl, Alt, Meta (left and right), NumLock: held or toggled, they type nothing.
_SILENT_KEYS = frozenset({29, 97, 56, 100, 125, 126, 69})
_ENTER_KEYS = frozenset({KEY_ENTER, KEY_KPENTER})

_LETTER_KEYS = {
    "q": 16, "w": 17, "e": 18, "r": 19, "t": 20, "y": 21, "u": 22, "i": 23, "o": 24,
    "p": 25, "a": 30, "s": 31, "d": 32, "f": 33, "g": 34, "h": 35, "j": 36, "k": 37,
    "l": 38, "z": 44, "x": 45, "c": 46, "v": 47, "b": 48, "n": 49, "m": 50,
}  # fmt: skip

# key code -> (unshifted, shifted)
_US_KEYS: dict[int, tuple[str, str]] = {
    2: ("1", "!"), 3: ("2", "@"), 4: ("3", "#"), 5: ("4", "$"), 6: ("5", "%"),
    7: ("6", "^"), 8: ("7", "&"), 9: ("8", "*"), 10: ("9", "("), 11: ("0", ")"),
    12: ("-", "_"), 13: ("=", "+"), 26: ("[", "{"), 27: ("]", "}"),
    39: (";", ":"), 40: ("'", '"'), 41: ("`", "~"), 43: ("\\", "|"),
    51: (",", "<"), 52: (".", ">"), 53: ("/", "?"), 57: (" ", " "),
    **{code: (letter, letter.upper()) for letter, code in _LETTER_KEYS.items()},
}  # fmt: skip

# Keypad keys type the same character with or without Shift. Scanners set
# to "keypad digits" mode send these; NumLock on the grabbed device is
# not tracked, because a scanner never means the keypad's arrow keys.
_KEYPAD_KEYS: dict[int, str] = {
    71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
    79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/",
}  # fmt: skip
_LETTER_CODES = frozenset(_LETTER_KEYS.values())


@dataclass(frozen=True)
class WedgeLine:
    """One code as typed up to Enter."""

    text: str
    # Key codes pressed in this line that the layout does not know.
    unknown_keys: tuple[int, ...] = ()
    # More characters than max_length arrived; `text` holds only the first ones.
    too_long: bool = False

    @property
    def is_valid(self) -> bool:
        return bool(self.text) and not self.unknown_keys and not self.too_long


class KeyboardWedgeDecoder:
    """Feed (code, value) of EV_KEY events; get a WedgeLine at each Enter."""

    def __init__(self, max_length: int = 4096) -> None:
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        self._max_length = max_length
        self._shifts_held: set[int] = set()
        self._caps_lock = False
        self.reset()

    def reset(self) -> None:
        """Forget a partly typed line (the device was lost or reopened)."""
        self._chars: list[str] = []
        self._unknown: list[int] = []
        self._too_long = False
        self._shifts_held.clear()
        self._caps_lock = False

    def feed(self, code: int, value: int) -> WedgeLine | None:
        if code in _SHIFT_KEYS:
            if value == KEY_PRESS:
                self._shifts_held.add(code)
            elif value == KEY_RELEASE:
                self._shifts_held.discard(code)
            return None
        # Characters are typed on press; releases and auto-repeat type nothing
        # (a scanner never holds a key, so a repeat is a glitch, not a char).
        if value != KEY_PRESS:
            return None
        if code in _ENTER_KEYS:
            return self._finish_line()
        if code == KEY_CAPSLOCK:
            self._caps_lock = not self._caps_lock
            return None
        if code in _SILENT_KEYS:
            return None
        char = self._char_for(code)
        if char is None:
            self._unknown.append(code)
        elif len(self._chars) < self._max_length:
            self._chars.append(char)
        else:
            self._too_long = True
        return None

    def _char_for(self, code: int) -> str | None:
        if code in _KEYPAD_KEYS:
            return _KEYPAD_KEYS[code]
        pair = _US_KEYS.get(code)
        if pair is None:
            return None
        shifted = bool(self._shifts_held)
        if code in _LETTER_CODES and self._caps_lock:
            shifted = not shifted
        return pair[1] if shifted else pair[0]

    def _finish_line(self) -> WedgeLine | None:
        if not self._chars and not self._unknown and not self._too_long:
            return None  # a bare Enter: nothing was scanned
        line = WedgeLine("".join(self._chars), tuple(self._unknown), self._too_long)
        self._chars, self._unknown, self._too_long = [], [], False
        return line


def key_events_for(text: str) -> list[tuple[int, int]]:
    """The (code, value) pairs a US-layout wedge scanner sends to type `text` + Enter.

    Used by tests and simulators; raises ValueError for a character the
    layout cannot type.
    """
    events: list[tuple[int, int]] = []
    for char in text:
        for code, (plain, shifted) in _US_KEYS.items():
            if char == plain:
                events += [(code, KEY_PRESS), (code, KEY_RELEASE)]
                break
            if char == shifted:
                events += [
                    (KEY_LEFTSHIFT, KEY_PRESS),
                    (code, KEY_PRESS),
                    (code, KEY_RELEASE),
                    (KEY_LEFTSHIFT, KEY_RELEASE),
                ]
                break
        else:
            raise ValueError(f"US layout cannot type {char!r}")
    events += [(KEY_ENTER, KEY_PRESS), (KEY_ENTER, KEY_RELEASE)]
    return events
