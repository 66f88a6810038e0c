"""A virtual SAM module on a pseudo-terminal, for the real SamIdCardReader.

It speaks the GA/T 467 SAM frames byte by byte on the master side of a pty;
the real driver opens the slave side (`port_path`) with pyserial, so the
driver's framing, timeouts and parser run against real bytes. Demo cards
come from `drivers/simulated/cards/*.json`, encoded into the card's fixed
text layout.

    sam = VirtualSam()
    sam.insert_card("wang_xiuying")
    reader = SamIdCardReader(sam.port_path)

`link_path` keeps a symlink pointing at the current slave, the way udev
gives a real reader a stable name; `replug()` creates a new pty, so a
driver that reopens by the link finds the reader again.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from enum import StrEnum
from pathlib import Path

from drivers.ethnic_groups import CODE_BY_ETHNIC_GROUP
from drivers.id_card_text import (
    CODE_BY_SEX,
    FOREIGN_LAYOUT,
    FOREIGN_PERMANENT_RESIDENCE_TYPE,
    HMT_LAYOUT,
    HMT_RESIDENCE_PERMIT_TYPE,
    LONG_TERM,
    RESIDENT_LAYOUT,
    TEXT_LENGTH,
    CardText,
    ForeignPermanentResidenceText,
    HmtResidencePermitText,
    ResidentIdText,
)
from drivers.identity_document import IdentityDocument, IdentityDocumentType
from drivers.sam_protocol import (
    FrameReassembler,
    SamCommand,
    SamFrameError,
    SamFrameErrorReason,
    SamStatus,
    encode_answer,
    parse_request,
)
from drivers.simulated.id_card_reader import DEFAULT_CARDS_DIR, load_identity_card

PHOTO_LENGTH = 1024
SAM_ID = bytes.fromhex("05000000310000000000000000000001")
# Starts with a partial preamble so a reassembler must really resynchronise.
GARBAGE = b"\xaa\xaa\x00\x13\x37\xaa\xaa\xaa\x96\xfe\xff"


class VirtualSamFault(StrEnum):
    # The read answer stops halfway and the card is gone (slid off the reader).
    REMOVED_MID_READ = "removed_mid_read"
    BAD_CHECKSUM = "bad_checksum"
    # The module stops answering (hung SAM).
    SILENT = "silent"
    GARBAGE_BEFORE = "garbage_before"
    GARBAGE_INSTEAD = "garbage_instead"


def _format(value: object) -> str:
    if value is None:
        return LONG_TERM
    if hasattr(value, "strftime"):
        return value.strftime("%Y%m%d")  # type: ignore[union-attr]
    return str(value)


def _encode_fields(values: dict[str, object], layout: tuple[tuple[str, int], ...]) -> bytes:
    text = bytearray()
    for name, width in layout:
        raw = _format(values.get(name, "")).encode("utf-16-le")
        if len(raw) > width:
            raise ValueError(f"{name} needs {len(raw)} bytes, field has {width}")
        text += raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)
    assert len(text) == TEXT_LENGTH
    return bytes(text)


def encode_card_text(card_text: CardText) -> bytes:
    """The 256-byte UCS-2 text a card holds (inverse of id_card_text.parse_card_text)."""
    values: dict[str, object] = dict(card_text.__dict__)
    values["sex"] = CODE_BY_SEX[card_text.sex]
    if isinstance(card_text, ForeignPermanentResidenceText):
        values["card_type"] = FOREIGN_PERMANENT_RESIDENCE_TYPE
        return _encode_fields(values, FOREIGN_LAYOUT)
    if isinstance(card_text, HmtResidencePermitText):
        values["card_type"] = HMT_RESIDENCE_PERMIT_TYPE
        return _encode_fields(values, HMT_LAYOUT)
    return _encode_fields(values, RESIDENT_LAYOUT)


def resident_text_of(document: IdentityDocument) -> ResidentIdText:
    if document.doc_type is not IdentityDocumentType.RESIDENT_ID_CARD:
        raise ValueError(f"demo card files hold resident ID cards, not {document.doc_type}")
    return ResidentIdText(
        name=document.name,
        sex=document.sex,
        ethnicity_code=CODE_BY_ETHNIC_GROUP[document.ethnicity],
        birth=document.birth_date,
        address=document.address,
        id_number=document.id_number,
        issuer=document.issuer,
        valid_from=document.valid_from,
        valid_to=document.valid_to,
    )


def pad_photo(photo_wlt: bytes) -> bytes:
    """Real cards always carry 1024 photo bytes; demo placeholders are zero-padded."""
    if len(photo_wlt) > PHOTO_LENGTH:
        raise ValueError(f"photo of {len(photo_wlt)} bytes exceeds {PHOTO_LENGTH}")
    return photo_wlt + bytes(PHOTO_LENGTH - len(photo_wlt))


def read_answer_data(text: bytes, photo_wlt: bytes, fingerprint: bytes | None = None) -> bytes:
    data = len(text).to_bytes(2, "big") + len(photo_wlt).to_bytes(2, "big")
    if fingerprint is not None:
        data += len(fingerprint).to_bytes(2, "big")
    return data + text + photo_wlt + (fingerprint or b"")


class VirtualSam:
    def __init__(
        self,
        cards_dir: str | Path | None = None,
        baudrate: int | None = None,
        link_path: str | Path | None = None,
    ) -> None:
        self._cards_dir = Path(cards_dir) if cards_dir else DEFAULT_CARDS_DIR
        # None: answer at full speed; otherwise pace writes at 10 bits per byte.
        self.baudrate = baudrate
        self._link_path = Path(link_path) if link_path else None
        self._lock = threading.Lock()
        self._card: tuple[bytes, bytes] | None = None
        self._selected = False
        self.fault: VirtualSamFault | None = None
        self.requests: list[SamCommand | int] = []
        self._master: int | None = None
        self._slave: int | None = None
        self._slave_name = ""
        self._plug_request: bool | None = None
        self._plug_done = threading.Event()
        self._stop = threading.Event()
        self._open_pty()
        self._thread = threading.Thread(target=self._run, name="virtual-sam", daemon=True)
        self._thread.start()

    # -- controls -----------------------------------------------------------

    @property
    def port_path(self) -> str:
        return str(self._link_path) if self._link_path else self._slave_name

    @property
    def plugged_in(self) -> bool:
        return self._master is not None

    def available_cards(self) -> list[str]:
        return sorted(path.stem for path in self._cards_dir.glob("*.json"))

    def insert_card(self, card_name: str) -> IdentityDocument:
        document = load_identity_card(self._cards_dir / f"{card_name}.json")
        self.insert_text(resident_text_of(document), document.photo_wlt)
        return document

    def insert_text(self, card_text: CardText, photo_wlt: bytes = b"") -> None:
        with self._lock:
            self._card = (encode_card_text(card_text), pad_photo(photo_wlt))
            self._selected = False

    def remove_card(self) -> None:
        with self._lock:
            self._card = None
            self._selected = False

    def unplug(self) -> None:
        self._request_plug(False)

    def replug(self) -> None:
        self._request_plug(True)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._close_pty()

    def __enter__(self) -> VirtualSam:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- pty ----------------------------------------------------------------

    def _request_plug(self, plugged: bool) -> None:
        # Only the loop thread opens and closes descriptors, so it never
        # selects on a number that was closed and reused meanwhile.
        self._plug_done.clear()
        self._plug_request = plugged
        if not self._plug_done.wait(timeout=2.0):
            raise RuntimeError("virtual SAM loop did not answer the plug request")

    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        self._slave_name = os.ttyname(slave)
        if self._link_path:
            temporary = self._link_path.with_name(self._link_path.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            temporary.symlink_to(self._slave_name)
            temporary.replace(self._link_path)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None
        if self._link_path:
            with contextlib.suppress(FileNotFoundError):
                self._link_path.unlink()

    # -- loop ---------------------------------------------------------------

    def _run(self) -> None:
        reassembler = FrameReassembler()
        while not self._stop.is_set():
            if self._plug_request is not None:
                plugged, self._plug_request = self._plug_request, None
                if plugged and self._master is None:
                    self._open_pty()
                elif not plugged and self._master is not None:
                    self._close_pty()
                reassembler.reset()
                self._plug_done.set()
            if self._master is None:
                time.sleep(0.02)
                continue
            try:
                ready, _, _ = select.select([self._master], [], [], 0.02)
                if not ready:
                    continue
                reassembler.feed(os.read(self._master, 4096))
            except OSError:
                continue
            while True:
                try:
                    body = reassembler.next_body()
                except SamFrameError as error:
                    status = (
                        SamStatus.CHECKSUM_ERROR
                        if error.reason is SamFrameErrorReason.BAD_CHECKSUM
                        else SamStatus.LENGTH_ERROR
                    )
                    self._send(encode_answer(status))
                    continue
                if body is None:
                    break
                self._answer(body)

    def _answer(self, body: bytes) -> None:
        request = parse_request(body)
        try:
            command: SamCommand | int = SamCommand((request.command, request.parameter))
        except ValueError:
            command = request.command
        self.requests.append(command)
        fault = self.fault
        if fault is VirtualSamFault.SILENT:
            return
        if fault is VirtualSamFault.GARBAGE_INSTEAD:
            self._send(GARBAGE)
            return
        frame = self._answer_frame(command)
        if fault is VirtualSamFault.REMOVED_MID_READ and command in (
            SamCommand.READ_TEXT_PHOTO,
            SamCommand.READ_TEXT_PHOTO_FINGERPRINT,
        ):
            self.remove_card()
            self._send(frame[: len(frame) // 2])
            return
        if fault is VirtualSamFault.BAD_CHECKSUM:
            frame = frame[:-1] + bytes([frame[-1] ^ 0xFF])
        if fault is VirtualSamFault.GARBAGE_BEFORE:
            frame = GARBAGE + frame
        self._send(frame)

    def _answer_frame(self, command: SamCommand | int) -> bytes:
        with self._lock:
            card, selected = self._card, self._selected
            if command is SamCommand.SELECT_CARD and card is not None:
                self._selected = True
        if command in (SamCommand.RESET_SAM, SamCommand.SAM_STATUS):
            return encode_answer(SamStatus.SUCCESS)
        if command is SamCommand.READ_SAM_ID:
            return encode_answer(SamStatus.SUCCESS, SAM_ID)
        if command is SamCommand.FIND_CARD:
            if card is None:
                return encode_answer(SamStatus.NO_CARD)
            return encode_answer(SamStatus.FIND_CARD_SUCCESS, bytes(4))
        if command is SamCommand.SELECT_CARD:
            if card is None:
                return encode_answer(SamStatus.SELECT_FAILED)
            return encode_answer(SamStatus.SUCCESS, bytes(8))
        if command in (SamCommand.READ_TEXT_PHOTO, SamCommand.READ_TEXT_PHOTO_FINGERPRINT):
            if card is None or not selected:
                return encode_answer(SamStatus.READ_FAILED)
            fingerprint = b"" if command is SamCommand.READ_TEXT_PHOTO_FINGERPRINT else None
            return encode_answer(SamStatus.SUCCESS, read_answer_data(*card, fingerprint))
        return encode_answer(SamStatus.COMMAND_ERROR)

    def _send(self, data: bytes) -> None:
        master = self._master
        if master is None:
            return
        start = time.monotonic()
        chunk = 64 if self.baudrate else len(data)
        for offset in range(0, len(data), chunk):
            piece = data[offset : offset + chunk]
            if self.baudrate:
                # Hand bytes over no earlier than a real UART would have shifted them out.
                due = start + (offset + len(piece)) * 10 / self.baudrate
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            try:
                os.write(master, piece)
            except OSError:
                return
