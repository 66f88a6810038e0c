"""QR code decoding for pictures and live camera frames, with zxing-cpp.

zxing-cpp was chosen by measurement, against pyzbar and OpenCV's two QR
detectors: see README "QR decoder choice" and `python benchmarks/qr_decoders.py`.
On 1280x720 phone-screen frames it read twice as many codes as the next
engine at a tenth of its time, and it is the only one of the four that reads
the light-on-dark codes of a phone in dark mode.

Settings, also measured (the "zxing-cpp settings" tables of the benchmark):
- QR only: searching every format costs 10x the time and reads nothing more;
- no try_rotate: it only matters for 1D codes, QR detection is rotation-free;
- no try_downscale on camera frames up to 1600 px: it costs about half as
  much again and read no extra frame; still pictures and larger frames keep it;
- try_invert kept: without it no dark-mode (light-on-dark) code reads;
- the LocalAverage binarizer: GlobalHistogram and FixedThreshold read less;
- a half-size first pass with a full-size retry saves nothing: full size is
  already ~1 ms on an empty frame, and the retry costs more on a miss;
- when the first pass finds nothing, one retry on an unsharp-masked frame
  (5x5 box, amount 1.5) recovers almost half of the frames it missed
  (blur, moire, 2 px modules), for ~2 ms more on an empty frame.
- Plain text mode: the symbol's own text, no "(01)" GS1 brackets or "<SOH>".

Imports of numpy, OpenCV and zxing-cpp are deferred to the first decode, so
importing this module does not slow the kiosk's start-up.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class QrDecoderSettings:
    try_invert: bool = True
    """Also look for light-on-dark codes (phones in dark mode)."""
    downscale_above_px: int = 1600
    """Let zxing-cpp also try downscaled copies of frames larger than this (0: always)."""
    sharpen_retry: bool = True
    """If the first pass finds nothing, retry on an unsharp-masked copy."""
    sharpen_kernel: int = 5
    sharpen_amount: float = 1.5
    upscale_below_px: int = 0
    """If still nothing and the picture is smaller than this, retry at twice the size (0: never)."""


LIVE_CAMERA = QrDecoderSettings()
"""For 30 fps camera frames: every pass is cheap, the next frame is another chance."""

STILL_PICTURE = QrDecoderSettings(downscale_above_px=0, upscale_below_px=1000)
"""For a picture file: one chance, so spend more time on it."""


class QrDecoder:
    """Decodes the QR codes in one frame: `decode(frame) -> list[str]`.

    Stateless apart from its settings, so one instance may serve several
    threads. The frame is a numpy uint8 array, grayscale (H, W) or BGR/BGRA
    (H, W, 3|4) as OpenCV delivers it. Returns the decoded texts in the order
    found, without duplicates; [] when there is none.
    """

    def __init__(self, settings: QrDecoderSettings = LIVE_CAMERA) -> None:
        self.settings = settings

    def decode(self, frame: np.ndarray) -> list[str]:
        gray = _to_gray(frame)
        settings = self.settings
        texts = self._read(gray)
        if texts:
            return texts
        if settings.sharpen_retry:
            texts = self._read(_unsharp(gray, settings.sharpen_kernel, settings.sharpen_amount))
            if texts:
                return texts
        if settings.upscale_below_px and max(gray.shape) < settings.upscale_below_px:
            import cv2

            larger = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
            texts = self._read(larger)
        return texts

    def _read(self, gray: np.ndarray) -> list[str]:
        import zxingcpp

        settings = self.settings
        results = zxingcpp.read_barcodes(
            gray,
            formats=zxingcpp.BarcodeFormat.QRCode,
            try_rotate=False,
            try_downscale=max(gray.shape) > settings.downscale_above_px,
            try_invert=settings.try_invert,
            text_mode=zxingcpp.TextMode.Plain,
        )
        texts: list[str] = []
        for result in results:
            if result.valid and result.text not in texts:
                texts.append(result.text)
        return texts


def _to_gray(frame: np.ndarray) -> np.ndarray:
    import cv2
    import numpy as np

    frame = np.asarray(frame)
    if frame.dtype != np.uint8:
        raise ValueError(f"expected a uint8 frame, got {frame.dtype}")
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    raise ValueError(f"expected a grayscale or BGR frame, got shape {frame.shape}")


def _unsharp(gray: np.ndarray, kernel: int, amount: float) -> np.ndarray:
    """Unsharp mask with a box blur: restores module edges softened by focus,
    motion and the screen's pixel grid, at a fraction of a Gaussian's cost."""
    import cv2

    blurred = cv2.blur(gray, (kernel, kernel))
    return cv2.addWeighted(gray, 1.0 + amount, blurred, -amount, 0.0)


def load_gray_image(path: Path) -> np.ndarray | None:
    """Read any picture Pillow or OpenCV can read as a grayscale array; None if unreadable."""
    import numpy as np

    path = Path(path)
    if not path.is_file():
        return None
    try:
        from PIL import Image, ImageOps

        with Image.open(path) as image:
            image.load()
            # Phone photos carry their rotation in EXIF; honour it as a viewer would.
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                # Transparent pixels are shown on white; their stored colour is often black.
                rgba = image.convert("RGBA")
                image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
            gray = np.asarray(image.convert("L"), dtype=np.uint8)
            return np.ascontiguousarray(gray) if gray.size else None
    except Exception:  # noqa: BLE001 - a corrupt or unknown picture falls through to OpenCV
        pass
    try:
        import cv2

        gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    except Exception:  # noqa: BLE001 - never raise on a bad picture
        return None
    return gray if gray is not None and gray.size else None


_STILL_DECODER = QrDecoder(STILL_PICTURE)


def _decode_gray(gray: np.ndarray | None) -> list[str]:
    if gray is None:
        return []
    try:
        return _STILL_DECODER.decode(gray)
    except Exception:  # noqa: BLE001 - a decoder failure on one picture means "no code"
        return []


def decode_image_file(path: Path) -> list[str]:
    """Texts of the QR codes in a picture file; [] when none or when the file is unreadable."""
    return _decode_gray(load_gray_image(Path(path)))


def scan_images_command(paths: list[Path]) -> int:
    """`main.py scan-image`: one JSON line per picture, {"file", "texts", "ms"}.

    "ms" is the decode time only, without reading the file.
    """
    for path in paths:
        gray = load_gray_image(Path(path))
        started = time.perf_counter()
        texts = _decode_gray(gray)
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        line = {"file": str(path), "texts": texts, "ms": round(elapsed_ms, 2)}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
