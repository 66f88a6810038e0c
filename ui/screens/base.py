"""What every kiosk screen has: a title to read out, texts to retranslate, two layouts."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.widgets import label


class Screen(QWidget):
    """Title on top, scrollable content, and the action buttons always in reach.

    Content scrolls (by finger) so large type in elderly mode and a portrait
    screen never push the buttons off the screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portrait = False
        self.elderly = False
        self.language = "zh_CN"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 24, 48, 24)
        outer.setSpacing(16)
        self.title = label("title", "screen_title")
        outer.addWidget(self.title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        body = QWidget()
        self.content = QVBoxLayout(body)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(20)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.actions = QHBoxLayout()
        outer.addLayout(self.actions)

    def retranslate(self) -> None:
        """Set every text in the current language; called on show and on a switch."""

    def set_layout_mode(self, portrait: bool, elderly: bool) -> None:
        changed = (portrait, elderly) != (self.portrait, self.elderly)
        self.portrait, self.elderly = portrait, elderly
        if changed:
            self.relayout()

    def relayout(self) -> None:
        """Arrange for the orientation and mode; screens with grids override."""

    def read_out_text(self) -> str:
        """What elderly mode reads aloud when the screen appears."""
        return self.title.text()

    def wipe(self) -> None:
        """Forget whatever this screen shows of the last resident."""
