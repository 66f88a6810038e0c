"""A remote-window call end to end: set-up time, frame rate, glass-to-glass latency, CPU, memory.

The kiosk runs in this process and the clerk console in a child process
(so each side's CPU and memory are its own), both with pattern cameras,
signaling through an embedded reference platform on 127.0.0.1 and media
restricted to 127.0.0.1. Latency is read from the pattern each frame
carries (its send time) against the arrival time at the other side; both
sides share this machine's clock.

Baseline, measured in the same process just before: the bare VP8 encode +
decode of the same frames at the same rate, so CPU figures read as a ratio
against what the codec alone must cost (shared-machine noise cancels).

    .venv/bin/python benchmarks/remote_call.py --seconds 20
    .venv/bin/python benchmarks/remote_call.py --seconds 600 --sizes 640x480   # memory soak
"""

from __future__ import annotations

import argparse
import fractions
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from drivers.device import DeviceKind  # noqa: E402
from drivers.simulated.pattern_camera import PatternCamera, draw_pattern, read_pattern  # noqa: E402
from kiosk.remote_window import call_events as ev  # noqa: E402
from kiosk.remote_window.audio import CountingAudioSink, ToneAudioSource  # noqa: E402
from kiosk.remote_window.ice_addresses import restrict_host_addresses  # noqa: E402
from kiosk.remote_window.media_loop import MediaLoop  # noqa: E402
from kiosk.remote_window.video_settings import VideoSettings  # noqa: E402

WARM_UP_S = 3.0
KIOSK_FIRST, CLERK_FIRST = 1_000_000, 5_000_000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_s() -> float:
    times = os.times()
    return times.user + times.system


def thread_cpu() -> dict[str, float]:
    """CPU seconds per thread of this process, by Python thread name (grouped by kind)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(task), "native (codec/ffmpeg)")
        # Executor workers are numbered; their sum is what matters.
        kind = name.split("_")[0] if name.startswith("asyncio_") else name.rsplit("-", 1)[0]
        used[kind] = used.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return used


class LatencyProbe:
    """Reads the pattern of every arriving frame from its luma plane (no colour conversion)."""

    def __init__(self, first: int) -> None:
        self._first = first
        self._lock = threading.Lock()
        self.latencies_ms: list[float] = []
        self.counters: list[int] = []
        self.arrivals: list[float] = []
        self.recording = False

    def __call__(self, frame, _monotonic: float) -> None:
        now = time.time()
        if not self.recording:
            return
        plane = frame.planes[0]
        luma = np.frombuffer(plane, np.uint8).reshape(frame.height, plane.line_size)
        read = read_pattern(luma[:, : frame.width], now)
        if read is None or not self._first <= read[0] < self._first + 1_000_000:
            return
        with self._lock:
            self.latencies_ms.append((now - read[1]) * 1000)
            self.counters.append(read[0])
            self.arrivals.append(now)

    def summary(self) -> dict:
        with self._lock:
            latencies = sorted(self.latencies_ms)
            arrivals = list(self.arrivals)
            counters = list(self.counters)
        if len(latencies) < 2:
            return {"frames": len(latencies)}
        span = arrivals[-1] - arrivals[0]
        return {
            "frames": len(latencies),
            "fps": (len(arrivals) - 1) / span if span > 0 else 0.0,
            "latency_median_ms": statistics.median(latencies),
            "latency_p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "skipped_frames": (counters[-1] - counters[0] + 1) - len(set(counters)),
        }


def baseline_codec_cpu(width: int, height: int, frames: int = 50) -> float:
    """CPU seconds per frame of the bare VP8 encode + decode of pattern frames."""
    import av
    from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, VpxPayloadDescriptor
    from aiortc.jitterbuffer import JitterFrame

    encoder, decoder = Vp8Encoder(), Vp8Decoder()
    prepared = []
    for index in range(frames):
        frame = av.VideoFrame.from_ndarray(
            draw_pattern(index, time.time(), width, height), format="bgr24"
        ).reformat(format="yuv420p")
        frame.pts, frame.time_base = index * 3600, fractions.Fraction(1, 90000)
        prepared.append(frame)
    started = time.thread_time()
    for frame in prepared:
        payloads, timestamp = encoder.encode(frame)
        data = b"".join(VpxPayloadDescriptor.parse(p)[1] for p in payloads)
        decoder.decode(JitterFrame(data=data, timestamp=timestamp))
    return (time.thread_time() - started) / frames


def wait_for(events: list, kind: type, timeout_s: float = 30.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for event in list(events):
            if isinstance(event, kind):
                return event
        time.sleep(0.01)
    raise TimeoutError(f"no {kind.__name__}: {[type(e).__name__ for e in events]}")


def measure_window(seconds: float, probe: LatencyProbe) -> dict:
    """Steady-state figures of this process over `seconds` (after the warm-up)."""
    probe.recording = True
    threads0 = thread_cpu()
    cpu0, wall0, rss0 = cpu_s(), time.monotonic(), rss_mb()
    rss_samples = [(0.0, rss0)]
    next_sample = wall0 + 10.0
    while time.monotonic() - wall0 < seconds:
        time.sleep(0.2)
        if time.monotonic() >= next_sample:
            rss_samples.append((time.monotonic() - wall0, rss_mb()))
            next_sample += 10.0
    wall = time.monotonic() - wall0
    probe.recording = False
    rss_samples.append((wall, rss_mb()))
    threads1 = thread_cpu()
    per_thread = {
        name: (threads1[name] - threads0.get(name, 0.0)) / wall for name in threads1
    }
    return {
        "cpu_cores": (cpu_s() - cpu0) / wall,
        "thread_cores": dict(sorted(per_thread.items(), key=lambda kv: -kv[1])[:6]),
        "rss_start_mb": rss0,
        "rss_end_mb": rss_samples[-1][1],
        "rss_growth_mb": rss_samples[-1][1] - rss0,
        "rss_samples": rss_samples,
        **probe.summary(),
    }


# -- clerk side (child process) --------------------------------------------------


def clerk_process(platform_url: str, token: str, size: tuple[int, int], fps: int,
                  seconds: float, results) -> None:  # fmt: skip
    from kiosk.remote_window.clerk_call import ClerkCall

    restrict_host_addresses(["127.0.0.1"])
    settings = VideoSettings(width=size[0], height=size[1], fps=fps)
    camera = PatternCamera("clerk-camera", DeviceKind.CAMERA, size[0], size[1], fps, CLERK_FIRST)
    camera.open()
    events: list = []
    loop = MediaLoop()
    loop.start()
    probe = LatencyProbe(KIOSK_FIRST)
    clerk = ClerkCall(loop, platform_url, token, events.append, camera, ToneAudioSource(330),
                      CountingAudioSink(), video=settings)  # fmt: skip
    clerk.resident_video.add_listener(probe)
    clerk.connect()
    wait_for(events, ev.ClerkStatus)
    clerk.set_available(True)
    results.put(("ready", None))
    ringing = wait_for(events, ev.Ringing, 60)
    clerk.take(ringing.request_id)
    wait_for(events, ev.MediaConnected)
    time.sleep(WARM_UP_S)
    figures = measure_window(seconds, probe)
    results.put(("clerk", figures))
    wait_for(events, ev.CallEnded, 60)
    clerk.close()
    loop.stop()
    camera.close()


# -- kiosk side (this process) ---------------------------------------------------


def run_call(platform_url: str, token: str, size: tuple[int, int], fps: int,
             seconds: float) -> dict:  # fmt: skip
    from kiosk.remote_window.kiosk_call import HelpContext, KioskCall

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(
        target=clerk_process, args=(platform_url, token, size, fps, seconds, results)
    )
    child.start()
    assert results.get(timeout=60)[0] == "ready"

    settings = VideoSettings(width=size[0], height=size[1], fps=fps)
    camera = PatternCamera("kiosk-camera", DeviceKind.CAMERA, size[0], size[1], fps, KIOSK_FIRST)
    camera.open()
    events: list = []
    loop = MediaLoop()
    loop.start()
    probe = LatencyProbe(CLERK_FIRST)
    kiosk = KioskCall(loop, platform_url, "SH-BENCH-0001", events.append, camera, None,
                      ToneAudioSource(440), CountingAudioSink(), video=settings)  # fmt: skip
    kiosk.clerk_video.add_listener(probe)
    asked = time.monotonic()
    kiosk.request_help(HelpContext("SH-BENCH", "Benchmark", "form"))
    wait_for(events, ev.Answered, 60)
    wait_for(events, ev.MediaConnected)
    setup_s = time.monotonic() - asked
    time.sleep(WARM_UP_S)
    kiosk_figures = measure_window(seconds, probe)
    kind, clerk_figures = results.get(timeout=seconds + 60)
    kiosk.hang_up()
    wait_for(events, ev.CallEnded)
    kiosk.close()
    loop.stop()
    camera.close()
    child.join(30)
    return {"setup_s": setup_s, "kiosk": kiosk_figures, "clerk": clerk_figures}


def camera_only_cpu(size: tuple[int, int], fps: int, seconds: float = 3.0) -> float:
    """Cores the pattern camera alone costs (drawing test frames; a real camera does not)."""
    camera = PatternCamera("probe", DeviceKind.CAMERA, size[0], size[1], fps)
    camera.open()
    camera.start(lambda frame: None)
    cpu0, wall0 = cpu_s(), time.monotonic()
    time.sleep(seconds)
    used = (cpu_s() - cpu0) / (time.monotonic() - wall0)
    camera.close()
    return used


def report(size: tuple[int, int], fps: int, figures: dict, baseline_s: float,
           camera_cores: float) -> None:  # fmt: skip
    width, height = size
    print(f"\n== {width}x{height} @ {fps} fps ==")
    print(f"call set-up (request to first frame both ways): {figures['setup_s']:.2f} s "
          "(target < 3 s)")  # fmt: skip
    codec_cores = baseline_s * fps
    for side, direction in (("kiosk", "clerk -> kiosk"), ("clerk", "kiosk -> clerk")):
        f = figures[side]
        if f.get("frames", 0) < 2:
            print(f"{side}: no pattern frames received")
            continue
        call_cores = f["cpu_cores"] - camera_cores
        print(
            f"{direction}: {f['fps']:.1f} fps received, latency median "
            f"{f['latency_median_ms']:.0f} ms, p95 {f['latency_p95_ms']:.0f} ms "
            f"(target < 300 ms), camera frames not shown {f['skipped_frames']}"
        )
        print(
            f"{side} CPU: {f['cpu_cores']:.2f} cores, {call_cores:.2f} without the simulated "
            f"camera (target < 0.5); bare VP8 encode+decode at this rate {codec_cores:.2f} "
            f"cores -> ratio {call_cores / codec_cores:.2f}"
        )
        print(f"{side} CPU by thread (cores): " + ", ".join(
            f"{name} {cores:.2f}" for name, cores in f["thread_cores"].items()))  # fmt: skip
        print(
            f"{side} RSS: {f['rss_start_mb']:.0f} -> {f['rss_end_mb']:.0f} MB "
            f"(growth {f['rss_growth_mb']:+.1f} MB; target < 20 MB over 10 min)"
        )
        samples = f["rss_samples"]
        settled = [mb for at, mb in samples if at >= 60.0]
        if len(settled) >= 2:
            # Allocator pools and jitter buffers fill in the first minute; a leak keeps growing.
            print(f"{side} RSS after the first minute: {settled[0]:.0f} -> {settled[-1]:.0f} MB "
                  f"({settled[-1] - settled[0]:+.1f} MB over {samples[-1][0] - 60:.0f} s); "
                  "every 60 s: " + " ".join(f"{mb:.0f}" for at, mb in samples
                                             if int(at) % 60 < 10))  # fmt: skip


def start_platform(data_dir: Path):
    from reference_platform.server import EmbeddedPlatform
    from reference_platform.settings import PlatformSettings

    platform = EmbeddedPlatform(PlatformSettings(data_dir=data_dir, demo_clerks=True))
    platform.start()
    return platform


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured call length")
    parser.add_argument("--sizes", default="640x480,1280x720")
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()
    restrict_host_addresses(["127.0.0.1"])
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]

    from kiosk.remote_window.clerk_account import ClerkAccount

    with tempfile.TemporaryDirectory() as tmp:
        platform = start_platform(Path(tmp))
        try:
            for size in sizes:
                baseline = baseline_codec_cpu(*size)
                camera_cores = camera_only_cpu(size, args.fps)
                print(f"\nbaseline {size[0]}x{size[1]}: VP8 encode+decode "
                      f"{baseline * 1000:.1f} ms CPU per frame; pattern camera "
                      f"{camera_cores:.2f} cores")  # fmt: skip
                account = ClerkAccount.sign_in(platform.url, "clerk01", "window-demo-01")
                figures = run_call(platform.url, account.token, size, args.fps, args.seconds)
                report(size, args.fps, figures, baseline, camera_cores)
                account.sign_out()
        finally:
            platform.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
