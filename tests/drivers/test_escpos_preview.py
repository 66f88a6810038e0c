import io

import cv2
import numpy as np
import pytest
from PIL import Image

from drivers import escpos_preview
from drivers.escpos import encode_receipt
from drivers.escpos_preview import FontUnavailable, render_png
from drivers.receipt import ReceiptDocument, Text

from .receipts import QR_URL, service_receipt


def decode(png: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_preview_is_a_576_px_png_whose_qr_scans():
    png = render_png(encode_receipt(service_receipt()))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = decode(png)
    assert image.shape[1] == 576
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert decoded == QR_URL


def test_preview_draws_text_where_lines_are():
    one = decode(render_png(encode_receipt(ReceiptDocument([Text("办件编号")]))))
    blank = decode(render_png(encode_receipt(ReceiptDocument([Text("")]))))
    assert one.shape == blank.shape
    assert (one < 128).sum() > 100  # ink for four characters
    assert (blank < 128).sum() == 0
    left_half, right_half = one[:, :288], one[:, 288:]
    assert (left_half < 128).sum() > 0 and (right_half < 128).sum() == 0  # left aligned


def test_preview_grows_with_lines():
    short = Image.open(io.BytesIO(render_png(encode_receipt(ReceiptDocument([Text("a")])))))
    longer = Image.open(
        io.BytesIO(render_png(encode_receipt(ReceiptDocument([Text("a"), Text("b")]))))
    )
    assert longer.height > short.height


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(escpos_preview.shutil, "which", lambda name: None)
    monkeypatch.setattr(
        escpos_preview, "_KNOWN_FONT_PATHS", {False: tmp_path / "no.ttc", True: tmp_path / "no.ttc"}
    )
    escpos_preview.find_cjk_font.cache_clear()
    escpos_preview._font.cache_clear()
    try:
        with pytest.raises(FontUnavailable, match="fonts-noto-cjk"):
            render_png(encode_receipt(ReceiptDocument([Text("办")])))
    finally:
        escpos_preview.find_cjk_font.cache_clear()
        escpos_preview._font.cache_clear()
