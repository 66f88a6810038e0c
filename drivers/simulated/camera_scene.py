"""Synthetic pictures for the simulated cameras.

Everything expensive (background, QR image, warped document page) is drawn
once when the scene changes; a frame is then a copy plus a paste, so a
1280x720 stream costs about a millisecond per frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import qrcode
import qrcode.constants

from drivers.device import DeviceKind


class SimulatedDocumentKind(StrEnum):
    # Application form: title, text lines, a table of fields.
    FORM = "form"
    # Certificate: title, text lines and a red round seal.
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class SceneOverlay:
    """An image pasted at (x, y); `mask` marks its opaque pixels (None: all)."""

    image: np.ndarray
    x: int
    y: int
    mask: np.ndarray | None = None


def draw_background(kind: DeviceKind, width: int, height: int) -> np.ndarray:
    if kind is DeviceKind.DOCUMENT_CAMERA:
        return _desk(width, height)
    return _kiosk_user(width, height)


def _kiosk_user(width: int, height: int) -> np.ndarray:
    """A wall, a ceiling light gradient and a head-and-shoulders silhouette."""
    rows = np.linspace(205, 150, height, dtype=np.float32)[:, None]
    wall = np.repeat(rows, width, axis=1)
    frame = np.stack([wall * 0.95, wall * 0.97, wall], axis=-1).astype(np.uint8)
    centre_x = width // 2
    cv2.ellipse(frame, (centre_x, height), (width // 4, height // 3), 0, 180, 360, (70, 60, 55), -1)
    cv2.ellipse(
        frame,
        (centre_x, height // 2),
        (width // 11, height // 5),
        0, 0, 360, (150, 170, 205), -1,
    )  # fmt: skip
    cv2.ellipse(
        frame,
        (centre_x, height // 2 - height // 8),
        (width // 10, height // 9),
        0, 180, 360, (40, 35, 35), -1,
    )  # fmt: skip
    return frame


def _desk(width: int, height: int) -> np.ndarray:
    """A dark grey-brown desk with faint grain so the page edge stands out."""
    grain = (np.sin(np.arange(width, dtype=np.float32) / 7.0) * 6.0)[None, :]
    base = np.full((height, width), 70.0, dtype=np.float32) + grain
    frame = np.stack([base * 0.8, base * 0.9, base * 1.1], axis=-1)
    return np.clip(frame, 0, 255).astype(np.uint8)


def qr_overlay(text: str, frame_width: int, frame_height: int) -> SceneOverlay:
    """A phone screen showing a QR code, held in the middle of the picture."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)  # includes the quiet zone
    target = int(min(frame_width, frame_height) * 0.5)
    module_px = max(2, target // matrix.shape[0])
    qr = np.where(matrix, 0, 255).astype(np.uint8)
    qr = np.kron(qr, np.ones((module_px, module_px), dtype=np.uint8))
    qr_bgr = cv2.cvtColor(qr, cv2.COLOR_GRAY2BGR)
    bezel = module_px * 3
    phone = np.full(
        (qr.shape[0] + 2 * bezel + 6 * module_px, qr.shape[1] + 2 * bezel, 3), 30, np.uint8
    )
    top = bezel + 3 * module_px
    phone[top : top + qr.shape[0], bezel : bezel + qr.shape[1]] = qr_bgr
    phone = _fit(phone, frame_width, frame_height)
    x = (frame_width - phone.shape[1]) // 2
    y = (frame_height - phone.shape[0]) // 2
    return SceneOverlay(phone, x, y)


# A portrait shown to the camera fills this much of the frame's height: the
# face then sits comfortably inside the kiosk's "good" size range.
FACE_PORTRAIT_HEIGHT_FRACTION = 0.67


def face_overlay(portrait: np.ndarray, frame_width: int, frame_height: int) -> SceneOverlay:
    """Someone standing at the kiosk: a head-and-shoulders picture, centred.

    The picture comes from the caller (the demo's synthetic residents, a
    test's photo): the simulator draws no faces of its own.
    """
    if portrait.ndim != 3 or portrait.shape[2] != 3:
        raise ValueError("a portrait is a BGR picture")
    scale = frame_height * FACE_PORTRAIT_HEIGHT_FRACTION / portrait.shape[0]
    size = (max(1, round(portrait.shape[1] * scale)), max(1, round(portrait.shape[0] * scale)))
    image = cv2.resize(
        portrait, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    )
    image = image[:frame_height, :frame_width]
    x = (frame_width - image.shape[1]) // 2
    y = (frame_height - image.shape[0]) // 2
    return SceneOverlay(np.ascontiguousarray(image), x, y)


def document_overlay(
    kind: SimulatedDocumentKind, frame_width: int, frame_height: int
) -> tuple[SceneOverlay, np.ndarray]:
    """A white A4 page lying on the desk, seen slightly from the front.

    Returns the overlay and the page's corners in frame coordinates
    (top-left, top-right, bottom-right, bottom-left) as float32 (4, 2).
    """
    page = _a4_page(kind)
    page_h = int(frame_height * 0.9)
    page_w = int(page_h / 2**0.5)
    centre_x = frame_width // 2
    top_y = (frame_height - page_h) // 2
    # The top edge is farther from the lens: narrower, a little rotated.
    squeeze = int(page_w * 0.06)
    corners = np.float32(
        [
            [centre_x - page_w // 2 + squeeze, top_y + 6],
            [centre_x + page_w // 2 - squeeze, top_y],
            [centre_x + page_w // 2 + 4, top_y + page_h],
            [centre_x - page_w // 2, top_y + page_h - 5],
        ]
    )
    source = np.float32(
        [[0, 0], [page.shape[1] - 1, 0], [page.shape[1] - 1, page.shape[0] - 1],
         [0, page.shape[0] - 1]]
    )  # fmt: skip
    transform = cv2.getPerspectiveTransform(source, corners)
    warped = cv2.warpPerspective(page, transform, (frame_width, frame_height))
    mask = np.zeros((frame_height, frame_width), dtype=np.uint8)
    cv2.fillConvexPoly(mask, corners.astype(np.int32), 255)
    x0, y0, w, h = cv2.boundingRect(corners.astype(np.int32))
    x1, y1 = min(frame_width, x0 + w), min(frame_height, y0 + h)
    x0, y0 = max(0, x0), max(0, y0)
    overlay = SceneOverlay(warped[y0:y1, x0:x1].copy(), x0, y0, mask[y0:y1, x0:x1] > 0)
    return overlay, corners


def _a4_page(kind: SimulatedDocumentKind) -> np.ndarray:
    width, height = 840, 1188  # A4 at about 100 dpi
    page = np.full((height, width, 3), 250, np.uint8)
    ink = (45, 40, 40)
    cv2.rectangle(page, (250, 80), (590, 118), ink, -1)  # title
    rng = np.random.default_rng(int(kind == SimulatedDocumentKind.CERTIFICATE))
    y = 190
    while y < height - 140:
        x = 90
        line_end = width - 90 - int(rng.integers(0, 200))
        while x < line_end:
            word = int(rng.integers(30, 110))
            cv2.rectangle(page, (x, y), (min(x + word, line_end), y + 14), ink, -1)
            x += word + 14
        y += 44
        if kind is SimulatedDocumentKind.FORM and y > 520:
            break
    if kind is SimulatedDocumentKind.FORM:
        for row in range(9):
            cv2.line(page, (90, 600 + row * 60), (width - 90, 600 + row * 60), ink, 2)
        for column_x in (90, 330, width - 90):
            cv2.line(page, (column_x, 600), (column_x, 600 + 8 * 60), ink, 2)
    else:
        cv2.circle(page, (width - 230, height - 230), 110, (40, 40, 210), 8)
        cv2.circle(page, (width - 230, height - 230), 30, (40, 40, 210), -1)
    return page


def _fit(image: np.ndarray, max_width: int, max_height: int) -> np.ndarray:
    scale = min(1.0, max_width * 0.9 / image.shape[1], max_height * 0.9 / image.shape[0])
    if scale >= 1.0:
        return image
    size = (int(image.shape[1] * scale), int(image.shape[0] * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_NEAREST)


def compose(background: np.ndarray, overlay: SceneOverlay | None) -> np.ndarray:
    frame = background.copy()
    if overlay is None:
        return frame
    h, w = overlay.image.shape[:2]
    region = frame[overlay.y : overlay.y + h, overlay.x : overlay.x + w]
    if overlay.mask is None:
        region[...] = overlay.image
    else:
        region[overlay.mask] = overlay.image[overlay.mask]
    return frame
