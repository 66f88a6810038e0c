"""What goes on a receipt, independent of any printer language.

The kiosk builds a `ReceiptDocument`; `drivers.escpos` turns it into
printer bytes. Text is receipt content (data), so it may be Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Title:
    """Large centred heading (double width and height)."""

    text: str


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Field:
    """A "label  value" line; the value goes right, or below when it does not fit."""

    label: str
    value: str


@dataclass(frozen=True)
class QrCode:
    data: str
    # Printer dots per QR module (1..16); 6 dots = 0.75 mm at 203 dpi.
    module_px: int = 6

    def __post_init__(self) -> None:
        if not 1 <= self.module_px <= 16:
            raise ValueError("module_px must be 1..16")
        if not self.data:
            raise ValueError("QR data must not be empty")


@dataclass(frozen=True)
class Rule:
    """A separator line across the paper."""


@dataclass(frozen=True)
class Feed:
    lines: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.lines <= 255:
            raise ValueError("lines must be 0..255")


@dataclass(frozen=True)
class Cut:
    pass


Block = Title | Text | Field | QrCode | Rule | Feed | Cut


@dataclass(frozen=True)
class ReceiptDocument:
    blocks: tuple[Block, ...]

    def __init__(self, blocks: Iterable[Block]) -> None:
        # Accept a list for convenience but keep the document immutable.
        object.__setattr__(self, "blocks", tuple(blocks))
