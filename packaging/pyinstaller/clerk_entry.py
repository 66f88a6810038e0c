"""Entry point of the frozen clerk console: `main.py clerk`, plus `--self-test`.

`clerk-console [options]` is `main.py clerk [options]`. `--self-test` opens
the console headless (offscreen unless QT_QPA_PLATFORM says otherwise),
waits until the sign-in form shows, prints `CLERK-CONSOLE-READY <seconds>`
and exits 0 (1 if it never shows): proof that the bundle carries everything
the console and its media stack need.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
FROZEN = getattr(sys, "frozen", False)
if not FROZEN:  # run from the source tree: the project root, as for main.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# What a call needs natively; the self-test imports each one.
NATIVE_MODULES = ("av", "aiortc", "pylibsrtp", "google_crc32c", "cv2")


def _self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import importlib

    for name in NATIVE_MODULES:
        importlib.import_module(name)

    from PySide6.QtCore import QCoreApplication

    from ui.clerk_window import open_clerk_console

    console = open_clerk_console(platform_url="http://127.0.0.1:9", data_dir=None)
    try:
        deadline = time.monotonic() + 30
        while not console.sign_in_ready():
            if time.monotonic() > deadline:
                print("CLERK-CONSOLE-NOT-READY", flush=True)
                return 1
            QCoreApplication.processEvents()
            time.sleep(0.005)
        print(f"CLERK-CONSOLE-READY {time.perf_counter() - STARTED:.3f} frozen={FROZEN}", flush=True)
    finally:
        console.close_console()
    return 0


def run(argv: list[str]) -> int:
    if argv[:1] == ["--self-test"]:
        return _self_test()
    import main

    return main.main(["clerk", *argv])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
