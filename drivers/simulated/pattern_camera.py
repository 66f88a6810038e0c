"""A simulated camera whose frames carry their own number and send time, machine-readably.

Each frame is an 8x8 grid of black and white blocks: 24 bits of frame
counter, 32 bits of the wall-clock send time in milliseconds (modulo
2**32) and an 8-bit check. Blocks of 80x60 pixels at 640x480 survive VP8
compression and rescaling, so a receiver can tell which frame it shows and
how long it took to arrive (glass-to-glass latency, frame loss, order).
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from drivers.device import DeviceKind
from drivers.simulated.camera import SimulatedCamera

GRID = 8
COUNTER_BITS = 24
TIME_BITS = 32
CHECK_BITS = 8
_BLACK, _WHITE = 16, 235
_WEIGHTS = 1 << np.arange(64, dtype=np.uint64)


def _check(counter: int, millis: int) -> int:
    value = counter | (millis << COUNTER_BITS)
    total = 0x5A
    for shift in range(0, COUNTER_BITS + TIME_BITS, 8):
        total = (total * 31 + ((value >> shift) & 0xFF)) & 0xFF
    return total


def encode_bits(counter: int, sent_at: float) -> np.ndarray:
    """The 8x8 bit grid (uint8 0/1) for one frame."""
    counter &= (1 << COUNTER_BITS) - 1
    millis = int(sent_at * 1000) & ((1 << TIME_BITS) - 1)
    value = counter | (millis << COUNTER_BITS) | (_check(counter, millis) << 56)
    bits = (np.uint64(value) >> np.arange(64, dtype=np.uint64)) & np.uint64(1)
    return bits.astype(np.uint8).reshape(GRID, GRID)


def draw_pattern(counter: int, sent_at: float, width: int, height: int) -> np.ndarray:
    grid = np.where(encode_bits(counter, sent_at) == 1, _WHITE, _BLACK).astype(np.uint8)
    gray = cv2.resize(grid, (width, height), interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def read_pattern(frame: np.ndarray, now: float | None = None) -> tuple[int, float] | None:
    """(counter, send time as time.time()) of a pattern frame, or None if it is not one.

    `frame` is BGR (HxWx3) or grey/luma (HxW), any size. The send time's
    high bits are taken from `now` (default: the clock), so it must be read
    within ~24 days of being sent.
    """
    if frame.ndim == 3:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    height, width = frame.shape
    # Sample the middle half of each block (edges blur in compression), every
    # few pixels: one fancy-indexed copy instead of 64 slices.
    cell_h, cell_w = height / GRID, width / GRID
    inner_h, inner_w = max(1, int(cell_h / 2)), max(1, int(cell_w / 2))
    step_y, step_x = max(1, inner_h // 8), max(1, inner_w // 8)
    offsets_y = np.arange(0, inner_h, step_y)
    offsets_x = np.arange(0, inner_w, step_x)
    ys = ((np.arange(GRID) + 0.25) * cell_h).astype(int)[:, None] + offsets_y
    xs = ((np.arange(GRID) + 0.25) * cell_w).astype(int)[:, None] + offsets_x
    samples = frame[np.ix_(ys.ravel(), xs.ravel())].astype(np.float32)
    levels = samples.reshape(GRID, len(offsets_y), GRID, len(offsets_x)).mean(axis=(1, 3))
    threshold = (_BLACK + _WHITE) / 2
    if np.any(np.abs(levels - threshold) < 40):
        return None  # a block neither black nor white: not a pattern frame
    bits = (levels > threshold).astype(np.uint64).reshape(-1)
    value = int((bits * _WEIGHTS).sum())
    counter = value & ((1 << COUNTER_BITS) - 1)
    millis = (value >> COUNTER_BITS) & ((1 << TIME_BITS) - 1)
    if (value >> 56) & 0xFF != _check(counter, millis):
        return None
    now_ms = int((time.time() if now is None else now) * 1000)
    period = 1 << TIME_BITS
    sent_ms = now_ms - ((now_ms - millis) % period)
    return counter, sent_ms / 1000.0


class PatternCamera(SimulatedCamera):
    """A Camera drawing a frame counter and its send time; see `read_pattern`."""

    def __init__(
        self,
        device_id: str = "pattern-camera",
        kind: DeviceKind | str = DeviceKind.CAMERA,
        width: int = 640,
        height: int = 480,
        fps: float = 25.0,
        first_counter: int = 0,
    ) -> None:
        super().__init__(device_id, kind, width, height, fps)
        # Distinct ranges tell two cameras' frames apart at the receiver.
        self.first_counter = first_counter
        self.frames_drawn = 0

    def _render(self) -> np.ndarray:
        counter = self.first_counter + self._frame_number
        self.frames_drawn = self._frame_number + 1
        return draw_pattern(counter, time.time(), *self._size)


__all__ = ["PatternCamera", "draw_pattern", "encode_bits", "read_pattern"]
