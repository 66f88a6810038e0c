"""Pre-review results, the summary, and the resident's signature before submit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.catalog import ItemKind, ServiceItem
from kiosk.forms import FormState
from kiosk.prereview import Finding
from ui.messages import finding_text
from ui.screens.base import Screen
from ui.screens.form import masked
from ui.widgets import SignaturePad, button, clear_layout, label


class ReviewScreen(Screen):
    fix_requested = Signal(str, str)  # field key or "", material code or ""
    submit_requested = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ServiceItem | None = None
        self.form: FormState | None = None
        self.findings: list[Finding] = []
        self.submitting = False
        self.error_text = ""
        self.message = label("subtitle", "review_message")
        self.error = label("error", "review_error")
        self.error.hide()
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.signature_caption = label("", "signature_caption")
        self.signature = SignaturePad()
        self.signature.setObjectName("signature_pad")
        self.signature.changed.connect(self._update_submit)
        self.clear_signature = button("", "signature_clear")
        self.clear_signature.clicked.connect(self.signature.clear)
        row = QHBoxLayout()
        self.back_button = button("", "review_back")
        self.submit_button = button("primary", "review_submit")
        self.back_button.clicked.connect(self.back.emit)
        self.submit_button.clicked.connect(self.submit_requested.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        self.content.addWidget(self.message)
        self.content.addWidget(self.error)
        self.content.addWidget(self.body)
        self.content.addWidget(self.signature_caption)
        self.content.addWidget(self.signature)
        self.content.addWidget(self.clear_signature)
        self.content.addStretch(1)
        self.actions.addLayout(row)

    def needs_signature(self) -> bool:
        return self.item is not None and self.item.kind in (ItemKind.APPLY, ItemKind.BUNDLE)

    def show_review(self, item: ServiceItem, form: FormState, findings: list[Finding]) -> None:
        self.item, self.form, self.findings = item, form, findings
        self.submitting = False
        self.error_text = ""
        self.signature.clear()
        self.retranslate()

    def set_submitting(self, submitting: bool, error_text: str = "") -> None:
        self.submitting = submitting
        self.error_text = error_text
        self.retranslate()

    def _update_submit(self) -> None:
        ready = not self.findings and not self.submitting
        if self.needs_signature():
            ready = ready and not self.signature.is_empty()
        self.submit_button.setEnabled(ready)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.submit_button.setText(self.tr("Submitting…") if self.submitting else self.tr("Submit"))
        self.clear_signature.setText(self.tr("Sign again"))
        self.signature_caption.setText(
            self.tr("Please sign in the box with your finger to confirm the application.")
        )
        self.error.setText(self.error_text)
        self.error.setVisible(bool(self.error_text))
        clear_layout(self.grid)
        signing = self.needs_signature() and not self.findings
        for widget in (self.signature_caption, self.signature, self.clear_signature):
            widget.setVisible(signing)
        self._update_submit()
        if self.item is None or self.form is None:
            return
        if self.findings:
            self.title.setText(self.tr("A few things to fix"))
            self.message.setText(
                self.tr("The pre-review found these. Tap “Fix” to go straight to each one.")
            )
            for row, finding in enumerate(self.findings):
                field_label = (
                    self.item.field(finding.field_key).label.in_language(self.language)
                    if finding.field_key
                    else ""
                )
                material_name = next(
                    (
                        m.name.in_language(self.language)
                        for m in self.item.materials
                        if m.code == finding.material_code
                    ),
                    "",
                )
                text = label("", f"finding_{row}")
                text.setText(finding_text(finding, field_label, material_name))
                self.grid.addWidget(text, row, 0)
                if finding.field_key or finding.material_code:
                    fix = button("", f"fix_{row}")
                    fix.setText(self.tr("Fix"))
                    fix.clicked.connect(
                        lambda _=False, f=finding: self.fix_requested.emit(
                            f.field_key or "", f.material_code or ""
                        )
                    )
                    self.grid.addWidget(fix, row, 1)
            self.grid.setColumnStretch(0, 1)
            return
        self.title.setText(self.tr("Ready to submit"))
        self.message.setText(self.tr("The pre-review found no problems. Please check once more."))
        for row, form_field in enumerate(self.item.fields):
            name = label("", f"summary_label_{form_field.key}")
            name.setText(form_field.label.in_language(self.language))
            value = label("", f"summary_value_{form_field.key}")
            value.setText(masked(form_field, self.form.value(form_field.key)) or "—")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
        self.grid.setColumnStretch(1, 1)

    def signature_png(self) -> bytes | None:
        if not self.needs_signature() or self.signature.is_empty():
            return None
        return self.signature.to_png()

    def read_out_text(self) -> str:
        return f"{self.title.text()}。{self.message.text()}"

    def wipe(self) -> None:
        self.item, self.form, self.findings = None, None, []
        self.signature.clear()
        self.retranslate()
