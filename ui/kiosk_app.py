"""Assembling a running kiosk: Qt application, core, devices, window, controller."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from drivers.device_manager import DeviceManager
from drivers.device_set import DeviceSet
from kiosk.config import KioskConfig
from kiosk.kiosk_core import KioskCore
from kiosk.log_masking import install_personal_data_filter
from kiosk.session import SessionState
from ui.device_prompt import DevicePrompt
from ui.i18n import LanguageSwitch
from ui.kiosk_controller import KioskController
from ui.kiosk_window import KioskWindow
from ui.lockdown import KioskLockdown
from ui.screen_blanking import ScreenBlanking
from ui.technician_tools import TechnicianTools
from ui.update_flow import KioskUpdates

log = logging.getLogger(__name__)

CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "Source Han Sans SC",
)


def simulated_devices_config(data_dir: Path, voice: bool = False) -> dict:
    """Every device kind simulated, for the demo, tests and screenshots.

    With `voice`, elderly mode speaks through espeak-ng when it is installed.
    """
    speech = (
        {"driver": "espeak"} if voice and shutil.which("espeak-ng") else {"driver": "simulated"}
    )
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
    technician: TechnicianTools
    lockdown: KioskLockdown | None = None
    updates: KioskUpdates | None = None
    blanking: ScreenBlanking | None = None
    # None until the devices are opened (after the first paint when deferred).
    device_manager: DeviceManager | None = None
    # The remote window's media thread; started at the first video help request.
    media_loop: object | None = None

    @property
    def devices(self) -> DeviceSet:
        return self.controller.devices

    def shutdown(self) -> None:
        self.app.removeEventFilter(self.controller)
        self.controller.languages.uninstall()
        self.controller.idle_timer.stop()
        self.technician.close_panel()
        if self.blanking is not None:
            self.blanking.timer.stop()
        if self.updates is not None:
            self.updates.watchdog.stop()
            self.updates.check_timer.stop()
        if self.lockdown is not None:
            self.lockdown.allow_quit()
            self.lockdown.release()
        # The camera thread must stop feeding the scan bridge before Qt objects go away.
        self.controller.stop_scanning()
        if self.device_manager is not None:
            self.device_manager.cancel_prompts()  # a worker may be waiting on the resident
        self.controller.runner.wait(5000)
        self.controller.call_flow.shutdown()  # hangs up: the clerk is told, not left waiting
        if self.media_loop is not None:
            self.media_loop.stop()
        self.controller.bridge.close()
        self.core.shutdown()
        if self.device_manager is not None:
            self.device_manager.stop()
        else:
            self.devices.close_all()
        self.window.close()
        # Deleted by Qt on the GUI thread (with the controller and every other
        # child): left to Python's cyclic collector, the window could be
        # destroyed on whichever thread happens to collect, and a widget
        # destroyed off the GUI thread crashes the process.
        self.window.deleteLater()


def enable_remote_window(
    kiosk: RunningKiosk, camera=None, document_camera=None, request_signer=None
) -> None:
    """Offer video help from a clerk (kiosk.remote_window, docs/remote-window.md).

    Nothing heavy happens here: aiortc is imported, the media thread started
    and the call built at the resident's first request, with the cameras the
    device manager has then (or the ones given, for tests and benchmarks). The
    call is signed like every platform call of an enrolled kiosk, or with
    `request_signer` when given.
    """
    config = kiosk.core.config
    settings = config.remote_window

    def make_call(on_event):
        from kiosk.device_identity import device_signer_for
        from kiosk.remote_window.audio import audio_sink_for, audio_source_for
        from kiosk.remote_window.ice_addresses import restrict_host_addresses
        from kiosk.remote_window.kiosk_call import KioskCall
        from kiosk.remote_window.media_loop import MediaLoop
        from kiosk.remote_window.video_settings import VideoSettings

        if settings.ice_host_addresses:
            restrict_host_addresses(list(settings.ice_host_addresses))
        if kiosk.media_loop is None:
            kiosk.media_loop = MediaLoop()
            kiosk.media_loop.start()
        devices = kiosk.devices
        return KioskCall(
            kiosk.media_loop,
            config.platform_url,
            config.kiosk_id,
            on_event,
            camera=camera if camera is not None else devices.camera,
            document_camera=(
                document_camera if document_camera is not None else devices.document_camera
            ),
            microphone=audio_source_for(settings.microphone),
            speaker=audio_sink_for(settings.speaker),
            request_signer=request_signer or device_signer_for(config),
            video=VideoSettings(width=settings.width, height=settings.height, fps=settings.fps),
        )

    kiosk.controller.call_flow.enable(make_call)


def start_device_manager(config: KioskConfig) -> DeviceManager:
    """Open the configured devices; absent ones are retried and reported, never fatal."""
    manager = DeviceManager(config.devices)
    manager.start()
    return manager


def assemble_kiosk(
    config: KioskConfig,
    sync: bool = True,
    defer_devices: bool = False,
    on_devices: Callable[[DeviceSet], None] | None = None,
    lockdown: bool = False,
) -> RunningKiosk:
    """Build everything; the caller shows the window and runs the event loop.

    With `defer_devices`, the home screen comes first and the devices are
    built and opened on a worker thread, then attached: drivers pull in
    OpenCV and numpy, which a resident should not wait for. With `lockdown`
    (a real kiosk, full screen) the window cannot be closed or left except by
    the technician's quit.
    """
    install_personal_data_filter()
    app = qt_application()
    core = KioskCore(config)
    window = KioskWindow()
    manager = None if defer_devices else start_device_manager(config)
    devices = manager.devices if manager is not None else DeviceSet()
    controller = KioskController(core, devices, window, LanguageSwitch(app))
    technician = TechnicianTools(
        window.top_bar,
        window.technician_pin,
        window.technician_panel,
        core,
        controller.runner,
        in_session=lambda: controller.session.state is not SessionState.IDLE,
    )
    kiosk = RunningKiosk(app, core, window, controller, technician)
    if lockdown:
        kiosk.lockdown = KioskLockdown(app, window)

    def technician_quit() -> None:
        log.info("technician quit the kiosk application")
        if kiosk.lockdown is not None:
            kiosk.lockdown.allow_quit()
        app.quit()

    technician.quit_requested.connect(technician_quit)

    def restart_for_update() -> None:
        # systemd's Restart=always starts the launcher, which runs the new version.
        if kiosk.lockdown is not None:
            kiosk.lockdown.allow_quit()
        app.quit()

    kiosk.updates = KioskUpdates.from_environment(
        core,
        controller.runner,
        is_idle=lambda: controller.session.state is SessionState.IDLE,
        restart=restart_for_update,
        parent=window,
    )
    window.first_painted.connect(kiosk.updates.home_reached)
    kiosk.blanking = ScreenBlanking(
        window.centralWidget(),
        lambda: core.policy.policy,
        is_idle=lambda: controller.session.state is SessionState.IDLE,
    )
    kiosk.blanking.start()

    def attach(opened: DeviceManager) -> None:
        kiosk.device_manager = opened
        controller.attach_devices(opened.devices, opened)
        technician.set_manager(opened)
        opened.set_user_prompt(DevicePrompt(window.device_prompt, opened))
        if on_devices is not None:
            on_devices(opened.devices)

    core.set_device_health(
        lambda: (
            kiosk.device_manager.health_report()
            if kiosk.device_manager is not None
            else DeviceSet().health_report()
        )
    )
    app.installEventFilter(controller)
    if config.remote_window.enabled:
        enable_remote_window(kiosk)
    if sync:
        core.start_background_sync()
    controller.start()
    if manager is not None:
        attach(manager)
    else:
        # Opening drivers imports OpenCV and numpy; started before the first paint it
        # competes with it for the interpreter, so it waits until the kiosk is visible.
        window.first_painted.connect(
            lambda: controller.runner.run(lambda: start_device_manager(config), attach)
        )
    return kiosk
