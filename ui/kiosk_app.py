"""Assembling a running kiosk: Qt application, core, devices, window, controller."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from drivers.device_set import DeviceSet, build_device_set
from kiosk.config import KioskConfig
from kiosk.kiosk_core import KioskCore
from kiosk.log_masking import install_personal_data_filter
from ui.i18n import LanguageSwitch
from ui.kiosk_controller import KioskController
from ui.kiosk_window import KioskWindow

log = logging.getLogger(__name__)

CJK_FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


def simulated_devices_config(data_dir: Path) -> dict:
    """Every device kind, simulated: for the demo, tests and screenshots."""
    return {
        "id_card_reader": {"driver": "simulated"},
        "smart_card_reader": {"driver": "simulated"},
        "camera": {"driver": "simulated"},
        "document_camera": {"driver": "simulated"},
        "code_scanner": {"driver": "simulated"},
        "receipt_printer": {"driver": "simulated"},
        "document_printer": {"driver": "simulated", "output_dir": str(data_dir / "printed")},
        "speech": {"driver": "simulated"},
    }


def qt_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["kiosk"])
    families = set(QFontDatabase.families())
    for family in CJK_FONT_FAMILIES:
        if family in families:
            app.setFont(QFont(family))
            break
    else:
        log.warning("no CJK font installed: Chinese text will not render (install fonts-noto-cjk)")
    return app


@dataclass
class RunningKiosk:
    app: QApplication
    core: KioskCore
    devices: DeviceSet
    window: KioskWindow
    controller: KioskController

    def shutdown(self) -> None:
        self.app.removeEventFilter(self.controller)
        self.controller.languages.uninstall()
        self.controller.idle_timer.stop()
        self.controller.runner.wait(5000)
        self.controller.bridge.close()
        self.core.shutdown()
        self.devices.close_all()
        self.window.close()


def assemble_kiosk(config: KioskConfig, devices: DeviceSet | None = None, sync: bool = True) -> RunningKiosk:
    """Build everything; the caller shows the window and runs the event loop."""
    install_personal_data_filter()
    app = qt_application()
    devices = devices or build_device_set(config.devices)
    devices.open_all()
    core = KioskCore(config, device_health=devices.health_report)
    window = KioskWindow()
    controller = KioskController(core, devices, window, LanguageSwitch(app))
    app.installEventFilter(controller)
    if sync:
        core.start_background_sync()
    controller.start()
    return RunningKiosk(app, core, devices, window, controller)
