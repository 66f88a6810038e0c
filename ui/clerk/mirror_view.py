"""The resident's kiosk screen, drawn from the ScreenMirror the kiosk sends.

It is a description (fields, materials, buttons), not a picture of the
screen: the clerk sees masked personal data masked, and asks to reveal one
value at a time with a reason the platform audits.
"""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.clerk.kiosk_terms import button_text, step_text
from ui.widgets import button, clear_layout, label

MIN_REASON_CHARS = 4
THUMBNAIL_WIDTH_PX = 160


def thumbnail_pixmap(encoded: str | None) -> QPixmap | None:
    if not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    image = QImage.fromData(data, "JPEG")
    if image.isNull():
        return None
    return QPixmap.fromImage(image.scaledToWidth(THUMBNAIL_WIDTH_PX))


class FieldRow:
    """The widgets of one mirrored field, kept so tests and updates can find them."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.label = label(object_name=f"mirror_label_{key}")
        self.value = label(object_name=f"mirror_value_{key}")
        self.badges = label("note", f"mirror_badges_{key}")
        self.error = label("note", f"mirror_error_{key}")
        self.reveal_button = button(object_name=f"reveal_{key}")


class MirrorView(QScrollArea):
    reveal_requested = Signal(str, str)  # field key, reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mirror_view")
        self.setWidgetResizable(True)
        self.screen: dict | None = None
        self.revealed: dict[str, str] = {}
        self.rows: dict[str, FieldRow] = {}
        self.material_labels: dict[str, object] = {}
        self._reveal_field: str | None = None

        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = label("title", "mirror_title")
        self.service = label("subtitle", "mirror_service")
        self.empty = label("note", "mirror_empty")
        self.fields_grid = QGridLayout()
        self.materials_box = QVBoxLayout()
        self.buttons_line = label("note", "mirror_buttons")
        self.submission = label("badge", "mirror_submission")

        self.reveal_panel = QFrame()
        self.reveal_panel.setObjectName("reveal_panel")
        self.reveal_panel.setProperty("role", "panel")
        reveal_layout = QHBoxLayout(self.reveal_panel)
        self.reveal_prompt = label(object_name="reveal_prompt")
        self.reveal_reason = QLineEdit()
        self.reveal_reason.setObjectName("reveal_reason")
        self.reveal_reason.setMaxLength(200)
        self.reveal_reason.textChanged.connect(self._reason_changed)
        self.reveal_confirm = button("primary", "reveal_confirm")
        self.reveal_confirm.clicked.connect(self._confirm_reveal)
        self.reveal_cancel = button(object_name="reveal_cancel")
        self.reveal_cancel.clicked.connect(self._close_reveal)
        for widget in (self.reveal_prompt, self.reveal_reason):
            reveal_layout.addWidget(widget)
        reveal_layout.addWidget(self.reveal_confirm)
        reveal_layout.addWidget(self.reveal_cancel)
        self.reveal_panel.hide()

        layout.addWidget(self.title)
        layout.addWidget(self.service)
        layout.addWidget(self.empty)
        layout.addLayout(self.fields_grid)
        layout.addWidget(self.reveal_panel)
        layout.addLayout(self.materials_box)
        layout.addWidget(self.buttons_line)
        layout.addWidget(self.submission)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_screen(None)

    # -- content ------------------------------------------------------------

    def clear(self) -> None:
        self.revealed.clear()
        self._close_reveal()
        self.show_screen(None)

    def show_screen(self, screen: dict | None) -> None:
        if screen is not None and screen == self.screen:
            return
        self.screen = screen
        self._render()

    def show_revealed(self, field: str, value: str) -> None:
        self.revealed[field] = value
        self._render()

    def field_keys(self) -> list[str]:
        return [str(field.get("key", "")) for field in (self.screen or {}).get("fields", [])]

    def button_names(self) -> list[str]:
        return [str(name) for name in (self.screen or {}).get("buttons", [])]

    def submission_ref(self) -> str | None:
        return (self.screen or {}).get("submission_ref") or None

    def _render(self) -> None:
        screen = self.screen or {}
        self.empty.setVisible(not screen)
        self.title.setText(str(screen.get("title", "")))
        self.service.setText(
            " · ".join(
                part
                for part in (screen.get("service_title"), step_text(str(screen.get("step", ""))))
                if part
            )
        )
        clear_layout(self.fields_grid)
        self.rows = {}
        for index, field in enumerate(screen.get("fields", [])):
            self._add_field(index, field)
        clear_layout(self.materials_box)
        self.material_labels = {}
        for material in screen.get("materials", []):
            self._add_material(material)
        buttons = self.button_names()
        self.buttons_line.setVisible(bool(buttons))
        self.buttons_line.setText(
            self.tr("Buttons on screen: %1").replace(
                "%1", ", ".join(button_text(name) for name in buttons)
            )
        )
        ref = self.submission_ref()
        self.submission.setVisible(bool(ref))
        self.submission.setText(self.tr("Submitted: %1").replace("%1", ref or ""))
        if self._reveal_field and self._reveal_field not in self.rows:
            self._close_reveal()
        self.retranslate()

    def _add_field(self, index: int, field: dict) -> None:
        key = str(field.get("key", ""))
        row = FieldRow(key)
        row.label.setText(str(field.get("label", key)))
        clear = self.revealed.get(key)
        row.value.setText(clear if clear is not None else str(field.get("value") or ""))
        row.error.setText(str(field.get("error") or ""))
        row.error.setVisible(bool(field.get("error")))
        row.error.setProperty("role", "error")
        row.reveal_button.setVisible(bool(field.get("masked")) and clear is None)
        row.reveal_button.clicked.connect(lambda _=False, k=key: self.open_reveal(k))
        row.field = field
        self.rows[key] = row
        self.fields_grid.addWidget(row.label, index * 2, 0)
        self.fields_grid.addWidget(row.value, index * 2, 1)
        self.fields_grid.addWidget(row.badges, index * 2, 2)
        self.fields_grid.addWidget(row.reveal_button, index * 2, 3)
        self.fields_grid.addWidget(row.error, index * 2 + 1, 1, 1, 3)

    def _add_material(self, material: dict) -> None:
        line = QHBoxLayout()
        code = str(material.get("code", ""))
        picture = label(object_name=f"material_thumbnail_{code}", wrap=False)
        pixmap = thumbnail_pixmap(material.get("thumbnail_jpeg_b64"))
        if pixmap is not None:
            picture.setPixmap(pixmap)
        picture.setVisible(pixmap is not None)
        text = label(object_name=f"material_{code}")
        text.material = material
        self.material_labels[code] = text
        line.addWidget(picture)
        line.addWidget(text, 1)
        holder = QWidget()
        holder.setLayout(line)
        self.materials_box.addWidget(holder)

    # -- reveal -------------------------------------------------------------

    def open_reveal(self, key: str) -> None:
        self._reveal_field = key
        self.reveal_reason.clear()
        self.reveal_panel.show()
        self.retranslate()
        self._reason_changed(self.reveal_reason.text())
        self.reveal_reason.setFocus()

    def _reason_changed(self, text: str) -> None:
        self.reveal_confirm.setEnabled(len(text.strip()) >= MIN_REASON_CHARS)

    def _confirm_reveal(self) -> None:
        reason = self.reveal_reason.text().strip()
        if self._reveal_field is None or len(reason) < MIN_REASON_CHARS:
            return
        field = self._reveal_field
        self._close_reveal()
        self.reveal_requested.emit(field, reason)

    def _close_reveal(self) -> None:
        self._reveal_field = None
        self.reveal_panel.hide()

    # -- text ---------------------------------------------------------------

    def retranslate(self) -> None:
        self.empty.setText(self.tr("The resident's screen appears here once the call connects."))
        for row in self.rows.values():
            field = row.field
            badges = []
            if field.get("required"):
                badges.append(self.tr("required"))
            if row.key in self.revealed:
                badges.append(self.tr("revealed"))
            elif field.get("masked"):
                badges.append(self.tr("masked"))
            if field.get("highlighted"):
                badges.append(self.tr("highlighted"))
            row.badges.setText(" · ".join(badges))
            row.reveal_button.setText(self.tr("Reveal"))
        for text in self.material_labels.values():
            material = text.material
            if material.get("captured"):
                state = self.tr("captured, %n page(s)", "", int(material.get("pages") or 0))
            else:
                state = self.tr("not captured yet")
            text.setText(f"{material.get('name', '')} — {state}")
        if self._reveal_field is not None:
            row = self.rows.get(self._reveal_field)
            name = row.label.text() if row else self._reveal_field
            self.reveal_prompt.setText(
                self.tr("Why do you need to see %1? (recorded in the audit log)").replace(
                    "%1", name
                )
            )
        self.reveal_reason.setPlaceholderText(self.tr("Reason"))
        self.reveal_confirm.setText(self.tr("Reveal"))
        self.reveal_cancel.setText(self.tr("Cancel"))
