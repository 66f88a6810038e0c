"""How long a card read takes through a real pcscd: the social-security card and a passport.

Starts a private pcscd with vsmartcard's virtual reader (see
drivers/simulated/private_pcscd.py; the system's pcscd is not touched) and
reads, through PcscSmartCardReader:

- the social-security card: connect + SELECT MF/SSSE/EF05/EF06 + 13 READ
  RECORDs (17 APDUs), from `read_social_security_card`;
- the e-passport: connect + SELECT LDS + BAC (GET CHALLENGE, EXTERNAL
  AUTHENTICATE) + EF.COM and EF.DG1 under secure messaging, and with
  `--face` also a 15 kB DG2.

The virtual cards answer at once, so the figures are the host's share
(pyscard, pcscd, vpcd, the driver's thread hop, 3DES) — a real chip adds
its own time per APDU (typically 5-50 ms for contact cards).

    python benchmarks/pcsc_card_read.py [--reads 30] [--face]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.simulated.private_pcscd import VPCD_SLOT0_READER, PrivatePcscd  # noqa: E402
from drivers.simulated.virtual_passport import VirtualPassport  # noqa: E402
from drivers.simulated.vpcd_card import VpcdCard  # noqa: E402
from drivers.simulated.vpcd_social_security_card import vpcd_social_security_card  # noqa: E402

PASSPORT_DETAILS = ("L898902C3", dt.date(1974, 8, 12), dt.date(2012, 4, 15))


def _measure(reads: int, read_once: Callable[[], object]) -> list[float]:
    read_once()  # warm-up
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        read_once()
        times.append(time.perf_counter() - start)
    return sorted(times)


def _report(label: str, times: list[float]) -> None:
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{label}")
    print(f"  median {statistics.median(times) * 1000:7.1f} ms")
    print(f"  p95    {p95 * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=30)
    parser.add_argument("--face", action="store_true", help="also read a 15 kB DG2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pcsc-bench-") as work_dir:
        daemon = PrivatePcscd(work_dir)
        # Before the first PC/SC call: the client library reads it once.
        os.environ.update(daemon.client_environment)
        from drivers.icao_passport import read_passport
        from drivers.pcsc_smart_card_reader import PcscSmartCardReader
        from drivers.social_security_card import read_social_security_card

        with daemon:
            reader = PcscSmartCardReader(reader_name=VPCD_SLOT0_READER)
            reader.open()
            try:
                card = vpcd_social_security_card("wang_xiuying", daemon.vpcd_port)

                def read_ssc() -> object:
                    with reader.connect(timeout_s=10) as connection:
                        return read_social_security_card(connection)

                with card:
                    _report(
                        f"social-security card, {args.reads} reads (17 APDUs each)",
                        _measure(args.reads, read_ssc),
                    )
                # pcscd must see the slot empty, or it takes the passport for the same card.
                _wait_until(lambda: not reader.is_card_present())
                face = b"\xff\xd8\xff\xe0" + bytes(15_000) if args.face else None
                passport = VpcdCard(VirtualPassport(face_jpeg=face), daemon.vpcd_port)
                today = dt.date.today()

                def read_epassport() -> object:
                    with reader.connect(timeout_s=10) as connection:
                        return read_passport(
                            connection, *PASSPORT_DETAILS, today=today, read_face=args.face
                        )

                with passport:
                    what = "BAC + EF.COM + DG1" + (" + DG2 15 kB" if args.face else "")
                    _report(
                        f"e-passport, {args.reads} reads ({what})",
                        _measure(args.reads, read_epassport),
                    )
            finally:
                reader.close()


def _wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
