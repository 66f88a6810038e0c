"""ESC/POS over a serial line (RS-232 or a USB serial adapter), with pyserial.

The transport mirrors `escpos_network.TcpPrinterTransport`: every call has a
deadline (`DeviceTimeout`), a port that vanished or fails raises
`DeviceUnavailable` and is closed, and the next call opens it again (a USB
adapter that was pulled and plugged back in). Stale input is discarded
before each request so a late status answer is never read as a new one.
Unlike TCP, a serial write returns once the bytes left the UART, so no
delivery confirmation is needed to notice a lost link; a silent printer
shows up as a status timeout on the next request.
"""

from __future__ import annotations

import threading

import serial

from drivers.device import DeviceTimeout, DeviceUnavailable
from drivers.escpos_printer import EscPosReceiptPrinter, PrinterTransport
from drivers.escpos_status import status_request


class SerialPrinterTransport(PrinterTransport):
    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        rtscts: bool = False,
        xonxoff: bool = False,
        name: str | None = None,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self.rtscts = rtscts
        self.xonxoff = xonxoff
        self._name = name or port
        self._serial: serial.Serial | None = None
        self._lock = threading.RLock()

    @property
    def connected(self) -> bool:
        return self._serial is not None

    def open(self) -> None:
        with self._lock:
            self._drop()
            self._connect()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def write_raw(self, data: bytes, timeout_s: float) -> None:
        with self._lock:
            port = self._serial or self._connect()
            try:
                port.write_timeout = timeout_s
                port.write(data)
                port.flush()
            except serial.SerialTimeoutException:
                self._drop()
                raise DeviceTimeout(self._name, "write timed out (flow control held?)") from None
            except (serial.SerialException, OSError) as error:
                self._drop()
                raise DeviceUnavailable(self._name, f"port failed while writing: {error}") from None

    def read_raw(self, count: int, timeout_s: float) -> bytes:
        with self._lock:
            port = self._serial
            if port is None:
                raise DeviceUnavailable(self._name, "not open")
            try:
                port.timeout = timeout_s
                data = port.read(count)
            except (serial.SerialException, OSError) as error:
                self._drop()
                raise DeviceUnavailable(self._name, f"port failed while reading: {error}") from None
            if len(data) < count:
                self._drop()  # a late answer must not be taken for the next one
                raise DeviceTimeout(self._name, "no answer from the printer")
            return data

    def query_status(self, n: int, timeout_s: float) -> int:
        with self._lock:
            port = self._serial or self._connect()
            try:
                port.reset_input_buffer()
            except (serial.SerialException, OSError) as error:
                self._drop()
                raise DeviceUnavailable(self._name, f"port failed: {error}") from None
            self.write_raw(status_request(n), timeout_s)
            return self.read_raw(1, timeout_s)[0]

    def _connect(self) -> serial.Serial:
        try:
            port = serial.Serial(
                self.port,
                self.baudrate,
                timeout=0,
                write_timeout=1.0,
                rtscts=self.rtscts,
                xonxoff=self.xonxoff,
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise DeviceUnavailable(self._name, f"cannot open: {error}") from None
        self._serial = port
        return port

    def _drop(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass


def serial_receipt_printer(
    device_id: str,
    port: str,
    baudrate: int = 9600,
    rtscts: bool = False,
    xonxoff: bool = False,
    width_chars: int = 48,
    poll_interval_s: float = 1.0,
    io_timeout_s: float = 2.0,
) -> EscPosReceiptPrinter:
    """An ESC/POS receipt printer on a serial port (e.g. /dev/ttyS0, /dev/ttyUSB0)."""
    transport = SerialPrinterTransport(
        port, baudrate, rtscts=rtscts, xonxoff=xonxoff, name=f"{device_id}@{port}"
    )
    return EscPosReceiptPrinter(
        device_id,
        transport,
        width_chars=width_chars,
        poll_interval_s=poll_interval_s,
        io_timeout_s=io_timeout_s,
    )
