"""drivers/ must not depend on the layers above it, nor on Qt."""

import ast
from pathlib import Path

import drivers

FORBIDDEN = {"PySide6", "shiboken6", "kiosk", "ui", "offline_cache", "reference_platform"}


def imported_top_level_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_drivers_import_no_upper_layer_or_qt():
    package_dir = Path(drivers.__file__).parent
    sources = sorted(package_dir.rglob("*.py"))
    assert len(sources) > 20
    offenders = {
        str(path.relative_to(package_dir)): sorted(imported_top_level_modules(path) & FORBIDDEN)
        for path in sources
        if imported_top_level_modules(path) & FORBIDDEN
    }
    assert offenders == {}
