"""Receipt print time over TCP: the kiosk's application receipt sent by
`EscPosReceiptPrinter` through `TcpPrinterTransport` to the network printer
simulator on 127.0.0.1, from call to return (status query DLE EOT 1/2/4,
encode, send, delivery confirmation). Printed next to the same run's
encode-only time, the baseline, so shared-machine noise cancels in the ratio.

    .venv/bin/python benchmarks/receipt_print.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.escpos import encode_receipt  # noqa: E402
from drivers.escpos_network import network_receipt_printer  # noqa: E402
from drivers.receipt import (  # noqa: E402
    Align,
    Cut,
    Feed,
    Field,
    QrCode,
    ReceiptDocument,
    Rule,
    Text,
    Title,
)
from drivers.simulated.network_receipt_printer import SimulatedNetworkPrinter  # noqa: E402


def application_receipt(number: int) -> ReceiptDocument:
    """The shape of the kiosk's application receipt: title, 8 fields, a QR code, cut."""
    case = f"SH20261130-{number:06d}"
    return ReceiptDocument(
        [
            Title("上海市一网通办"),
            Text("自助服务终端 办件回执", align=Align.CENTER),
            Rule(),
            Field("办件编号", case),
            Field("申请人", "王*英"),
            Field("证件号码", "3101**********0021"),
            Field("事项", "居住证签注（延期）申请受理"),
            Field("受理部门", "浦东新区公安分局出入境管理办公室"),
            Field("受理时间", "2026-11-30 10:42"),
            Field("承诺时限", "3个工作日"),
            Field("终端编号", "PD-LJZ-017"),
            Rule(),
            QrCode(f"https://zwdt.sh.gov.cn/r/{case}", module_px=6),
            Feed(2),
            Text("谢谢！", align=Align.CENTER),
            Cut(),
        ]
    )


def _timed_ms(action: Callable[[int], object], repeat: int) -> list[float]:
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _line(name: str, samples: list[float], base: float) -> str:
    median = statistics.median(samples)
    p95 = sorted(samples)[round(0.95 * (len(samples) - 1))]
    return f"{name:<34} median {median:7.3f} ms  p95 {p95:7.3f} ms  ({median / base:6.1f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    documents = [application_receipt(i) for i in range(args.repeat)]
    size = len(encode_receipt(documents[0]))
    encode = _timed_ms(lambda i: encode_receipt(documents[i]), args.repeat)

    with SimulatedNetworkPrinter() as simulator:
        printer = network_receipt_printer("bench", "127.0.0.1", simulator.port, poll_interval_s=0)
        printer.open()
        try:
            printer.print_receipt(documents[0])  # warm up: connection, first encode
            status = _timed_ms(lambda i: printer.status(), args.repeat)
            prints = _timed_ms(lambda i: printer.print_receipt(documents[i]), args.repeat)
        finally:
            printer.close()
        assert simulator.wait_for_jobs(args.repeat + 1), "simulator did not receive every job"
        render = _timed_ms(lambda i: simulator.jobs[i + 1].png, args.repeat)

    base = statistics.median(encode)
    print(f"application receipt: {size} bytes ESC/POS, {args.repeat} jobs over TCP 127.0.0.1")
    print(_line("encode only (baseline)", encode, base))
    print(_line("status query (DLE EOT 1, 2, 4)", status, base))
    print(_line("print_receipt over TCP", prints, base))
    print(_line("simulator render to PNG", render, base))


if __name__ == "__main__":
    main()
