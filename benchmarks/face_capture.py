"""Face-photo grading cost per 640x480 frame, against a plain cv2.cvtColor in the same run.

Frames: a demo resident's synthetic portrait (reference_platform/demo_faces.py,
ships with the project) framed well (the full grade: detect, brightness,
sharpness, eye glare), a blank wall (detection finds nothing), and the
capture step (five good frames then the JPEG crop). OpenCV is limited to
2 threads, as on a 2-core kiosk; every figure is printed next to the same
run's cvtColor(BGR2GRAY) of the same frame so machine noise cancels in the ratio.

    .venv/bin/python benchmarks/face_capture.py [--repeat 300] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from kiosk.face_capture import STABLE_FRAMES, FaceCapture, grade_face  # noqa: E402
from reference_platform.demo_faces import synthetic_portrait  # noqa: E402

RESIDENT = "310115195105120021"
WIDTH, HEIGHT = 640, 480


def _timed_ms(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _frame_with_face() -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH, 3), 170, np.uint8)
    side = int(HEIGHT * 0.67)
    portrait = cv2.resize(synthetic_portrait(RESIDENT), (side, side), interpolation=cv2.INTER_AREA)
    top, left = (HEIGHT - side) // 2, (WIDTH - side) // 2
    frame[top : top + side, left : left + side] = portrait
    return frame


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)
    face = _frame_with_face()
    blank = np.full((HEIGHT, WIDTH, 3), 170, np.uint8)
    assert grade_face(face).is_good, grade_face(face)
    for _ in range(20):  # warm up: cascade load, caches
        grade_face(face)

    def capture_once() -> None:
        capture = FaceCapture()
        for _ in range(STABLE_FRAMES):
            step = capture.feed(face)
        assert step.jpeg is not None

    baseline = statistics.median(
        _timed_ms(lambda: cv2.cvtColor(face, cv2.COLOR_BGR2GRAY), args.repeat)
    )
    print(f"OpenCV threads: {args.threads}; frame {WIDTH}x{HEIGHT}; {args.repeat} runs each")
    print(f"baseline cv2.cvtColor BGR2GRAY: median {baseline:.3f} ms")
    for name, action, frames in (
        ("grade, face in view", lambda: grade_face(face), 1),
        ("grade, no face", lambda: grade_face(blank), 1),
        ("capture (5 frames + crop)", capture_once, STABLE_FRAMES),
    ):
        samples = _timed_ms(action, max(20, args.repeat // frames))
        median = statistics.median(samples) / frames
        p95 = statistics.quantiles(samples, n=20)[-1] / frames
        print(
            f"{name:28s} median {median:6.2f} ms/frame, p95 {p95:6.2f}"
            f"  ({median / baseline:5.0f}x cvtColor; {median * 15 / 10:4.1f}% of one core at 15 fps)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
