"""Rendering an ESC/POS stream as the receipt an 80 mm printer would produce.

576 dots wide (72 mm printable at 203 dpi), Font A cells of 12x24 dots for
single-byte and 24x24 for double-byte characters, so a preview line wraps
where the printer wraps. QR codes are redrawn from the stored data, so the
preview is scannable whenever the printed receipt would be.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from drivers.escpos_interpreter import (
    EscPosInterpreter,
    InterpretedStream,
    PaperCut,
    PrintedLine,
    PrintedQr,
)
from drivers.receipt import Align

PAPER_WIDTH_PX = 576
_CELL_HEIGHT = 24
_LINE_GAP = 8
_MARGIN = 24
_FONT_SIZE = 22
_KNOWN_FONT_PATHS = {
    False: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    True: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
# Face index of Simplified Chinese inside the Noto Sans CJK collections.
_SC_FACE_INDEX = 2
_QR_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}

__all__ = ["EscPosInterpreter", "FontUnavailable", "find_cjk_font", "render_png", "render_image"]


class FontUnavailable(RuntimeError):
    """Noto Sans CJK SC is missing (Debian package fonts-noto-cjk)."""


@functools.cache
def find_cjk_font(bold: bool = False) -> tuple[Path, int]:
    """(font file, face index) of Noto Sans CJK SC."""
    if shutil.which("fc-match"):
        pattern = "Noto Sans CJK SC:bold" if bold else "Noto Sans CJK SC"
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        parts = result.stdout.split("\n")
        if result.returncode == 0 and len(parts) == 3 and "Noto Sans CJK" in parts[2]:
            return Path(parts[0]), int(parts[1] or 0)
    if _KNOWN_FONT_PATHS[bold].is_file():
        return _KNOWN_FONT_PATHS[bold], _SC_FACE_INDEX
    if bold:
        return find_cjk_font(False)
    raise FontUnavailable(
        "Noto Sans CJK SC not found (fc-match, /usr/share/fonts/opentype/noto); "
        "install the fonts-noto-cjk package"
    )


@functools.cache
def _font(bold: bool, scale: int) -> ImageFont.FreeTypeFont:
    path, index = find_cjk_font(bold)
    return ImageFont.truetype(str(path), _FONT_SIZE * scale, index=index)


def render_png(stream: bytes) -> bytes:
    """PNG (8-bit greyscale) of the receipt that `stream` prints."""
    buffer = io.BytesIO()
    render_image(EscPosInterpreter().parse(stream)).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def render_image(interpreted: InterpretedStream) -> Image.Image:
    strips = []
    for item in interpreted.items:
        if isinstance(item, PrintedLine):
            strips.extend(_line_strips(item))
        elif isinstance(item, PrintedQr):
            strips.append(_qr_strip(item))
        elif isinstance(item, PaperCut):
            strips.append(_cut_strip())
    height = 2 * _MARGIN + sum(strip.height for strip in strips)
    page = Image.new("L", (PAPER_WIDTH_PX, max(height, 2 * _MARGIN)), 255)
    y = _MARGIN
    for strip in strips:
        page.paste(strip, (0, y))
        y += strip.height
    return page


def _char_cells(text: str) -> list[tuple[str, int]]:
    return [(char, 1 if len(char.encode("gb18030")) == 1 else 2) for char in text]


def _line_strips(line: PrintedLine) -> list[Image.Image]:
    """One strip per printed row: the printer wraps lines wider than the paper."""
    cell_w = 12 * line.width_scale
    rows: list[list[tuple[str, int]]] = [[]]
    used = 0
    for char, columns in _char_cells(line.text):
        if (used + columns) * cell_w > PAPER_WIDTH_PX:
            rows.append([])
            used = 0
        rows[-1].append((char, columns))
        used += columns
    return [_row_strip(row, line, cell_w) for row in rows]


def _row_strip(row: list[tuple[str, int]], line: PrintedLine, cell_w: int) -> Image.Image:
    row_h = _CELL_HEIGHT * line.height_scale
    strip = Image.new("L", (PAPER_WIDTH_PX, row_h + _LINE_GAP), 255)
    row_w = sum(columns for _, columns in row) * cell_w
    x = {Align.LEFT: 0, Align.CENTER: (PAPER_WIDTH_PX - row_w) // 2,
         Align.RIGHT: PAPER_WIDTH_PX - row_w}[line.align]  # fmt: skip
    glyph_scale = min(line.width_scale, line.height_scale)
    font = _font(line.bold, glyph_scale)
    draw = ImageDraw.Draw(strip)
    for char, columns in row:
        if not char.isspace():
            centre_x = x + columns * cell_w / 2
            draw.text((centre_x, row_h / 2), char, fill=0, font=font, anchor="mm")
        x += columns * cell_w
    return strip


def _qr_strip(item: PrintedQr) -> Image.Image:
    code = qrcode.QRCode(error_correction=_QR_LEVELS[item.error_level], border=0)
    code.add_data(item.data)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    modules = np.where(matrix, 0, 255).astype(np.uint8)
    symbol = np.kron(modules, np.ones((item.module_px, item.module_px), dtype=np.uint8))
    size = min(symbol.shape[1], PAPER_WIDTH_PX)
    symbol = symbol[:, :size]
    quiet = 4 * item.module_px  # the quiet zone a scanner needs above and below
    strip = Image.new("L", (PAPER_WIDTH_PX, symbol.shape[0] + 2 * quiet), 255)
    x = {Align.LEFT: 0, Align.CENTER: (PAPER_WIDTH_PX - size) // 2,
         Align.RIGHT: PAPER_WIDTH_PX - size}[item.align]  # fmt: skip
    strip.paste(Image.fromarray(symbol, mode="L"), (x, quiet))
    return strip


def _cut_strip() -> Image.Image:
    strip = Image.new("L", (PAPER_WIDTH_PX, 3 * _LINE_GAP), 255)
    draw = ImageDraw.Draw(strip)
    for x in range(0, PAPER_WIDTH_PX, 16):
        draw.line((x, strip.height // 2, x + 8, strip.height // 2), fill=128, width=2)
    return strip
