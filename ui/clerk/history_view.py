"""The clerk's own calls (a supervisor's: everyone's), newest first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui.clerk.queue_view import minutes_seconds
from ui.widgets import button, label


def local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M")


def call_duration_s(call: dict) -> int | None:
    try:
        start = datetime.fromisoformat(str(call["answered_at"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(call["ended_at"]).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None
    return max(0, int((end - start).total_seconds()))


class HistoryView(QWidget):
    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.calls: list[dict] = []
        self.loads = 0  # answers shown from the platform so far
        self.supervisor = False  # a supervisor's list holds every clerk's calls
        layout = QVBoxLayout(self)
        self.title = label("subtitle", "history_title")
        self.refresh_button = button(object_name="history_refresh")
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("history_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def show_calls(self, calls: list[dict]) -> None:
        self.calls = list(calls)
        self.loads += 1
        self._fill()

    def row_texts(self, row: int) -> list[str]:
        return [
            (self.table.item(row, column).text() if self.table.item(row, column) else "")
            for column in range(self.COLUMNS)
        ]

    def _fill(self) -> None:
        self.table.setRowCount(len(self.calls))
        for row, call in enumerate(self.calls):
            duration = call_duration_s(call)
            acceptance = call.get("acceptance")
            rating = call.get("rating")
            cells = [
                local_time(call.get("requested_at")),
                str(call.get("service_title") or ""),
                minutes_seconds(int(call.get("wait_s") or 0)),
                "" if duration is None else minutes_seconds(duration),
                self.tr("accepted %1").replace("%1", str(acceptance.get("submission_ref", "")))
                if acceptance
                else "",
                str(rating.get("grade", "")) if rating else "",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def retranslate(self) -> None:
        self.title.setText(self.tr("All calls") if self.supervisor else self.tr("My calls"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Service"),
                self.tr("Wait"),
                self.tr("Duration"),
                self.tr("Remote acceptance"),
                self.tr("Rating"),
            ]
        )
        self._fill()
