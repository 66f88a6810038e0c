"""The usblp ESC/POS transport, against a fake sysfs and printers on pseudo-terminals.

No USB hardware is available to the tests, so each printer is a virtual
ESC/POS printer on a pty (`pty_printer`), the closest real kernel character
device, and a fake /sys tree, laid out as the USB core and usblp lay it
out, points its lpN entry at the pty's slave node.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from drivers.device import (
    DeviceEventKind,
    DeviceHealth,
    DeviceTimeout,
    DeviceUnavailable,
    PrinterNotReady,
    PrinterProblem,
)
from drivers.escpos import encode_receipt, receipt_lines
from drivers.escpos_printer import EscPosReceiptPrinter
from drivers.escpos_usb import (
    AmbiguousUsbPrinter,
    UsbLpPrinterTransport,
    _reason,
    list_usb_printers,
    parse_usb_id,
    usb_receipt_printer,
)
from drivers.receipt_printer import PaperState, PrinterStatus

from .pty_printer import PtyEscPosPrinter
from .receipts import QR_URL, service_receipt

VENDOR, PRODUCT = 0x0416, 0x5011  # a common receipt printer id (Winbond-based 80 mm models)
IO_TIMEOUT_S = 1.0
USB_MAJOR = 180


class FakeUsbSysfs:
    """A /sys tree with usblp printers, as the kernel lays it out:

    devices/.../usb1/1-P/{idVendor,idProduct,serial}      the USB device
    devices/.../usb1/1-P/1-P:1.0/                          its printer interface
    devices/.../usb1/1-P/1-P:1.0/usbmisc/lpN/{dev,uevent,device -> ../../../1-P:1.0}
    class/usbmisc/lpN -> ../../devices/.../usbmisc/lpN
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.class_dir = root / "class" / "usbmisc"
        self.class_dir.mkdir(parents=True)
        self._bus = root / "devices" / "pci0000:00" / "0000:00:14.0" / "usb1"
        self._ports = 0
        self._devices: dict[str, Path] = {}

    def plug(
        self,
        node: str,
        vendor_id: int = VENDOR,
        product_id: int = PRODUCT,
        serial: str | None = None,
        name: str | None = None,
    ) -> str:
        """Attach a printer whose device node is `node`; returns its lpN (lowest free if not given)."""
        if name is None:
            taken = set(os.listdir(self.class_dir))
            name = next(f"lp{n}" for n in range(256) if f"lp{n}" not in taken)
        self._ports += 1
        port = f"1-{self._ports}"
        usb_device = self._bus / port
        interface = usb_device / f"{port}:1.0"
        entry = interface / "usbmisc" / name
        entry.mkdir(parents=True)
        (usb_device / "idVendor").write_text(f"{vendor_id:04x}\n")
        (usb_device / "idProduct").write_text(f"{product_id:04x}\n")
        if serial is not None:
            (usb_device / "serial").write_text(f"{serial}\n")
        (interface / "bInterfaceClass").write_text("07\n")
        minor = int(name[2:]) if name.startswith("lp") else 96
        assert node.startswith("/dev/"), node
        (entry / "dev").write_text(f"{USB_MAJOR}:{minor}\n")
        (entry / "uevent").write_text(
            f"MAJOR={USB_MAJOR}\nMINOR={minor}\nDEVNAME={node.removeprefix('/dev/')}\n"
        )
        (entry / "device").symlink_to(os.path.relpath(interface, entry))
        (self.class_dir / name).symlink_to(os.path.relpath(entry, self.class_dir))
        self._devices[name] = usb_device
        return name

    def unplug(self, name: str) -> None:
        (self.class_dir / name).unlink()
        shutil.rmtree(self._devices.pop(name))


@pytest.fixture
def sysfs(tmp_path):
    return FakeUsbSysfs(tmp_path / "sys")


@pytest.fixture
def peer():
    printer = PtyEscPosPrinter()
    yield printer
    printer.close()


def by_id(sysfs: FakeUsbSysfs, **options) -> UsbLpPrinterTransport:
    options.setdefault("vendor_id", VENDOR)
    options.setdefault("product_id", PRODUCT)
    return UsbLpPrinterTransport(sysfs_root=sysfs.root, device_id="receipt-usb", **options)


@pytest.fixture
def transport(sysfs, peer):
    sysfs.plug(peer.path, serial="SN-A")
    device = by_id(sysfs)
    yield device
    device.close()


@pytest.fixture
def printer(transport):
    # No monitor thread: tests refresh explicitly, so nothing depends on timing.
    device = EscPosReceiptPrinter(
        "receipt-usb", transport, poll_interval_s=0, io_timeout_s=IO_TIMEOUT_S
    )
    device.open()
    yield device
    device.close()


# -- finding the printer ------------------------------------------------------


def test_sysfs_lists_usblp_printers_only(sysfs, peer):
    sysfs.plug(peer.path, 0x04B8, 0x0202, serial="X5Y6", name="lp3")
    sysfs.plug(peer.path, name="lp1")
    sysfs.plug(peer.path, name="hiddev0")  # another usbmisc driver's node

    nodes = list_usb_printers(sysfs.root)

    assert [node.name for node in nodes] == ["lp1", "lp3"]
    assert nodes[1].device_path == peer.path
    assert (nodes[1].vendor_id, nodes[1].product_id, nodes[1].serial_number) == (
        0x04B8,
        0x0202,
        "X5Y6",
    )
    assert nodes[0].serial_number is None
    assert list_usb_printers(sysfs.root / "absent") == []


def test_found_by_vendor_and_product(sysfs, peer):
    other = PtyEscPosPrinter()
    try:
        sysfs.plug(other.path, 0x04B8, 0x0202)  # lp0: another make
        sysfs.plug(peer.path)  # lp1: ours
        transport = by_id(sysfs, vendor_id="0x0416", product_id="5011")
        transport.open()
        try:
            assert transport.node_path == peer.path
            assert transport.query_status(1, IO_TIMEOUT_S) == 0x12
            assert peer.status_requests == 1 and other.status_requests == 0
        finally:
            transport.close()
    finally:
        other.close()


def test_explicit_device_path_needs_no_sysfs(peer):
    transport = UsbLpPrinterTransport(device_path=peer.path, sysfs_root="/nonexistent")
    transport.open()
    try:
        assert transport.query_status(1, IO_TIMEOUT_S) == 0x12
    finally:
        transport.close()


def test_no_matching_printer_says_what_is_attached(sysfs, peer):
    sysfs.plug(peer.path, 0x04B8, 0x0202, serial="X5Y6")
    with pytest.raises(DeviceUnavailable) as caught:
        by_id(sysfs).open()
    message = str(caught.value)
    assert "receipt-usb@usb:0416:5011" in message
    assert "no USB printer 0416:5011 attached" in message
    assert "lp0 (04b8:0202 serial 'X5Y6')" in message

    with pytest.raises(DeviceUnavailable, match=r"usblp printers: none"):
        by_id(FakeUsbSysfs(sysfs.root.parent / "empty")).open()


def test_two_identical_printers_need_a_serial_number(sysfs, peer):
    other = PtyEscPosPrinter()
    try:
        sysfs.plug(peer.path, serial="SN-A")
        sysfs.plug(other.path, serial="SN-B")
        with pytest.raises(AmbiguousUsbPrinter) as caught:
            by_id(sysfs).open()
        message = str(caught.value)
        assert "2 USB printers match 0416:5011" in message
        assert "lp0 (0416:5011 serial 'SN-A')" in message and "lp1" in message
        assert "set serial_number" in message
        assert isinstance(caught.value, DeviceUnavailable)  # retried like an absent printer

        chosen = by_id(sysfs, serial_number="SN-B")
        chosen.open()
        try:
            assert chosen.node_path == other.path
            assert chosen.query_status(1, IO_TIMEOUT_S) == 0x12
            assert other.status_requests == 1 and peer.status_requests == 0
        finally:
            chosen.close()
    finally:
        other.close()


def test_same_serial_twice_points_to_device_path(sysfs, peer):
    sysfs.plug(peer.path, serial="000000000001")
    sysfs.plug(peer.path, serial="000000000001")
    with pytest.raises(AmbiguousUsbPrinter, match="configure device_path instead"):
        by_id(sysfs, serial_number="000000000001").open()


def test_a_regular_file_is_not_a_printer(tmp_path):
    stray = tmp_path / "lp0"
    stray.write_bytes(b"")  # what `echo > /dev/usb/lp0` leaves when no printer is attached
    with pytest.raises(DeviceUnavailable, match="not a character device"):
        UsbLpPrinterTransport(device_path=str(stray)).open()
    with pytest.raises(DeviceUnavailable, match=r"cannot open .*no such device node"):
        UsbLpPrinterTransport(device_path=str(tmp_path / "lp9")).open()


@pytest.mark.parametrize(("value", "number"), [(0x0416, 0x0416), ("0x0416", 0x0416), ("04b8", 0x04B8), (" 0X04B8 ", 0x04B8)])  # fmt: skip
def test_usb_ids_are_ints_or_hex_strings(value, number):
    assert parse_usb_id(value, "vendor_id") == number


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"vendor_id": VENDOR},
        {"vendor_id": "usb", "product_id": PRODUCT},
        {"vendor_id": 0x10000, "product_id": PRODUCT},
        {"vendor_id": True, "product_id": PRODUCT},
        {"device_path": "/dev/usb/lp0", "vendor_id": VENDOR, "product_id": PRODUCT},
    ],
)
def test_bad_configuration_is_refused(options):
    with pytest.raises(ValueError):
        UsbLpPrinterTransport(**options)


@pytest.mark.parametrize(
    ("code", "doing", "words"),
    [
        (errno.ENODEV, "writing", "printer disconnected [ENODEV]"),
        (errno.EBUSY, "", "in use by another program"),
        (errno.EACCES, "", "'lp' group"),
        (errno.EINVAL, "reading", "unidirectional"),
        (errno.EPROTO, "reading", "[EPROTO]"),
    ],
)
def test_os_errors_are_explained(code, doing, words):
    assert words in _reason(OSError(code, os.strerror(code)), doing)


def test_the_usb_printer_is_chosen_by_configuration(sysfs, peer):
    from drivers.device_set import build_device_set

    sysfs.plug(peer.path)
    config = {"driver": "usb", "vendor_id": "0x0416", "product_id": "0x5011",
              "sysfs_root": str(sysfs.root), "poll_interval_s": 0}  # fmt: skip
    devices = build_device_set({"receipt_printer": config})
    assert isinstance(devices.receipt_printer, EscPosReceiptPrinter)
    devices.receipt_printer.open()
    try:
        assert devices.receipt_printer.health() is DeviceHealth.READY
    finally:
        devices.receipt_printer.close()
    with pytest.raises(ValueError, match="product_id"):
        build_device_set({"receipt_printer": {"driver": "usb", "vendor_id": "0x0416"}})


# -- printing and status ------------------------------------------------------


def test_a_receipt_prints_end_to_end(printer, peer):
    document = service_receipt()
    printer.print_receipt(document)

    assert peer.wait_for_jobs(1)
    assert peer.jobs == [encode_receipt(document)]
    parsed = peer.parsed_jobs[0]
    assert parsed.lines == receipt_lines(document)
    assert "居住证签注（延期）申请受理" in "\n".join(parsed.lines)
    assert [qr.text for qr in parsed.qr_codes] == [QR_URL]
    assert parsed.cuts == 1
    assert parsed.issues == []


def test_the_factory_prints_too(sysfs, peer):
    sysfs.plug(peer.path, serial="SN-A")
    device = usb_receipt_printer(
        "receipt-usb", vendor_id=VENDOR, product_id=PRODUCT, serial_number="SN-A",
        sysfs_root=str(sysfs.root), poll_interval_s=0, io_timeout_s=IO_TIMEOUT_S,
    )  # fmt: skip
    device.open()
    try:
        device.print_receipt(service_receipt())
    finally:
        device.close()
    assert peer.wait_for_jobs(1)


def test_raw_status_answers_match_the_spec(transport, peer):
    def answers() -> list[int]:
        return [transport.query_status(n, IO_TIMEOUT_S) for n in (1, 2, 4)]

    assert answers() == [0x12, 0x12, 0x12]
    peer.printer.cover_open = True
    # DLE EOT 1 bit 3 offline; DLE EOT 2 bit 2 cover open.
    assert answers() == [0x1A, 0x16, 0x12]
    peer.printer.cover_open = False
    peer.printer.paper = PaperState.OUT
    # Stopped by paper end (2: bit 5); near-end and end sensors (4: bits 2-3, 5-6).
    assert answers() == [0x1A, 0x32, 0x7E]


@pytest.mark.parametrize(
    ("fault", "problem", "event"),
    [
        ("paper", PrinterProblem.PAPER_OUT, DeviceEventKind.PAPER_OUT),
        ("cover", PrinterProblem.COVER_OPEN, DeviceEventKind.COVER_OPEN),
    ],
)
def test_faults_refuse_before_sending(printer, peer, record_events, fault, problem, event):
    recorder = record_events(printer)
    if fault == "paper":
        peer.printer.paper = PaperState.OUT
    else:
        peer.printer.cover_open = True

    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())

    assert caught.value.reason is problem
    assert recorder.wait_for(event, timeout_s=5.0).device_id == "receipt-usb"
    assert peer.received == b""
    assert printer.health() is DeviceHealth.FAULT

    peer.printer.paper, peer.printer.cover_open = PaperState.OK, False
    assert printer.refresh_status() == PrinterStatus(True, PaperState.OK, False)
    printer.print_receipt(service_receipt())
    assert peer.wait_for_jobs(1)


def test_stale_input_is_not_taken_for_an_answer(transport, peer):
    transport.open()
    # A late answer and noise, already waiting when the request is sent.
    peer.send_unsolicited(b"\x1a\x00\xff")
    peer.printer.paper = PaperState.NEAR_END
    assert transport.query_status(4, IO_TIMEOUT_S) == 0x1E


# -- unplugged, re-plugged, silent --------------------------------------------


def test_unplugged_mid_job_is_lost_then_found_as_another_lp(
    sysfs, transport, printer, peer, record_events
):
    recorder = record_events(printer)
    peer.hang_up_after(job_bytes=100)

    with pytest.raises(DeviceUnavailable, match="disconnected"):
        printer.print_receipt(service_receipt())
    assert not transport.connected
    assert peer.jobs == []  # no cut arrived: the printer held a partial job

    sysfs.unplug("lp0")  # the kernel drops the node with the USB device
    assert printer.refresh_status() is None
    assert recorder.wait_for(DeviceEventKind.LOST, timeout_s=5.0)
    assert printer.health() is DeviceHealth.UNAVAILABLE
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())
    assert caught.value.reason is PrinterProblem.OFFLINE

    replugged = PtyEscPosPrinter()
    try:
        # Another printer took lp0 meanwhile, so ours comes back as lp1.
        bystander = PtyEscPosPrinter()
        try:
            sysfs.plug(bystander.path, 0x04B8, 0x0202)
            assert sysfs.plug(replugged.path, serial="SN-A") == "lp1"
            assert printer.refresh_status() == PrinterStatus(True, PaperState.OK, False)
            assert recorder.wait_for(DeviceEventKind.FOUND, timeout_s=5.0)
            assert transport.node_path == replugged.path
            assert transport.find_node().name == "lp1"
            printer.print_receipt(service_receipt())
            assert replugged.wait_for_jobs(1)
            assert replugged.parsed_jobs[0].lines == receipt_lines(service_receipt())
            assert bystander.received == b"" and bystander.status_requests == 0
        finally:
            bystander.close()
    finally:
        replugged.close()
    assert printer.wait_events_delivered()
    assert recorder.kinds == [DeviceEventKind.LOST, DeviceEventKind.FOUND]


def test_monitor_notices_unplug_and_replug(sysfs, peer, record_events):
    sysfs.plug(peer.path)
    device = usb_receipt_printer(
        "receipt-usb", VENDOR, PRODUCT, sysfs_root=str(sysfs.root),
        poll_interval_s=0.05, io_timeout_s=IO_TIMEOUT_S,
    )  # fmt: skip
    recorder = record_events(device)
    device.open()
    replugged = PtyEscPosPrinter()
    try:
        peer.unplug()
        sysfs.unplug("lp0")
        assert recorder.wait_for(DeviceEventKind.LOST, timeout_s=10.0)
        sysfs.plug(replugged.path, name="lp2")
        assert recorder.wait_for(DeviceEventKind.FOUND, timeout_s=10.0)
        device.print_receipt(service_receipt())
        assert replugged.wait_for_jobs(1)
    finally:
        device.close()
        replugged.close()


def test_silent_printer_times_out_within_the_deadline(printer, transport, peer):
    peer.answer_status = False

    started = time.monotonic()
    with pytest.raises(DeviceTimeout, match="no answer"):
        transport.query_status(1, 0.5)
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 3.0  # waited its deadline, and not much longer
    assert not transport.connected  # a late answer cannot be read as the next one

    with pytest.raises(DeviceTimeout):
        printer.status()
    with pytest.raises(PrinterNotReady) as caught:
        printer.print_receipt(service_receipt())
    assert caught.value.reason is PrinterProblem.OFFLINE
    assert peer.received == b""

    peer.answer_status = True
    assert printer.refresh_status() is not None


def test_unplugged_while_awaiting_an_answer_is_unavailable_not_a_timeout(transport, peer):
    transport.open()
    peer.answer_status = False
    unplug = threading.Timer(0.2, peer.unplug)
    unplug.start()
    started = time.monotonic()
    try:
        with pytest.raises(DeviceUnavailable, match="hung up"):
            transport.query_status(1, 10.0)
    finally:
        unplug.join()
    assert time.monotonic() - started < 5.0  # the hang-up ended the wait, not the deadline
    assert not transport.connected


def test_printer_that_stops_reading_times_out_on_write(transport, peer):
    """A printer whose buffer is full: the write deadline holds, nothing hangs."""
    transport.open()
    peer.stop_reading()
    started = time.monotonic()
    with pytest.raises(DeviceTimeout, match="bytes unsent"):
        transport.write_raw(b"x" * 10_000_000, timeout_s=0.5)
    assert time.monotonic() - started < 3.0
    assert not transport.connected


def test_read_without_open_is_refused(sysfs):
    with pytest.raises(DeviceUnavailable, match="not open"):
        by_id(sysfs).read_raw(1, 0.1)
