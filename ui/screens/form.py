"""The prefilled form: check what the government already holds, correct, complete."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import FieldType, FormField
from kiosk.forms import FormState
from kiosk.id_numbers import mask_generic, mask_id_number, mask_phone
from kiosk.identity import IdentificationMethod
from ui.messages import source_text
from ui.screens.base import Screen
from ui.widgets import Keypad, button, clear_layout, label

_KEYPAD_TYPES = {
    FieldType.ID_NUMBER,
    FieldType.PHONE,
    FieldType.DATE,
    FieldType.POSTCODE,
    FieldType.BANK_ACCOUNT,
    FieldType.NUMBER,
}


def masked(form_field: FormField, value: str) -> str:
    if not form_field.sensitive or not value:
        return value
    if form_field.type is FieldType.ID_NUMBER:
        return mask_id_number(value)
    if form_field.type is FieldType.PHONE:
        return mask_phone(value)
    return mask_generic(value)


class FieldEditor(QFrame):
    """Edits one field: keypad for numbers, big option buttons for choices."""

    committed = Signal(str, str)  # field key, value
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.form_field: FormField | None = None
        layout = QVBoxLayout(self)
        self.caption = label("subtitle", "editor_caption")
        self.line = QLineEdit()
        self.line.setObjectName("editor_line")
        self.line.setContextMenuPolicy(self.line.contextMenuPolicy().NoContextMenu)
        self.choices_row = QHBoxLayout()
        self.keypad = Keypad()
        self.keypad.key_pressed.connect(lambda key: self.line.insert(key))
        self.keypad.backspace.connect(self.line.backspace)
        buttons = QHBoxLayout()
        self.cancel_button = button("", "editor_cancel")
        self.ok_button = button("primary", "editor_ok")
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.ok_button.clicked.connect(self._commit)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        layout.addWidget(self.caption)
        layout.addWidget(self.line)
        layout.addLayout(self.choices_row)
        layout.addWidget(self.keypad)
        layout.addLayout(buttons)
        self.choice_buttons: list = []

    def edit(self, form_field: FormField, value: str, language: str) -> None:
        self.form_field = form_field
        self.caption.setText(form_field.label.in_language(language))
        for choice_button in self.choice_buttons:
            choice_button.deleteLater()
        self.choice_buttons = []
        is_choice = form_field.type is FieldType.CHOICE
        self.line.setVisible(not is_choice)
        self.keypad.setVisible(form_field.type in _KEYPAD_TYPES)
        self.ok_button.setVisible(not is_choice)
        self.line.setText(value)
        if form_field.max_length:
            self.line.setMaxLength(form_field.max_length)
        if is_choice:
            for choice in form_field.choices:
                choice_button = button("", f"choice_{choice.value}")
                choice_button.setText(choice.label.in_language(language))
                choice_button.setCheckable(True)
                choice_button.setChecked(choice.value == value)
                choice_button.clicked.connect(
                    lambda _=False, v=choice.value: self.committed.emit(form_field.key, v)
                )
                self.choices_row.addWidget(choice_button)
                self.choice_buttons.append(choice_button)
        self.show()
        self.line.setFocus()

    def _commit(self) -> None:
        if self.form_field is not None:
            self.committed.emit(self.form_field.key, self.line.text())

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.ok_button.setText(self.tr("OK"))

    def clear(self) -> None:
        self.line.clear()
        self.form_field = None
        self.hide()


class FormScreen(Screen):
    proceed = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form: FormState | None = None
        self.identity_method: IdentificationMethod | None = None
        self.highlight_key: str | None = None
        self.ratio_label = label("badge", "prefill_ratio")
        self.rows_host = QWidget()
        self.rows = QVBoxLayout(self.rows_host)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(8)
        self.editor = FieldEditor()
        self.editor.hide()
        self.editor.committed.connect(self._field_committed)
        self.editor.cancelled.connect(self.editor.clear)
        row = QHBoxLayout()
        self.back_button = button("", "form_back")
        self.next_button = button("primary", "form_next")
        self.back_button.clicked.connect(self.back.emit)
        self.next_button.clicked.connect(self.proceed.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.content.addWidget(self.ratio_label)
        self.content.addWidget(self.rows_host)
        self.content.addWidget(self.editor)
        self.content.addStretch(1)
        self.actions.addLayout(row)
        self.value_labels: dict[str, object] = {}

    def show_form(
        self,
        form: FormState,
        highlight_key: str | None = None,
        identity_method: IdentificationMethod | None = None,
    ) -> None:
        self.form = form
        self.identity_method = identity_method  # names the document identity.* came from
        self.highlight_key = highlight_key
        self.editor.clear()
        self._rebuild()
        if highlight_key and highlight_key in self.value_labels:
            self.edit_field(highlight_key)

    def _rebuild(self) -> None:
        clear_layout(self.rows)
        self.value_labels = {}
        if self.form is None:
            return
        stacked = self.portrait or self.elderly  # label above value when space is narrow
        for form_field in self.form.item.fields:
            self.rows.addWidget(self._field_row(form_field, stacked))
        self._update_ratio()

    def _field_row(self, form_field: FormField, stacked: bool) -> QWidget:
        key = form_field.key
        value_text = self.form.value(key)
        row = QFrame()
        row.setObjectName(f"row_{key}")
        name = label("", f"label_{key}")
        name.setText(form_field.label.in_language(self.language) + (" *" if form_field.required else ""))
        value = label("", f"value_{key}")
        value.setText(masked(form_field, value_text) or "—")
        source = label("badge", f"source_{key}", wrap=False)
        source.setText(
            source_text(self.form.source(key), self.identity_method) if value_text else ""
        )
        source.setVisible(bool(value_text))
        edit = button("", f"edit_{key}")
        edit.setText(self.tr("Change") if value_text else self.tr("Fill in"))
        locked = not form_field.editable and key in self.form.prefilled_keys
        edit.setVisible(not locked)
        edit.clicked.connect(lambda _=False, k=key: self.edit_field(k))
        if stacked:
            layout = QVBoxLayout(row)
            top, bottom = QHBoxLayout(), QHBoxLayout()
            top.addWidget(name, 1)
            top.addWidget(source)
            bottom.addWidget(value, 1)
            bottom.addWidget(edit)
            layout.addLayout(top)
            layout.addLayout(bottom)
        else:
            layout = QHBoxLayout(row)
            name.setFixedWidth(320)
            layout.addWidget(name)
            layout.addWidget(value, 1)
            layout.addWidget(source)
            layout.addWidget(edit)
        layout.setContentsMargins(0, 4, 0, 4)
        self.value_labels[key] = value
        return row

    def _update_ratio(self) -> None:
        if self.form is None:
            return
        total = len(self.form.item.fields)
        filled = len(self.form.prefilled_keys)
        self.ratio_label.setText(
            self.tr("%1 of %2 items were filled in for you (%3%). Please check them.")
            .replace("%1", str(filled))
            .replace("%2", str(total))
            .replace("%3", str(round(100 * filled / total)))
        )

    def edit_field(self, key: str) -> None:
        if self.form is None:
            return
        form_field = self.form.item.field(key)
        self.editor.edit(form_field, self.form.value(key), self.language)

    def _field_committed(self, key: str, value: str) -> None:
        if self.form is None:
            return
        self.form.set_by_resident(key, value)
        self.editor.clear()
        self._rebuild()

    def relayout(self) -> None:
        self._rebuild()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Check your application form"))
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.editor.retranslate()
        self._rebuild()

    def read_out_text(self) -> str:
        return f"{self.title.text()}。{self.ratio_label.text()}"

    def wipe(self) -> None:
        self.form = None
        self.identity_method = None
        self.editor.clear()
        self._rebuild()
        self.ratio_label.clear()
