"""ESC/POS real-time status (DLE EOT n) requests and their answer bytes.

Every answer byte has bit 1 and bit 4 set and bits 0 and 7 clear, which is
how a reader tells a status byte from stray data.
"""

from __future__ import annotations

from drivers.receipt_printer import PaperState, PrinterStatus

PRINTER_STATUS = 1
OFFLINE_CAUSE = 2
ERROR_CAUSE = 3
ROLL_PAPER_SENSOR = 4

_FIXED_BITS = 0x12
_FIXED_MASK = 0x93
_OFFLINE = 0x08  # n=1
_COVER_OPEN = 0x04  # n=2
_STOPPED_BY_PAPER_END = 0x20  # n=2
_ERROR = 0x40  # n=2
_NEAR_END = 0x0C  # n=4
_PAPER_END = 0x60  # n=4


def status_request(n: int) -> bytes:
    return bytes((0x10, 0x04, n))


def is_status_byte(byte: int) -> bool:
    return byte & _FIXED_MASK == _FIXED_BITS


def decode_status(printer: int, offline_cause: int, roll_paper: int) -> PrinterStatus:
    """Combine the answers to DLE EOT 1, 2 and 4; raises ValueError on a non-status byte."""
    for byte in (printer, offline_cause, roll_paper):
        if not is_status_byte(byte):
            raise ValueError(f"not a DLE EOT status byte: {byte:#04x}")
    if roll_paper & _PAPER_END or offline_cause & _STOPPED_BY_PAPER_END:
        paper = PaperState.OUT
    elif roll_paper & _NEAR_END:
        paper = PaperState.NEAR_END
    else:
        paper = PaperState.OK
    return PrinterStatus(
        online=not printer & _OFFLINE,
        paper=paper,
        cover_open=bool(offline_cause & _COVER_OPEN),
    )


def encode_status(status: PrinterStatus, error: bool = False) -> dict[int, int]:
    """The bytes a printer in `status` answers to DLE EOT 1, 2, 4 and 3 (for simulators)."""
    offline = not status.online or status.cover_open or status.paper is PaperState.OUT
    printer = _FIXED_BITS | (_OFFLINE if offline else 0)
    offline_cause = _FIXED_BITS
    if status.cover_open:
        offline_cause |= _COVER_OPEN
    if status.paper is PaperState.OUT:
        offline_cause |= _STOPPED_BY_PAPER_END
    if error:
        offline_cause |= _ERROR
    roll_paper = _FIXED_BITS
    if status.paper is PaperState.NEAR_END:
        roll_paper |= _NEAR_END
    elif status.paper is PaperState.OUT:
        roll_paper |= _NEAR_END | _PAPER_END
    return {
        PRINTER_STATUS: printer,
        OFFLINE_CAUSE: offline_cause,
        ERROR_CAUSE: _FIXED_BITS,
        ROLL_PAPER_SENSOR: roll_paper,
    }
