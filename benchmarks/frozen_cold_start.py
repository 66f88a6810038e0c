"""Cold start to the home screen: the frozen bundle next to the unfrozen program.

Both run the same code (`self-test --config FILE --hold`, see
packaging/pyinstaller/kiosk_entry.py: main.py's commands plus a headless start
that says when the home screen shows with its start button enabled), against
one embedded reference platform whose catalog is already in the kiosk's
cache, as on a kiosk's second boot. The figure is the wall time from spawning
the process to the HOME-SCREEN-READY line, median of N alternating runs.

    .venv/bin/python packaging/build_release.py --no-deb      # once
    .venv/bin/python benchmarks/frozen_cold_start.py [--runs 7] [--bundle build/release/dist/kiosk]
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
ENTRY = ROOT / "packaging" / "pyinstaller" / "kiosk_entry.py"
TARGET_S = 2.0


def _time_to_home(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - start
    child.stdin.write("\n")
    child.stdin.flush()
    child.wait(60)
    if not line.startswith("HOME-SCREEN-READY"):
        raise RuntimeError(f"{command[0]} answered {line!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", default=str(ROOT / "build" / "release" / "dist" / "kiosk"))
    args = parser.parse_args()
    frozen = Path(args.bundle) / "kiosk"
    if not frozen.is_file():
        print(f"no frozen bundle at {frozen}: run packaging/build_release.py", file=sys.stderr)
        return 2

    from kiosk.kiosk_core import KioskCore
    from ui.demo import demo_config, start_demo_platform

    with tempfile.TemporaryDirectory(prefix="frozen-cold-start-") as temporary:
        data_dir = Path(temporary)
        env = dict(os.environ, XDG_CACHE_HOME=str(data_dir / "cache"))
        env.pop("PYTHONPATH", None)
        platform = start_demo_platform(data_dir)
        try:
            config = demo_config(data_dir, platform)
            core = KioskCore(config)  # first start: fetch the catalog into the cache
            core.catalog_service.refresh(core.client)
            core.shutdown()
            config_path = data_dir / "kiosk.json"
            config.save(config_path)
            probe = ["self-test", "--config", str(config_path), "--hold"]
            commands = {
                "frozen": [str(frozen), *probe],
                "python": [sys.executable, str(ENTRY), *probe],
            }
            for command in commands.values():  # warm the OS file cache (and .qm cache)
                _time_to_home(command, env)
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    times[name].append(_time_to_home(command, env))
        finally:
            platform.stop()
    frozen_median = statistics.median(times["frozen"])
    python_median = statistics.median(times["python"])
    for name, label in (("frozen", "frozen bundle"), ("python", "python (unfrozen)")):
        samples = times[name]
        print(
            f"{label:18} cold start to home screen: median {statistics.median(samples):.3f} s "
            f"(min {min(samples):.3f}, max {max(samples):.3f}, n={args.runs})"
        )
    print(
        f"frozen/python ratio {frozen_median / python_median:.2f}x; target < {TARGET_S:.1f} s: "
        f"{'met' if frozen_median < TARGET_S else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
