"""Choosing a service: personal or enterprise, large tiles, paged in elderly mode."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk.catalog import Audience, Catalog, ServiceItem
from kiosk.id_numbers import mask_name
from ui.messages import kind_text
from ui.screens.base import Screen
from ui.widgets import button, clear_layout, label


class ServicesScreen(Screen):
    item_chosen = Signal(str)  # item code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog: Catalog | None = None
        self.audience = Audience.PERSONAL
        self.page = 0
        self.resident_name = ""
        self.greeting = label("subtitle", "services_greeting")
        self.notice = label("note", "services_notice")
        self.notice.hide()
        tabs = QHBoxLayout()
        self.personal_tab = button("", "tab_personal")
        self.enterprise_tab = button("", "tab_enterprise")
        for tab, audience in ((self.personal_tab, Audience.PERSONAL), (self.enterprise_tab, Audience.ENTERPRISE)):
            tab.setCheckable(True)
            tab.clicked.connect(lambda _=False, a=audience: self.show_audience(a))
            tabs.addWidget(tab)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(16)
        pager = QHBoxLayout()
        self.previous_button = button("", "page_previous")
        self.next_button = button("", "page_next")
        self.page_label = label("note", "page_label")
        self.previous_button.clicked.connect(lambda: self._turn(-1))
        self.next_button.clicked.connect(lambda: self._turn(1))
        pager.addWidget(self.previous_button)
        pager.addStretch(1)
        pager.addWidget(self.page_label)
        pager.addStretch(1)
        pager.addWidget(self.next_button)
        self.content.addWidget(self.greeting)
        self.content.addWidget(self.notice)
        self.content.addLayout(tabs)
        self.content.addWidget(self.grid_host, 1)
        self.content.addLayout(pager)
        self.tiles: list[QPushButton] = []

    def show_catalog(self, catalog: Catalog, resident_name: str, records_note: str) -> None:
        self.catalog = catalog
        self.resident_name = resident_name
        self.notice.setText(records_note)
        self.notice.setVisible(bool(records_note))
        self.show_audience(Audience.PERSONAL)

    def show_audience(self, audience: Audience) -> None:
        self.audience = audience
        self.page = 0
        self.relayout()

    def _columns_rows(self) -> tuple[int, int]:
        if self.elderly:
            return (1, 4) if self.portrait else (2, 3)
        return (2, 6) if self.portrait else (3, 4)

    def _items(self) -> list[ServiceItem]:
        return self.catalog.for_audience(self.audience) if self.catalog else []

    def _turn(self, step: int) -> None:
        self.page += step
        self.relayout()

    def relayout(self) -> None:
        clear_layout(self.grid)
        self.tiles = []
        columns, rows = self._columns_rows()
        per_page = columns * rows
        items = self._items()
        pages = max(1, -(-len(items) // per_page))
        self.page = min(max(self.page, 0), pages - 1)
        shown = items[self.page * per_page : (self.page + 1) * per_page]
        for index, item in enumerate(shown):
            tile = button("tile", f"item_{item.code}")
            tile.setProperty("item_code", item.code)
            tile.setMinimumHeight(150 if self.elderly else 120)
            tile.clicked.connect(lambda _=False, code=item.code: self.item_chosen.emit(code))
            self.grid.addWidget(tile, index // columns, index % columns)
            self.tiles.append(tile)
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)
        self.previous_button.setVisible(pages > 1)
        self.next_button.setVisible(pages > 1)
        self.page_label.setVisible(pages > 1)
        self.page_label.setText(f"{self.page + 1} / {pages}")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose a service"))
        if self.resident_name:
            self.greeting.setText(
                self.tr("Hello, %1. Tap the service you need.").replace(
                    "%1", mask_name(self.resident_name)
                )
            )
        else:
            self.greeting.setText(self.tr("Tap the service you need."))
        self.personal_tab.setText(self.tr("Personal services"))
        self.enterprise_tab.setText(self.tr("Enterprise services"))
        self.personal_tab.setChecked(self.audience is Audience.PERSONAL)
        self.enterprise_tab.setChecked(self.audience is Audience.ENTERPRISE)
        self.previous_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        if self.catalog is None:
            return
        for tile in self.tiles:
            item = self.catalog.item(tile.property("item_code"))
            tile.setText(f"{item.name.in_language(self.language)}\n{kind_text(item.kind)}")

    def read_out_text(self) -> str:
        return f"{self.title.text()}。{self.greeting.text()}"

    def wipe(self) -> None:
        self.resident_name = ""
        self.notice.clear()
        self.greeting.clear()
