"""Test pictures of a real face: scikit-image's astronaut portrait (public domain).

scikit-image is a test dependency only; nothing outside tests/ may use it.
"""

from __future__ import annotations

import cv2
import numpy as np

# Where OpenCV's frontal-face cascade finds the face in skimage.data.astronaut().
ASTRONAUT_FACE_CENTRE = (224, 113)
ASTRONAUT_FACE_SIZE = 95


def astronaut() -> np.ndarray:
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def portrait_frame(
    scale: float = 1.0,
    shift: tuple[int, int] = (0, 0),
    size: tuple[int, int] = (640, 480),
    background: int = 150,
) -> np.ndarray:
    """A camera frame with the astronaut's head in it.

    scale 1.0 makes the face about 0.35 of the frame's height (a resident at
    arm's length); shift moves it from the centre, in pixels.
    """
    width, height = size
    source = astronaut()
    cx, cy = ASTRONAUT_FACE_CENTRE
    half = 113  # as far as the picture goes above the face centre
    head = source[cy - half : cy + half, cx - half : cx + half]
    factor = scale * height * 0.35 / ASTRONAUT_FACE_SIZE
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    head = cv2.resize(head, None, fx=factor, fy=factor, interpolation=interpolation)
    frame = np.full((height, width, 3), background, np.uint8)
    head_h, head_w = head.shape[:2]
    x0, y0 = width // 2 - head_w // 2 + shift[0], height // 2 - head_h // 2 + shift[1]
    left, top = max(0, x0), max(0, y0)
    right, bottom = min(width, x0 + head_w), min(height, y0 + head_h)
    frame[top:bottom, left:right] = head[top - y0 : bottom - y0, left - x0 : right - x0]
    return frame


def portrait_crop(size: int = 256) -> np.ndarray:
    """Just the head, square: what the simulated camera is asked to show."""
    cx, cy = ASTRONAUT_FACE_CENTRE
    head = astronaut()[cy - 113 : cy + 113, cx - 113 : cx + 113]
    return cv2.resize(head, (size, size), interpolation=cv2.INTER_AREA)
