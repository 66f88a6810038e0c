"""Entry point of the frozen kiosk: main.py's commands, plus `self-test`.

The bundle's `kiosk` executable accepts every `main.py` subcommand. Two
things differ only when frozen:

- translations: `ui/i18n.py` compiles `kiosk_*.ts` to `.qm` with PySide6's
  lrelease at run time. The bundle ships the `.qm` files compiled at build
  time (next to the `.ts` in `ui/i18n/`) and uses them directly, so a kiosk
  never needs lrelease, a compiler cache or a writable home directory.
- `self-test [--config FILE]`: start the kiosk headless (offscreen unless
  QT_QPA_PLATFORM says otherwise), wait until the home screen shows with its
  start button enabled, print `HOME-SCREEN-READY <seconds>` and exit 0 (1 if
  it never gets there). Without --config it uses the demo's embedded platform
  and simulated devices. With `--hold` it then waits for a line on stdin
  before exiting (what benchmarks/frozen_cold_start.py times).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()
FROZEN = getattr(sys, "frozen", False)
if not FROZEN:  # run from the source tree: the project root, as for main.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# The native modules the bundle must carry; self-test imports each one.
NATIVE_MODULES = (
    "cv2",
    "zxingcpp",
    "smartcard.scard",
    "cups",
    "fastecdsa.rust",
    "cbor2",
    "av",
    "aiortc",
    "pylibsrtp",
)


def _self_test(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk self-test")
    parser.add_argument("--config", help="a kiosk configuration (default: the demo's)")
    parser.add_argument("--hold", action="store_true", help="wait for stdin before exiting")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import importlib

    for name in NATIVE_MODULES:
        importlib.import_module(name)

    from PySide6.QtCore import QCoreApplication

    from kiosk.config import KioskConfig
    from ui.kiosk_app import assemble_kiosk

    with tempfile.TemporaryDirectory(prefix="kiosk-self-test-") as temporary:
        platform = None
        if args.config:
            config = KioskConfig.load(Path(args.config))
        else:
            from ui.demo import demo_config, start_demo_platform

            platform = start_demo_platform(Path(temporary))
            config = demo_config(Path(temporary), platform)
        kiosk = assemble_kiosk(config, defer_devices=True)
        try:
            kiosk.window.resize(1920, 1080)
            kiosk.window.show()
            deadline = time.monotonic() + 30
            home = kiosk.window.home
            while not (home.isVisible() and home.start_button.isEnabled()):
                if time.monotonic() > deadline:
                    print("HOME-SCREEN-NOT-READY", flush=True)
                    return 1
                QCoreApplication.processEvents()
                time.sleep(0.005)
            kiosk.window.repaint()
            elapsed = time.perf_counter() - STARTED
            # The button's text shows the translation in use (Chinese first).
            print(
                f"HOME-SCREEN-READY {elapsed:.3f} platform={QCoreApplication.instance().platformName()}"
                f" frozen={FROZEN} start_button={home.start_button.text()!r}",
                flush=True,
            )
            if args.hold:
                sys.stdin.readline()
        finally:
            kiosk.shutdown()
            if platform is not None:
                platform.stop()
    return 0


def run(argv: list[str]) -> int:
    if argv[:1] == ["self-test"]:
        return _self_test(argv[1:])
    import main

    return main.main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
