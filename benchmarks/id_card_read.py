"""How long a full ID card read takes: SamIdCardReader against the virtual SAM.

find card + select card + read text/photo (a 1295-byte answer) over a pty,
with the virtual SAM pacing its writes at 10 bits per byte, so the wire
time of a real 115200-baud reader is included. The SAM's own thinking time
(card authentication, ~0.5-1 s on real modules) is not simulated; add it
when comparing with hardware.

    python benchmarks/id_card_read.py [--reads 20] [--baudrate 115200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.sam_id_card_reader import SamIdCardReader  # noqa: E402
from drivers.simulated.virtual_sam import VirtualSam  # noqa: E402

# Answer bytes the virtual SAM paces for one read: find 15 + select 19 + read 1295.
# The host's three 10-byte requests go through the pty unpaced; on a real line
# they would add 3 x 0.87 ms at 115200 baud.
_WIRE_BYTES = 15 + 19 + 1295


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--baudrate", type=int, default=115200)
    args = parser.parse_args()
    with VirtualSam(baudrate=args.baudrate) as sam:
        sam.insert_card("wang_xiuying")
        reader = SamIdCardReader(sam.port_path, baudrate=args.baudrate, poll_interval_s=0)
        reader.open()
        try:
            reader.read_card(timeout_s=5.0)  # warm-up
            times = []
            for _ in range(args.reads):
                start = time.perf_counter()
                reader.read_card(timeout_s=5.0)
                times.append(time.perf_counter() - start)
        finally:
            reader.close()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    floor = _WIRE_BYTES * 10 / args.baudrate
    print(f"{args.reads} reads at {args.baudrate} baud")
    print(f"  median {statistics.median(times) * 1000:7.1f} ms")
    print(f"  p95    {p95 * 1000:7.1f} ms")
    print(f"  wire-time floor {floor * 1000:7.1f} ms ({_WIRE_BYTES} bytes x 10 bits)")


if __name__ == "__main__":
    main()
