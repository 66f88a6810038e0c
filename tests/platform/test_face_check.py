"""Face checks on the reference platform: demonstration comparator, consent on a match,
clear refusals, no photos kept, lockout after repeated mismatches."""

from __future__ import annotations

import base64
import json
import sqlite3

import cv2
import httpx
import numpy as np
import pytest

from kiosk.face_capture import crop_face, find_faces
from reference_platform import EmbeddedPlatform, PlatformSettings
from reference_platform.demo_faces import _SKIN_TONES, _skin_tone, synthetic_portrait
from reference_platform.seed import load_residents
from reference_platform.settings import SEED_DIR
from tests.core.face_pictures import portrait_crop, portrait_frame

from .payloads import CHEN, KIOSK_ID, LI, WANG

SCOPE = ["records", "licences", "history"]


def _kiosk_photo(frame: np.ndarray) -> bytes:
    """What the kiosk sends: its own crop of the one face in the frame."""
    return crop_face(frame, find_faces(frame)[0])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _check(client: httpx.Client, id_number: str, photo: bytes | str) -> httpx.Response:
    image = photo if isinstance(photo, str) else _b64(photo)
    return client.post(
        "/api/v1/face-checks", json={"id_number": id_number, "image_b64": image, "scope": SCOPE}
    )


@pytest.fixture(scope="module")
def face_platform(tmp_path_factory):
    settings = PlatformSettings(data_dir=tmp_path_factory.mktemp("face-platform"))
    with EmbeddedPlatform(settings) as running:
        # The astronaut stands in for Wang's ID photo (test-only picture).
        running.state.faces.enrol(WANG["id_number"], portrait_crop())
        yield running


@pytest.fixture
def face_client(face_platform):
    with httpx.Client(
        base_url=face_platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=20
    ) as c:
        yield c


@pytest.fixture(scope="module")
def astronaut_photo() -> bytes:
    return _kiosk_photo(portrait_frame(scale=0.9, shift=(30, -10)))


def test_service_says_demonstration_comparator(face_client):
    body = face_client.get("/api/v1/face-checks").json()
    assert body["available"] is True
    assert body["comparator"] == "demonstration"
    assert "not biometric-grade" in body["comparator_notice"]
    assert body["max_failures"] == 3


def test_matching_face_grants_a_consent_that_reads_records(
    face_client, face_platform, astronaut_photo
):
    answer = _check(face_client, WANG["id_number"], astronaut_photo)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["comparator"] == "demonstration" and body["score"] >= 0.6
    records = face_client.get(
        "/api/v1/records", headers={"Authorization": f"Consent {body['token']}"}
    )
    assert records.status_code == 200
    assert records.json()["resident"]["name"] == WANG["name"]
    with face_platform.state.db.read() as conn:
        method = conn.execute("SELECT method FROM consents ORDER BY created_at DESC").fetchone()
    assert method["method"] == "face"


def test_someone_elses_face_does_not_match(face_client):
    # Li is enrolled with his synthetic portrait; the astronaut is not him.
    answer = _check(face_client, LI["id_number"], _kiosk_photo(portrait_frame()))
    assert answer.status_code == 403
    assert answer.json()["error"] == "face_mismatch"


def test_demo_residents_match_their_own_portrait_only(face_client):
    portraits = {r["id_number"]: synthetic_portrait(r["id_number"]) for r in (LI, CHEN)}
    frames = {}
    for id_number, portrait in portraits.items():
        frame = np.full((720, 1280, 3), 170, np.uint8)
        frame[120:600, 400:880] = cv2.resize(portrait, (480, 480))
        frames[id_number] = frame
    own = _check(face_client, CHEN["id_number"], _kiosk_photo(frames[CHEN["id_number"]]))
    assert own.status_code == 201, own.text
    other = _check(face_client, CHEN["id_number"], _kiosk_photo(frames[LI["id_number"]]))
    assert other.json()["error"] == "face_mismatch"


def test_seed_residents_have_distinct_demo_skin_tones():
    residents = load_residents(SEED_DIR / "residents.json")
    tones = {tuple(_skin_tone(r.id_number)) for r in residents}
    assert len(tones) == len(residents) <= len(_SKIN_TONES)


def test_unknown_resident(face_client, astronaut_photo):
    answer = _check(face_client, "11010519491231002X", astronaut_photo)
    assert (answer.status_code, answer.json()["error"]) == (404, "resident_unknown")


def test_bad_checksum_is_an_invalid_request(face_client, astronaut_photo):
    answer = _check(face_client, "310115195105120022", astronaut_photo)
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_request")


@pytest.mark.parametrize(
    ("photo", "status", "error"),
    [
        (b"not a picture at all", 422, "image_unreadable"),
        ("@@not base64@@", 422, "image_unreadable"),
        ("png", 422, "image_unreadable"),
        ("blank", 422, "no_face"),
        ("two", 422, "several_faces"),
        ("big", 413, "image_too_large"),
        ("huge_bitmap", 413, "image_too_large"),
    ],
)
def test_bad_uploads_get_clear_errors(face_client, photo, status, error):
    def jpeg(image: np.ndarray, quality: int = 90) -> bytes:
        return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()

    rng = np.random.default_rng(1)
    pictures = {
        "png": lambda: cv2.imencode(".png", portrait_crop())[1].tobytes(),
        "blank": lambda: jpeg(np.full((256, 256, 3), 128, np.uint8)),
        "two": lambda: jpeg(np.hstack([portrait_crop(), portrait_crop()])),
        "big": lambda: jpeg(rng.integers(0, 255, (900, 900, 3), dtype=np.uint8), 100),
        "huge_bitmap": lambda: jpeg(np.full((3000, 3000, 3), 128, np.uint8), 50),
    }
    if isinstance(photo, str) and photo in pictures:
        photo = pictures[photo]()
    answer = _check(face_client, WANG["id_number"], photo)
    assert (answer.status_code, answer.json()["error"]) == (status, error)


def test_no_photo_is_stored(face_client, face_platform, astronaut_photo):
    _check(face_client, WANG["id_number"], astronaut_photo)
    marker = astronaut_photo[200:232]
    database = face_platform.state.db.path
    for path in database.parent.iterdir():
        if path.is_file():
            assert marker not in path.read_bytes(), path
    with sqlite3.connect(database) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(face_checks)")]
    assert columns == ["id", "id_number", "kiosk_id", "result", "score", "checked_at"]


def test_not_enrolled_when_the_platform_holds_no_photos(tmp_path, astronaut_photo):
    settings = PlatformSettings(data_dir=tmp_path, demo_faces=False)
    with (
        EmbeddedPlatform(settings) as running,
        httpx.Client(base_url=running.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=20) as client,
    ):
        assert client.get("/api/v1/face-checks").json()["available"] is False
        answer = _check(client, WANG["id_number"], astronaut_photo)
        assert (answer.status_code, answer.json()["error"]) == (409, "face_not_enrolled")


def test_three_mismatches_lock_the_id_number(clocked_platform, clock, astronaut_photo):
    clocked_platform.state.faces.enrol(WANG["id_number"], portrait_crop())
    stranger = _kiosk_photo(
        np.pad(synthetic_portrait(LI["id_number"]), ((60, 60), (200, 200), (0, 0)), mode="edge")
    )
    with httpx.Client(
        base_url=clocked_platform.url, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=20
    ) as client:
        for _ in range(3):
            assert _check(client, WANG["id_number"], stranger).json()["error"] == "face_mismatch"
        # Locked: even the right face is refused now.
        locked = _check(client, WANG["id_number"], astronaut_photo)
        assert (locked.status_code, locked.json()["error"]) == (403, "face_check_locked")
        assert WANG["id_number"] not in locked.json()["detail"]  # masked
        # Other residents are not affected.
        assert _check(client, LI["id_number"], stranger).status_code == 201
        clock.advance(minutes=16)
        assert _check(client, WANG["id_number"], astronaut_photo).status_code == 201
        # A match starts the count afresh.
        for _ in range(2):
            _check(client, WANG["id_number"], stranger)
        assert _check(client, WANG["id_number"], astronaut_photo).status_code == 201
    with clocked_platform.state.db.read() as conn:
        results = [r[0] for r in conn.execute("SELECT result FROM face_checks ORDER BY id")]
    assert results[:5] == ["no_match", "no_match", "no_match", "locked", "match"]


def test_openapi_labels_the_comparator(face_client):
    spec = face_client.get("/openapi.json").json()
    post = spec["paths"]["/api/v1/face-checks"]["post"]
    assert "DEMONSTRATION" in post["description"]
    assert json.dumps(post["responses"]).count("face_check_locked") >= 1
