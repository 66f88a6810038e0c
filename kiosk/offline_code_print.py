"""Sizing a printed offline Suishen code (离线随申码) so cameras can read it.

Elderly residents carry the paper for months and show it to worn kiosk
cameras: each QR module must be at least 0.5 mm on paper. At the receipt
printer's 203 dpi that is 4 dots; 6 dots (0.75 mm) is preferred.
"""

from __future__ import annotations

import qrcode

PAPER_WIDTH_DOTS = 576  # 80 mm roll at 203 dpi
QUIET_ZONE_MODULES = 4
MIN_MODULE_DOTS = 4  # 0.5 mm
PREFERRED_MODULE_DOTS = 8  # 1.0 mm


class CodeTooDenseForPaper(ValueError):
    """The code would need modules smaller than 0.5 mm to fit the paper."""


def qr_modules(text: str) -> int:
    """Modules per side of the QR the printer will draw (error correction M)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.modules_count


def module_dots_for(text: str, paper_dots: int = PAPER_WIDTH_DOTS) -> int:
    """The largest module size, up to the preferred one, that fits the paper."""
    width = qr_modules(text) + 2 * QUIET_ZONE_MODULES
    dots = min(PREFERRED_MODULE_DOTS, paper_dots // width)
    if dots < MIN_MODULE_DOTS:
        raise CodeTooDenseForPaper(f"{width} modules need {dots}-dot modules on {paper_dots} dots")
    return dots
