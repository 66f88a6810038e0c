"""Synthetic portraits: the demo residents' enrolled photos.

The demo needs a photo per resident to compare against, and no photograph
of a real person may ship with the product. So each demo resident gets a
drawn face (shaded oval, eyes, brows, nose, mouth, hair) whose proportions
and colours follow from their ID number: the same resident always gets the
same face, and different residents differ in the features a comparison
looks at. OpenCV's face detector finds them like a photographed face; they
are only for the demo and tests, never for real residents.
"""

from __future__ import annotations

import hashlib

import numpy as np

PORTRAIT_SIZE_PX = 360
# How strongly the shading of eyes, brows, nose and mouth is drawn, and how
# far residents' proportions may differ from the average face: stronger
# shading and smaller differences keep every portrait findable by OpenCV's
# frontal-face cascade at the sizes the simulated camera shows it.
_SHADING = 1.4
_VARIETY = 0.5
# Grey-level noise standing in for skin texture and sensor noise: without
# it a drawn face is so smooth the kiosk would call it blurred.
_TEXTURE_SIGMA = 6.0


def _traits(id_number: str) -> np.ndarray:
    """Eight numbers in [0, 1) drawn from the ID number."""
    digest = hashlib.sha256(("demo-face:" + id_number).encode()).digest()
    raw = np.frombuffer(digest[:8], dtype=np.uint8).astype(np.float32) / 256.0
    return 0.5 + (raw - 0.5) * _VARIETY


# Skin tones (BGR), far enough apart in lightness or hue that the platform's
# demonstration comparator tells demo residents apart by them. Residents
# differ most in this, because changing the face's shape instead makes it
# harder for OpenCV's cascade to find.
_SKIN_TONES = (
    (60, 95, 145),
    (80, 115, 170),
    (95, 140, 200),
    (120, 160, 215),
    (150, 185, 235),
    (135, 175, 200),
    (110, 150, 235),
    (100, 130, 180),
)
# Salt for picking a tone: with it the six seed residents get six different
# tones (checked by tests/platform/test_face_check.py).
_TONE_SALT = "demo-tone-33:"


def _skin_tone(id_number: str) -> np.ndarray:
    index = hashlib.sha256((_TONE_SALT + id_number).encode()).digest()[0] % len(_SKIN_TONES)
    return np.array(_SKIN_TONES[index], np.float32)


def synthetic_portrait(id_number: str, size: int = PORTRAIT_SIZE_PX) -> np.ndarray:
    """A head-and-shoulders BGR picture of the demo resident with this ID number."""
    t = _traits(id_number)
    s = float(size)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    picture = np.empty((size, size, 3), np.float32)
    picture[...] = np.array([200, 196, 188], np.float32) * (1.0 - 0.15 * yy / s)[..., None]
    cx, cy = s / 2, s * 0.52
    face_w, face_h = s * (0.22 + 0.04 * t[0]), s * (0.3 + 0.03 * t[1])
    # Shoulders, then the face oval lit from the front (brighter in the middle).
    shoulders = ((xx - cx) / (s * 0.45)) ** 2 + ((yy - s * 1.05) / (s * 0.3)) ** 2 <= 1
    picture[shoulders] = np.array([90, 70, 60], np.float32) * (0.6 + 0.6 * t[2])
    inside = ((xx - cx) / face_w) ** 2 + ((yy - cy) / face_h) ** 2 <= 1
    skin = _skin_tone(id_number)
    light = 1.0 - 0.35 * ((xx - cx) / face_w) ** 2
    picture[inside] = skin * light[inside][:, None]

    def shadow(x: float, y: float, ax: float, ay: float, depth: float) -> np.ndarray:
        falloff = np.exp(-(((xx - x) / ax) ** 2 + ((yy - y) / ay) ** 2))
        return (falloff * depth * _SHADING)[..., None]

    eye_y = cy - face_h * (0.18 + 0.08 * t[4])
    eye_dx = face_w * (0.4 + 0.12 * t[5])
    for side in (-1, 1):
        eye_x = cx + side * eye_dx
        picture -= shadow(eye_x, eye_y, s * 0.06, s * 0.033, 120)  # eye socket
        picture -= shadow(eye_x, eye_y - s * (0.05 + 0.02 * t[6]), s * 0.06, s * 0.013, 100)
    picture += shadow(cx, eye_y, s * 0.02, s * 0.055, 30)  # the bridge of the nose
    picture -= shadow(cx, cy + face_h * 0.3, s * 0.04, s * 0.013, 60)  # nostrils
    mouth_w = s * (0.05 + 0.04 * t[7])
    picture -= shadow(cx, cy + face_h * (0.5 + 0.1 * t[6]), mouth_w, s * 0.017, 80)
    hair_top = cy - face_h * (0.55 + 0.1 * t[2])
    hair = (((xx - cx) / (face_w * 1.1)) ** 2 + ((yy - hair_top) / (face_h * 0.6)) ** 2 <= 1) & (
        yy < hair_top
    )
    picture[hair] = 30 + 40 * t[1]
    seed = int.from_bytes(hashlib.sha256(("demo-skin:" + id_number).encode()).digest()[:4], "big")
    picture += np.random.default_rng(seed).normal(0.0, _TEXTURE_SIGMA, (size, size))[..., None]
    return np.clip(picture, 0, 255).astype(np.uint8)
