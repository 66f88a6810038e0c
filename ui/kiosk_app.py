"""Assembling a running kiosk: Qt application, core, devices, window, controller."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
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


def simulated_devices_config(data_dir: Path, voice: bool = False) -> dict:
    """Every device kind simulated, for the demo, tests and screenshots.

    With `voice`, elderly mode speaks through espeak-ng when it is installed.
    """
    speech = {"driver": "espeak"} if voice and shutil.which("espeak-ng") else {"driver": "simulated"}
    return {
        "id_card_reader": {"driver": "simulated"},
        "smart_card_reader": {"driver": "simulated"},
        "camera": {"driver": "simulated"},
        "document_camera": {"driver": "simulated"},
        "code_scanner": {"driver": "simulated"},
        "receipt_printer": {"driver": "simulated"},
        "document_printer": {"driver": "simulated", "output_dir": str(data_dir / "printed")},
        "speech": speech,
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
    window: KioskWindow
    controller: KioskController

    @property
    def devices(self) -> DeviceSet:
        return self.controller.devices

    def shutdown(self) -> None:
        self.app.removeEventFilter(self.controller)
        self.controller.languages.uninstall()
        self.controller.idle_timer.stop()
        # The camera thread must stop feeding the scan bridge before Qt objects go away.
        self.controller.stop_scanning()
        self.controller.runner.wait(5000)
        self.controller.bridge.close()
        self.core.shutdown()
        self.devices.close_all()
        self.window.close()


def open_devices(config: KioskConfig) -> DeviceSet:
    devices = build_device_set(config.devices)
    devices.open_all()  # a device that fails to open reports itself through health
    return devices


def assemble_kiosk(
    config: KioskConfig,
    sync: bool = True,
    defer_devices: bool = False,
    on_devices: Callable[[DeviceSet], None] | None = None,
) -> RunningKiosk:
    """Build everything; the caller shows the window and runs the event loop.

    With `defer_devices`, the home screen comes first and the devices are
    built and opened on a worker thread, then attached: drivers pull in
    OpenCV and numpy, which a resident should not wait for.
    """
    install_personal_data_filter()
    app = qt_application()
    core = KioskCore(config)
    window = KioskWindow()
    devices = DeviceSet() if defer_devices else open_devices(config)
    controller = KioskController(core, devices, window, LanguageSwitch(app))
    core.set_device_health(lambda: controller.devices.health_report())
    app.installEventFilter(controller)
    if sync:
        core.start_background_sync()
    controller.start()
    kiosk = RunningKiosk(app, core, window, controller)
    if defer_devices:

        def attach(opened: DeviceSet) -> None:
            controller.attach_devices(opened)
            if on_devices is not None:
                on_devices(opened)

        # Opening drivers imports OpenCV and numpy; started before the first paint it
        # competes with it for the interpreter, so it waits until the kiosk is visible.
        window.first_painted.connect(lambda: controller.runner.run(lambda: open_devices(config), attach))
    elif on_devices is not None:
        on_devices(devices)
    return kiosk
