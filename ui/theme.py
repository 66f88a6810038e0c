"""Colours and type for the two looks: standard, and elderly (large, high contrast).

The elderly palette is held to WCAG's 7:1 (AAA) for every text/background
pair; the standard one to 4.5:1. Tests compute the ratios from these values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    window: str
    text: str
    muted_text: str
    panel: str
    primary: str
    primary_text: str
    secondary: str
    secondary_text: str
    accent: str  # prefilled-field badge, focus ring
    accent_text: str
    danger: str
    danger_text: str
    base_pt: int  # body text size in points

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        return {
            "body": (self.text, self.window),
            "muted": (self.muted_text, self.window),
            "panel": (self.text, self.panel),
            "primary": (self.primary_text, self.primary),
            "secondary": (self.secondary_text, self.secondary),
            "accent": (self.accent_text, self.accent),
            "danger": (self.danger_text, self.danger),
        }


STANDARD = Palette(
    window="#F4F6FA",
    text="#1A1F2B",
    muted_text="#4A5263",
    panel="#FFFFFF",
    primary="#1557A8",
    primary_text="#FFFFFF",
    secondary="#E2E8F2",
    secondary_text="#1A1F2B",
    accent="#E6F4EA",
    accent_text="#0B5A26",
    danger="#B3261E",
    danger_text="#FFFFFF",
    base_pt=20,
)

ELDERLY = Palette(
    window="#000000",
    text="#FFFFFF",
    muted_text="#F0F0F0",
    panel="#101010",
    primary="#FFD60A",
    primary_text="#000000",
    secondary="#FFFFFF",
    secondary_text="#000000",
    accent="#00E5FF",
    accent_text="#000000",
    danger="#FF8A80",
    danger_text="#000000",
    base_pt=32,  # 1.6x the standard body size
)

MIN_TOUCH_PX = 64

# The video call panel docked beside the screens: wider in elderly mode so the
# clerk's face and the large text still fit.
CALL_PANEL_WIDTH_PX = 420
ELDERLY_CALL_PANEL_WIDTH_PX = 600


def call_panel_width(elderly: bool) -> int:
    return ELDERLY_CALL_PANEL_WIDTH_PX if elderly else CALL_PANEL_WIDTH_PX


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def stylesheet(palette: Palette) -> str:
    p = palette
    big = round(p.base_pt * 1.6)
    small = round(p.base_pt * 0.85)
    return f"""
    QWidget {{ background: {p.window}; color: {p.text}; font-size: {p.base_pt}pt; }}
    QLabel[role="title"] {{ font-size: {big}pt; font-weight: bold; }}
    QLabel[role="subtitle"] {{ color: {p.muted_text}; }}
    QLabel[role="note"] {{ color: {p.muted_text}; font-size: {small}pt; }}
    QLabel[role="error"] {{ color: {p.danger_text}; background: {p.danger};
        padding: 12px; border-radius: 8px; }}
    QLabel[role="badge"] {{ color: {p.accent_text}; background: {p.accent};
        padding: 4px 10px; border-radius: 6px; font-size: {small}pt; }}
    QFrame[role="panel"] {{ background: {p.panel}; border-radius: 12px; }}
    QFrame[role="panel"] QLabel {{ background: {p.panel}; }}
    QPushButton {{ min-height: {MIN_TOUCH_PX + 8}px; min-width: {MIN_TOUCH_PX + 32}px;
        padding: 8px 24px; border-radius: 12px; border: 2px solid {p.text};
        background: {p.secondary}; color: {p.secondary_text}; }}
    QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text};
        border: 2px solid {p.primary}; font-weight: bold; }}
    QPushButton[role="danger"] {{ background: {p.danger}; color: {p.danger_text};
        border: 2px solid {p.danger}; }}
    QPushButton[role="tile"] {{ background: {p.panel}; color: {p.text}; text-align: left;
        padding: 20px; border: 2px solid {p.muted_text}; }}
    QPushButton:checked {{ background: {p.primary}; color: {p.primary_text}; }}
    QPushButton:disabled {{ color: {p.muted_text}; border-color: {p.muted_text}; }}
    QPushButton:focus {{ border: 4px solid {p.accent}; }}
    QLineEdit {{ min-height: {MIN_TOUCH_PX}px; padding: 4px 12px; border: 2px solid {p.text};
        border-radius: 8px; background: {p.panel}; color: {p.text}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: {p.window}; border: none; }}
    QScrollBar:vertical {{ width: 32px; }}
    QPushButton#help_video {{ min-height: {3 * MIN_TOUCH_PX}px; font-size: {big}pt; }}
    QPushButton#call_hang_up {{ min-height: {2 * MIN_TOUCH_PX}px; font-size: {big}pt;
        font-weight: bold; }}
    QFrame#call_highlight {{ background: transparent; border: 6px solid {p.danger};
        border-radius: 10px; }}
    QFrame#call_highlight[pulse="true"] {{ border: 6px solid {p.accent}; }}
    """
