"""The service guide (办事指南): what you get, the steps, what to bring."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.catalog import ServiceItem
from ui.screens.base import Screen
from ui.widgets import button, label


class GuideScreen(Screen):
    proceed = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ServiceItem | None = None
        self.licences: set[str] = set()
        self.department = label("subtitle", "guide_department")
        self.summary = label("", "guide_summary")
        self.steps = label("", "guide_steps")
        self.materials = label("", "guide_materials")
        self.time_limit = label("note", "guide_time_limit")
        row = QHBoxLayout()
        self.back_button = button("", "guide_back")
        self.start_button = button("primary", "guide_start")
        self.back_button.clicked.connect(self.back.emit)
        self.start_button.clicked.connect(self.proceed.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        for widget in (self.department, self.summary, self.steps, self.materials, self.time_limit):
            self.content.addWidget(widget)
        self.content.addStretch(1)
        self.actions.addLayout(row)

    def show_item(self, item: ServiceItem, licences: set[str]) -> None:
        self.item = item
        self.licences = set(licences)
        self.retranslate()

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.start_button.setText(self.tr("Start"))
        if self.item is None:
            return
        lang = self.language
        item = self.item
        self.title.setText(item.name.in_language(lang))
        self.department.setText(item.department.in_language(lang))
        self.summary.setText(item.summary.in_language(lang))
        steps = [f"{n}. {step.in_language(lang)}" for n, step in enumerate(item.guide, start=1)]
        self.steps.setText(self.tr("Steps:") + "\n" + "\n".join(steps))
        if item.materials:
            lines = []
            for material in item.materials:
                held = material.e_licence and material.e_licence in self.licences
                status = (
                    self.tr("already held as an e-licence, nothing to bring")
                    if held
                    else self.tr("required")
                    if material.required
                    else self.tr("if you have it")
                )
                lines.append(f"• {material.name.in_language(lang)} ({status})")
            self.materials.setText(self.tr("Materials:") + "\n" + "\n".join(lines))
        else:
            self.materials.setText(self.tr("No materials are needed."))
        if item.time_limit_days == 0:
            self.time_limit.setText(self.tr("Done on the spot."))
        else:
            self.time_limit.setText(
                self.tr("Processed within %1 working days.").replace("%1", str(item.time_limit_days))
            )

    def read_out_text(self) -> str:
        return "。".join(
            text for text in (self.title.text(), self.summary.text(), self.steps.text()) if text
        )

    def wipe(self) -> None:
        self.item = None
        self.licences = set()
