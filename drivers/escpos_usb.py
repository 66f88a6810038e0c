"""ESC/POS over USB: printer-class receipt printers through Linux's usblp driver.

Most USB receipt printers present a USB printer-class interface, which the
kernel's usblp driver turns into the character device /dev/usb/lpN; on a
bidirectional printer the DLE EOT answers are read back from the same node.
N is handed out at plug-in time, so a printer is found by its USB
vendor:product id (and serial number, when two identical printers are
attached) in sysfs, as the kernel lays it out:

    /sys/class/usbmisc/lpN/uevent     DEVNAME=usb/lpN (the node, under /dev)
    /sys/class/usbmisc/lpN/device ->  the USB interface (.../1-2/1-2:1.0)
    .../1-2/idVendor, idProduct, serial   (the USB device: the interface's parent)

The transport follows `escpos_network` and `escpos_serial`:

- the node is opened non-blocking and every read and write waits in short
  poll() slices against a deadline (`DeviceTimeout`), retrying the call
  itself after each slice, because usblp reports an unplugged printer as
  ENODEV from read()/write() rather than from poll();
- any error from the node raises `DeviceUnavailable` and closes it; the
  next call looks the printer up in sysfs again, so a printer plugged back
  in as another lpN is found;
- input the printer sent unasked is discarded before each status request;
- a job is followed by a DLE EOT 1 round trip: a non-blocking write to
  usblp returns once the last block is submitted, not delivered, so only an
  answer to a request sent after the job proves the printer took all of it.

Printers whose USB interface is vendor-specific (no usblp node) need a
libusb transport, which this module does not provide.
"""

from __future__ import annotations

import errno
import math
import os
import re
import select
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from drivers.device import DeviceTimeout, DeviceUnavailable
from drivers.escpos_printer import EscPosReceiptPrinter, PrinterTransport
from drivers.escpos_status import PRINTER_STATUS, is_status_byte, status_request

_DEV_ROOT = "/dev"
_LP_NAME = re.compile(r"lp(\d+)")
# Longest single wait before read()/write() is tried again (see the module doc).
_POLL_SLICE_S = 0.2
# A printer that streams status unasked must not keep a request from being sent.
_DISCARD_LIMIT = 64 * 1024
_HANG_UP = select.POLLHUP | select.POLLERR | select.POLLNVAL

_REASONS = {
    errno.ENODEV: "printer disconnected",
    errno.ENXIO: "printer disconnected",
    errno.ENOENT: "no such device node (printer unplugged?)",
    errno.EIO: "I/O error (printer disconnected or reset)",
    errno.EBADF: "device node closed",
    errno.EBUSY: "in use by another program (a CUPS queue on the same printer?)",
    errno.EACCES: "permission denied (the kiosk user needs the 'lp' group or a udev rule)",
    errno.EPERM: "permission denied (the kiosk user needs the 'lp' group or a udev rule)",
}


@dataclass(frozen=True)
class UsbLpNode:
    """One printer usblp has bound, as sysfs describes it."""

    name: str  # "lp0"
    device_path: str  # "/dev/usb/lp0"
    vendor_id: int
    product_id: int
    serial_number: str | None

    def describe(self) -> str:
        serial = f" serial {self.serial_number!r}" if self.serial_number is not None else ""
        return f"{self.name} ({self.vendor_id:04x}:{self.product_id:04x}{serial})"


class AmbiguousUsbPrinter(DeviceUnavailable):
    """More than one attached printer matches the configured id."""


def list_usb_printers(sysfs_root: str | os.PathLike[str] = "/sys") -> list[UsbLpNode]:
    """Every usblp printer attached now, lowest lpN first."""
    class_dir = Path(sysfs_root, "class", "usbmisc")
    try:
        names = os.listdir(class_dir)
    except OSError:
        return []  # usblp not loaded, or no printer attached since boot
    # usbmisc also holds other drivers' nodes (hiddevN, ...).
    numbered = sorted((int(m.group(1)), name) for name in names if (m := _LP_NAME.fullmatch(name)))
    nodes = [_read_node(class_dir / name) for _, name in numbered]
    return [node for node in nodes if node is not None]


def _read_node(entry: Path) -> UsbLpNode | None:
    try:
        usb_device = Path(os.path.realpath(entry / "device")).parent
        vendor_id = int(_read_attribute(usb_device / "idVendor"), 16)
        product_id = int(_read_attribute(usb_device / "idProduct"), 16)
        try:
            serial: str | None = _read_attribute(usb_device / "serial")
        except FileNotFoundError:
            serial = None  # the device has no serial-number string
        uevent = dict(
            line.split("=", 1)
            for line in (entry / "uevent").read_text(encoding="utf-8").splitlines()
            if "=" in line
        )
    except (OSError, ValueError):
        return None  # unplugged while we looked, or not a USB device
    devname = uevent.get("DEVNAME", f"usb/{entry.name}")
    return UsbLpNode(entry.name, os.path.join(_DEV_ROOT, devname), vendor_id, product_id, serial)


def _read_attribute(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").strip()


def parse_usb_id(value: int | str, what: str) -> int:
    """A 16-bit USB id from an int or a hex string ("0x0416" or "0416")."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected a USB id, got {value!r}")
    try:
        number = value if isinstance(value, int) else int(str(value).strip(), 16)
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not a hex USB id like '0x0416'") from None
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"{what}: {value!r} is outside 0x0000-0xffff")
    return number


class UsbLpPrinterTransport(PrinterTransport):
    """A usblp character device, given by path or found by USB id in sysfs."""

    def __init__(
        self,
        device_path: str | None = None,
        vendor_id: int | str | None = None,
        product_id: int | str | None = None,
        serial_number: str | None = None,
        sysfs_root: str | os.PathLike[str] = "/sys",
        confirm_delivery: bool = True,
        device_id: str | None = None,
    ) -> None:
        self.vendor_id: int | None = None
        self.product_id: int | None = None
        if device_path is not None:
            if vendor_id is not None or product_id is not None or serial_number is not None:
                raise ValueError("give either device_path or vendor_id/product_id, not both")
        else:
            if vendor_id is None or product_id is None:
                raise ValueError("give device_path, or both vendor_id and product_id")
            self.vendor_id = parse_usb_id(vendor_id, "vendor_id")
            self.product_id = parse_usb_id(product_id, "product_id")
        self.device_path = device_path
        # Configuration files may hold an all-digit serial as a number.
        self.serial_number = None if serial_number is None else str(serial_number).strip()
        self.sysfs_root = sysfs_root
        self.confirm_delivery = confirm_delivery
        # Errors name the kiosk's device and what was looked for.
        self._name = f"{device_id}@{self.target}" if device_id else self.target
        self._fd: int | None = None
        self._node_path: str | None = None
        # The printer class serialises conversations; this only guards the
        # descriptor against close() racing a call from another thread.
        self._lock = threading.RLock()

    @property
    def target(self) -> str:
        """What the transport looks for: "usb:0416:5011[/serial]" or the device path."""
        if self.device_path is not None:
            return self.device_path
        wanted = f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        return wanted if self.serial_number is None else f"{wanted}/{self.serial_number}"

    @property
    def connected(self) -> bool:
        return self._fd is not None

    @property
    def node_path(self) -> str | None:
        """The device node open now (None when closed)."""
        return self._node_path

    def find_node(self) -> UsbLpNode:
        """The one attached printer matching the configured id, or DeviceUnavailable."""
        if self.vendor_id is None or self.product_id is None:
            raise ValueError("this transport is configured by device_path, not by USB id")
        wanted = f"{self.vendor_id:04x}:{self.product_id:04x}"
        if self.serial_number is not None:
            wanted += f" serial {self.serial_number!r}"
        present = list_usb_printers(self.sysfs_root)
        matches = [
            node
            for node in present
            if (node.vendor_id, node.product_id) == (self.vendor_id, self.product_id)
            and (self.serial_number is None or node.serial_number == self.serial_number)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            found = ", ".join(node.describe() for node in present) or "none"
            raise DeviceUnavailable(
                self._name, f"no USB printer {wanted} attached (usblp printers: {found})"
            )
        listed = ", ".join(node.describe() for node in matches)
        advice = (
            "they report the same serial number; configure device_path instead"
            if self.serial_number is not None
            else "set serial_number to choose one"
        )
        raise AmbiguousUsbPrinter(
            self._name, f"{len(matches)} USB printers match {wanted}: {listed}; {advice}"
        )

    # -- PrinterTransport -----------------------------------------------------

    def open(self) -> None:
        with self._lock:
            self._drop()
            self._connect()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def write_raw(self, data: bytes, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            fd = self._fd if self._fd is not None else self._connect()
            self._write_all(fd, data, deadline)
            if self.confirm_delivery and not _is_realtime_request(data):
                self._confirm_received(fd, deadline)

    def read_raw(self, count: int, timeout_s: float) -> bytes:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            if self._fd is None:
                raise DeviceUnavailable(self._name, "not open")
            return self._read_exactly(self._fd, count, deadline)

    def query_status(self, n: int, timeout_s: float) -> int:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            fd = self._fd if self._fd is not None else self._connect()
            self._discard_pending(fd)
            self._write_all(fd, status_request(n), deadline)
            return self._read_exactly(fd, 1, deadline)[0]

    # -- internals ------------------------------------------------------------

    def _connect(self) -> int:
        path = self.device_path if self.device_path is not None else self.find_node().device_path
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError as error:
            raise DeviceUnavailable(self._name, f"cannot open {path}: {_reason(error)}") from None
        try:
            is_device = stat.S_ISCHR(os.fstat(fd).st_mode)
        except OSError:
            is_device = False
        if not is_device:
            # e.g. a regular file left by `echo > /dev/usb/lp0` before the printer was attached
            os.close(fd)
            raise DeviceUnavailable(self._name, f"{path} is not a character device")
        self._fd, self._node_path = fd, path
        return fd

    def _drop(self) -> None:
        fd, self._fd, self._node_path = self._fd, None, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def _fail(self, error: OSError, doing: str) -> NoReturn:
        self._drop()
        raise DeviceUnavailable(self._name, f"{doing} failed: {_reason(error, doing)}") from None

    def _disconnected(self) -> NoReturn:
        self._drop()
        raise DeviceUnavailable(self._name, "printer disconnected (device node hung up)")

    def _wait(self, fd: int, events: int, deadline: float, timeout_detail: str) -> bool:
        """Wait up to one slice for `events`; True if the node reports a hang-up."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self._drop()  # a late answer must not be taken for the next one
            raise DeviceTimeout(self._name, timeout_detail)
        poller = select.poll()
        poller.register(fd, events)
        ready = poller.poll(math.ceil(min(remaining, _POLL_SLICE_S) * 1000))
        return any(mask & _HANG_UP for _, mask in ready)

    def _write_all(self, fd: int, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        hung_up = False
        while view:
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                written = 0
            except OSError as error:
                self._fail(error, "writing")
            if written:
                view = view[written:]
                continue
            if hung_up:
                self._disconnected()
            hung_up = self._wait(
                fd, select.POLLOUT, deadline, f"write timed out, {len(view)} bytes unsent"
            )

    def _read_exactly(self, fd: int, count: int, deadline: float) -> bytes:
        received = bytearray()
        hung_up = False
        while len(received) < count:
            try:
                chunk = os.read(fd, count - len(received))
            except BlockingIOError:
                chunk = b""
            except OSError as error:
                self._fail(error, "reading")
            if chunk:
                received += chunk
                continue
            # Nothing now. An empty read is not end-of-file on usblp (a
            # zero-length packet), so only poll's hang-up ends the wait early.
            if hung_up:
                self._disconnected()
            hung_up = self._wait(fd, select.POLLIN, deadline, "no answer from the printer")
        return bytes(received)

    def _discard_pending(self, fd: int) -> None:
        discarded = 0
        while discarded < _DISCARD_LIMIT:
            try:
                chunk = os.read(fd, 4096)
            except BlockingIOError:
                return
            except OSError as error:
                self._fail(error, "reading")
            if not chunk:
                return
            discarded += len(chunk)

    def _confirm_received(self, fd: int, deadline: float) -> None:
        """The printer answers in order, so an answer after the job proves its delivery."""
        self._write_all(fd, status_request(PRINTER_STATUS), deadline)
        while not is_status_byte(self._read_exactly(fd, 1, deadline)[0]):
            pass  # unsolicited bytes (automatic status back) are not our answer


def _reason(error: OSError, doing: str = "") -> str:
    code = error.errno
    if code == errno.EINVAL and doing == "reading":
        # usblp refuses read() on a printer bound without a bulk-in endpoint.
        reason = "the printer is unidirectional; usblp cannot read its status"
    elif code in _REASONS:
        reason = _REASONS[code]
    else:
        reason = error.strerror or str(error)
    name = errno.errorcode.get(code) if code is not None else None
    return f"{reason} [{name}]" if name else reason


def _is_realtime_request(data: bytes) -> bool:
    return len(data) == 3 and data[:2] == b"\x10\x04"


def usb_receipt_printer(
    device_id: str,
    vendor_id: int | str | None = None,
    product_id: int | str | None = None,
    serial_number: str | None = None,
    device_path: str | None = None,
    sysfs_root: str = "/sys",
    width_chars: int = 48,
    poll_interval_s: float = 1.0,
    io_timeout_s: float = 2.0,
) -> EscPosReceiptPrinter:
    """An ESC/POS receipt printer on USB (usblp), by USB id or by device node."""
    transport = UsbLpPrinterTransport(
        device_path, vendor_id, product_id, serial_number, sysfs_root, device_id=device_id
    )
    return EscPosReceiptPrinter(
        device_id,
        transport,
        width_chars=width_chars,
        poll_interval_s=poll_interval_s,
        io_timeout_s=io_timeout_s,
    )
