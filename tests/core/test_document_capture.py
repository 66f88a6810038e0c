"""Page finding, straightening and grading on synthetic document-camera frames."""

import cv2
import numpy as np
import pytest

from drivers.device import DeviceKind
from drivers.simulated.camera import SimulatedCamera
from kiosk.document_capture import (
    PAGE_HEIGHT_PX,
    PAGE_WIDTH_PX,
    PageNotReady,
    PageProblem,
    capture_material,
    inspect_page,
)

FRAME_W, FRAME_H = 1280, 720


@pytest.fixture(scope="module")
def document_camera():
    camera = SimulatedCamera("doc-cam", DeviceKind.DOCUMENT_CAMERA, FRAME_W, FRAME_H)
    camera.open()
    yield camera
    camera.close()


@pytest.fixture(scope="module")
def form_frame(document_camera):
    document_camera.show_document("form")
    frame = document_camera.grab(1.0)
    corners = document_camera.document_corners.copy()
    document_camera.show_document(None)
    return frame, corners


def desk():
    frame = np.empty((FRAME_H, FRAME_W, 3), np.uint8)
    frame[...] = (55, 62, 75)
    return frame


def own_page():
    """A4 at 70 dpi: a dark title band at the top, text blocks below."""
    page = np.full((826, 584, 3), 245, np.uint8)
    cv2.rectangle(page, (170, 50), (414, 80), (40, 40, 40), -1)
    for y in range(140, 760, 32):
        for x in range(60, 500, 90):
            cv2.rectangle(page, (x, y), (x + 70, y + 10), (40, 40, 40), -1)
    return page


def lay_page(corners, frame=None):
    """Draw own_page() onto the desk at `corners` (TL, TR, BR, BL; may leave the frame)."""
    frame = desk() if frame is None else frame
    page = own_page()
    h, w = page.shape[:2]
    source = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    transform = cv2.getPerspectiveTransform(source, np.float32(corners))
    warped = cv2.warpPerspective(page, transform, (FRAME_W, FRAME_H))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), transform, (FRAME_W, FRAME_H))
    frame[mask > 0] = warped[mask > 0]
    return frame


def upright_corners(x, y, page_h):
    page_w = page_h / 2**0.5
    return [[x, y], [x + page_w, y], [x + page_w, y + page_h], [x, y + page_h]]


def test_good_simulated_form_passes_and_comes_out_upright_a4(form_frame):
    frame, true_corners = form_frame
    inspection = inspect_page(frame)
    assert inspection.problems == ()
    assert inspection.is_good
    # Found where the simulator put it, within a few pixels.
    assert np.abs(inspection.corners - true_corners).max() < 4
    page = inspection.page
    assert page.shape == (PAGE_HEIGHT_PX, PAGE_WIDTH_PX, 3)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    # The simulated form's title band spans x 30-70 %, y 6.7-9.9 % of the page.
    title = gray[int(0.075 * PAGE_HEIGHT_PX) : int(0.092 * PAGE_HEIGHT_PX),
                 int(0.33 * PAGE_WIDTH_PX) : int(0.67 * PAGE_WIDTH_PX)]  # fmt: skip
    # The bottom margin at the same place is blank paper: upside down would swap them.
    bottom = gray[int(0.93 * PAGE_HEIGHT_PX) : int(0.96 * PAGE_HEIGHT_PX),
                  int(0.33 * PAGE_WIDTH_PX) : int(0.67 * PAGE_WIDTH_PX)]  # fmt: skip
    assert title.mean() < 90
    assert bottom.mean() > 200
    # Left of the title is paper too: a mirrored or shifted page would not be.
    left_of_title = gray[int(0.075 * PAGE_HEIGHT_PX) : int(0.092 * PAGE_HEIGHT_PX),
                         int(0.05 * PAGE_WIDTH_PX) : int(0.25 * PAGE_WIDTH_PX)]  # fmt: skip
    assert left_of_title.mean() > 200


def test_capture_material_gives_an_a4_jpeg(form_frame):
    jpeg = capture_material(form_frame[0])
    assert jpeg[:2] == b"\xff\xd8"
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    height, width = image.shape[:2]
    assert height > width
    assert height / width == pytest.approx(2**0.5, rel=0.01)


def test_simulated_certificate_passes(document_camera):
    document_camera.show_document("certificate")
    try:
        assert inspect_page(document_camera.grab(1.0)).problems == ()
    finally:
        document_camera.show_document(None)


def test_own_drawn_page_passes_and_is_upright():
    inspection = inspect_page(lay_page(upright_corners(500, 60, 600)))
    assert inspection.problems == ()
    gray = cv2.cvtColor(inspection.page, cv2.COLOR_BGR2GRAY)
    title = gray[int(0.065 * PAGE_HEIGHT_PX) : int(0.09 * PAGE_HEIGHT_PX),
                 int(0.32 * PAGE_WIDTH_PX) : int(0.68 * PAGE_WIDTH_PX)]  # fmt: skip
    assert title.mean() < 90


def test_sideways_page_comes_out_portrait():
    # The same page turned a quarter: long side horizontal on the desk.
    page_h, page_w = 600, 600 / 2**0.5
    x, y = 300, 100
    corners = [[x + page_h, y], [x + page_h, y + page_w], [x, y + page_w], [x, y]]
    inspection = inspect_page(lay_page(corners))
    assert inspection.problems == ()
    assert inspection.page.shape == (PAGE_HEIGHT_PX, PAGE_WIDTH_PX, 3)
    # Portrait means the page's own long side is vertical: the title band is
    # then across the top or (not decided here) across the bottom, never down a side.
    gray = cv2.cvtColor(inspection.page, cv2.COLOR_BGR2GRAY)
    band = (slice(int(0.065 * PAGE_HEIGHT_PX), int(0.09 * PAGE_HEIGHT_PX)),
            slice(int(0.32 * PAGE_WIDTH_PX), int(0.68 * PAGE_WIDTH_PX)))  # fmt: skip
    assert min(gray[band].mean(), gray[::-1, ::-1][band].mean()) < 90


def test_empty_desk_is_no_page(document_camera):
    frame = document_camera.grab(1.0)
    assert inspect_page(frame).problems == (PageProblem.NO_PAGE,)
    with pytest.raises(PageNotReady) as refused:
        capture_material(frame)
    assert refused.value.problems == (PageProblem.NO_PAGE,)


def test_page_partly_outside_the_frame_is_cut_off():
    inspection = inspect_page(lay_page(upright_corners(-150, 60, 600)))
    assert PageProblem.PAGE_CUT_OFF in inspection.problems
    assert PageProblem.NO_PAGE not in inspection.problems
    assert inspection.page is None
    with pytest.raises(PageNotReady) as refused:
        capture_material(lay_page(upright_corners(500, 300, 600)))  # bottom runs off
    assert PageProblem.PAGE_CUT_OFF in refused.value.problems


def test_blurred_page_is_too_blurry(form_frame):
    blurred = cv2.GaussianBlur(form_frame[0], (0, 0), 3)
    inspection = inspect_page(blurred)
    assert inspection.problems == (PageProblem.TOO_BLURRY,)
    with pytest.raises(PageNotReady):
        capture_material(blurred)


def test_bright_blob_on_the_page_is_glare(form_frame):
    frame = form_frame[0].copy()
    cv2.circle(frame, (640, 420), 80, (255, 255, 255), -1)
    inspection = inspect_page(frame)
    assert PageProblem.GLARE in inspection.problems
    assert PageProblem.NO_PAGE not in inspection.problems


def test_tiny_page_is_too_small():
    inspection = inspect_page(lay_page(upright_corners(600, 250, 220)))
    assert PageProblem.TOO_SMALL in inspection.problems
    assert PageProblem.PAGE_CUT_OFF not in inspection.problems


def test_dim_page_is_too_dark(form_frame):
    dim = (form_frame[0].astype(np.float32) * 0.3).astype(np.uint8)
    inspection = inspect_page(dim)
    assert PageProblem.TOO_DARK in inspection.problems
    assert PageProblem.NO_PAGE not in inspection.problems


def test_nothing_to_look_at_is_no_page():
    assert inspect_page(np.zeros((0, 0, 3), np.uint8)).problems == (PageProblem.NO_PAGE,)
    assert inspect_page(desk()).problems == (PageProblem.NO_PAGE,)
