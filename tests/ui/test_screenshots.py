"""`main.py screenshots` produces every screen, in both orientations and modes."""

import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_screenshots_command_writes_every_screen(tmp_path):
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "screenshots", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(out.glob("*.png"))
    assert len(files) == 4 * 29 + 1
    with Image.open(out / "printed-receipt.png") as receipt:
        assert receipt.size[0] == 576  # an 80 mm roll at 203 dpi
    for orientation, size in (("landscape", (1920, 1080)), ("portrait", (1080, 1920))):
        for mode in ("standard", "elderly"):
            shots = [f for f in files if f.name.startswith(f"{orientation}-{mode}-")]
            assert len(shots) == 29
            for shot in shots:
                with Image.open(shot) as image:
                    assert image.size == size, shot.name
                    # A blank grab has one colour; a real screen has text and buttons.
                    assert len(image.convert("L").getcolors(maxcolors=100_000) or []) > 8, shot.name
    clerk = sorted((out / "clerk").glob("*.png"))
    assert len(clerk) == 5
    for shot in clerk:
        with Image.open(shot) as image:
            assert len(image.convert("L").getcolors(maxcolors=100_000) or []) > 8, shot.name
