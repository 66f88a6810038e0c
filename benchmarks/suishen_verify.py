"""Suishen code figures: verify time per profile and algorithm, idle-frame cost,
and frame to verdict (decode a 1280x720 camera frame, then verify offline).

Codes come from the reference platform, trust data is applied as a kiosk
would; every figure is printed next to the same run's ES256 static verify
(the cheapest check) so shared-machine noise cancels in the ratios.

    .venv/bin/python benchmarks/suishen_verify.py [--repeat 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.qr_decoder import QrDecoder  # noqa: E402
from drivers.simulated.camera import SimulatedCamera  # noqa: E402
from kiosk.suishen import InMemoryReplayMemory, TrustDocumentKind, TrustStore, verify_presentation  # noqa: E402
from reference_platform.server import EmbeddedPlatform  # noqa: E402
from reference_platform.settings import PlatformSettings  # noqa: E402

RESIDENT = "310115195105120021"


def _timed_ms(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _line(name: str, samples: list[float], base: float) -> str:
    median = statistics.median(samples)
    p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
    return f"{name:<42} median {median:7.2f} ms  p95 {p95:7.2f} ms  ({median / base:5.1f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as temporary,
        EmbeddedPlatform(PlatformSettings(data_dir=Path(temporary))) as platform,
    ):
        store = TrustStore(platform.trust_anchor_spki)
        store.apply(TrustDocumentKind.TRUST_LIST, platform.trust_list_cose())
        store.apply(TrustDocumentKind.REVOCATION_LIST, platform.revocation_list_cose())
        codes = {
            (profile, alg): platform.issue_demo_code(RESIDENT, "valid", profile, alg).qr
            for profile in ("S", "D")
            for alg in ("ES256", "SM2")
        }
    now = int(time.time())
    replay = InMemoryReplayMemory()

    def verify(text: str):
        return verify_presentation(text, store.state, now, replay)

    results = {key: verify(text).result.value for key, text in codes.items()}
    verify_times = {
        key: _timed_ms(lambda text=text: verify(text), args.repeat) for key, text in codes.items()
    }
    base = statistics.median(verify_times[("S", "ES256")])
    print(f"verify, first result per code: {results}")
    for (profile, alg), samples in verify_times.items():
        print(_line(f"verify profile {profile} {alg}", samples, base))

    camera = SimulatedCamera(device_id="bench-camera")
    camera.open()
    decoder = QrDecoder()
    idle_frame = camera.grab(2.0)
    frames = {}
    for key in (("D", "SM2"), ("S", "SM2")):
        camera.show_qr(codes[key])
        frames[key] = camera.grab(2.0)
    camera.close()
    repeat = max(30, args.repeat // 3)
    idle = _timed_ms(lambda: decoder.decode(idle_frame), repeat)
    print(_line("idle 1280x720 frame (no code)", idle, base))
    print(
        f"{'':42} = {statistics.median(idle) * 30 / 10:.1f}% of one core at 30 fps; target < 5 ms"
    )
    for key, frame in frames.items():

        def frame_to_verdict(frame=frame) -> None:
            texts = decoder.decode(frame)
            verify(texts[0])

        assert decoder.decode(frame) == [codes[key]], "the decoder must read the frame"
        samples = _timed_ms(frame_to_verdict, repeat)
        print(
            _line(f"frame to verdict, profile {key[0]} {key[1]}", samples, base)
            + "  target < 30 ms"
        )


if __name__ == "__main__":
    main()
