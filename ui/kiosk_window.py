"""The kiosk's one window: a top bar over a stack of screens, one per session state."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.session import SessionState
from ui.call_panel import CallPanel
from ui.device_prompt import DevicePromptOverlay
from ui.guidance_overlay import GuidanceOverlay, HighlightFrame
from ui.idle_overlay import IdleOverlay
from ui.screens.base import Screen
from ui.screens.form import FormScreen
from ui.screens.guide import GuideScreen
from ui.screens.help import HelpScreen
from ui.screens.home import HomeScreen
from ui.screens.identify import IdentifyScreen
from ui.screens.leaving import LeavingScreen
from ui.screens.materials import MaterialsScreen
from ui.screens.rating import RatingScreen
from ui.screens.review import ReviewScreen
from ui.screens.services import ServicesScreen
from ui.screens.submitted import SubmittedScreen
from ui.technician_panel import PinEntry, TechnicianPanel
from ui.theme import ELDERLY, STANDARD, stylesheet
from ui.top_bar import TopBar


class KioskWindow(QMainWindow):
    first_painted = Signal()  # the resident can see the kiosk: slower set-up may start

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        self.setWindowTitle("一网通办")
        # No context menus anywhere: a long press must not open a copy/paste menu.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.language = "zh_CN"
        self.elderly = False
        self.top_bar = TopBar()
        self.stack = QStackedWidget()
        self.home = HomeScreen()
        self.identify = IdentifyScreen()
        self.services = ServicesScreen()
        self.guide = GuideScreen()
        self.form = FormScreen()
        self.materials = MaterialsScreen()
        self.review = ReviewScreen()
        self.submitted = SubmittedScreen()
        self.rating = RatingScreen()
        self.help = HelpScreen()
        self.leaving = LeavingScreen()
        self.screens: dict[SessionState, Screen] = {
            SessionState.IDLE: self.home,
            SessionState.IDENTIFYING: self.identify,
            SessionState.CHOOSING: self.services,
            SessionState.GUIDE: self.guide,
            SessionState.FORM: self.form,
            SessionState.MATERIALS: self.materials,
            SessionState.REVIEW: self.review,
            SessionState.SUBMITTED: self.submitted,
            SessionState.RATING: self.rating,
            SessionState.HELP: self.help,
            SessionState.LEAVING: self.leaving,
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        # A video call docks beside the screens: the resident keeps using them meanwhile.
        self.call_panel = CallPanel()
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.stack, 1)
        body.addWidget(self.call_panel)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.highlight = HighlightFrame(central)
        self.guidance = GuidanceOverlay(central)
        self.idle_overlay = IdleOverlay(central)
        self.device_prompt = DevicePromptOverlay(central)
        self.technician_pin = PinEntry(central)
        self.technician_panel = TechnicianPanel(central)
        self._painted = False
        self.apply_look(elderly=False)

    @property
    def portrait(self) -> bool:
        return self.height() > self.width()

    def current_screen(self) -> Screen:
        return self.stack.currentWidget()

    def show_state(self, state: SessionState) -> Screen:
        screen = self.screens[state]
        # Screens retranslate when their data or the language changes, not on every show:
        # rebuilding a form twice per switch is what a resident would feel.
        screen.set_layout_mode(self.portrait, self.elderly)
        self.stack.setCurrentWidget(screen)
        self.top_bar.set_in_session(state is not SessionState.IDLE)
        return screen

    def apply_look(self, elderly: bool) -> None:
        self.elderly = elderly
        self.setStyleSheet(stylesheet(ELDERLY if elderly else STANDARD))
        self.call_panel.set_elderly(elderly)
        self._relayout_all()

    def set_language(self, language: str) -> None:
        self.language = language
        for screen in self.screens.values():
            screen.language = language
        self.retranslate_all()

    def retranslate_all(self) -> None:
        self.top_bar.retranslate(self.language, self.elderly)
        for screen in self.screens.values():
            screen.retranslate()
        self.call_panel.retranslate()
        for overlay in self._overlays():
            overlay.retranslate()

    def _overlays(self) -> tuple:
        return (
            self.guidance,
            self.idle_overlay,
            self.device_prompt,
            self.technician_pin,
            self.technician_panel,
        )

    def _relayout_all(self) -> None:
        for screen in self.screens.values():
            screen.set_layout_mode(self.portrait, self.elderly)
        self.top_bar.retranslate(self.language, self.elderly)
        self.top_bar.brand.setVisible(not self.portrait)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._relayout_all()
        for overlay in self._overlays():
            if overlay.isVisible():
                overlay.setGeometry(self.centralWidget().rect())
