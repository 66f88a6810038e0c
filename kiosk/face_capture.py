"""Grading camera frames for a face photo, and capturing one once it is good.

`grade_face` is a pure function of one BGR frame: it finds faces, and names
the one thing the resident should change (move closer, centre your face, ...)
or says the frame is good. `FaceCapture` feeds it live frames and captures
only once the face has been good and still for a few consecutive frames,
then crops a normalised square face image (JPEG) for the platform's face
check. Like `kiosk.document_capture`, every threshold is a named constant.

Face finding is OpenCV's frontal-face Haar cascade on a copy scaled down to
`DETECT_WIDTH_PX`: a few milliseconds per frame on one core
(benchmarks/face_capture.py), so guidance keeps up with the camera.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Faces are found on a copy this wide (180 px high at 4:3): a face at the
# MIN_FACE_FRACTION size is 40 px there and the smallest worth a MOVE_CLOSER
# about 24 px, the cascade's window; detection, most of the cost, then runs
# on a quarter of the pixels of a 480 px copy (benchmarks/face_capture.py).
DETECT_WIDTH_PX = 240
# Cascade settings: 1.1 steps between scales finds faces whose size falls
# between two steps of 1.2; 5 neighbours rejects the odd textured patch
# (a poster, a patterned shirt) that 3 accepts.
DETECT_SCALE_FACTOR = 1.1
DETECT_MIN_NEIGHBOURS = 5
# Smallest face looked for, as a fraction of the frame's short side: smaller
# ones are people passing behind the resident, not someone to tell to come
# closer.
MIN_DETECT_FRACTION = 0.08
# Face width (the cascade's box, about cheek to cheek) as a fraction of the
# frame's short side. Under 0.22 the face crop has fewer than ~100 px across
# at 480p, too few for the comparison; over 0.6 the head fills the picture
# and a small movement takes chin or hair out of it.
MIN_FACE_FRACTION = 0.22
MAX_FACE_FRACTION = 0.6
# The face centre may sit this far from the picture's centre (fraction of
# width / height) before the resident is asked to centre it: the crop needs
# room around the face, and a camera above the screen sees faces off-axis
# when they are far from its middle.
MAX_CENTRE_OFFSET_X = 0.15
MAX_CENTRE_OFFSET_Y = 0.2
# Mean grey level of the face below this: the face is in shadow or backlit;
# a face under kiosk lighting averages 100-170, and under ~60 the grey levels
# left carry too little detail to compare.
MIN_FACE_BRIGHTNESS = 60.0
# Variance of the Laplacian on the face scaled to BLUR_MEASURE_PX square (so
# the number does not depend on distance or resolution). A sharp face scores
# 150-600 (the test portrait about 165); defocus or motion blur with a 2-3 px
# sigma at 640x480 brings it under 40, where skin texture and eye edges are
# gone. Calibrate on the kiosk's own camera: soft lenses score lower.
BLUR_MEASURE_PX = 128
MIN_FACE_SHARPNESS = 60.0
# Glare (mostly glasses reflecting the kiosk's light): pixels this bright in
# every channel in the eye band are blown out; skin rarely exceeds 240.
GLARE_LEVEL = 250
# More than this fraction of the eye band blown out hides an eye: a single
# catch-light in each pupil is well below it, a lens reflection well above.
MAX_EYE_GLARE_FRACTION = 0.02
# The eye band within the face box (fractions of its height and width).
EYE_BAND_TOP = 0.2
EYE_BAND_BOTTOM = 0.55
EYE_BAND_LEFT = 0.1
EYE_BAND_RIGHT = 0.9
# A frame with no face this dark overall is "turn on the light", not "no face".
MIN_FRAME_BRIGHTNESS = 40.0
# Capture after this many consecutive good frames: about a third of a
# second at 15 fps, long enough that the resident has stopped moving.
STABLE_FRAMES = 5
# Between two good frames the face may move this much (fraction of its
# width) and still count as held still; more means the head is moving and
# the next frame may be blurred.
STILL_TOLERANCE = 0.08
# The crop sent: the face box widened so forehead, chin and ears are in,
# scaled to a fixed size so the platform compares like with like.
CROP_MARGIN = 1.6
CROP_SIZE_PX = 256
CROP_JPEG_QUALITY = 90

_CASCADE_FILE = "haarcascade_frontalface_default.xml"


class FaceGuidance(StrEnum):
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    MOVE_CLOSER = "move_closer"
    MOVE_BACK = "move_back"
    CENTRE_YOUR_FACE = "centre_your_face"
    TOO_DARK = "too_dark"
    GLARE = "glare"
    BLURRED = "blurred"
    HOLD_STILL = "hold_still"  # good, waiting to be sure the resident is still
    GOOD = "good"


Box = tuple[int, int, int, int]  # x, y, width, height in frame pixels


@dataclass(frozen=True)
class FaceGrade:
    """What one frame shows: the guidance, and the measurements behind it."""

    guidance: FaceGuidance
    box: Box | None = None
    faces: int = 0
    size_fraction: float = 0.0
    brightness: float = 0.0
    sharpness: float = 0.0
    eye_glare_fraction: float = 0.0

    @property
    def is_good(self) -> bool:
        return self.guidance is FaceGuidance.GOOD


@dataclass(frozen=True)
class FaceCaptureStep:
    """What `FaceCapture.feed` makes of one frame: guidance, and the photo once taken."""

    guidance: FaceGuidance
    grade: FaceGrade
    jpeg: bytes | None = None


_per_thread = threading.local()


def _cascade() -> object:
    """One classifier per thread (detectMultiScale is not documented thread-safe);
    thread-local, so a camera thread's copy goes when the thread ends."""
    import cv2

    cascade = getattr(_per_thread, "cascade", None)
    if cascade is None:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + _CASCADE_FILE)
        if cascade.empty():
            raise RuntimeError(f"OpenCV's {_CASCADE_FILE} is missing")
        _per_thread.cascade = cascade
    return cascade


def find_faces(frame: np.ndarray) -> list[Box]:
    """Face boxes in frame pixels, largest first."""
    import cv2

    height, width = frame.shape[:2]
    scale = min(1.0, DETECT_WIDTH_PX / width)
    small = frame
    if scale < 1.0:
        small = cv2.resize(
            frame, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    # No histogram equalisation: the cascade normalises each window's contrast
    # itself (a dim face is still found, and told "too dark"), while
    # equalising a frame that is mostly flat wall breaks up smooth faces.
    min_side = max(24, round(MIN_DETECT_FRACTION * min(grey.shape[:2])))
    found = _cascade().detectMultiScale(
        grey,
        scaleFactor=DETECT_SCALE_FACTOR,
        minNeighbors=DETECT_MIN_NEIGHBOURS,
        minSize=(min_side, min_side),
    )
    boxes = [
        (round(x / scale), round(y / scale), round(w / scale), round(h / scale))
        for x, y, w, h in found
    ]
    return sorted(boxes, key=lambda box: box[2] * box[3], reverse=True)


def grade_face(frame: np.ndarray) -> FaceGrade:
    """The one thing to tell the resident about this frame (GOOD when nothing)."""
    import cv2

    if frame is None or frame.ndim != 3 or frame.size == 0:
        return FaceGrade(FaceGuidance.NO_FACE)
    height, width = frame.shape[:2]
    boxes = find_faces(frame)
    if not boxes:
        # Sample every fourth pixel: the overall level is all that matters here.
        if float(frame[::4, ::4].mean()) < MIN_FRAME_BRIGHTNESS:
            return FaceGrade(FaceGuidance.TOO_DARK)
        return FaceGrade(FaceGuidance.NO_FACE)
    if len(boxes) > 1:
        return FaceGrade(FaceGuidance.SEVERAL_FACES, boxes[0], faces=len(boxes))
    box = boxes[0]
    x, y, w, h = box
    size_fraction = w / min(width, height)
    measured = {"box": box, "faces": 1, "size_fraction": size_fraction}
    if size_fraction < MIN_FACE_FRACTION:
        return FaceGrade(FaceGuidance.MOVE_CLOSER, **measured)
    if size_fraction > MAX_FACE_FRACTION:
        return FaceGrade(FaceGuidance.MOVE_BACK, **measured)
    offset_x = abs(x + w / 2 - width / 2) / width
    offset_y = abs(y + h / 2 - height / 2) / height
    if offset_x > MAX_CENTRE_OFFSET_X or offset_y > MAX_CENTRE_OFFSET_Y:
        return FaceGrade(FaceGuidance.CENTRE_YOUR_FACE, **measured)

    face = frame[y : y + h, x : x + w]
    grey = cv2.cvtColor(face, cv2.COLOR_BGR2GRAY)
    brightness = float(grey.mean())
    sample = cv2.resize(grey, (BLUR_MEASURE_PX, BLUR_MEASURE_PX), interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(sample, cv2.CV_32F).var())
    band = face[
        int(h * EYE_BAND_TOP) : int(h * EYE_BAND_BOTTOM),
        int(w * EYE_BAND_LEFT) : int(w * EYE_BAND_RIGHT),
    ]
    glare = float((band.min(axis=2) >= GLARE_LEVEL).mean()) if band.size else 0.0
    measured.update(brightness=brightness, sharpness=sharpness, eye_glare_fraction=glare)
    if brightness < MIN_FACE_BRIGHTNESS:
        return FaceGrade(FaceGuidance.TOO_DARK, **measured)
    if glare > MAX_EYE_GLARE_FRACTION:
        return FaceGrade(FaceGuidance.GLARE, **measured)
    if sharpness < MIN_FACE_SHARPNESS:
        return FaceGrade(FaceGuidance.BLURRED, **measured)
    return FaceGrade(FaceGuidance.GOOD, **measured)


def crop_face(frame: np.ndarray, box: Box) -> bytes:
    """The normalised face image sent for the check: square, centred, JPEG."""
    import cv2

    x, y, w, h = box
    side = round(max(w, h) * CROP_MARGIN)
    left = round(x + w / 2 - side / 2)
    top = round(y + h / 2 - side / 2)
    height, width = frame.shape[:2]
    # Near an edge, repeat the border rather than shift the face off-centre.
    pad = max(0, -left, -top, left + side - width, top + side - height)
    if pad:
        frame = cv2.copyMakeBorder(frame, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        left, top = left + pad, top + pad
    crop = frame[top : top + side, left : left + side]
    crop = cv2.resize(crop, (CROP_SIZE_PX, CROP_SIZE_PX), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, CROP_JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return encoded.tobytes()


class FaceCapture:
    """Live frames in, guidance out, and one face photo once good and still.

    Not thread-safe: feed it from one thread (the camera's). After a capture
    it keeps answering guidance but takes no second photo until `reset()`.
    """

    def __init__(self, stable_frames: int = STABLE_FRAMES) -> None:
        if stable_frames < 1:
            raise ValueError("stable_frames must be >= 1")
        self.stable_frames = stable_frames
        self._good_run = 0
        self._last_box: Box | None = None
        self.captured = False

    def reset(self) -> None:
        self._good_run = 0
        self._last_box = None
        self.captured = False

    def feed(self, frame: np.ndarray) -> FaceCaptureStep:
        grade = grade_face(frame)
        if not grade.is_good or grade.box is None:
            self._good_run, self._last_box = 0, None
            return FaceCaptureStep(grade.guidance, grade)
        if self._last_box is not None and _moved(self._last_box, grade.box):
            self._good_run = 0
        self._good_run += 1
        self._last_box = grade.box
        if self.captured or self._good_run < self.stable_frames:
            guidance = FaceGuidance.GOOD if self.captured else FaceGuidance.HOLD_STILL
            return FaceCaptureStep(guidance, grade)
        self.captured = True
        return FaceCaptureStep(FaceGuidance.GOOD, grade, crop_face(frame, grade.box))


def _moved(before: Box, after: Box) -> bool:
    width = max(before[2], after[2])
    centre_shift = max(
        abs((before[0] + before[2] / 2) - (after[0] + after[2] / 2)),
        abs((before[1] + before[3] / 2) - (after[1] + after[3] / 2)),
    )
    return centre_shift > STILL_TOLERANCE * width or abs(before[2] - after[2]) > (
        STILL_TOLERANCE * width
    )


__all__ = [
    "FaceCapture",
    "FaceCaptureStep",
    "FaceGrade",
    "FaceGuidance",
    "crop_face",
    "find_faces",
    "grade_face",
]
