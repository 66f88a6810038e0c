"""The layering rules of conventions.md, checked by import-linter, not by memory."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a test dependency"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") == 5


def test_core_modules_do_not_import_qt_even_lazily():
    # import-linter sees module-level imports; this also catches ones inside functions.
    for folder in ("kiosk", "offline_cache", "drivers", "reference_platform", "gmcrypto"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "PySide6" not in text and "shiboken6" not in text, path
