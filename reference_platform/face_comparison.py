"""The reference platform's face comparator: a DEMONSTRATION, not biometrics.

A real platform does not compare faces itself: it sends the kiosk's photo
and the ID number to the national face-comparison service (公安部人像比对)
and acts on its verdict. This stand-in exists so the kiosk's face check can
be demonstrated and tested end to end. It finds the face with OpenCV's
frontal-face cascade, crops it the same way on both sides, and asks for two
things: the grey-level layout of the face must correlate (normalised
cross-correlation of small blurred crops, best over a few pixels' shift) and
the mean skin colour must be close. Anyone with a printed photo, a similar
face or a screen would pass it; it must never decide who a real resident is.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

COMPARATOR_NAME = "demonstration"
COMPARATOR_NOTICE = (
    "Demonstration comparator (grey-level correlation and skin colour), not"
    " biometric-grade: a real deployment calls the national face-comparison service."
)

# Uploads larger than this are refused before decoding: the kiosk sends a
# 256 px JPEG of about 15-30 KB, so 512 KB leaves room for any sane camera
# and bounds the memory one request can make the decoder allocate.
MAX_IMAGE_BYTES = 512 * 1024
# Decoded pictures larger than this on a side are refused (a small file can
# still decode to a huge bitmap).
MAX_IMAGE_SIDE_PX = 2048
# Side of the grey template compared; big enough for eyes, nose and mouth,
# small enough that a few pixels of misalignment barely matter.
TEMPLATE_PX = 64
# The face box grown by this fraction on each side before cropping, so the
# jaw and hairline take part.
TEMPLATE_MARGIN = 0.1
# Blur before comparing: removes sensor noise and JPEG blocks, which would
# otherwise lower the correlation of two pictures of the same face.
TEMPLATE_BLUR_SIGMA = 1.5
# Shifts (pixels in the template) tried to absorb the detector's jitter.
MAX_SHIFT_PX = 2
# Correlation at or above this counts as the same face layout. The same
# picture through the kiosk's capture and JPEG scores 0.8-0.95; two
# different photographed faces score under 0.3.
MIN_CORRELATION = 0.6
# Mean skin colour distance (CIELAB; lightness weighted half, as lighting
# moves it most) at or below this counts as the same skin. The same picture
# through the kiosk scores under 1.5; the demo residents' tones lie 8 or more
# apart.
MAX_COLOUR_DISTANCE = 6.0
LIGHTNESS_WEIGHT = 0.5


class FaceImageProblem(StrEnum):
    NOT_AN_IMAGE = "image_unreadable"
    TOO_LARGE = "image_too_large"
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"


class FaceImageRefused(ValueError):
    def __init__(self, problem: FaceImageProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class FaceTemplate:
    """What is kept of a face picture for comparing: never the picture itself."""

    layout: np.ndarray  # TEMPLATE_PX square, zero mean, unit variance
    colour: np.ndarray  # mean CIELAB of the face's centre


@dataclass(frozen=True)
class FaceComparison:
    correlation: float
    colour_distance: float

    @property
    def matches(self) -> bool:
        return self.correlation >= MIN_CORRELATION and self.colour_distance <= MAX_COLOUR_DISTANCE

    @property
    def score(self) -> float:
        """One number for the answer and the audit: the correlation, 0 when colours differ."""
        return round(self.correlation if self.colour_distance <= MAX_COLOUR_DISTANCE else 0.0, 3)


_cascade: cv2.CascadeClassifier | None = None
_cascade_lock = threading.Lock()


def _faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    global _cascade
    if _cascade is None:
        _cascade = cv2.CascadeClassifier(
            cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
        )
    side = max(24, min(grey.shape[:2]) // 6)
    # A fresh classifier per call would cost ~20 ms; detectMultiScale on a
    # shared one is called under uvicorn's threadpool, so serialise it.
    with _cascade_lock:
        found = _cascade.detectMultiScale(grey, 1.1, 5, minSize=(side, side))
    return [tuple(int(v) for v in box) for box in found]


def decode_face_image(data: bytes) -> np.ndarray:
    """BGR picture from uploaded JPEG bytes; FaceImageRefused when unusable.

    JPEG only: it is what kiosks send, and libjpeg can decode at an eighth of
    the size first, so a small file claiming a huge picture is refused
    without allocating that picture.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise FaceImageRefused(FaceImageProblem.TOO_LARGE)
    if not data.startswith(b"\xff\xd8\xff"):
        raise FaceImageRefused(FaceImageProblem.NOT_AN_IMAGE)
    buffer = np.frombuffer(data, np.uint8)
    eighth = cv2.imdecode(buffer, cv2.IMREAD_REDUCED_GRAYSCALE_8)
    if eighth is None:
        raise FaceImageRefused(FaceImageProblem.NOT_AN_IMAGE)
    if max(eighth.shape[:2]) > math.ceil(MAX_IMAGE_SIDE_PX / 8):
        raise FaceImageRefused(FaceImageProblem.TOO_LARGE)
    image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    if image is None:
        raise FaceImageRefused(FaceImageProblem.NOT_AN_IMAGE)
    if max(image.shape[:2]) > MAX_IMAGE_SIDE_PX:
        raise FaceImageRefused(FaceImageProblem.TOO_LARGE)
    return image


def face_template(image: np.ndarray) -> FaceTemplate:
    """The comparable parts of the one face in `image`; FaceImageRefused otherwise."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    boxes = _faces(grey)
    if not boxes:
        raise FaceImageRefused(FaceImageProblem.NO_FACE)
    if len(boxes) > 1:
        raise FaceImageRefused(FaceImageProblem.SEVERAL_FACES)
    x, y, w, h = boxes[0]
    margin = round(w * TEMPLATE_MARGIN)
    padded = cv2.copyMakeBorder(grey, w, w, w, w, cv2.BORDER_REPLICATE)
    crop = padded[y + w - margin : y + w + h + margin, x + w - margin : x + w + w + margin]
    layout = cv2.resize(crop, (TEMPLATE_PX, TEMPLATE_PX), interpolation=cv2.INTER_AREA)
    layout = cv2.GaussianBlur(layout.astype(np.float32), (0, 0), TEMPLATE_BLUR_SIGMA)
    layout = (layout - layout.mean()) / (float(layout.std()) + 1e-6)
    centre = image[y + h // 4 : y + 3 * h // 4, x + w // 4 : x + 3 * w // 4]
    colour = cv2.cvtColor(centre, cv2.COLOR_BGR2LAB).reshape(-1, 3).astype(np.float32).mean(0)
    return FaceTemplate(layout, colour)


def compare_faces(enrolled: FaceTemplate, probe: FaceTemplate) -> FaceComparison:
    inner = slice(MAX_SHIFT_PX, TEMPLATE_PX - MAX_SHIFT_PX)
    reference = enrolled.layout[inner, inner]
    best = -1.0
    for dx in range(-MAX_SHIFT_PX, MAX_SHIFT_PX + 1):
        for dy in range(-MAX_SHIFT_PX, MAX_SHIFT_PX + 1):
            shifted = np.roll(np.roll(probe.layout, dx, axis=1), dy, axis=0)[inner, inner]
            best = max(best, float((reference * shifted).mean()))
    difference = enrolled.colour - probe.colour
    difference[0] *= LIGHTNESS_WEIGHT
    return FaceComparison(best, float(np.linalg.norm(difference)))
