"""What a clerk can do on the resident's kiosk: point, fill, explain, switch modes.

Each action becomes one `guide` message; the platform audits it and the
kiosk shows it. A filled value stays "pending" until the resident confirms
or refuses it on the kiosk.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLineEdit, QWidget

from ui.clerk.kiosk_terms import button_text
from ui.widgets import button, label

MAX_NOTE_CHARS = 500


def valid_video_link(url: str) -> bool:
    """Only https links with a host: the kiosk turns them into a QR code for a phone."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


class FillState(Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


@dataclass
class FillProposal:
    field: str
    value: str
    label: str = ""  # what the clerk picked, shown back to them (not the field's key)
    state: FillState = FillState.PENDING


class GuidanceBar(QWidget):
    guide_requested = Signal(str, dict)  # action, details

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidance_bar")
        self.fills: list[FillProposal] = []
        self.elderly_on = False
        self.document_camera_on = False
        self.document_camera_available = True
        grid = QGridLayout(self)

        self.highlight_caption = label(object_name="highlight_caption")
        self.highlight_target = QComboBox()
        self.highlight_target.setObjectName("highlight_target")
        self.highlight_button = button(object_name="highlight_send")
        self.highlight_button.clicked.connect(self._highlight)
        self._row(grid, 0, 0, self.highlight_caption, self.highlight_target, self.highlight_button)

        self.fill_caption = label(object_name="fill_caption")
        self.fill_field = QComboBox()
        self.fill_field.setObjectName("fill_field")
        self.fill_value = QLineEdit()
        self.fill_value.setObjectName("fill_value")
        self.fill_value.setMaxLength(200)
        self.fill_button = button(object_name="fill_send")
        self.fill_button.clicked.connect(self._fill)
        self._row(grid, 1, 0, self.fill_caption, self.fill_field, self.fill_button, self.fill_value)
        self.fill_status = label("note", "fill_status")
        grid.addWidget(self.fill_status, 2, 1, 1, 3)

        self.note_caption = label(object_name="note_caption")
        self.note_text = QLineEdit()
        self.note_text.setObjectName("note_text")
        self.note_text.setMaxLength(MAX_NOTE_CHARS)
        self.note_button = button(object_name="note_send")
        self.note_button.clicked.connect(self._note)
        self._row(grid, 0, 4, self.note_caption, self.note_text, self.note_button)

        self.video_caption = label(object_name="video_caption")
        self.video_url = QLineEdit()
        self.video_url.setObjectName("video_url")
        self.video_title = QLineEdit()
        self.video_title.setObjectName("video_title")
        self.video_title.setMaxLength(100)
        self.video_button = button(object_name="video_send")
        self.video_button.clicked.connect(self._video_link)
        self.video_url.textChanged.connect(self._update_enabled)
        self._row(
            grid, 1, 4, self.video_caption, self.video_url, self.video_button, self.video_title
        )
        self.video_error = label("note", "video_error")
        grid.addWidget(self.video_error, 2, 5, 1, 3)

        self.elderly_button = button(object_name="elderly_toggle")
        self.elderly_button.clicked.connect(self._elderly)
        self.document_button = button(object_name="document_camera_toggle")
        self.document_button.clicked.connect(self._document_camera)
        toggles = QHBoxLayout()
        toggles.addWidget(self.elderly_button)
        toggles.addWidget(self.document_button)
        toggles.addStretch(1)
        grid.addLayout(toggles, 3, 0, 1, 8)
        for column in (1, 2, 5, 6):
            grid.setColumnStretch(column, 1)
        self.retranslate()

    @staticmethod
    def _row(grid, row, column, caption, main, action, extra=None) -> None:
        """Two blocks side by side (pointing and filling; telling and showing)."""
        grid.addWidget(caption, row, column)
        if extra is None:
            grid.addWidget(main, row, column + 1, 1, 2)
        else:
            grid.addWidget(main, row, column + 1)
            grid.addWidget(extra, row, column + 2)
        grid.addWidget(action, row, column + 3)

    # -- state from the call ------------------------------------------------

    def reset(self) -> None:
        self.fills.clear()
        self.elderly_on = False
        self.document_camera_on = False
        self.document_camera_available = True
        for widget in (self.fill_value, self.note_text, self.video_url, self.video_title):
            widget.clear()
        self.set_targets([], [])
        self.retranslate()

    def set_targets(self, fields: list[tuple[str, str]], buttons: list[str]) -> None:
        """Fields as (key, label) and button names from the latest mirror."""
        keep_target = self.highlight_target.currentData()
        keep_field = self.fill_field.currentData()
        self.highlight_target.clear()
        self.fill_field.clear()
        for key, text in fields:
            self.highlight_target.addItem(text, key)
            self.fill_field.addItem(text, key)
        for name in buttons:
            self.highlight_target.addItem(self.tr("button: %1").replace("%1", button_text(name)), name)
        for combo, keep in ((self.highlight_target, keep_target), (self.fill_field, keep_field)):
            index = combo.findData(keep)
            if index >= 0:
                combo.setCurrentIndex(index)
        self._update_enabled()

    def set_elderly(self, on: bool) -> None:
        self.elderly_on = on
        self.retranslate()

    def set_document_camera(self, on: bool, available: bool) -> None:
        self.document_camera_on = on
        self.document_camera_available = available
        self.retranslate()

    def fill_answered(self, accepted: bool) -> FillProposal | None:
        """The kiosk answers fills in the order they were sent."""
        for proposal in self.fills:
            if proposal.state is FillState.PENDING:
                proposal.state = FillState.CONFIRMED if accepted else FillState.REFUSED
                self.retranslate()
                return proposal
        return None

    # -- actions ------------------------------------------------------------

    def _highlight(self) -> None:
        target = self.highlight_target.currentData()
        if target:
            self.guide_requested.emit("highlight", {"target": target})

    def _fill(self) -> None:
        field, value = self.fill_field.currentData(), self.fill_value.text().strip()
        label = self.fill_field.currentText()
        if not field or not value:
            return
        self.fills.append(FillProposal(field, value, label))
        self.fill_value.clear()
        self.retranslate()
        self.guide_requested.emit("fill", {"field": field, "value": value})

    def _note(self) -> None:
        text = self.note_text.text().strip()
        if text:
            self.note_text.clear()
            self.guide_requested.emit("note", {"text": text[:MAX_NOTE_CHARS]})

    def _video_link(self) -> None:
        url = self.video_url.text().strip()
        if not valid_video_link(url):
            self.video_error.setText(self.tr("Only https:// links can be sent."))
            return
        title = self.video_title.text().strip() or (urlsplit(url).hostname or url)
        self.video_url.clear()
        self.video_title.clear()
        self.guide_requested.emit("video_link", {"url": url, "title": title})

    def _elderly(self) -> None:
        self.set_elderly(not self.elderly_on)
        self.guide_requested.emit("elderly_mode", {"on": self.elderly_on})

    def _document_camera(self) -> None:
        # The button shows the state the kiosk reports (DocumentCameraChanged), not the wish.
        self.guide_requested.emit("document_camera", {"on": not self.document_camera_on})

    def _update_enabled(self) -> None:
        url = self.video_url.text().strip()
        self.video_button.setEnabled(valid_video_link(url))
        self.video_error.setText(
            "" if not url or valid_video_link(url) else self.tr("Only https:// links can be sent.")
        )
        self.highlight_button.setEnabled(self.highlight_target.count() > 0)
        self.fill_button.setEnabled(self.fill_field.count() > 0)

    def retranslate(self) -> None:
        self.highlight_caption.setText(self.tr("Highlight"))
        self.highlight_button.setText(self.tr("Show the resident"))
        self.fill_caption.setText(self.tr("Fill in"))
        self.fill_value.setPlaceholderText(self.tr("Value to propose"))
        self.fill_button.setText(self.tr("Propose"))
        self.note_caption.setText(self.tr("Note"))
        self.note_text.setPlaceholderText(self.tr("A short note shown on the kiosk"))
        self.note_button.setText(self.tr("Send note"))
        self.video_caption.setText(self.tr("Guide video"))
        self.video_url.setPlaceholderText("https://")
        self.video_title.setPlaceholderText(self.tr("Title"))
        self.video_button.setText(self.tr("Send link"))
        self.elderly_button.setText(
            self.tr("Elderly mode: on") if self.elderly_on else self.tr("Elderly mode: off")
        )
        if not self.document_camera_available:
            self.document_button.setText(self.tr("No document camera at this kiosk"))
        elif self.document_camera_on:
            self.document_button.setText(self.tr("Document camera: on"))
        else:
            self.document_button.setText(self.tr("Document camera: off"))
        self.document_button.setEnabled(self.document_camera_available)
        self.fill_status.setText("\n".join(self._fill_line(p) for p in self.fills[-3:]))
        self._update_enabled()

    def _fill_line(self, proposal: FillProposal) -> str:
        text = {
            FillState.PENDING: self.tr("%1: waiting for the resident to confirm"),
            FillState.CONFIRMED: self.tr("%1: confirmed by the resident"),
            FillState.REFUSED: self.tr("%1: refused by the resident"),
        }[proposal.state]
        return text.replace("%1", proposal.label or proposal.field)
