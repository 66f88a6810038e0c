"""A device's question for the resident ("put your card back"), shown over any screen.

`DevicePrompt` is the front end's side of `drivers.device_manager.
DeviceUserPrompt`: the manager calls it on a device or worker thread; Qt
signals carry the question to the UI thread, and the resident's tap goes
back through `DeviceManager.answer`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from drivers.device_manager import DeviceManager, UserAnswer, UserPromptRequest, UserRequest
from ui.technician_panel import Overlay
from ui.widgets import button, label


class DevicePromptOverlay(Overlay):
    answered = Signal(int, object)  # prompt id, UserAnswer

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "device_prompt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 96, 64, 96)
        self.message = label("title", "device_prompt_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.other_way_button = button("", "device_prompt_other_way")
        self.other_way_button.clicked.connect(lambda: self._answer(UserAnswer.CANCELLED))
        self.ok_button = button("primary", "device_prompt_ok")
        self.ok_button.clicked.connect(lambda: self._answer(UserAnswer.CONFIRMED))
        row.addWidget(self.other_way_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.prompt_id: int | None = None
        self.request: UserRequest | None = None
        self.retranslate()

    def ask(self, prompt_id: int, request: UserRequest) -> None:
        self.prompt_id, self.request = prompt_id, request
        # "Another way" only where there is one: a card left behind has none.
        self.other_way_button.setVisible(request is UserRequest.PLACE_CARD_AGAIN)
        self.retranslate()
        self.cover()

    def take_away(self, prompt_id: int) -> None:
        if prompt_id == self.prompt_id:
            self.prompt_id = None
            self.hide()

    def _answer(self, answer: UserAnswer) -> None:
        prompt_id, self.prompt_id = self.prompt_id, None
        self.hide()
        if prompt_id is not None:
            self.answered.emit(prompt_id, answer)

    def request_text(self, request: UserRequest | None) -> str:
        return {
            UserRequest.PLACE_CARD_AGAIN: self.tr(
                "The card could not be read completely. Please place it on the reader again "
                "and keep it still."
            ),
            UserRequest.TAKE_YOUR_CARD: self.tr("Please take your card with you."),
            UserRequest.TAKE_YOUR_PAPER: self.tr("Please take your paper from the printer."),
        }.get(request, "")

    def retranslate(self) -> None:
        self.message.setText(self.request_text(self.request))
        self.ok_button.setText(self.tr("Done"))
        self.other_way_button.setText(self.tr("Use another way"))


class DevicePrompt(QObject):
    """Thread-safe bridge from the device manager to the overlay."""

    _show = Signal(int, object)
    _dismiss = Signal(int)

    def __init__(self, overlay: DevicePromptOverlay, manager: DeviceManager) -> None:
        super().__init__(overlay)
        self._manager = manager
        # Emitting from another thread queues the call onto the overlay's thread.
        self._show.connect(lambda prompt_id, request: overlay.ask(prompt_id, request.request))
        self._dismiss.connect(overlay.take_away)
        overlay.answered.connect(manager.answer)

    def show(self, prompt_id: int, request: UserPromptRequest) -> None:
        self._show.emit(prompt_id, request)

    def dismiss(self, prompt_id: int) -> None:
        self._dismiss.emit(prompt_id)
