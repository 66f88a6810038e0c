"""A keyboard-wedge (USB HID) code scanner, read through Linux evdev.

The scanner looks like a keyboard and "types" each code followed by Enter.
This driver opens its /dev/input/eventN node (best configured by its stable
/dev/input/by-id/... link), GRABS it with EVIOCGRAB so the keystrokes reach
only us and never the kiosk UI, reads `struct input_event` records and
turns key events into text with `KeyboardWedgeDecoder`.

Grab is mandatory by default: if it fails (not an evdev node, or another
process holds the grab) `open()` raises DeviceUnavailable instead of
reading ungrabbed, because ungrabbed a resident's code would also be typed
into whichever field has focus. `grab=False` reads any file of packed
input_event records (tests, recorded sessions).

Unplugged (read fails with ENODEV, or the stream ends): LOST, then a reopen
every `reconnect_interval_s`, FOUND when it works. Needs read access to the
node (udev rule or the `input` group).
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import select
import struct

from drivers.device import DeviceEventKind, DeviceUnavailable
from drivers.keyboard_wedge import KeyboardWedgeDecoder, WedgeLine
from drivers.stream_code_scanner import READ_TIMEOUT_S, SourceLost, StreamCodeScanner

log = logging.getLogger(__name__)

# struct input_event { struct timeval time; __u16 type; __u16 code; __s32 value; }
# with the native `long` timeval: 24 bytes on 64-bit Linux, 16 on 32-bit.
INPUT_EVENT = struct.Struct("llHHi")
EV_KEY = 0x01
# _IOW('E', 0x90, int)
EVIOCGRAB = 0x40044590

_READ_CHUNK = INPUT_EVENT.size * 64


def pack_input_event(event_type: int, code: int, value: int, time_s: float = 0.0) -> bytes:
    """One input_event record as the kernel writes it (for tests and recordings)."""
    seconds = int(time_s)
    return INPUT_EVENT.pack(seconds, int((time_s - seconds) * 1_000_000), event_type, code, value)


class HidCodeScanner(StreamCodeScanner):
    def __init__(
        self,
        device_path: str,
        device_id: str = "hid-code-scanner",
        max_length: int = 4096,
        grab: bool = True,
        reconnect_interval_s: float = 1.0,
    ) -> None:
        super().__init__(device_id, device_path, reconnect_interval_s)
        self._path = device_path
        self._grab = grab
        self._decoder = KeyboardWedgeDecoder(max_length)
        self._pending = b""

    # -- device node ---------------------------------------------------

    def _open_source(self) -> int:
        try:
            fd = os.open(self._path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as error:
            raise DeviceUnavailable(
                self.device_id, f"cannot open {self._path}: {error.strerror}"
            ) from error
        if self._grab:
            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
            except OSError as error:
                os.close(fd)
                raise DeviceUnavailable(self.device_id, self._grab_failure(error)) from error
        self._discard_partial()
        return fd

    def _grab_failure(self, error: OSError) -> str:
        if error.errno == errno.EBUSY:
            why = "another process has grabbed it"
        elif error.errno in (errno.ENOTTY, errno.EINVAL):
            why = "not an evdev input device"
        else:
            why = error.strerror or str(error)
        return f"cannot grab {self._path} (EVIOCGRAB): {why}"

    def _close_source(self, fd: int) -> None:
        os.close(fd)  # closing the descriptor also releases the grab

    def _read(self, fd: int) -> bytes:
        try:
            ready, _, _ = select.select([fd], [], [], READ_TIMEOUT_S)
            if not ready:
                return b""
            data = os.read(fd, _READ_CHUNK)
        except BlockingIOError:
            return b""
        except (OSError, ValueError) as error:
            raise SourceLost(str(error)) from error
        if not data:
            raise SourceLost("end of stream")
        return data

    def _discard_partial(self) -> None:
        self._pending = b""
        self._decoder.reset()

    def _feed(self, data: bytes) -> None:
        # evdev returns whole records; a pipe or file may split one.
        data = self._pending + data
        whole = len(data) - len(data) % INPUT_EVENT.size
        self._pending = data[whole:]
        for _sec, _usec, event_type, code, value in INPUT_EVENT.iter_unpack(data[:whole]):
            if event_type != EV_KEY:
                continue
            line = self._decoder.feed(code, value)
            if line is not None:
                self._deliver_line(line)

    def _deliver_line(self, line: WedgeLine) -> None:
        # Log why and how long, never the code itself: it is personal data.
        if line.unknown_keys:
            log.warning(
                "%s: dropped a %d-character code: unknown key codes %s",
                self.device_id,
                len(line.text),
                sorted(set(line.unknown_keys)),
            )
        elif line.too_long:
            log.warning(
                "%s: dropped a code longer than %d characters", self.device_id, len(line.text)
            )
        elif line.text:
            self._emit(DeviceEventKind.CODE_READ, data=line.text)
