"""The kiosk's devices, one per kind, chosen by configuration.

    build_device_set({
        "id_card_reader": {"driver": "simulated", "read_delay_s": 0.3},
        "receipt_printer": {"driver": "simulated", "print_time_s": 0.5},
        "document_printer": {"driver": "simulated", "output_dir": "/var/lib/kiosk/printed"},
        "speech": {"driver": "espeak"},
    })

Every entry is `{"driver": <name>, **options}`; options are the driver
class's constructor arguments (plus `device_id`). Drivers are imported only
when configured, so a kiosk without cameras never loads OpenCV, and real
hardware drivers register themselves with `register_driver`.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from drivers.camera import Camera
from drivers.code_scanner import CodeScanner
from drivers.device import Device, DeviceError, DeviceKind
from drivers.document_printer import DocumentPrinter
from drivers.id_card_reader import IdCardReader
from drivers.receipt_printer import ReceiptPrinter
from drivers.smart_card_reader import SmartCardReader
from drivers.speech import SpeechOutput

log = logging.getLogger(__name__)

NOT_CONFIGURED = "not_configured"

# kind -> driver name -> ("module:Class", fixed constructor arguments)
_DRIVERS: dict[DeviceKind, dict[str, tuple[str | Callable[..., Device], dict[str, Any]]]] = {
    DeviceKind.ID_CARD_READER: {
        "simulated": ("drivers.simulated.id_card_reader:SimulatedIdCardReader", {}),
        # A certified reader's SAM over a serial port (GA/T 467 frames).
        "sam": ("drivers.sam_id_card_reader:SamIdCardReader", {}),
    },
    DeviceKind.SMART_CARD_READER: {
        "simulated": ("drivers.simulated.smart_card_reader:SimulatedSmartCardReader", {}),
        # Any PC/SC reader through pcscd (pyscard).
        "pcsc": ("drivers.pcsc_smart_card_reader:PcscSmartCardReader", {}),
    },
    DeviceKind.CAMERA: {
        "simulated": ("drivers.simulated.camera:SimulatedCamera", {"kind": DeviceKind.CAMERA}),
        "opencv": ("drivers.opencv_camera:OpenCvCamera", {"kind": DeviceKind.CAMERA}),
    },
    DeviceKind.DOCUMENT_CAMERA: {
        "simulated": (
            "drivers.simulated.camera:SimulatedCamera",
            {"kind": DeviceKind.DOCUMENT_CAMERA},
        ),
        "opencv": ("drivers.opencv_camera:OpenCvCamera", {"kind": DeviceKind.DOCUMENT_CAMERA}),
    },
    DeviceKind.CODE_SCANNER: {
        "simulated": ("drivers.simulated.code_scanner:SimulatedCodeScanner", {}),
        "serial": ("drivers.serial_code_scanner:SerialCodeScanner", {}),
        # Keyboard-wedge scanners: the device is grabbed so codes never reach the UI.
        "hid": ("drivers.hid_code_scanner:HidCodeScanner", {}),
    },
    DeviceKind.RECEIPT_PRINTER: {
        "simulated": ("drivers.simulated.receipt_printer:SimulatedReceiptPrinter", {}),
        # Real ESC/POS printers: raw TCP (port 9100) or a serial line.
        "network": ("drivers.escpos_network:network_receipt_printer", {}),
        "serial": ("drivers.escpos_serial:serial_receipt_printer", {}),
        # USB printer-class printers through usblp (/dev/usb/lpN, found by USB id).
        "usb": ("drivers.escpos_usb:usb_receipt_printer", {}),
    },
    DeviceKind.DOCUMENT_PRINTER: {
        "simulated": ("drivers.simulated.document_printer:SimulatedDocumentPrinter", {}),
        # A CUPS queue (pycups), local or on a print server.
        "cups": ("drivers.cups_document_printer:CupsDocumentPrinter", {}),
    },
    DeviceKind.SPEECH: {
        "simulated": ("drivers.simulated.speech:SimulatedSpeech", {}),
        "espeak": ("drivers.espeak_speech:EspeakSpeech", {}),
    },
}

_INTERFACES: dict[DeviceKind, type[Device]] = {
    DeviceKind.ID_CARD_READER: IdCardReader,
    DeviceKind.SMART_CARD_READER: SmartCardReader,
    DeviceKind.CAMERA: Camera,
    DeviceKind.DOCUMENT_CAMERA: Camera,
    DeviceKind.CODE_SCANNER: CodeScanner,
    DeviceKind.RECEIPT_PRINTER: ReceiptPrinter,
    DeviceKind.DOCUMENT_PRINTER: DocumentPrinter,
    DeviceKind.SPEECH: SpeechOutput,
}


def register_driver(
    kind: DeviceKind | str,
    name: str,
    target: str | Callable[..., Device],
    **fixed_options: Any,
) -> None:
    """Make `{"driver": name}` available for `kind`; `target` is "module:Class" or a factory."""
    _DRIVERS[DeviceKind(kind)][name] = (target, fixed_options)


def driver_names(kind: DeviceKind | str) -> list[str]:
    return sorted(_DRIVERS[DeviceKind(kind)])


@dataclass
class DeviceSet:
    id_card_reader: IdCardReader | None = None
    smart_card_reader: SmartCardReader | None = None
    camera: Camera | None = None
    document_camera: Camera | None = None
    code_scanner: CodeScanner | None = None
    receipt_printer: ReceiptPrinter | None = None
    document_printer: DocumentPrinter | None = None
    speech: SpeechOutput | None = None

    def devices(self) -> dict[str, Device]:
        """Configured devices by kind name."""
        found = {}
        for slot in fields(self):
            device = getattr(self, slot.name)
            if device is not None:
                found[slot.name] = device
        return found

    def open_all(self) -> dict[str, DeviceError]:
        """Open every device; one that fails does not stop the others.

        Returns the failures by kind name (empty when all opened).
        """
        failures: dict[str, DeviceError] = {}
        for name, device in self.devices().items():
            try:
                device.open()
            except DeviceError as error:
                log.warning("could not open %s: %s", name, error)
                failures[name] = error
        return failures

    def close_all(self) -> None:
        for name, device in self.devices().items():
            try:
                device.close()
            except Exception:
                log.exception("could not close %s", name)

    def health_report(self) -> dict[str, str]:
        """Health of every kind: a DeviceHealth value, or "not_configured"."""
        report = {}
        for slot in fields(self):
            device = getattr(self, slot.name)
            report[slot.name] = device.health().value if device is not None else NOT_CONFIGURED
        return report


def build_device_set(config: Mapping[str, Any]) -> DeviceSet:
    """Build (not open) the devices `config` names; raises ValueError on bad config."""
    slots = {slot.name for slot in fields(DeviceSet)}
    unknown = sorted(set(config) - slots)
    if unknown:
        raise ValueError(f"unknown device kinds {unknown}; known kinds: {sorted(slots)}")
    built: dict[str, Device] = {}
    for kind_name, entry in config.items():
        if entry is None:
            continue
        built[kind_name] = _build_device(DeviceKind(kind_name), entry)
    return DeviceSet(**built)


def _build_device(kind: DeviceKind, entry: Any) -> Device:
    if not isinstance(entry, Mapping) or "driver" not in entry:
        raise ValueError(f"{kind.value}: expected a mapping with a 'driver' key, got {entry!r}")
    options = dict(entry)
    driver = options.pop("driver")
    choices = _DRIVERS[kind]
    if driver not in choices:
        raise ValueError(f"{kind.value}: unknown driver {driver!r}; choices: {sorted(choices)}")
    target, fixed = choices[driver]
    factory = _resolve(target)
    options.setdefault("device_id", kind.value)
    try:
        inspect.signature(factory).bind(**fixed, **options)
    except TypeError as error:
        raise ValueError(f"{kind.value} (driver {driver!r}): bad options: {error}") from error
    device = factory(**fixed, **options)
    if not isinstance(device, _INTERFACES[kind]) or device.kind is not kind:
        raise ValueError(
            f"{kind.value}: driver {driver!r} built a {type(device).__name__} of kind {device.kind}"
        )
    return device


def _resolve(target: str | Callable[..., Device]) -> Callable[..., Device]:
    if callable(target):
        return target
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)
