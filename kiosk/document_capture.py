"""Finding, straightening and grading a paper page under the document camera.

`inspect_page` is a pure function of one BGR frame: it finds the page,
checks it is fully in view, corrects the perspective to an upright A4 image
and names every problem that should make the resident adjust the page
before the kiosk keeps it. `capture_material` turns a good frame into the
JPEG that goes to the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.materials import encode_material

if TYPE_CHECKING:
    import numpy as np

# Output page: A4 (210 x 297 mm) at 150 dpi, enough for printed text and
# small enough to queue offline.
PAGE_WIDTH_PX = 1240
PAGE_HEIGHT_PX = 1754

# Corners closer than this fraction of the frame's short side to an edge
# count as cut off: a page edge sitting on the frame edge is usually beyond it.
EDGE_MARGIN_FRACTION = 0.01
# A page covering less than this much of the frame is too far away: an A4
# page then has fewer than ~60 px per 10 cm at 720p, too few for small print.
MIN_PAGE_AREA_FRACTION = 0.12
# Smaller quadrilaterals are desk texture, fingers or sticky notes, not a page.
MIN_CANDIDATE_AREA_FRACTION = 0.02
# Variance of the Laplacian on the corrected page, computed on a copy scaled
# to a fixed width so the number does not depend on camera resolution. Crisp
# print scores several hundred; a 720p frame blurred by sigma 1 px (slight
# defocus) about 50, sigma 2 px (a moving hand, text no longer legible) under
# 10. The bar sits between, leaving room for real lenses being softer than the
# simulator; calibrate on the kiosk's own camera. It scales with contrast
# squared, so a very dim page also reads as blurry.
BLUR_MEASURE_WIDTH_PX = 620
MIN_SHARPNESS = 25.0
# Glare: pixels this bright in every channel are blown out (paper itself is
# about 200-250, so the bar sits right at saturation).
GLARE_LEVEL = 253
# More than this fraction of the page blown out hides a field or a stamp.
MAX_GLARE_FRACTION = 0.02
# Mean brightness of the corrected page below this: the light is off or a
# hand shades the page; white paper under kiosk light averages 180 or more.
MIN_PAGE_BRIGHTNESS = 90.0
# A candidate this large is the frame itself (a uniformly lit picture), not a page.
MAX_CANDIDATE_AREA_FRACTION = 0.98
# Grey-level spread below which a picture has no page-versus-desk contrast.
MIN_CONTRAST_STD = 8.0
# Contour approximation tolerance as a fraction of the contour's perimeter.
APPROX_EPSILON_FRACTION = 0.02


class PageProblem(StrEnum):
    NO_PAGE = "no_page"
    PAGE_CUT_OFF = "page_cut_off"
    TOO_BLURRY = "too_blurry"
    GLARE = "glare"
    TOO_SMALL = "too_small"
    TOO_DARK = "too_dark"


@dataclass(frozen=True)
class PageInspection:
    """What the camera sees: problems (empty means good) and the straightened page.

    `corners` are the page's corners in the frame (TL, TR, BR, BL, float32
    (4, 2)) when a page was found; `page` is the corrected upright image,
    present whenever the whole page is in view, even if other problems remain
    (the screen can show it as a preview).
    """

    problems: tuple[PageProblem, ...] = ()
    page: np.ndarray | None = None
    corners: np.ndarray | None = None
    sharpness: float = 0.0
    glare_fraction: float = 0.0
    area_fraction: float = 0.0
    brightness: float = 0.0

    @property
    def is_good(self) -> bool:
        return not self.problems


class PageNotReady(Exception):
    """The frame does not hold a usable page; `problems` says why."""

    def __init__(self, problems: tuple[PageProblem, ...]) -> None:
        self.problems = problems
        super().__init__(", ".join(problem.value for problem in problems))


def inspect_page(frame: np.ndarray) -> PageInspection:
    import cv2  # OpenCV only when the document camera is used
    import numpy as np

    if frame is None or frame.ndim != 3 or frame.size == 0:
        return PageInspection(problems=(PageProblem.NO_PAGE,))
    height, width = frame.shape[:2]
    corners = find_page_corners(frame)
    if corners is None:
        return PageInspection(problems=(PageProblem.NO_PAGE,))

    problems: list[PageProblem] = []
    area_fraction = float(cv2.contourArea(corners)) / float(width * height)
    margin = EDGE_MARGIN_FRACTION * min(width, height)
    inside = (
        (corners[:, 0] >= margin).all()
        and (corners[:, 0] <= width - 1 - margin).all()
        and (corners[:, 1] >= margin).all()
        and (corners[:, 1] <= height - 1 - margin).all()
    )
    if not inside:
        problems.append(PageProblem.PAGE_CUT_OFF)
    if area_fraction < MIN_PAGE_AREA_FRACTION:
        problems.append(PageProblem.TOO_SMALL)
    if not inside:
        # Straightening a partial page would stretch the wrong shape into A4.
        return PageInspection(tuple(problems), None, corners, area_fraction=area_fraction)

    target = np.float32(
        [[0, 0], [PAGE_WIDTH_PX - 1, 0], [PAGE_WIDTH_PX - 1, PAGE_HEIGHT_PX - 1],
         [0, PAGE_HEIGHT_PX - 1]]
    )  # fmt: skip
    transform = cv2.getPerspectiveTransform(corners, target)
    page = cv2.warpPerspective(frame, transform, (PAGE_WIDTH_PX, PAGE_HEIGHT_PX))

    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    # Leave out a thin border: the page edge and any desk left by an imprecise
    # corner would add false sharpness and darkness.
    inset_x, inset_y = PAGE_WIDTH_PX // 40, PAGE_HEIGHT_PX // 40
    inner = gray[inset_y:-inset_y, inset_x:-inset_x]
    scale = BLUR_MEASURE_WIDTH_PX / inner.shape[1]
    small = cv2.resize(inner, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(small, cv2.CV_64F).var())
    brightness = float(inner.mean())
    inner_bgr = page[inset_y:-inset_y, inset_x:-inset_x]
    glare_fraction = float((inner_bgr.min(axis=2) >= GLARE_LEVEL).mean())

    if brightness < MIN_PAGE_BRIGHTNESS:
        problems.append(PageProblem.TOO_DARK)
    if sharpness < MIN_SHARPNESS:
        problems.append(PageProblem.TOO_BLURRY)
    if glare_fraction > MAX_GLARE_FRACTION:
        problems.append(PageProblem.GLARE)
    return PageInspection(
        problems=tuple(problems),
        page=page,
        corners=corners,
        sharpness=sharpness,
        glare_fraction=glare_fraction,
        area_fraction=area_fraction,
        brightness=brightness,
    )


def capture_material(frame: np.ndarray) -> bytes:
    """JPEG of the straightened page, or PageNotReady with every problem found."""
    inspection = inspect_page(frame)
    if inspection.problems or inspection.page is None:
        raise PageNotReady(inspection.problems or (PageProblem.NO_PAGE,))
    return encode_material(inspection.page)


def find_page_corners(frame: np.ndarray) -> np.ndarray | None:
    """Corners (TL, TR, BR, BL) of the largest page-like quadrilateral, or None.

    Two detectors, because each fails where the other works: edges find a
    page on a light desk, a brightness threshold finds a page whose edge is
    broken by glare or a hand.
    """
    import cv2
    import numpy as np

    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    edges = cv2.Canny(blurred, 50, 150)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))

    frame_area = frame.shape[0] * frame.shape[1]
    min_area = MIN_CANDIDATE_AREA_FRACTION * frame_area
    max_area = MAX_CANDIDATE_AREA_FRACTION * frame_area
    # On a featureless picture Otsu splits noise and the "bright" region is the
    # whole frame; only trust the threshold when there is real contrast.
    masks = (edges, bright) if float(blurred.std()) >= MIN_CONTRAST_STD else (edges,)
    best: np.ndarray | None = None
    best_area = 0.0
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for raw in contours:
            # The hull fills notches where dark print, a thumb or a shadow meets
            # the page edge, so the outline stays four-sided.
            contour = cv2.convexHull(raw)
            area = cv2.contourArea(contour)
            if area < min_area or area > max_area or area <= best_area:
                continue
            perimeter = cv2.arcLength(contour, True)
            approx = cv2.approxPolyDP(contour, APPROX_EPSILON_FRACTION * perimeter, True)
            if len(approx) != 4 or not cv2.isContourConvex(approx):
                continue
            best, best_area = approx.reshape(4, 2).astype(np.float32), area
    return None if best is None else order_corners(best)


def order_corners(points: np.ndarray) -> np.ndarray:
    """Sort four points into TL, TR, BR, BL, with the page's long side vertical.

    A page lying sideways (long side horizontal) comes out turned a quarter
    so the result is always portrait; which way up is not decided here.
    """
    import numpy as np

    points = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    # Clockwise on screen (y down) starting from the top-left-most corner.
    ordered = points[np.argsort(angles)]
    start = int(np.argmin(ordered.sum(axis=1)))
    ordered = np.roll(ordered, -start, axis=0)
    top = np.linalg.norm(ordered[1] - ordered[0]) + np.linalg.norm(ordered[2] - ordered[3])
    side = np.linalg.norm(ordered[3] - ordered[0]) + np.linalg.norm(ordered[2] - ordered[1])
    if top > side:
        ordered = np.roll(ordered, -1, axis=0)
    return ordered.astype(np.float32)


__all__ = [
    "PageInspection",
    "PageNotReady",
    "PageProblem",
    "capture_material",
    "find_page_corners",
    "inspect_page",
    "order_corners",
]
