"""The serial ESC/POS transport against a printer peer on a pseudo-terminal."""

import pytest

from drivers.device import PrinterNotReady, PrinterProblem
from drivers.escpos_interpreter import EscPosInterpreter
from drivers.escpos_serial import serial_receipt_printer
from drivers.receipt import Cut, Field, ReceiptDocument, Title
from drivers.receipt_printer import PaperState

from .pty_printer import PtyEscPosPrinter


@pytest.fixture
def peer():
    printer = PtyEscPosPrinter()
    yield printer
    printer.close()


def test_a_receipt_goes_over_the_serial_line(peer):
    printer = serial_receipt_printer("serial-printer", peer.path, poll_interval_s=0)
    printer.open()
    try:
        assert printer.status().paper is PaperState.OK
        printer.print_receipt(
            ReceiptDocument([Title("受理回执"), Field("受理编号", "SH-1"), Cut()])
        )
    finally:
        printer.close()
    # The serial write returns once the bytes left; the peer reads them on its own thread.
    assert peer.wait_for_jobs(1)
    parsed = EscPosInterpreter().parse(peer.jobs[0])
    assert "受理回执" in "\n".join(parsed.lines) and "SH-1" in "\n".join(parsed.lines)


def test_paper_out_is_refused_before_sending(peer):
    peer.printer.paper = PaperState.OUT
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
