"""Sizes and rates of the call's video tracks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoSettings:
    width: int = 640
    height: int = 480
    fps: int = 25
    # The document camera sends large, slow frames so that text stays readable.
    document_width: int = 1280
    document_height: int = 720
    document_fps: int = 10

    def __post_init__(self) -> None:
        for name in ("width", "height", "document_width", "document_height"):
            value = getattr(self, name)
            # I420 needs even sizes.
            if value <= 0 or value % 2:
                raise ValueError(f"{name} must be a positive even number")
        if self.fps <= 0 or self.document_fps <= 0:
            raise ValueError("frame rates must be positive")


DEFAULT_VIDEO = VideoSettings()
