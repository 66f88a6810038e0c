"""The QR decoder (pictures and camera frames) and the code debouncer.

Speed is not asserted here; benchmarks/qr_decoders.py measures it.
"""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
from qrcode.util import MODE_ALPHA_NUM, QRData

from drivers.qr_decoder import (
    LIVE_CAMERA,
    STILL_PICTURE,
    QrDecoder,
    decode_image_file,
    load_gray_image,
    scan_images_command,
)
from drivers.qr_frame_pipeline import CodeDebouncer, QrFramePipeline

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "testvectors" / "suishen"
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45_encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out.append(B45[n % 45] + B45[n // 45 % 45] + B45[n // 2025])
    if len(data) % 2:
        out.append(B45[data[-1] % 45] + B45[data[-1] // 45])
    return "".join(out)


def base45_decode(text: str) -> bytes:
    out = bytearray()
    for i in range(0, len(text), 3):
        digits = [B45.index(c) for c in text[i:i + 3]]
        if len(digits) == 3:
            out += (digits[0] + digits[1] * 45 + digits[2] * 2025).to_bytes(2, "big")
        else:
            out.append(digits[0] + digits[1] * 45)
    return bytes(out)


def sc1_text(seed: int, size: int = 300) -> str:
    """An SC1-shaped payload: "SC1:" + base45(zlib(...)), as the platform issues."""
    rng = np.random.default_rng(seed)
    return "SC1:" + base45_encode(zlib.compress(rng.bytes(size)))


def qr_modules(text: str, ec: int = qrcode.constants.ERROR_CORRECT_M) -> np.ndarray:
    """uint8 picture, one pixel per module, 4-module quiet zone, black on white."""
    qr = qrcode.QRCode(error_correction=ec, border=4, box_size=1, mask_pattern=0)
    qr.add_data(QRData(text, mode=MODE_ALPHA_NUM))
    qr.make(fit=True)
    dark = np.array(qr.get_matrix(), dtype=bool)
    return np.where(dark, 0, 255).astype(np.uint8)


def qr_picture(text: str, module_px: int = 4, ec: int = qrcode.constants.ERROR_CORRECT_M) -> np.ndarray:
    modules = qr_modules(text, ec)
    return cv2.resize(modules, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def camera_frame(text: str | None, module_px: float = 3.0, inverted: bool = False, seed: int = 1) -> np.ndarray:
    """A 1280x720 BGR frame: a code (or not) tilted on a noisy, blurred background."""
    rng = np.random.default_rng(seed)
    backdrop = cv2.resize(rng.uniform(40, 200, (9, 16, 3)).astype(np.float32), (1280, 720),
                          interpolation=cv2.INTER_CUBIC)
    frame = backdrop
    if text is not None:
        modules = qr_modules(text)
        if inverted:  # a phone in dark mode: light modules on a dark screen
            modules = 255 - modules
        size = modules.shape[0]
        src = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
        span = size * module_px
        cx, cy = 700.0, 360.0
        angle = math.radians(17)
        corners = []
        for x, y in ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)):
            shrink = 0.9 if x > 0 else 1.0  # the right side further away: perspective
            px, py = x * span * shrink, y * span * shrink
            corners.append([cx + px * math.cos(angle) - py * math.sin(angle),
                            cy + px * math.sin(angle) + py * math.cos(angle)])
        homography = cv2.getPerspectiveTransform(src, np.float32(corners))
        big = cv2.resize(modules, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
        scale = np.diag([1 / 8, 1 / 8, 1]).astype(np.float64)
        code = cv2.warpPerspective(cv2.GaussianBlur(big, (0, 0), 0.45 * 8 / module_px),
                                   homography @ scale, (1280, 720), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.ones_like(big, np.float32), homography @ scale, (1280, 720))
        frame = frame * (1 - mask[:, :, None]) + code[:, :, None].astype(np.float32) * mask[:, :, None]
    frame = cv2.GaussianBlur(frame, (0, 0), 0.7)
    frame = frame + rng.normal(0, 4, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


# --- the public Suishen case pictures ------------------------------------------


def _png_presentations() -> list[tuple[str, dict, list[dict]]]:
    found = []
    for case_file in sorted(CASES.glob("*.json")):
        case = json.loads(case_file.read_text(encoding="utf-8"))
        for index, presentation in enumerate(case["presentations"]):
            if "png" in presentation:
                found.append((case["id"], presentation, case["presentations"][:index]))
    return found


PNG_PRESENTATIONS = _png_presentations()


def _presentation_text(presentation: dict) -> str | None:
    if "qr" in presentation:
        return presentation["qr"]
    texts = decode_image_file(CASES / presentation["png"])
    return texts[0] if texts else None


def test_every_case_picture_is_listed_by_a_case():
    listed = {presentation["png"] for _, presentation, _ in PNG_PRESENTATIONS}
    assert listed == {path.name for path in CASES.glob("*.png")}
    assert len(listed) >= 20


@pytest.mark.parametrize(("case_id", "presentation", "earlier"), PNG_PRESENTATIONS,
                         ids=[f"{case_id}:{p['png']}" for case_id, p, _ in PNG_PRESENTATIONS])
def test_case_picture_decodes_to_the_code_its_case_expects(case_id, presentation, earlier):
    texts = decode_image_file(CASES / presentation["png"])
    if "NO-CODE" in case_id:
        assert texts == []  # the verifier must then say INVALID_FORMAT
        return
    assert len(texts) == 1, texts
    text = texts[0]
    if presentation["expected"] not in ("INVALID_FORMAT", "STALE_TRUST_DATA"):
        assert text.startswith("SC1:")
    else:
        assert text[:4] in ("SC1:", "HC1:")  # a wrong prefix is the point of some cases
    # Read right to the last character: zlib's Adler-32 over the base45 body checks out.
    assert set(text[4:]) <= set(B45)
    assert zlib.decompress(base45_decode(text[4:]))
    if presentation["expected"] == "REPLAYED":
        # A replay is by definition the same code as one presented before in the case.
        assert text in {_presentation_text(p) for p in earlier}


# --- picture files ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".webp", ".jpg", ".bmp"])
def test_generated_code_decodes_from_every_format(tmp_path, suffix):
    text = sc1_text(seed=1)
    path = tmp_path / f"code{suffix}"
    cv2.imwrite(str(path), qr_picture(text, module_px=4))
    assert decode_image_file(path) == [text]


def test_code_with_ec_q_and_transparent_background(tmp_path):
    text = sc1_text(seed=2, size=250)
    gray = qr_picture(text, module_px=3, ec=qrcode.constants.ERROR_CORRECT_Q)
    # Dark modules opaque black, light ones fully transparent (stored as black):
    # shown on white, as a viewer shows it, the code reads.
    rgba = np.zeros((*gray.shape, 4), np.uint8)
    rgba[:, :, 3] = np.where(gray == 0, 255, 0)
    path = tmp_path / "transparent.png"
    cv2.imwrite(str(path), rgba)
    assert decode_image_file(path) == [text]


def test_inverted_code_in_a_picture_decodes(tmp_path):
    text = sc1_text(seed=3)
    path = tmp_path / "dark-mode.png"
    cv2.imwrite(str(path), 255 - qr_picture(text, module_px=3))
    assert decode_image_file(path) == [text]


def test_corrupt_missing_and_empty_files_give_no_texts(tmp_path):
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), qr_picture(sc1_text(seed=4)))
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:200])
    garbage = tmp_path / "garbage.webp"
    garbage.write_bytes(bytes(range(256)) * 7)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for path in (truncated, garbage, empty, tmp_path / "missing.png", tmp_path):
        assert decode_image_file(path) == [], path
    assert load_gray_image(garbage) is None


def test_picture_without_a_code_gives_no_texts(tmp_path):
    path = tmp_path / "frame.png"
    cv2.imwrite(str(path), camera_frame(None))
    assert decode_image_file(path) == []


def test_scan_images_command_prints_one_json_line_per_picture(tmp_path, capsys):
    text = sc1_text(seed=5)
    code = tmp_path / "code.png"
    cv2.imwrite(str(code), qr_picture(text))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    nothing = tmp_path / "nothing.png"
    cv2.imwrite(str(nothing), np.full((200, 300), 255, np.uint8))

    assert scan_images_command([code, broken, nothing]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == [str(code), str(broken), str(nothing)]
    assert [r["texts"] for r in records] == [[text], [], []]
    assert all(isinstance(r["ms"], (int, float)) and r["ms"] >= 0 for r in records)


# --- camera frames ----------------------------------------------------------------


def test_frame_decoder_reads_a_code_in_a_1280x720_frame():
    text = sc1_text(seed=6, size=350)
    frame = camera_frame(text, module_px=3.0)
    assert frame.shape == (720, 1280, 3)
    decoder = QrDecoder()
    assert decoder.decode(frame) == [text]
    assert decoder.decode(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)) == [text]
    assert decoder.decode(cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA)) == [text]


def test_frame_decoder_reads_a_dark_mode_code():
    text = sc1_text(seed=7)
    frame = camera_frame(text, module_px=3.5, inverted=True)
    assert QrDecoder().decode(frame) == [text]


def test_frame_decoder_reads_small_modules():
    text = sc1_text(seed=8, size=220)
    assert QrDecoder().decode(camera_frame(text, module_px=2.2, seed=3)) == [text]


def test_frame_decoder_finds_nothing_in_an_idle_frame():
    assert QrDecoder().decode(camera_frame(None)) == []
    assert QrDecoder().decode(np.zeros((720, 1280, 3), np.uint8)) == []


def test_frame_decoder_rejects_frames_it_cannot_interpret():
    with pytest.raises(ValueError):
        QrDecoder().decode(np.zeros((720, 1280), np.float32))
    with pytest.raises(ValueError):
        QrDecoder().decode(np.zeros((720, 1280, 2), np.uint8))


def test_still_picture_settings_spend_more_than_live_ones():
    assert STILL_PICTURE.upscale_below_px > LIVE_CAMERA.upscale_below_px
    assert LIVE_CAMERA.try_invert and STILL_PICTURE.try_invert


# --- the debouncer ----------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_one_read_is_not_acted_on(clock):
    debouncer = CodeDebouncer(clock)
    assert debouncer.feed(["A"]) == []
    for _ in range(5):
        clock.advance(0.5)
        assert debouncer.feed([]) == []


def test_same_code_on_two_consecutive_frames_is_acted_on_once(clock):
    debouncer = CodeDebouncer(clock, confirm_window_s=1.0)
    assert debouncer.feed(["A"]) == []
    clock.advance(1.5)  # a slow frame: outside the window, but the very next frame
    assert debouncer.feed(["A"]) == ["A"]
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == []


def test_two_reads_within_the_window_are_acted_on(clock):
    debouncer = CodeDebouncer(clock, confirm_window_s=1.0)
    assert debouncer.feed(["A"]) == []
    for _ in range(5):  # misread frames in between
        clock.advance(0.1)
        assert debouncer.feed([]) == []
    clock.advance(0.3)
    assert debouncer.feed(["A"]) == ["A"]


def test_two_reads_too_far_apart_are_not_acted_on(clock):
    debouncer = CodeDebouncer(clock, confirm_window_s=1.0, rearm_after_s=2.0)
    assert debouncer.feed(["A"]) == []
    clock.advance(0.6)
    assert debouncer.feed([]) == []
    clock.advance(0.6)
    assert debouncer.feed(["A"]) == []  # 1.2 s after the first and not consecutive
    clock.advance(0.5)
    assert debouncer.feed([]) == []
    clock.advance(0.4)
    assert debouncer.feed(["A"]) == ["A"]  # within 1 s of the second read


def test_a_misread_different_text_does_not_confirm_the_code(clock):
    debouncer = CodeDebouncer(clock)
    assert debouncer.feed(["A"]) == []
    clock.advance(0.03)
    assert debouncer.feed(["B"]) == []
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]


def test_code_staying_in_view_is_not_acted_on_again(clock):
    debouncer = CodeDebouncer(clock, rearm_after_s=2.0)
    debouncer.feed(["A"])
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]
    emitted = []
    for frame in range(300):  # ten seconds in view, missed on every third frame
        clock.advance(1 / 30)
        emitted += debouncer.feed([] if frame % 3 == 0 else ["A"])
    assert emitted == []


def test_code_acted_on_again_after_being_absent_for_a_while(clock):
    debouncer = CodeDebouncer(clock, rearm_after_s=2.0)
    debouncer.feed(["A"])
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]
    clock.advance(1.5)  # away for less than rearm_after_s: still the same presentation
    assert debouncer.feed(["A"]) == []
    for _ in range(10):
        clock.advance(0.25)
        assert debouncer.feed([]) == []
    assert debouncer.feed(["A"]) == []  # back after 2.5 s: a new presentation, needs confirming
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]


def test_two_codes_in_view_are_each_acted_on_once(clock):
    debouncer = CodeDebouncer(clock)
    assert debouncer.feed(["A", "B", "A"]) == []
    clock.advance(0.03)
    assert debouncer.feed(["B", "A"]) == ["B", "A"]
    clock.advance(0.03)
    assert debouncer.feed(["A", "B"]) == []


def test_reset_forgets_codes_in_view(clock):
    debouncer = CodeDebouncer(clock)
    debouncer.feed(["A"])
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]
    debouncer.reset()
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == []
    clock.advance(0.03)
    assert debouncer.feed(["A"]) == ["A"]


def test_debouncer_rejects_nonsense_windows(clock):
    with pytest.raises(ValueError):
        CodeDebouncer(clock, confirm_window_s=0)
    with pytest.raises(ValueError):
        CodeDebouncer(clock, rearm_after_s=-1)


def test_pipeline_turns_frames_into_one_code_event(clock):
    text = sc1_text(seed=9)
    frame = camera_frame(text, module_px=3.0)
    idle = camera_frame(None)
    codes: list[str] = []
    pipeline = QrFramePipeline(codes.append, debouncer=CodeDebouncer(clock))
    for each in (idle, frame, frame, frame, idle):
        clock.advance(1 / 30)
        pipeline.on_frame(each)
    assert codes == [text]
    assert pipeline.frames_decoded == 5
