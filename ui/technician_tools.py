"""What the hidden technician screen does: PIN check, device tests, self-check report.

Reached by holding the top bar for three seconds on the home screen, then a
PIN (`kiosk/technician_access.py`). Every test runs off the UI thread. The
report goes to the kiosk's data folder as JSON, the same format as
`main.py diagnose --report`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.device_manager import DeviceManager
from kiosk.clock import SHANGHAI
from kiosk.kiosk_core import KioskCore
from kiosk.self_check import (
    CheckResult,
    CheckStatus,
    check_device,
    check_local_state,
    check_platform,
    check_scan,
    test_page_receipt,
    worst_status,
    write_report,
)
from kiosk.technician_access import PinCheck, TechnicianAccess
from ui.background import BackgroundRunner
from ui.technician_panel import LongPressDetector, PinEntry, TechnicianPanel

log = logging.getLogger(__name__)

REFRESH_MS = 1000
# Left open in a public hall, the panel would be a way into the kiosk.
AUTO_CLOSE_MS = 120_000
_TEST_PAGE_TIMEOUT_S = 60.0
_SCAN_TEST_TIMEOUT_S = 15.0


class TechnicianTools(QObject):
    quit_requested = Signal()  # the kiosk application should exit

    def __init__(
        self,
        top_bar,
        pin_entry: PinEntry,
        panel: TechnicianPanel,
        core: KioskCore,
        runner: BackgroundRunner,
        in_session: Callable[[], bool],
    ) -> None:
        super().__init__(panel)
        self.core = core
        self.access = TechnicianAccess(core.technician_pin_hash)
        self.pin_entry = pin_entry
        self.panel = panel
        self.runner = runner
        self.manager: DeviceManager | None = None
        self._in_session = in_session
        self.detector = LongPressDetector(top_bar)
        self.detector.long_pressed.connect(self.ask_for_pin)
        pin_entry.submitted.connect(self.check_pin)
        pin_entry.cancelled.connect(pin_entry.hide)
        panel.test_requested.connect(self.test_device)
        panel.test_page_requested.connect(self.print_test_page)
        panel.self_check_requested.connect(self.run_self_check)
        panel.quit_requested.connect(self.quit_requested.emit)
        panel.close_requested.connect(self.close_panel)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.auto_close = QTimer(self)
        self.auto_close.setSingleShot(True)
        self.auto_close.setInterval(AUTO_CLOSE_MS)
        self.auto_close.timeout.connect(self.close_panel)
        for signal in (
            panel.test_requested,
            panel.test_page_requested,
            panel.self_check_requested,
        ):
            signal.connect(lambda *_: self.auto_close.start())

    def set_manager(self, manager: DeviceManager) -> None:
        self.manager = manager
        if self.panel.isVisible():
            self.refresh()

    # -- getting in ------------------------------------------------------------------

    def ask_for_pin(self) -> None:
        if self._in_session() or not self.access.configured:
            return  # never over a resident's session; no PIN set means no way in
        self.pin_entry.ask()

    def check_pin(self, pin: str) -> None:
        # scrypt costs tens of milliseconds: off the UI thread.
        self.runner.run(lambda: self.access.check(pin), self._pin_checked)

    def _pin_checked(self, result: PinCheck) -> None:
        if result is PinCheck.ACCEPTED:
            log.info("technician screen opened")
            self.pin_entry.hide()
            self.open_panel()
        elif result is PinCheck.LOCKED_OUT:
            minutes = max(1, round(self.access.locked_for_s() / 60))
            log.warning("technician PIN locked out after repeated wrong PINs")
            self.pin_entry.ask()
            self.pin_entry.show_message(
                self.tr("Too many wrong PINs. Try again in %1 minutes.").replace("%1", str(minutes))
            )
        else:
            self.pin_entry.ask()
            self.pin_entry.show_message(self.tr("That PIN is not right."))

    def open_panel(self) -> None:
        self.panel.clear_results()
        self.refresh()
        self.panel.cover()
        self.refresh_timer.start()
        self.auto_close.start()

    def close_panel(self) -> None:
        self.refresh_timer.stop()
        self.auto_close.stop()
        self.panel.hide()

    def refresh(self) -> None:
        self.panel.set_statuses(self.manager.status() if self.manager is not None else [])

    # -- tests -------------------------------------------------------------------------

    def test_device(self, slot: str) -> None:
        device = self.manager.available(slot) if self.manager is not None else None
        if device is None:
            self.panel.set_result(slot, self.tr("Not connected: nothing to test"))
            return
        scanning = slot == "code_scanner"  # needs a code held to it, not just a query

        def work() -> CheckResult:
            if scanning:
                return check_scan(device, _SCAN_TEST_TIMEOUT_S)
            return check_device(slot, device)

        self.panel.set_result(
            slot,
            self.tr("Hold any code to the scanner...") if scanning else self.tr("Testing..."),
        )
        self.runner.run(
            work,
            lambda result: self.panel.set_result(slot, self._result_text(result)),
            lambda exc: self.panel.set_result(slot, self.tr("Failed: %1").replace("%1", str(exc))),
        )

    def print_test_page(self, slot: str) -> None:
        device = self.manager.available(slot) if self.manager is not None else None
        if device is None:
            self.panel.set_result(slot, self.tr("Not connected: nothing to test"))
            return
        kiosk_id = self.core.config.kiosk_id
        now = dt.datetime.now(SHANGHAI)
        if slot == "receipt_printer":

            def work() -> str:
                device.print_receipt(test_page_receipt(kiosk_id, now))
                return "printed"

        else:
            font = self.panel.font().family()

            def work() -> str:
                from ui.certificate_layout import render_test_page_pdf

                pdf = render_test_page_pdf(kiosk_id, now.strftime("%Y-%m-%d %H:%M:%S"), font)
                job = device.print_pdf(pdf, "test page")
                return device.wait_for_job(job, _TEST_PAGE_TIMEOUT_S).value

        self.panel.set_result(slot, self.tr("Printing a test page..."))
        self.runner.run(
            work,
            lambda outcome: self.panel.set_result(
                slot, self.tr("Test page: %1").replace("%1", str(outcome))
            ),
            lambda exc: self.panel.set_result(slot, self.tr("Failed: %1").replace("%1", str(exc))),
        )

    def run_self_check(self) -> None:
        manager, core = self.manager, self.core
        report_path = (
            core.config.data_dir
            / "reports"
            / ("self-check-" + dt.datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S") + ".json")
        )

        def work() -> tuple[list[CheckResult], Path]:
            results = []
            for status in manager.status() if manager is not None else []:
                device = manager.available(status.slot)
                if device is None:
                    results.append(
                        CheckResult(
                            f"device:{status.slot}",
                            CheckStatus.FAILED,
                            f"not connected: {status.detail or 'lost'}",
                        )
                    )
                else:
                    results.append(check_device(status.slot, device))
            results += check_platform(core) + check_local_state(core, time.time())
            write_report(core.config.kiosk_id, results, report_path)
            return results, report_path

        self.panel.report.setText(self.tr("Running the self-check..."))
        self.runner.run(work, self._self_checked, self._self_check_failed)

    def _self_checked(self, outcome: tuple[list[CheckResult], Path]) -> None:
        results, path = outcome
        worst = worst_status(results)
        failed = [result.name for result in results if result.status is not CheckStatus.OK]
        summary = {
            CheckStatus.OK: self.tr("Everything is working."),
            CheckStatus.WARNING: self.tr("Working, with warnings."),
            CheckStatus.FAILED: self.tr("Something needs fixing."),
        }[worst]
        lines = [summary]
        if failed:
            lines.append(", ".join(failed))
        lines.append(self.tr("Report saved: %1").replace("%1", str(path)))
        self.panel.report.setText("\n".join(lines))

    def _self_check_failed(self, exc: Exception) -> None:
        log.exception("self-check failed", exc_info=exc)
        self.panel.report.setText(
            self.tr("The self-check could not run: %1").replace("%1", str(exc))
        )

    def _result_text(self, result: CheckResult) -> str:
        verdict = {
            CheckStatus.OK: self.tr("OK"),
            CheckStatus.WARNING: self.tr("Warning"),
            CheckStatus.FAILED: self.tr("Failed"),
        }[result.status]
        return f"{verdict}: {result.detail}"

    def retranslate(self) -> None:
        self.pin_entry.retranslate()
        self.panel.retranslate()
