"""The running kiosk's side of updates: confirm health, feed the watchdog, update when idle.

Only a kiosk started by the installed launcher (which sets KIOSK_INSTALL_ROOT)
updates itself; the demo and a developer's checkout never do. The work is
`kiosk.updates.update_cycle.run_update_cycle`, on the background runner:
download and verify while residents are served, switch only when no one is
in a session, then quit so systemd starts the new version through the
launcher (which rolls it back if it never reaches this home screen).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.kiosk_core import KioskCore
from kiosk.updates.service_notify import notify_ready, notify_watchdog
from ui.background import BackgroundRunner

# What the installed launcher sets (kiosk.updates.installer.INSTALL_ROOT_ENV);
# repeated here so a kiosk that never updates never imports python-tuf.
INSTALL_ROOT_ENV = "KIOSK_INSTALL_ROOT"

log = logging.getLogger(__name__)

# A third of systemd's WatchdogSec (30 s): one late tick is not a restart.
WATCHDOG_MS = 10_000
UPDATE_CHECK_MS = 30 * 60 * 1000


class KioskUpdates(QObject):
    def __init__(
        self,
        core: KioskCore,
        runner: BackgroundRunner,
        is_idle: Callable[[], bool],
        restart: Callable[[], None],
        install_root: Path | None,
        check_interval_ms: int = UPDATE_CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._is_idle = is_idle
        self._restart = restart
        self.installation = None  # kiosk.updates.installation.Installation
        self.client = None  # kiosk.updates.update_client.UpdateClient
        self.last_result = None  # the last CycleResult
        self._checking = False
        if install_root is not None:
            from kiosk.updates.installation import Installation
            from kiosk.updates.installer import InstallLayout
            from kiosk.updates.update_client import UpdateClient

            layout = InstallLayout(install_root)
            self.installation = Installation(install_root)
            self.client = UpdateClient.for_platform(
                core.config.platform_url, layout.data_dir, layout.trusted_root
            )
        self.watchdog = QTimer(self)
        self.watchdog.setInterval(WATCHDOG_MS)
        # Fired by the UI thread's event loop: a frozen UI stops feeding it.
        self.watchdog.timeout.connect(notify_watchdog)
        self.check_timer = QTimer(self)
        self.check_timer.setInterval(check_interval_ms)
        self.check_timer.timeout.connect(self.check_now)

    @classmethod
    def from_environment(
        cls, core: KioskCore, runner: BackgroundRunner, is_idle, restart, parent=None
    ) -> KioskUpdates:
        root = os.environ.get(INSTALL_ROOT_ENV)
        return cls(core, runner, is_idle, restart, Path(root) if root else None, parent=parent)

    @property
    def enabled(self) -> bool:
        return self.installation is not None

    def home_reached(self) -> None:
        """The first home screen is up: this version works; tell the launcher and systemd."""
        self.watchdog.start()
        if self.installation is not None:
            installation = self.installation
            self._runner.run(
                installation.confirm_healthy,
                lambda outcome: log.info("update trial: %s", outcome.name),
                lambda exc: log.error("could not confirm this version: %s", exc),
            )
            self.check_timer.start()
        notify_ready()

    def check_now(self) -> None:
        if self.installation is None or self._checking:
            return
        from kiosk.updates.update_cycle import run_update_cycle

        self._checking = True
        client, installation = self.client, self.installation
        # Read on the worker at the moment of switching; a session that starts
        # a moment later only delays the restart below, never the switch's safety.
        self._runner.run(
            lambda: run_update_cycle(client, installation, self._is_idle),
            self._cycle_done,
            self._cycle_failed,
        )

    def _cycle_done(self, result) -> None:
        from kiosk.updates.update_cycle import CycleOutcome

        self._checking = False
        self.last_result = result
        log.info("update round: %s %s", result.outcome.name, result.version or "")
        if result.outcome is CycleOutcome.SWITCHED:
            self._restart_when_idle()

    def _cycle_failed(self, exc: Exception) -> None:
        self._checking = False
        log.error("update round failed: %s", exc)

    def _restart_when_idle(self) -> None:
        if self._is_idle():
            log.info("restarting into the new version")
            self._restart()
        else:
            QTimer.singleShot(5_000, self._restart_when_idle)
