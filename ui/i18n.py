"""Qt translations: Chinese by default, English one tap away.

Source strings are English; `ui/i18n/kiosk_zh_CN.ts` carries the Chinese.
The .qm file Qt loads is compiled from it with lrelease (shipped in the
PySide6 wheel) into a cache folder, so the tree holds no generated files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

TS_DIR = Path(__file__).parent / "i18n"
LANGUAGES = ("zh_CN", "en")


class TranslationBuildError(RuntimeError):
    pass


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yiwangtongban-kiosk" / "i18n"


def _lrelease() -> str:
    import PySide6

    bundled = Path(PySide6.__file__).parent / "lrelease"
    if bundled.exists():
        return str(bundled)
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
        if found:
            return found
    raise TranslationBuildError("lrelease not found (it ships with PySide6)")


def compiled_translation(language: str) -> Path | None:
    """Path of the .qm for `language`, compiled if missing or older than its .ts."""
    shipped = TS_DIR / f"kiosk_{language}.qm"
    if getattr(sys, "frozen", False) and shipped.exists():
        return shipped  # a release bundle carries its translations compiled at build time
    source = TS_DIR / f"kiosk_{language}.ts"
    if not source.exists():
        return None  # English is the source language: nothing to load
    target = _cache_dir() / f"kiosk_{language}.qm"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        result = subprocess.run(
            [_lrelease(), "-silent", str(source), "-qm", str(temporary)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not temporary.exists():
            raise TranslationBuildError(f"lrelease failed: {result.stderr.strip()}")
        temporary.replace(target)  # atomic: two kiosks starting at once both succeed
    return target


class LanguageSwitch:
    """Installs the translator for the chosen language on the application."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = "en"

    def uninstall(self) -> None:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None

    def use(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.uninstall()
        path = compiled_translation(language)
        if path is not None:
            translator = QTranslator(self._app)
            if not translator.load(str(path)):
                raise TranslationBuildError(f"could not load {path.name}")
            self._app.installTranslator(translator)
            self._translator = translator
        self.language = language
