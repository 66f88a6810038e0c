"""Deterministic synthetic camera frames for the QR decoder benchmark.

What a kiosk's 1280x720 camera sees when a resident holds up a phone showing
a Suishen code: the phone in a hand, tilted and rotated, small modules, blur,
glare, moire from the screen's pixel grid, sensor noise, MJPEG compression,
light and dark app themes (including an inverted code). Plus idle frames: the
same scenes with no code in them.

Nobody photographed these; they complement the real photographs in
../shared/testvectors/qr-photos/. Every frame is a pure function of
(seed, index), so two runs measure the same pictures.

    python benchmarks/qr_phone_screens.py --out /tmp/phone-frames [--count 300]
writes the frames as PNG with a manifest, to look at them.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import qrcode
from qrcode.util import MODE_ALPHA_NUM, QRData

FRAME_W, FRAME_H = 1280, 720
SRC_MODULE_PX = 6  # source-plane pixels per module, before the camera projection
FOCAL_PX = 1000.0  # a 720p webcam with ~65 degrees horizontal field of view

_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45_encode(data: bytes) -> str:
    """RFC 9285 base45 (the SC1 payload encoding)."""
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out.append(_B45[c] + _B45[d] + _B45[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out.append(_B45[c] + _B45[d])
    return "".join(out)


def sc1_like_text(rng: np.random.Generator, low: int = 200, high: int = 400) -> str:
    """"SC1:" + base45 of random bytes: zlib output is indistinguishable from random."""
    size = int(rng.integers(low, high + 1))
    return "SC1:" + base45_encode(rng.bytes(size))


def qr_matrix(text: str, ec: str, mask: int = 0) -> tuple[np.ndarray, int]:
    """Module matrix (True = dark) without quiet zone, alphanumeric mode, and its version.

    The mask is given: every mask is valid QR, and letting the qrcode package
    score all eight costs 200 ms a code.
    """
    level = {"M": qrcode.constants.ERROR_CORRECT_M, "Q": qrcode.constants.ERROR_CORRECT_Q}[ec]
    qr = qrcode.QRCode(error_correction=level, border=0, box_size=1, mask_pattern=mask)
    qr.add_data(QRData(text, mode=MODE_ALPHA_NUM))
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool), int(qr.version)


@dataclass
class SyntheticFrame:
    image: np.ndarray  # BGR uint8, FRAME_H x FRAME_W x 3
    text: str | None  # None: an idle frame, no code in it
    module_px: float = 0.0  # module size at the code's centre, camera pixels
    ec: str = ""
    version: int = 0
    tags: list[str] = field(default_factory=list)


# --- scene pieces -----------------------------------------------------------


def _background(rng: np.random.Generator) -> np.ndarray:
    """A room, a person's clothes, a ceiling light: smooth colour fields and shapes."""
    gh, gw = int(rng.integers(3, 10)), int(rng.integers(4, 16))
    grey = rng.uniform(20, 200, size=(gh, gw, 1))
    tint = rng.uniform(-35, 35, size=(gh, gw, 3))
    base = np.clip(grey + tint, 0, 255).astype(np.float32)
    frame = cv2.resize(base, (FRAME_W, FRAME_H), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(2, 9))):
        level = float(rng.uniform(0, 255))
        colour = [float(np.clip(level + t, 0, 255)) for t in rng.uniform(-50, 50, 3)]
        if rng.random() < 0.5:
            x0, y0 = int(rng.integers(-200, FRAME_W)), int(rng.integers(-200, FRAME_H))
            x1, y1 = x0 + int(rng.integers(40, 600)), y0 + int(rng.integers(40, 500))
            cv2.rectangle(frame, (x0, y0), (x1, y1), colour, -1)
        else:
            centre = (int(rng.integers(0, FRAME_W)), int(rng.integers(0, FRAME_H)))
            axes = (int(rng.integers(20, 400)), int(rng.integers(20, 300)))
            cv2.ellipse(frame, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1)
    if rng.random() < 0.35:  # striped or checked clothing: many finder-pattern look-alikes
        x0, y0 = int(rng.integers(0, FRAME_W // 2)), int(rng.integers(0, FRAME_H // 2))
        x1, y1 = x0 + int(rng.integers(200, 700)), y0 + int(rng.integers(150, 500))
        x1, y1 = min(x1, FRAME_W), min(y1, FRAME_H)
        period = float(rng.uniform(6, 30))
        angle = float(rng.uniform(0, math.pi))
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        phase = (xx * math.cos(angle) + yy * math.sin(angle)) * (2 * math.pi / period)
        stripes = np.sign(np.sin(phase))
        if rng.random() < 0.5:
            phase2 = (-xx * math.sin(angle) + yy * math.cos(angle)) * (2 * math.pi / period)
            stripes = stripes * np.sign(np.sin(phase2))
        frame[y0:y1, x0:x1] += (stripes[:, :, None] * float(rng.uniform(20, 70))).astype(np.float32)
    return cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(0.8, 3.0)))


def _text_lines(canvas: np.ndarray, x0: int, y0: int, x1: int, y1: int, colour: tuple[float, ...],
                rng: np.random.Generator) -> None:
    """Grey bars where an app shows text (labels, the masked name, a clock)."""
    y = y0
    while y < y1:
        h = int(rng.integers(10, 26))
        w = int(rng.integers((x1 - x0) // 4, max((x1 - x0) // 4 + 1, x1 - x0)))
        cv2.rectangle(canvas, (x0, y), (x0 + w, min(y1, y + h)), colour, -1)
        y += h + int(rng.integers(10, 30))


def _phone_screen(rng: np.random.Generator, matrix: np.ndarray | None, theme: str,
                  module_colour: tuple[float, float, float]) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The phone's screen content; returns (BGR float32 image, code box x0,y0,x1,y1)."""
    modules = matrix.shape[0] if matrix is not None else int(rng.integers(57, 90))
    quiet = int(rng.integers(2, 5))
    code_px = (modules + 2 * quiet) * SRC_MODULE_PX
    width = int(code_px / rng.uniform(0.66, 0.85))
    height = int(width * rng.uniform(1.9, 2.2))
    dark = theme in ("dark_card", "inverted")
    bg = float(rng.uniform(10, 40)) if dark else float(rng.uniform(225, 250))
    screen = np.full((height, width, 3), bg, np.float32)
    header = tuple(float(c) for c in rng.uniform(40, 200, 3))
    cv2.rectangle(screen, (0, 0), (width, int(height * 0.09)), header, -1)
    text_colour = (200.0,) * 3 if dark else (90.0,) * 3
    cx = width // 2
    cy = int(height * rng.uniform(0.40, 0.50))
    x0, y0 = cx - code_px // 2, cy - code_px // 2
    x1, y1 = x0 + code_px, y0 + code_px
    _text_lines(screen, int(width * 0.08), int(height * 0.12), int(width * 0.9), y0 - 30, text_colour, rng)
    _text_lines(screen, int(width * 0.08), y1 + 40, int(width * 0.9), int(height * 0.92), text_colour, rng)
    if matrix is None:
        # idle: a picture or a card where the code would be (an app's other screens)
        card = tuple(float(c) for c in rng.uniform(30, 230, 3))
        cv2.rectangle(screen, (x0, y0), (x1, y1), card, -1)
        for _ in range(int(rng.integers(3, 15))):
            px, py = int(rng.integers(x0, x1)), int(rng.integers(y0, y1))
            size = int(rng.integers(8, code_px // 3))
            shade = tuple(float(c) for c in rng.uniform(0, 255, 3))
            cv2.rectangle(screen, (px, py), (min(x1, px + size), min(y1, py + size)), shade, -1)
        return screen, (x0, y0, x1, y1)
    if theme == "inverted":
        light = float(rng.uniform(170, 235))
        card_bg = tuple(bg for _ in range(3))
        fg = (light, light, light)
    else:
        card_bg = (255.0, 255.0, 255.0) if theme != "light_grey" else (235.0, 235.0, 235.0)
        fg = module_colour
    cv2.rectangle(screen, (x0, y0), (x1, y1), card_bg, -1)
    code = np.zeros((modules, modules, 3), np.float32)
    code[:] = card_bg
    code[matrix] = fg
    code = cv2.resize(code, (modules * SRC_MODULE_PX,) * 2, interpolation=cv2.INTER_NEAREST)
    q = quiet * SRC_MODULE_PX
    screen[y0 + q:y0 + q + code.shape[0], x0 + q:x0 + q + code.shape[1]] = code
    return screen, (x0 + q, y0 + q, x0 + q + code.shape[1], y0 + q + code.shape[0])


def _glare(screen: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator,
           strength: float) -> None:
    """A ceiling light reflected in the glass: a soft bright blob, often on the code."""
    h, w = screen.shape[:2]
    x0, y0, x1, y1 = box
    if rng.random() < 0.7:
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
    else:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    rx, ry = rng.uniform(0.08, 0.3) * w, rng.uniform(0.04, 0.2) * w
    angle = rng.uniform(0, math.pi)
    step = 8  # the blob is smooth: compute it coarse and enlarge it
    yy, xx = np.mgrid[0:h:step, 0:w:step].astype(np.float32)
    dx, dy = xx - cx, yy - cy
    u = (dx * math.cos(angle) + dy * math.sin(angle)) / rx
    v = (-dx * math.sin(angle) + dy * math.cos(angle)) / ry
    blob = cv2.resize(np.exp(-(u * u + v * v)).astype(np.float32) * strength, (w, h))
    screen += blob[:, :, None]
    veil = rng.uniform(0.0, 0.25)  # the whole glass reflects the room a little
    screen *= 1.0 - veil
    screen += veil * 200.0


def _phone_and_hand(screen: np.ndarray, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Phone body around the screen, fingers holding it; (BGR, alpha, screen offset)."""
    sh, sw = screen.shape[:2]
    bezel = int(sw * rng.uniform(0.02, 0.05))
    margin = int(sw * 0.35)  # room for the hand around the phone
    ph, pw = sh + 2 * bezel, sw + 2 * bezel
    h, w = ph + 2 * margin, pw + 2 * margin
    canvas = np.zeros((h, w, 3), np.float32)
    alpha = np.zeros((h, w), np.float32)
    body = float(rng.uniform(10, 60))
    radius = int(pw * 0.08)
    px0, py0 = margin, margin
    # rounded phone body
    cv2.rectangle(canvas, (px0 + radius, py0), (px0 + pw - radius, py0 + ph), (body,) * 3, -1)
    cv2.rectangle(canvas, (px0, py0 + radius), (px0 + pw, py0 + ph - radius), (body,) * 3, -1)
    cv2.rectangle(alpha, (px0 + radius, py0), (px0 + pw - radius, py0 + ph), 1.0, -1)
    cv2.rectangle(alpha, (px0, py0 + radius), (px0 + pw, py0 + ph - radius), 1.0, -1)
    for cx, cy in ((px0 + radius, py0 + radius), (px0 + pw - radius, py0 + radius),
                   (px0 + radius, py0 + ph - radius), (px0 + pw - radius, py0 + ph - radius)):
        cv2.circle(canvas, (cx, cy), radius, (body,) * 3, -1)
        cv2.circle(alpha, (cx, cy), radius, 1.0, -1)
    sx0, sy0 = px0 + bezel, py0 + bezel
    canvas[sy0:sy0 + sh, sx0:sx0 + sw] = screen
    # the hand: palm under the phone, fingers over the sides
    skin = np.array([rng.uniform(90, 150), rng.uniform(130, 180), rng.uniform(170, 235)], np.float32)
    skin_t = tuple(float(c) for c in skin)
    palm_c = (px0 + pw // 2 + int(rng.uniform(-0.2, 0.2) * pw), py0 + ph + int(0.1 * pw))
    cv2.ellipse(canvas, palm_c, (int(pw * 0.7), int(pw * 0.45)), 0, 0, 360, skin_t, -1)
    cv2.ellipse(alpha, palm_c, (int(pw * 0.7), int(pw * 0.45)), 0, 0, 360, 1.0, -1)
    side = -1 if rng.random() < 0.5 else 1
    for k in range(int(rng.integers(2, 5))):
        fy = py0 + int(ph * (0.45 + 0.12 * k))
        fx = px0 + (pw if side > 0 else 0)
        axes = (int(pw * rng.uniform(0.10, 0.16)), int(pw * 0.06))
        cv2.ellipse(canvas, (fx, fy), axes, float(rng.uniform(-20, 20)), 0, 360, skin_t, -1)
        cv2.ellipse(alpha, (fx, fy), axes, 0, 0, 360, 1.0, -1)
    thumb_x = px0 + (0 if side > 0 else pw)
    thumb_c = (thumb_x, py0 + int(ph * rng.uniform(0.7, 0.85)))
    cv2.ellipse(canvas, thumb_c, (int(pw * 0.2), int(pw * 0.07)), float(-side * 30), 0, 360, skin_t, -1)
    cv2.ellipse(alpha, thumb_c, (int(pw * 0.2), int(pw * 0.07)), float(-side * 30), 0, 360, 1.0, -1)
    return canvas, alpha, (sx0, sy0)


def _rotation(ax: float, ay: float, az: float) -> np.ndarray:
    cx, sx, cy, sy, cz, sz = math.cos(ax), math.sin(ax), math.cos(ay), math.sin(ay), math.cos(az), math.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def _project(points: np.ndarray, centre: tuple[float, float], scale: float, rot: np.ndarray,
             target: tuple[float, float]) -> np.ndarray:
    """Source-plane points -> camera pixels: scale, 3D rotation, pinhole at FOCAL_PX."""
    xy = (points - np.array(centre)) * scale
    world = np.column_stack([xy, np.zeros(len(xy))]) @ rot.T
    z = world[:, 2] + FOCAL_PX
    return np.column_stack([FOCAL_PX * world[:, 0] / z + target[0], FOCAL_PX * world[:, 1] / z + target[1]])


def _moire(frame: np.ndarray, mask: np.ndarray, rng: np.random.Generator, strength: float) -> None:
    """Beat pattern between the screen's pixel grid and the sensor's, on the screen only."""
    ys, xs = np.nonzero(mask > 0.01)
    if len(xs) == 0:
        return
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    pattern = np.ones((y1 - y0, x1 - x0, 3), np.float32)
    for _ in range(2):
        period = rng.uniform(3.0, 18.0)
        angle = rng.uniform(0, math.pi)
        phase = (xx * math.cos(angle) + yy * math.sin(angle)) * np.float32(2 * math.pi / period)
        for ch in range(3):
            wave = 0.5 + 0.5 * np.cos(phase + np.float32(ch * rng.uniform(0.5, 2.0)))
            pattern[:, :, ch] *= 1.0 - np.float32(strength) * wave
    m = mask[y0:y1, x0:x1, None]
    frame[y0:y1, x0:x1] *= 1.0 - m + m * pattern


def _camera(frame: np.ndarray, rng: np.random.Generator, tags: list[str], severity: float) -> np.ndarray:
    """Lens blur, motion, exposure, sensor noise, MJPEG: what the USB camera adds."""
    sigma = rng.uniform(0.0, 1.3) * severity
    if sigma > 0.3:
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
        tags.append("blur")
    if rng.random() < 0.3 * severity:
        length = int(rng.integers(3, 8))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        kernel /= max(kernel.sum(), 1e-6)
        frame = cv2.filter2D(frame, -1, kernel)
        tags.append("motion")
    gain = rng.uniform(0.55, 1.35)
    gamma = rng.uniform(0.75, 1.4)
    lut = (255.0 * np.power(np.clip(np.arange(256) * gain / 255.0, 0, 1), gamma)).astype(np.uint8)
    image = cv2.LUT(np.clip(frame, 0, 255).astype(np.uint8), lut)
    noise_sigma = rng.uniform(1.0, 9.0) * max(severity, 0.3)
    if noise_sigma > 6:
        tags.append("noise")
    noise = np.empty(image.shape, np.int16)
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    cv2.randn(noise, 0, noise_sigma)
    image = np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    quality = int(rng.integers(55, 96))
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR) if ok else image


# --- frames -----------------------------------------------------------------

THEMES = ("light", "light", "light", "light_grey", "dark_card", "inverted")
MODULE_COLOURS = ((0.0, 0.0, 0.0), (20.0, 20.0, 20.0), (40.0, 110.0, 30.0), (90.0, 40.0, 10.0))


def phone_frame(seed: int, index: int, with_code: bool = True) -> SyntheticFrame:
    """One 1280x720 camera frame; a pure function of (seed, index, with_code)."""
    rng = np.random.default_rng([seed, index, int(with_code)])
    tags: list[str] = []
    frame = _background(rng)
    text, matrix, ec, version = None, None, "", 0
    if with_code:
        ec = "M" if rng.random() < 0.5 else "Q"
        text = sc1_like_text(rng)
        matrix, version = qr_matrix(text, ec, int(rng.integers(0, 8)))
    theme = str(rng.choice(THEMES))
    if theme != "light":
        tags.append(theme)
    colour_index = int(rng.integers(0, len(MODULE_COLOURS)))
    if colour_index >= 2:
        tags.append("colour")
    screen, code_box = _phone_screen(rng, matrix, theme, MODULE_COLOURS[colour_index])
    if rng.random() < 0.5:
        _glare(screen, code_box, rng, float(rng.uniform(40, 200)))
        tags.append("glare")
    phone, alpha, (sx0, sy0) = _phone_and_hand(screen, rng)
    bx0, by0, bx1, by1 = code_box
    code_corners = np.array([[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]], np.float64)
    code_corners += (sx0, sy0)
    centre = ((code_corners[0, 0] + code_corners[2, 0]) / 2, (code_corners[0, 1] + code_corners[2, 1]) / 2)

    module_px = float(rng.uniform(1.9, 6.0))
    if rng.random() < 0.3:
        roll = rng.uniform(-math.pi, math.pi)
        tags.append("rotated")
    else:
        roll = rng.uniform(-0.35, 0.35)
    tilt_x, tilt_y = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)
    if max(abs(tilt_x), abs(tilt_y)) > 0.35:
        tags.append("tilt")
    rot = _rotation(tilt_x, tilt_y, roll)
    for _ in range(40):  # shrink until the code fits in the frame with a margin
        scale = module_px / SRC_MODULE_PX
        projected = _project(code_corners, centre, scale, rot, (0.0, 0.0))
        span_x = projected[:, 0].max() - projected[:, 0].min()
        span_y = projected[:, 1].max() - projected[:, 1].min()
        if span_x < FRAME_W - 40 and span_y < FRAME_H - 40:
            break
        module_px *= 0.93
    lo_x, hi_x = 20 - projected[:, 0].min(), FRAME_W - 20 - projected[:, 0].max()
    lo_y, hi_y = 20 - projected[:, 1].min(), FRAME_H - 20 - projected[:, 1].max()
    target = (rng.uniform(lo_x, max(lo_x, hi_x)), rng.uniform(lo_y, max(lo_y, hi_y)))
    ph, pw = phone.shape[:2]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float64)
    dst = _project(src, centre, scale, rot, target)
    homography = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    phone = np.clip(phone, 0, 255).astype(np.uint8)  # glare saturates the sensor; uint8 filters fast
    if scale < 1.0:  # the lens and sensor integrate; plain point sampling would alias
        phone = cv2.GaussianBlur(phone, (0, 0), 0.45 / scale)
    warped = cv2.warpPerspective(phone, homography, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR)
    warped = warped.astype(np.float32)
    mask = cv2.warpPerspective(alpha, homography, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR)
    frame = frame * (1.0 - mask[:, :, None]) + warped * mask[:, :, None]
    if rng.random() < 0.4:
        screen_mask = np.zeros((ph, pw), np.float32)
        screen_mask[sy0:sy0 + screen.shape[0], sx0:sx0 + screen.shape[1]] = 1.0
        screen_mask = cv2.warpPerspective(screen_mask, homography, (FRAME_W, FRAME_H))
        _moire(frame, screen_mask, rng, float(rng.uniform(0.08, 0.3)))
        tags.append("moire")
    severity = float(rng.uniform(0.3, 1.0))
    image = _camera(frame, rng, tags, severity)
    if module_px < 2.6:
        tags.append("small")
    return SyntheticFrame(image, text, round(module_px, 2), ec, version, tags)


def idle_frame(seed: int, index: int) -> SyntheticFrame:
    """A frame with no code: empty kiosk, a phone showing another screen, a dark room."""
    rng = np.random.default_rng([seed, index, 7])
    kind = index % 4
    if kind == 0:  # a phone in a hand, not showing a code
        frame = phone_frame(seed, index, with_code=False)
        frame.tags.append("phone")
        return frame
    tags: list[str] = []
    frame = _background(rng)
    if kind == 2:  # a printed form or an ID card held up: text and a photo, no code
        x0, y0 = int(rng.integers(100, 700)), int(rng.integers(50, 300))
        w, h = int(rng.integers(300, 500)), int(rng.integers(200, 380))
        cv2.rectangle(frame, (x0, y0), (x0 + w, y0 + h), (235.0, 235.0, 235.0), -1)
        _text_lines(frame, x0 + 20, y0 + 20, x0 + w - 20, y0 + h - 20, (60.0,) * 3, rng)
        cv2.rectangle(frame, (x0 + w - 110, y0 + 30), (x0 + w - 20, y0 + 140), (120.0, 130.0, 150.0), -1)
        tags.append("document")
    if kind == 3 and rng.random() < 0.5:  # the lights are off
        frame *= 0.15
        tags.append("dark")
    image = _camera(frame, rng, tags, float(rng.uniform(0.3, 1.0)))
    return SyntheticFrame(image, None, tags=tags)


def phone_frames(seed: int = 20260323, count: int = 300, workers: int = 2) -> list[SyntheticFrame]:
    return _build(phone_frame, seed, count, workers)


def idle_frames(seed: int = 20260323, count: int = 60, workers: int = 2) -> list[SyntheticFrame]:
    return _build(idle_frame, seed, count, workers)


def _build(make: Callable[[int, int], SyntheticFrame], seed: int, count: int, workers: int
           ) -> list[SyntheticFrame]:
    """Frames depend only on (seed, index), so building them in parallel changes nothing."""
    if workers <= 1 or count < 8:
        return [make(seed, i) for i in range(count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(make, [seed] * count, range(count), chunksize=8))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--idle", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20260323)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i, frame in enumerate(phone_frames(args.seed, args.count)):
        name = f"phone-{i:03d}.png"
        cv2.imwrite(str(args.out / name), frame.image)
        manifest.append({"file": name, "text": frame.text, "module_px": frame.module_px,
                         "ec": frame.ec, "version": frame.version, "tags": frame.tags})
    for i, frame in enumerate(idle_frames(args.seed, args.idle)):
        name = f"idle-{i:03d}.png"
        cv2.imwrite(str(args.out / name), frame.image)
        manifest.append({"file": name, "text": None, "tags": frame.tags})
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"{len(manifest)} frames in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
