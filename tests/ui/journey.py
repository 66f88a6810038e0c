"""Steps a resident takes, as taps on the real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.session import SessionState
from ui.screens.identify import IdentifyPhase


def tap(qtbot, widget: QWidget) -> None:
    # Widgets added to a shown layout become visible on the next event pass.
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=2_000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def find(window: QWidget, name: str, kind=QPushButton):
    widget = window.findChild(kind, name)
    assert widget is not None, f"no widget named {name}"
    return widget


def visible_texts(window: QWidget) -> str:
    return "\n".join(
        label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)
    ) + "\n".join(b.text() for b in window.findChildren(QPushButton) if b.isVisibleTo(window))


def state(kiosk) -> SessionState:
    return kiosk.controller.session.state


def identify(qtbot, kiosk, card: str = "wang_xiuying", agree: bool = True) -> None:
    tap(qtbot, kiosk.window.home.start_button)
    assert state(kiosk) is SessionState.IDENTIFYING
    kiosk.devices.id_card_reader.insert_card(card)
    qtbot.waitUntil(lambda: kiosk.window.identify.phase is IdentifyPhase.CONSENT, timeout=10_000)
    tap(qtbot, find(kiosk.window, "consent_yes" if agree else "consent_no"))
    qtbot.waitUntil(lambda: state(kiosk) is SessionState.CHOOSING, timeout=10_000)
    kiosk.devices.id_card_reader.remove_card()


def open_item(qtbot, kiosk, code: str) -> None:
    """Page through the services as a resident would, then open the item."""
    window = kiosk.window
    for _ in range(10):
        tile = window.findChild(QPushButton, f"item_{code}")
        if tile is not None:
            break
        tap(qtbot, find(window, "page_next"))
    tap(qtbot, find(window, f"item_{code}"))
    assert state(kiosk) is SessionState.GUIDE
    tap(qtbot, find(kiosk.window, "guide_start"))
    assert state(kiosk) is SessionState.FORM


def sign(qtbot, kiosk) -> None:
    pad = kiosk.window.review.signature
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(40, 400, 20):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 80)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, 100))


def to_review(qtbot, kiosk) -> None:
    tap(qtbot, find(kiosk.window, "form_next"))
    if state(kiosk) is SessionState.MATERIALS:
        tap(qtbot, find(kiosk.window, "materials_next"))
    assert state(kiosk) is SessionState.REVIEW
