"""Turning a ReceiptDocument into an ESC/POS byte stream.

Targets 80 mm thermal printers with a Chinese font ROM: 576 dots per line,
Font A (12x24 dots), so 48 single-byte or 24 double-byte characters per
line. Text is sent in Chinese character mode (FS &) as GB18030, where every
multi-byte character prints full width; that is why widths are counted in
encoded bytes, not in Unicode East Asian width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.receipt import Align, Cut, Feed, Field, QrCode, ReceiptDocument, Rule, Text, Title

ESC = 0x1B
GS = 0x1D
FS = 0x1C
LF = 0x0A

INITIALIZE = b"\x1b@"  # ESC @
CHINESE_MODE_ON = b"\x1c&"  # FS &
CHINESE_MODE_OFF = b"\x1c."  # FS .
TEXT_ENCODING = "gb18030"
# QR payloads are UTF-8: what phone scanners assume when there is no ECI.
QR_ENCODING = "utf-8"

ALIGN_CODES = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
QR_MODEL_2 = 50
QR_ERROR_LEVEL_M = 49
QR_MAX_DATA = 7089
# GS V 66 n: feed to the cutter, then partial cut, so the last line is not cut off.
CUT_FEED_PARTIAL = b"\x1dVB\x00"

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def select_alignment(align: Align) -> bytes:
    return bytes((ESC, ord("a"), ALIGN_CODES[align]))


def select_bold(on: bool) -> bytes:
    return bytes((ESC, ord("E"), 1 if on else 0))


def select_size(scale: int) -> bytes:
    """GS ! n: width multiplier in the high nibble, height in the low one."""
    return bytes((GS, ord("!"), ((scale - 1) << 4) | (scale - 1)))


def qr_function(fn: int, params: bytes) -> bytes:
    """GS ( k pL pH cn=49 fn params (the QR code functions 165..181)."""
    length = len(params) + 2
    return bytes((GS, ord("("), ord("k"), length & 0xFF, length >> 8, 49, fn)) + params


def qr_commands(data: bytes, module_px: int) -> bytes:
    if len(data) > QR_MAX_DATA:
        raise ValueError("QR data too long for one symbol")
    return b"".join(
        (
            qr_function(65, bytes((QR_MODEL_2, 0))),  # function 165: model 2
            qr_function(67, bytes((module_px,))),  # function 167: module size
            qr_function(69, bytes((QR_ERROR_LEVEL_M,))),  # function 169: error level M
            qr_function(80, b"0" + data),  # function 180: store the data
            qr_function(81, b"0"),  # function 181: print the stored symbol
        )
    )


def char_width(char: str) -> int:
    """Columns a character takes in Chinese mode: 1 if single-byte, else 2."""
    return 1 if len(char.encode(TEXT_ENCODING)) == 1 else 2


def text_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def clean_text(text: str) -> str:
    """Replace control characters so content cannot inject printer commands."""
    return _CONTROL_CHARS.sub(" ", text)


def wrap_text(text: str, columns: int) -> list[str]:
    """Greedy wrap by columns; ASCII words break at spaces, CJK anywhere.

    Newlines start a new line; every paragraph yields at least one line.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph_lines: list[str] = []
        line, width = "", 0
        for token in re.findall(r"[!-~]+| +|.", clean_text(paragraph)):
            if token.isspace() and not line and paragraph_lines:
                continue  # no leading blanks on a wrapped line
            token_width = text_width(token)
            if width + token_width <= columns:
                line, width = line + token, width + token_width
                continue
            if token.isspace():
                continue
            if line.strip():
                paragraph_lines.append(line.rstrip())
            while text_width(token) > columns:
                head = _take_columns(token, columns)
                paragraph_lines.append(head)
                token = token[len(head) :]
            line, width = token, text_width(token)
        if line.strip() or not paragraph_lines:
            paragraph_lines.append(line.rstrip())
        lines.extend(paragraph_lines)
    return lines


def _take_columns(text: str, columns: int) -> str:
    taken, width = "", 0
    for char in text:
        if width + char_width(char) > columns:
            break
        taken, width = taken + char, width + char_width(char)
    return taken or text[0]


@dataclass(frozen=True)
class PrintLine:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    scale: int = 1


@dataclass(frozen=True)
class PrintQr:
    data: str
    module_px: int


@dataclass(frozen=True)
class PrintCut:
    pass


LayoutItem = PrintLine | PrintQr | PrintCut


def layout_receipt(doc: ReceiptDocument, width_chars: int = 48) -> list[LayoutItem]:
    """Break blocks into printable lines for a paper `width_chars` columns wide."""
    items: list[LayoutItem] = []
    for block in doc.blocks:
        match block:
            case Title(text=text):
                for line in wrap_text(text, width_chars // 2):
                    items.append(PrintLine(line, Align.CENTER, bold=True, scale=2))
            case Text(text=text, bold=bold, align=align):
                items.extend(PrintLine(line, align, bold) for line in wrap_text(text, width_chars))
            case Field(label=label, value=value):
                items.extend(_field_lines(clean_text(label), clean_text(value), width_chars))
            case QrCode(data=data, module_px=module_px):
                items.append(PrintQr(data, module_px))
            case Rule():
                items.append(PrintLine("-" * width_chars))
            case Feed(lines=lines):
                items.extend(PrintLine("") for _ in range(lines))
            case Cut():
                items.append(PrintCut())
            case _:
                raise TypeError(f"unknown receipt block {block!r}")
    return items


def _field_lines(label: str, value: str, width_chars: int) -> list[PrintLine]:
    gap = width_chars - text_width(label) - text_width(value)
    if gap >= 2:
        return [PrintLine(label + " " * gap + value)]
    lines = [PrintLine(label)]
    indent = "  "
    for line in wrap_text(value, width_chars - len(indent)):
        lines.append(PrintLine(indent + line))
    return lines


def encode_receipt(doc: ReceiptDocument, width_chars: int = 48) -> bytes:
    """The ESC/POS byte stream that prints `doc`."""
    out = bytearray(INITIALIZE + CHINESE_MODE_ON)
    align, bold, scale = Align.LEFT, False, 1
    for item in layout_receipt(doc, width_chars):
        if isinstance(item, PrintCut):
            out += CUT_FEED_PARTIAL
            continue
        wanted_align = item.align if isinstance(item, PrintLine) else Align.CENTER
        if wanted_align is not align:
            out += select_alignment(wanted_align)
            align = wanted_align
        if isinstance(item, PrintQr):
            out += qr_commands(item.data.encode(QR_ENCODING), item.module_px)
            continue
        if item.bold != bold:
            out += select_bold(item.bold)
            bold = item.bold
        if item.scale != scale:
            out += select_size(item.scale)
            scale = item.scale
        out += item.text.encode(TEXT_ENCODING) + bytes((LF,))
    return bytes(out)


def receipt_lines(doc: ReceiptDocument, width_chars: int = 48) -> list[str]:
    """The text lines `encode_receipt` prints, in order (QR codes and cuts omitted)."""
    return [item.text for item in layout_receipt(doc, width_chars) if isinstance(item, PrintLine)]
