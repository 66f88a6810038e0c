"""The serial ESC/POS transport against a printer peer on a pseudo-terminal."""

import os
import threading
import tty

import pytest

from drivers.device import PrinterNotReady, PrinterProblem
from drivers.escpos_interpreter import EscPosInterpreter
from drivers.escpos_serial import serial_receipt_printer
from drivers.escpos_status import encode_status
from drivers.receipt import Cut, Field, ReceiptDocument, Title
from drivers.receipt_printer import PaperState, PrinterStatus

DLE_EOT = b"\x10\x04"


class PtyPrinter:
    """Answers DLE EOT n with real status bytes and keeps everything else it is sent."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self.status = PrinterStatus(online=True, paper=PaperState.OK, cover_open=False)
        self.received = bytearray()
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        pending = b""
        while not self._stop:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            pending += data
            while DLE_EOT in pending:
                index = pending.index(DLE_EOT)
                if len(pending) < index + 3:
                    break
                self.received += pending[:index]
                answer = encode_status(self.status)[pending[index + 2]]
                os.write(self.master, bytes([answer]))
                pending = pending[index + 3 :]
            if DLE_EOT[:1] not in pending:
                self.received += pending
                pending = b""

    def close(self) -> None:
        self._stop = True
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def peer():
    printer = PtyPrinter()
    yield printer
    printer.close()


def test_a_receipt_goes_over_the_serial_line(peer):
    printer = serial_receipt_printer("serial-printer", peer.path, poll_interval_s=0)
    printer.open()
    try:
        assert printer.status().paper is PaperState.OK
        printer.print_receipt(ReceiptDocument([Title("受理回执"), Field("受理编号", "SH-1"), Cut()]))
    finally:
        printer.close()
    parsed = EscPosInterpreter().parse(bytes(peer.received))
    assert "受理回执" in "\n".join(parsed.lines) and "SH-1" in "\n".join(parsed.lines)


def test_paper_out_is_refused_before_sending(peer):
    peer.status = PrinterStatus(online=True, paper=PaperState.OUT, cover_open=False)
    printer = serial_receipt_printer("serial-printer", peer.path, poll_interval_s=0)
    printer.open()
    try:
        sent_before = len(peer.received)
        with pytest.raises(PrinterNotReady) as refused:
            printer.print_receipt(ReceiptDocument([Title("x"), Cut()]))
        assert refused.value.reason is PrinterProblem.PAPER_OUT
        assert len(peer.received) == sent_before
    finally:
        printer.close()
