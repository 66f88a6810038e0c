from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.escpos import encode_receipt, receipt_lines
from drivers.escpos_interpreter import (
    EscPosInterpreter,
    PaperCut,
    PrintedLine,
    PrintedQr,
    StreamIssueKind,
)
from drivers.receipt import Align

from .receipts import QR_URL, service_receipt


def parse(stream: bytes):
    return EscPosInterpreter().parse(stream)


def test_round_trip_gives_the_same_lines_and_qr():
    document = service_receipt()
    result = parse(encode_receipt(document))
    assert result.issues == []
    assert result.lines == receipt_lines(document)
    assert result.lines[0] == "上海市一网通办"
    assert "办件编号                       SH20261130-000123" in result.lines
    assert result.lines[-1] == "谢谢！"
    assert [qr.text for qr in result.qr_codes] == [QR_URL]
    assert result.qr_codes[0].module_px == 6
    assert result.qr_codes[0].error_level == "M"
    assert result.qr_codes[0].align is Align.CENTER
    assert result.cuts == 1 and result.items[-1] == PaperCut(partial=True)


def test_round_trip_keeps_styles():
    items = parse(encode_receipt(service_receipt())).items
    title = items[0]
    assert isinstance(title, PrintedLine)
    assert (title.align, title.bold, title.width_scale, title.height_scale) == (
        Align.CENTER,
        True,
        2,
        2,
    )
    body = next(i for i in items if isinstance(i, PrintedLine) and i.text.startswith("请凭"))
    assert body.bold and body.width_scale == 1 and body.align is Align.LEFT


def test_unknown_command_is_skipped_with_a_note():
    result = parse(b"\x1b@\x1b\x7fHello\n\x07World\n")
    assert result.lines == ["Hello", "World"]
    kinds = [issue.kind for issue in result.issues]
    assert kinds == [StreamIssueKind.UNKNOWN_COMMAND, StreamIssueKind.UNKNOWN_COMMAND]
    assert result.issues[0].offset == 2


def test_known_commands_are_skipped_by_their_length():
    drawer_kick = b"\x1bp\x00\x19\xfa"
    barcode = b"\x1dkE\x05ABCDE"
    raster = b"\x1dv0\x00\x01\x00\x02\x00\xff\x0a"  # contains an LF byte inside image data
    result = parse(b"\x1b@" + drawer_kick + barcode + raster + b"after\n")
    assert result.lines == ["after"]
    assert {issue.kind for issue in result.issues} == {StreamIssueKind.IGNORED_COMMAND}


def test_truncated_command_is_reported_not_raised():
    stream = encode_receipt(service_receipt())
    cut_at = stream.index(b"\x1d(k", stream.index(b"1P0") - 6) + 6
    result = parse(stream[:cut_at])
    assert result.issues[-1].kind is StreamIssueKind.TRUNCATED_COMMAND
    assert result.lines[:2] == ["上海市一网通办", "自助服务终端 办件回执"]
    assert result.qr_codes == []


def test_every_prefix_of_a_receipt_parses():
    stream = encode_receipt(service_receipt())
    for end in range(len(stream)):
        parse(stream[:end])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(stream):
    result = parse(stream)
    assert isinstance(result.lines, list)


def test_text_after_last_lf_is_not_printed():
    result = parse(b"\x1b@printed\nstuck in buffer")
    assert result.lines == ["printed"]
    assert result.issues[-1].kind is StreamIssueKind.UNTERMINATED_LINE


def test_cut_variants():
    result = parse(b"\x1dV\x00\x1dV1\x1dVA\x05\x1dV\x07")
    assert result.items[:3] == [PaperCut(False), PaperCut(True), PaperCut(False)]
    assert result.issues[-1].kind is StreamIssueKind.INVALID_PARAMETER


def test_esc_d_prints_and_feeds():
    result = parse(b"line\x1bd\x03next\n")
    assert result.lines == ["line", "", "", "next"]


def test_reset_clears_style_and_buffer():
    result = parse(b"\x1bE\x01\x1d!\x11lost\x1b@plain\n")
    assert result.items == [PrintedLine("plain")]


def test_chinese_mode_decides_decoding():
    chinese = "办".encode("gb18030")
    result = parse(b"\x1c&" + chinese + b"\n\x1c." + b"\x82\n")
    assert result.lines == ["办", "é"]  # 0x82 is é in code page 437


def test_invalid_gb18030_is_flagged():
    result = parse(b"\x1c&\x81\x0a")
    assert any(issue.kind is StreamIssueKind.UNDECODABLE_TEXT for issue in result.issues)


def test_qr_print_without_data_is_invalid():
    result = parse(b"\x1d(k\x03\x00\x31\x51\x30")
    assert result.qr_codes == []
    assert result.issues[0].kind is StreamIssueKind.INVALID_PARAMETER


def test_qr_state_is_read_from_commands():
    stream = (
        b"\x1d(k\x03\x00\x31\x43\x09"
        + b"\x1d(k\x03\x00\x31\x45\x33"
        + b"\x1d(k\x06\x00\x31\x50\x30abc"
        + b"\x1d(k\x03\x00\x31\x51\x30"
    )
    assert parse(stream).items == [PrintedQr(b"abc", 9, "H")]
