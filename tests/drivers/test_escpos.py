from drivers.escpos import (
    encode_receipt,
    layout_receipt,
    receipt_lines,
    text_width,
    wrap_text,
)
from drivers.receipt import Align, Cut, Feed, Field, QrCode, ReceiptDocument, Text, Title

from .receipts import QR_URL, service_receipt


def test_stream_starts_with_init_and_chinese_mode():
    stream = encode_receipt(service_receipt())
    assert stream.startswith(b"\x1b@" + b"\x1c&")


def test_title_is_centred_bold_double_size_gb18030():
    stream = encode_receipt(ReceiptDocument([Title("上海市一网通办")]))
    title = "上海市一网通办".encode("gb18030")
    assert b"\x1ba\x01" + b"\x1bE\x01" + b"\x1d!\x11" + title + b"\n" in stream


def test_text_is_gb18030_including_four_byte_characters():
    rare = "𠮷"  # outside GBK: GB18030 needs four bytes
    stream = encode_receipt(ReceiptDocument([Text("办件编号" + rare)]))
    encoded = ("办件编号" + rare).encode("gb18030")
    assert len(rare.encode("gb18030")) == 4
    assert encoded + b"\n" in stream
    assert "办件编号".encode() not in stream  # not UTF-8


def test_styles_switch_back_after_a_title():
    stream = encode_receipt(ReceiptDocument([Title("标题"), Text("正文")]))
    body = "正文".encode("gb18030")
    before_body = stream[: stream.index(body)]
    assert before_body.endswith(b"\x1ba\x00\x1bE\x00\x1d!\x00")


def test_qr_uses_functions_165_167_169_180_181():
    stream = encode_receipt(ReceiptDocument([QrCode(QR_URL, module_px=6)]))
    data = QR_URL.encode()
    store_length = len(data) + 3
    expected = (
        b"\x1d(k\x04\x00\x31\x41\x32\x00"  # 165: model 2
        + b"\x1d(k\x03\x00\x31\x43\x06"  # 167: module size 6
        + b"\x1d(k\x03\x00\x31\x45\x31"  # 169: error correction M
        + b"\x1d(k"
        + bytes((store_length & 0xFF, store_length >> 8))
        + b"\x31\x50\x30"
        + data  # 180: store
        + b"\x1d(k\x03\x00\x31\x51\x30"  # 181: print
    )
    assert expected in stream
    assert b"\x1ba\x01" + expected in stream  # centred


def test_feed_and_cut():
    stream = encode_receipt(ReceiptDocument([Text("a"), Feed(3), Cut()]))
    assert stream.endswith(b"a\n" + b"\n\n\n" + b"\x1dVB\x00")


def test_control_characters_in_content_cannot_inject_commands():
    stream = encode_receipt(ReceiptDocument([Text("x\x1b@\x1dV\x00y"), Field("k\x1b", "v\x10")]))
    assert stream.count(b"\x1b@") == 1
    assert b"\x1dV" not in stream
    assert b"\x10" not in stream


def test_field_puts_value_on_the_right_edge():
    line = receipt_lines(ReceiptDocument([Field("办件编号", "SH20261130-000123")]))[0]
    assert line.startswith("办件编号 ")
    assert line.endswith(" SH20261130-000123")
    assert text_width(line) == 48


def test_long_field_value_wraps_below_the_label():
    value = "上海市浦东新区张杨路1588弄12号301室以及更多的详细地址信息"
    lines = receipt_lines(ReceiptDocument([Field("地址", value)]), width_chars=32)
    assert lines[0] == "地址"
    assert all(line.startswith("  ") for line in lines[1:])
    assert "".join(line.strip() for line in lines[1:]) == value
    assert all(text_width(line) <= 32 for line in lines)


def test_width_counts_double_byte_characters_twice():
    assert text_width("ab") == 2
    assert text_width("办件") == 4
    assert text_width("（）") == 4  # full-width punctuation is double-byte in GB18030


def test_wrap_keeps_ascii_words_and_limits_width():
    lines = wrap_text("请于 three working days 内领取 " + "很" * 30, 20)
    assert all(text_width(line) <= 20 for line in lines)
    assert "three" in "".join(lines) and "working" in "".join(lines)
    assert not any(line.startswith(" ") for line in lines[1:])
    assert wrap_text("a\n\nb", 10) == ["a", "", "b"]
    assert wrap_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_title_wraps_at_half_width():
    lines = receipt_lines(ReceiptDocument([Title("很" * 15)]))
    assert lines == ["很" * 12, "很" * 3]


def test_layout_marks_styles():
    items = layout_receipt(service_receipt())
    title = items[0]
    assert (title.text, title.align, title.bold, title.scale) == (
        "上海市一网通办",
        Align.CENTER,
        True,
        2,
    )
