"""The console's look: the kiosk's standard palette, sized for a desk."""

from __future__ import annotations

import dataclasses

from ui.theme import STANDARD, stylesheet

# A desk screen read from half a metre, not a touch screen read standing up.
CLERK_PALETTE = dataclasses.replace(STANDARD, base_pt=12)
CLERK_STYLE = (
    stylesheet(CLERK_PALETTE)
    + """
    QPushButton { min-height: 36px; min-width: 64px; padding: 4px 14px; border-radius: 6px; }
    QLineEdit { min-height: 32px; }
    QPushButton[role="primary"]:disabled { background: #E2E8F2; color: #4A5263;
        border-color: #4A5263; }
"""
)
