"""Cold start to the interactive home screen, and screen-switch time.

Each figure is printed next to a bare-Qt baseline measured in the same run
(a process that only shows a QLabel; a QStackedWidget flipping two labels),
because these machines are shared and absolute times drift.

    .venv/bin/python benchmarks/startup_and_screens.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _probe_kiosk(config_path: str) -> None:
    from PySide6.QtCore import QCoreApplication

    from kiosk.config import KioskConfig
    from ui.kiosk_app import assemble_kiosk

    kiosk = assemble_kiosk(KioskConfig.load(Path(config_path)), defer_devices=True)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    QCoreApplication.processEvents()
    kiosk.window.repaint()
    ready = kiosk.window.home.start_button.isEnabled()
    print("READY" if ready else "NOT-READY", flush=True)
    sys.stdin.readline()  # the parent has its figure; wait to be closed
    kiosk.shutdown()


def _probe_baseline() -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    window = QLabel("一网通办")
    window.resize(1920, 1080)
    window.show()
    QCoreApplication.processEvents()
    window.repaint()
    print("READY", flush=True)
    sys.stdin.readline()
    del app


def _time_child(args: list[str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - start
    child.stdin.write("\n")
    child.stdin.flush()
    child.wait(30)
    if line != "READY":
        raise RuntimeError(f"probe answered {line!r}")
    return elapsed


def cold_start(runs: int) -> None:
    from kiosk.config import KioskConfig
    from kiosk.kiosk_core import KioskCore
    from ui.demo import demo_config, start_demo_platform

    with tempfile.TemporaryDirectory() as temporary:
        data_dir = Path(temporary)
        platform = start_demo_platform(data_dir)
        try:
            config: KioskConfig = demo_config(data_dir, platform)
            core = KioskCore(config)  # first start: fetch the catalog into the cache
            core.catalog_service.refresh(core.client)
            core.shutdown()
            config_path = data_dir / "kiosk.json"
            config.save(config_path)
            _time_child(["--probe-baseline"])  # warm the OS file cache for both
            _time_child(["--probe-kiosk", str(config_path)])
            kiosk_times, baseline_times = [], []
            for _ in range(runs):
                baseline_times.append(_time_child(["--probe-baseline"]))
                kiosk_times.append(_time_child(["--probe-kiosk", str(config_path)]))
        finally:
            platform.stop()
    kiosk_median, base_median = statistics.median(kiosk_times), statistics.median(baseline_times)
    print(
        f"cold start to home screen: median {kiosk_median:.3f} s "
        f"(min {min(kiosk_times):.3f}, max {max(kiosk_times):.3f}, n={runs}); "
        f"bare Qt window {base_median:.3f} s; ratio {kiosk_median / base_median:.2f}x; target < 1.0 s"
    )


def _switch_ms(app, switch, repeats: int) -> list[float]:
    samples = []
    for index in range(repeats):
        start = time.perf_counter()
        switch(index)
        app.processEvents()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def screen_switch(repeats: int) -> None:
    from PySide6.QtWidgets import QLabel, QStackedWidget

    from ui.demo import demo_config, prepare_demo_scene, start_demo_platform
    from ui.kiosk_app import assemble_kiosk
    from ui.screenshots import walk_to_services

    with tempfile.TemporaryDirectory() as temporary:
        data_dir = Path(temporary)
        platform = start_demo_platform(data_dir)
        kiosk = assemble_kiosk(demo_config(data_dir, platform))
        try:
            prepare_demo_scene(kiosk)
            app, window, controller = kiosk.app, kiosk.window, kiosk.controller
            window.resize(1920, 1080)
            window.show()
            walk_to_services(kiosk)
            codes = ["SB-JFQK-DY", "LN-ZHJT-SQ", "JY-LHJY-DJ"]

            def services_to_guide(index: int) -> None:
                if index % 2 == 0:
                    controller.choose_item(codes[(index // 2) % len(codes)])
                else:
                    window.guide.back.emit()
                window.repaint()

            def guide_to_form(index: int) -> None:
                if index % 2 == 0:
                    controller.open_form()
                else:
                    window.form.back.emit()
                window.repaint()

            controller.choose_item(codes[0])
            window.guide.back.emit()
            choose = _switch_ms(app, services_to_guide, repeats)
            controller.choose_item(codes[1])
            form = _switch_ms(app, guide_to_form, repeats)

            stack = QStackedWidget()
            stack.addWidget(QLabel("一"))
            stack.addWidget(QLabel("二"))
            stack.resize(1920, 1080)
            stack.show()

            def flip(index: int) -> None:
                stack.setCurrentIndex(index % 2)
                stack.repaint()

            baseline = _switch_ms(app, flip, repeats)
        finally:
            kiosk.shutdown()
            platform.stop()
    base = statistics.median(baseline)
    for name, samples in (("services <-> guide", choose), ("guide <-> prefilled form", form)):
        median = statistics.median(samples)
        p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
        print(
            f"screen switch {name}: median {median:.1f} ms, p95 {p95:.1f} ms (n={repeats}); "
            f"bare stacked-widget flip {base:.1f} ms; ratio {median / base:.1f}x; target < 100 ms"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--probe-kiosk":
        _probe_kiosk(sys.argv[2])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--probe-baseline":
        _probe_baseline()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--switches", type=int, default=40)
    args = parser.parse_args()
    cold_start(args.runs)
    screen_switch(args.switches)


if __name__ == "__main__":
    main()
