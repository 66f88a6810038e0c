"""Reading an ESC/POS byte stream back into lines, QR codes and cuts.

Used by the simulated printer and the technician preview. It understands
the commands `drivers.escpos` emits; other well-known commands are skipped
by their documented length; anything else is skipped with an issue noted.
It never raises on bad input: truncated commands end parsing with an issue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from drivers.receipt import Align

_ESC, _GS, _FS, _DLE = 0x1B, 0x1D, 0x1C, 0x10
_LF, _CR, _HT = 0x0A, 0x0D, 0x09


class StreamIssueKind(StrEnum):
    UNKNOWN_COMMAND = "unknown_command"
    # Known command with no effect on the preview (cash drawer, barcodes, images...).
    IGNORED_COMMAND = "ignored_command"
    TRUNCATED_COMMAND = "truncated_command"
    INVALID_PARAMETER = "invalid_parameter"
    UNDECODABLE_TEXT = "undecodable_text"
    # Text after the last LF: a printer keeps it in its buffer, unprinted.
    UNTERMINATED_LINE = "unterminated_line"


@dataclass(frozen=True)
class StreamIssue:
    offset: int
    kind: StreamIssueKind
    command: bytes = b""


@dataclass(frozen=True)
class PrintedLine:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    width_scale: int = 1
    height_scale: int = 1


@dataclass(frozen=True)
class PrintedQr:
    data: bytes
    module_px: int
    error_level: str  # "L", "M", "Q" or "H"
    align: Align = Align.LEFT

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class PaperCut:
    partial: bool


PrintedItem = PrintedLine | PrintedQr | PaperCut


@dataclass
class InterpretedStream:
    items: list[PrintedItem] = field(default_factory=list)
    issues: list[StreamIssue] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return [item.text for item in self.items if isinstance(item, PrintedLine)]

    @property
    def qr_codes(self) -> list[PrintedQr]:
        return [item for item in self.items if isinstance(item, PrintedQr)]

    @property
    def cuts(self) -> int:
        return sum(isinstance(item, PaperCut) for item in self.items)


class _Truncated(Exception):
    pass


_ALIGN_BY_PARAM = {0: Align.LEFT, 48: Align.LEFT, 1: Align.CENTER, 49: Align.CENTER,
                   2: Align.RIGHT, 50: Align.RIGHT}  # fmt: skip
_QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
# Parameter byte counts of known commands the preview does not render.
_ESC_FIXED = {ord(c): n for c, n in {
    "-": 1, "M": 1, "t": 1, "G": 1, "3": 1, " ": 1, "R": 1, "{": 1, "V": 1, "r": 1,
    "2": 0, "=": 1, "p": 3, "$": 2, "\\": 2, "U": 1, "c": 2, "L": 0, "S": 0, "T": 1,
}.items()}  # fmt: skip
_GS_FIXED = {ord(c): n for c, n in {
    "B": 1, "H": 1, "h": 1, "w": 1, "f": 1, "b": 1, "a": 1, "r": 1, "I": 1,
    "L": 2, "W": 2, "P": 2, "$": 2, "\\": 2,
}.items()}  # fmt: skip
_FS_FIXED = {ord(c): n for c, n in {"-": 1, "C": 1, "S": 2, "W": 1, "p": 2}.items()}


class EscPosInterpreter:
    """Parses one stream; create one per stream or call `parse` repeatedly."""

    def parse(self, stream: bytes) -> InterpretedStream:
        self._stream = stream
        self._result = InterpretedStream()
        self._reset_state()
        self._pos = 0
        handlers: dict[int, Callable[[], None]] = {
            _ESC: self._esc, _GS: self._gs, _FS: self._fs, _DLE: self._dle,
        }  # fmt: skip
        while self._pos < len(stream):
            self._start = self._pos
            byte = stream[self._pos]
            try:
                if byte == _LF:
                    self._pos += 1
                    self._flush_line()
                elif byte in handlers:
                    self._pos += 1
                    handlers[byte]()
                elif byte == _HT:
                    self._pos += 1
                    self._add_text(b" ")
                elif byte == _CR:
                    self._pos += 1
                elif byte < 0x20 or byte == 0x7F:
                    self._pos += 1
                    self._issue(StreamIssueKind.UNKNOWN_COMMAND)
                else:
                    self._take_text()
            except _Truncated:
                self._issue(StreamIssueKind.TRUNCATED_COMMAND, stream[self._start :])
                break
        if self._segments:
            self._issue_at(len(stream), StreamIssueKind.UNTERMINATED_LINE, b"")
        return self._result

    # -- state -----------------------------------------------------------

    def _reset_state(self) -> None:
        self._align = Align.LEFT
        self._bold = False
        self._width_scale = 1
        self._height_scale = 1
        self._chinese = False
        self._qr_module_px = 3
        self._qr_level = "L"
        self._qr_data: bytes | None = None
        self._segments: list[tuple[bytes, bool]] = []
        self._line_style: tuple[Align, bool, int, int] | None = None

    def _issue(self, kind: StreamIssueKind, command: bytes | None = None) -> None:
        if command is None:
            command = self._stream[self._start : self._pos]
        self._issue_at(self._start, kind, command)

    def _issue_at(self, offset: int, kind: StreamIssueKind, command: bytes) -> None:
        self._result.issues.append(StreamIssue(offset, kind, command))

    def _take(self, count: int) -> bytes:
        if self._pos + count > len(self._stream):
            raise _Truncated
        chunk = self._stream[self._pos : self._pos + count]
        self._pos += count
        return chunk

    def _byte(self) -> int:
        return self._take(1)[0]

    # -- text ------------------------------------------------------------

    def _take_text(self) -> None:
        end = self._pos
        while end < len(self._stream) and self._stream[end] >= 0x20 and self._stream[end] != 0x7F:
            end += 1
        self._add_text(self._stream[self._pos : end])
        self._pos = end

    def _add_text(self, chunk: bytes) -> None:
        if self._line_style is None:
            # ESC a only takes effect at the start of a line; sizes are taken from
            # the first character too, since a preview line has one style.
            self._line_style = (self._align, self._bold, self._width_scale, self._height_scale)
        self._segments.append((chunk, self._chinese))

    def _flush_line(self) -> None:
        style = self._line_style or (
            self._align, self._bold, self._width_scale, self._height_scale
        )  # fmt: skip
        parts = []
        for chunk, chinese in self._segments:
            text = chunk.decode("gb18030" if chinese else "cp437", errors="replace")
            if "\ufffd" in text:
                self._issue_at(self._start, StreamIssueKind.UNDECODABLE_TEXT, chunk)
            parts.append(text)
        self._result.items.append(PrintedLine("".join(parts), *style))
        self._segments = []
        self._line_style = None

    def _flush_if_pending(self) -> None:
        if self._segments:
            self._flush_line()

    # -- command families ------------------------------------------------

    def _esc(self) -> None:
        command = self._byte()
        if command == ord("@"):
            self._reset_state()
        elif command == ord("a"):
            value = self._byte()
            if value in _ALIGN_BY_PARAM:
                self._align = _ALIGN_BY_PARAM[value]
            else:
                self._issue(StreamIssueKind.INVALID_PARAMETER)
        elif command == ord("E"):
            self._bold = bool(self._byte() & 1)
        elif command == ord("!"):
            mode = self._byte()
            self._bold = bool(mode & 0x08)
            self._height_scale = 2 if mode & 0x10 else 1
            self._width_scale = 2 if mode & 0x20 else 1
        elif command == ord("d"):
            self._feed_lines(self._byte())
        elif command == ord("J"):
            self._byte()
            self._flush_if_pending()
        elif command == ord("D"):
            self._skip_until_nul()
        elif command == ord("*"):
            mode, n_low, n_high = self._take(3)
            dots = n_low + 256 * n_high
            self._take(dots * (3 if mode in (32, 33) else 1))
            self._issue(
                StreamIssueKind.IGNORED_COMMAND, self._stream[self._start : self._start + 2]
            )
        elif command in _ESC_FIXED:
            self._take(_ESC_FIXED[command])
            self._issue(StreamIssueKind.IGNORED_COMMAND)
        else:
            self._issue(StreamIssueKind.UNKNOWN_COMMAND)

    def _gs(self) -> None:
        command = self._byte()
        if command == ord("!"):
            size = self._byte()
            width, height = (size >> 4) + 1, (size & 0x0F) + 1
            if width > 8 or height > 8:
                self._issue(StreamIssueKind.INVALID_PARAMETER)
            else:
                self._width_scale, self._height_scale = width, height
        elif command == ord("V"):
            self._cut()
        elif command == ord("("):
            self._gs_paren()
        elif command == ord("k"):
            self._barcode()
        elif command == ord("v"):
            header = self._take(6)  # '0' m xL xH yL yH
            self._take((header[2] + 256 * header[3]) * (header[4] + 256 * header[5]))
            self._issue(
                StreamIssueKind.IGNORED_COMMAND, self._stream[self._start : self._start + 3]
            )
        elif command in _GS_FIXED:
            self._take(_GS_FIXED[command])
            self._issue(StreamIssueKind.IGNORED_COMMAND)
        else:
            self._issue(StreamIssueKind.UNKNOWN_COMMAND)

    def _fs(self) -> None:
        command = self._byte()
        if command == ord("&"):
            self._chinese = True
        elif command == ord("."):
            self._chinese = False
        elif command == ord("!"):
            mode = self._byte()
            self._width_scale = 2 if mode & 0x04 else 1
            self._height_scale = 2 if mode & 0x08 else 1
        elif command == ord("2"):
            self._take(74)  # c1 c2 + 72 bytes of a user-defined character
            self._issue(
                StreamIssueKind.IGNORED_COMMAND, self._stream[self._start : self._start + 2]
            )
        elif command in _FS_FIXED:
            self._take(_FS_FIXED[command])
            self._issue(StreamIssueKind.IGNORED_COMMAND)
        else:
            self._issue(StreamIssueKind.UNKNOWN_COMMAND)

    def _dle(self) -> None:
        command = self._byte()
        if command in (0x04, 0x05):  # DLE EOT n / DLE ENQ n: real-time requests
            self._byte()
        elif command == 0x14:  # DLE DC4 fn ...
            fn = self._byte()
            self._take({1: 2, 2: 2, 7: 1, 8: 7}.get(fn, 0))
        else:
            self._issue(StreamIssueKind.UNKNOWN_COMMAND)
            return
        self._issue(StreamIssueKind.IGNORED_COMMAND)

    # -- details -----------------------------------------------------------

    def _feed_lines(self, count: int) -> None:
        if count == 0:
            self._flush_if_pending()
            return
        self._flush_line()
        for _ in range(count - 1):
            self._flush_line()

    def _cut(self) -> None:
        mode = self._byte()
        if mode in (0, 48):
            partial = False
        elif mode in (1, 49):
            partial = True
        elif mode in (65, 66, 97, 98, 103, 104):
            self._byte()  # feed amount before cutting
            partial = mode in (66, 98, 104)
        else:
            self._issue(StreamIssueKind.INVALID_PARAMETER)
            return
        self._flush_if_pending()
        self._result.items.append(PaperCut(partial))

    def _skip_until_nul(self) -> None:
        while self._byte() != 0:
            pass

    def _barcode(self) -> None:
        system = self._byte()
        if system <= 6:
            self._skip_until_nul()
        else:
            self._take(self._byte())
        self._issue(StreamIssueKind.IGNORED_COMMAND, self._stream[self._start : self._start + 3])

    def _gs_paren(self) -> None:
        function = self._byte()
        n_low, n_high = self._take(2)
        params = self._take(n_low + 256 * n_high)
        if function != ord("k") or not params or params[0] != 49:
            self._issue(
                StreamIssueKind.IGNORED_COMMAND, self._stream[self._start : self._start + 3]
            )
            return
        self._qr_function(params[1:])

    def _qr_function(self, body: bytes) -> None:
        if not body:
            self._issue(StreamIssueKind.INVALID_PARAMETER)
            return
        fn, args = body[0], body[1:]
        if fn == 65 and len(args) == 2 and args[0] in (49, 50, 51):
            return  # model: the preview always draws model 2
        if fn == 67 and len(args) == 1 and 1 <= args[0] <= 16:
            self._qr_module_px = args[0]
        elif fn == 69 and len(args) == 1 and args[0] in _QR_LEVELS:
            self._qr_level = _QR_LEVELS[args[0]]
        elif fn == 80 and args[:1] == b"0":
            self._qr_data = args[1:]
        elif fn == 81 and args == b"0" and self._qr_data:
            self._flush_if_pending()
            self._result.items.append(
                PrintedQr(self._qr_data, self._qr_module_px, self._qr_level, self._align)
            )
        elif fn == 82:
            self._issue(StreamIssueKind.IGNORED_COMMAND)
        else:
            self._issue(StreamIssueKind.INVALID_PARAMETER)
