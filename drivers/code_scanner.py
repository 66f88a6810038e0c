"""Interface of a 1D/2D code scanner (serial or HID keyboard-wedge in production)."""

from __future__ import annotations

from drivers.device import Device, DeviceKind


class CodeScanner(Device):
    """Emits a CODE_READ event (data: the decoded text as str) per scanned code.

    Also LOST / FOUND when the scanner is unplugged or back. Codes scanned
    while the scanner is closed are discarded, as a real scanner's are when
    nobody reads its port.
    """

    def __init__(self, device_id: str) -> None:
        super().__init__(device_id, DeviceKind.CODE_SCANNER)
