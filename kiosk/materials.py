"""Turning a document-camera frame into an image the platform accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_MAX_SIDE_PX = 1600  # readable A4 at ~190 dpi, small enough to queue offline
_JPEG_QUALITY = 85


class MaterialImageError(ValueError):
    pass


def encode_material(frame: np.ndarray) -> bytes:
    """BGR frame → JPEG bytes, scaled down to at most 1600 px on the long side."""
    import cv2  # only when a material is captured; keeps OpenCV off the start-up path
    if frame is None or frame.ndim not in (2, 3) or frame.size == 0:
        raise MaterialImageError("no image")
    height, width = frame.shape[:2]
    scale = min(1.0, _MAX_SIDE_PX / max(height, width))
    if scale < 1.0:
        frame = cv2.resize(frame, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, _JPEG_QUALITY])
    if not ok:
        raise MaterialImageError("JPEG encoding failed")
    return encoded.tobytes()
