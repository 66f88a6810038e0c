"""The console's screenshots come from a real call, not from staged widgets."""

from __future__ import annotations

from PySide6.QtGui import QImage

from ui.clerk.screenshots import write_clerk_screenshots


def test_clerk_screenshots_are_written(tmp_path):
    written = write_clerk_screenshots(tmp_path / "shots")
    names = [path.stem for path in written]
    assert names == [
        "clerk-01-sign-in",
        "clerk-02-ringing",
        "clerk-03-call",
        "clerk-04-accepted",
        "clerk-05-ended",
    ]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1600, 960)
