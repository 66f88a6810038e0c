"""The clerk console (remote virtual window): opening and running it.

The widgets live in ui/clerk/; this module starts the application around
them (language, logging, optional demo resident) and shuts it down cleanly.
"""

from __future__ import annotations

import os
from pathlib import Path

from ui.clerk.console_window import ClerkConsoleWindow

DEFAULT_CLERK_DATA_DIR = (
    Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    / "yiwangtongban-kiosk"
    / "clerk"
)


def open_clerk_console(
    platform_url: str,
    data_dir: Path | None = None,
    windowed: bool = True,
    camera=None,
    audio_devices: tuple[str, str] | None = None,
    own_translation: bool = True,
) -> ClerkConsoleWindow:
    """A shown console in Chinese, without running the event loop (self-tests, embedding).

    Embedded beside the kiosk (the demo), `own_translation=False` leaves the
    application's one translator to the kiosk: a second one would keep the
    kiosk in Chinese after the resident switched it to English.
    """
    from kiosk.log_masking import install_personal_data_filter
    from ui.i18n import LanguageSwitch
    from ui.kiosk_app import qt_application

    install_personal_data_filter()
    app = qt_application(["clerk"])
    switch = None
    if own_translation:
        switch = LanguageSwitch(app)
        switch.use("zh_CN")
    window = ClerkConsoleWindow(
        platform_url,
        data_dir or DEFAULT_CLERK_DATA_DIR,
        camera=camera,
        language_switch=switch,
        audio_devices=audio_devices,
    )
    if windowed:
        window.resize(1600, 960)
        window.show()
    else:
        window.showMaximized()
    return window


def run_clerk_console(
    platform_url: str,
    data_dir: Path | None = None,
    windowed: bool = False,
    camera=None,
    demo_platform=None,
    audio_devices: tuple[str, str] | None = None,
) -> int:
    """Runs until the window closes. With `demo_platform` (a running embedded platform),
    a simulated resident calls in, already submitted, so every action can be tried."""
    from PySide6.QtWidgets import QApplication

    window = open_clerk_console(platform_url, data_dir, windowed, camera, audio_devices)
    resident = None
    if demo_platform is not None:
        from ui.clerk.demo_resident import (
            DEMO_KIOSK_ID,
            DEMO_SUBMISSION_REF,
            DemoResident,
            store_demo_submission,
        )

        store_demo_submission(demo_platform, DEMO_KIOSK_ID, DEMO_SUBMISSION_REF)
        resident = DemoResident(window.loop, platform_url, DEMO_SUBMISSION_REF)
        resident.start()

    def quit_cleanly() -> None:
        if resident is not None:
            resident.close()
        window.shutdown()

    app = QApplication.instance()
    app.aboutToQuit.connect(quit_cleanly)
    return app.exec()


__all__ = [
    "DEFAULT_CLERK_DATA_DIR",
    "ClerkConsoleWindow",
    "open_clerk_console",
    "run_clerk_console",
]
