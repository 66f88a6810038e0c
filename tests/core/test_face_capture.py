"""Face-photo grading on a real face (the astronaut portrait), one test per guidance."""

import cv2
import numpy as np
import pytest

from kiosk.face_capture import (
    CROP_SIZE_PX,
    STABLE_FRAMES,
    FaceCapture,
    FaceGuidance,
    crop_face,
    find_faces,
    grade_face,
)
from tests.core.face_pictures import portrait_frame


@pytest.fixture(scope="module")
def good_frame():
    return portrait_frame()


def test_a_well_framed_face_is_good(good_frame):
    grade = grade_face(good_frame)
    assert grade.guidance is FaceGuidance.GOOD, grade
    x, y, w, h = grade.box
    # The box is on the face (the frame centre), not somewhere in the background.
    assert abs(x + w / 2 - 320) < 40 and abs(y + h / 2 - 240) < 60


def test_no_face_in_a_blank_frame():
    assert grade_face(np.full((480, 640, 3), 128, np.uint8)).guidance is FaceGuidance.NO_FACE


def test_no_face_for_a_non_frame():
    assert grade_face(np.zeros((0, 0, 3), np.uint8)).guidance is FaceGuidance.NO_FACE
    assert grade_face(np.zeros((480, 640), np.uint8)).guidance is FaceGuidance.NO_FACE


def test_two_people_side_by_side_are_several_faces():
    pair = np.hstack([portrait_frame(size=(320, 480)), portrait_frame(size=(320, 480))])
    grade = grade_face(pair)
    assert grade.guidance is FaceGuidance.SEVERAL_FACES
    assert grade.faces == 2


def test_a_small_face_is_asked_to_come_closer():
    grade = grade_face(portrait_frame(scale=0.45))
    assert grade.guidance is FaceGuidance.MOVE_CLOSER
    assert grade.faces == 1  # found, just too small


def test_a_face_filling_the_picture_is_asked_to_move_back():
    grade = grade_face(portrait_frame(scale=2.2))
    assert grade.guidance is FaceGuidance.MOVE_BACK


@pytest.mark.parametrize("shift", [(190, 0), (-190, 0), (0, 130), (0, -130)])
def test_an_off_centre_face_is_asked_to_centre(shift):
    assert grade_face(portrait_frame(shift=shift)).guidance is FaceGuidance.CENTRE_YOUR_FACE


def test_a_slightly_off_centre_face_is_still_good():
    assert grade_face(portrait_frame(shift=(40, 20))).guidance is FaceGuidance.GOOD


def test_a_dark_face_is_too_dark(good_frame):
    grade = grade_face((good_frame * 0.3).astype(np.uint8))
    assert grade.guidance is FaceGuidance.TOO_DARK
    assert grade.faces == 1  # the face is still found: the light is what is wrong


def test_a_dark_room_is_too_dark_even_without_a_face():
    assert grade_face(np.full((480, 640, 3), 8, np.uint8)).guidance is FaceGuidance.TOO_DARK


@pytest.mark.parametrize("sigma", [2.0, 3.0])
def test_a_blurred_face_is_blurred(good_frame, sigma):
    grade = grade_face(cv2.GaussianBlur(good_frame, (0, 0), sigma))
    assert grade.guidance is FaceGuidance.BLURRED, grade


def _reflections(frame: np.ndarray, box, band: bool) -> np.ndarray:
    """Two white lens reflections, over the eyes (band) or on the chin/neck."""
    x, y, w, h = box
    shiny = frame.copy()
    row = y + int(h * 0.4) if band else y + int(h * 1.05)
    for eye_x in (x + int(w * 0.3), x + int(w * 0.7)):
        cv2.ellipse(shiny, (eye_x, row), (w // 14, h // 30), 0, 0, 360, (255, 255, 255), -1)
    return shiny


def test_glasses_glare_over_the_eyes_is_glare(good_frame):
    box = grade_face(good_frame).box
    assert grade_face(_reflections(good_frame, box, band=True)).guidance is FaceGuidance.GLARE


def test_the_same_bright_spots_away_from_the_eyes_are_not_glare(good_frame):
    box = grade_face(good_frame).box
    assert grade_face(_reflections(good_frame, box, band=False)).guidance is FaceGuidance.GOOD


def test_capture_waits_for_a_still_good_face(good_frame):
    capture = FaceCapture()
    steps = [capture.feed(good_frame) for _ in range(STABLE_FRAMES)]
    assert [s.guidance for s in steps[:-1]] == [FaceGuidance.HOLD_STILL] * (STABLE_FRAMES - 1)
    assert all(s.jpeg is None for s in steps[:-1])
    assert steps[-1].guidance is FaceGuidance.GOOD and steps[-1].jpeg
    photo = cv2.imdecode(np.frombuffer(steps[-1].jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert photo.shape == (CROP_SIZE_PX, CROP_SIZE_PX, 3)
    assert len(find_faces(photo)) == 1  # the crop is a face the platform can find again
    assert capture.feed(good_frame).jpeg is None  # one photo per capture


def test_a_bad_frame_restarts_the_count(good_frame):
    capture = FaceCapture()
    for _ in range(STABLE_FRAMES - 1):
        capture.feed(good_frame)
    assert capture.feed(portrait_frame(scale=0.45)).guidance is FaceGuidance.MOVE_CLOSER
    steps = [capture.feed(good_frame) for _ in range(STABLE_FRAMES)]
    assert [s.jpeg is not None for s in steps] == [False] * (STABLE_FRAMES - 1) + [True]


def test_a_moving_face_is_not_captured():
    capture = FaceCapture()
    # Good in every frame, but never in the same place twice.
    for step in range(3 * STABLE_FRAMES):
        shift = (-60 + 30 * (step % 5), 0)
        result = capture.feed(portrait_frame(shift=shift))
        assert result.guidance is FaceGuidance.HOLD_STILL
        assert result.jpeg is None


def test_crop_near_the_edge_keeps_the_face_centred():
    frame = portrait_frame(shift=(210, 0))
    box = find_faces(frame)[0]
    photo = cv2.imdecode(np.frombuffer(crop_face(frame, box), np.uint8), cv2.IMREAD_COLOR)
    x, _, w, _ = find_faces(photo)[0]
    assert abs(x + w / 2 - CROP_SIZE_PX / 2) < CROP_SIZE_PX * 0.1


def test_the_simulated_camera_shows_a_face_the_kiosk_accepts():
    from drivers.simulated.camera import SimulatedCamera
    from tests.core.face_pictures import portrait_crop

    camera = SimulatedCamera(width=1280, height=720)
    camera.open()
    try:
        camera.show_face(portrait_crop())
        assert grade_face(camera.grab(1.0)).guidance is FaceGuidance.GOOD
        camera.show_face(None)
        assert grade_face(camera.grab(1.0)).guidance is FaceGuidance.NO_FACE
    finally:
        camera.close()


def test_every_demo_residents_synthetic_face_is_good_on_the_simulated_camera():
    # The demo depends on it: each seed resident can pass a face check.
    from drivers.simulated.camera import SimulatedCamera
    from reference_platform.demo_faces import synthetic_portrait
    from reference_platform.seed import load_residents
    from reference_platform.settings import SEED_DIR

    camera = SimulatedCamera(width=1280, height=720)
    camera.open()
    try:
        for resident in load_residents(SEED_DIR / "residents.json"):
            camera.show_face(synthetic_portrait(resident.id_number))
            assert grade_face(camera.grab(1.0)).guidance is FaceGuidance.GOOD, resident.name
    finally:
        camera.close()
