"""From camera frames to codes worth acting on: decode, then debounce.

A live camera sees the same code in dozens of frames, and a single frame can
misread (a partly decoded symbol, glare on one frame). `CodeDebouncer` turns
the per-frame texts into events: a code is acted on once it has been read the
same twice (on two consecutive frames, or twice within `confirm_window_s`),
and is not acted on again while it stays in view; only after it has been out
of sight for `rearm_after_s` does showing it again count as a new
presentation. Replay of a screenshot is the verifier's concern, not this one's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.qr_decoder import QrDecoder

if TYPE_CHECKING:
    import numpy as np

Clock = Callable[[], float]


@dataclass
class _Sighting:
    last_seen_s: float
    last_frame: int
    confirmed: bool = False


class CodeDebouncer:
    """Per-frame decoded texts in, confirmed codes out. Pure logic, clock injected.

    `feed(texts)` once per decoded frame (also with [] for a frame without a
    code: that is what makes "consecutive" and "absent" mean something).
    Returns the texts to act on now, in the order given; usually [].
    """

    def __init__(
        self,
        clock: Clock = time.monotonic,
        confirm_window_s: float = 1.0,
        rearm_after_s: float = 2.0,
    ) -> None:
        if confirm_window_s <= 0 or rearm_after_s <= 0:
            raise ValueError("confirm_window_s and rearm_after_s must be positive")
        self._clock = clock
        self.confirm_window_s = confirm_window_s
        # A code that decodes on most frames still misses some (glare, motion);
        # re-arming must outlast such gaps, or one presentation acts twice.
        self.rearm_after_s = rearm_after_s
        self._frame = 0
        self._sightings: dict[str, _Sighting] = {}

    def feed(self, texts: Iterable[str]) -> list[str]:
        now = self._clock()
        self._frame += 1
        self._forget_absent(now)
        confirmed: list[str] = []
        for text in dict.fromkeys(texts):  # a text twice in one frame is one sighting
            seen = self._sightings.get(text)
            if seen is None:
                self._sightings[text] = _Sighting(now, self._frame)
                continue
            if not seen.confirmed and (
                seen.last_frame == self._frame - 1 or now - seen.last_seen_s <= self.confirm_window_s
            ):
                seen.confirmed = True
                confirmed.append(text)
            seen.last_seen_s = now
            seen.last_frame = self._frame
        return confirmed

    def reset(self) -> None:
        """Forget every code seen: the next presentation of any code is new
        (e.g. when a new customer session starts)."""
        self._sightings.clear()

    def _forget_absent(self, now: float) -> None:
        # Also what bounds the memory: only codes seen in the last rearm_after_s stay.
        stale = [text for text, seen in self._sightings.items() if now - seen.last_seen_s > self.rearm_after_s]
        for text in stale:
            del self._sightings[text]


class QrFramePipeline:
    """Camera frames in, confirmed code texts out to `on_code`.

    Pass `on_frame` to `Camera.start`. Frames arrive on the camera's capture
    thread and are decoded there (a few ms each, measured in
    benchmarks/qr_decoders.py); a frame that arrives while the previous one is
    still being decoded is skipped rather than queued, so a slow moment never
    builds a backlog of stale frames. `on_code` runs on the capture thread and
    must hand the text off quickly.
    """

    def __init__(
        self,
        on_code: Callable[[str], None],
        decoder: QrDecoder | None = None,
        debouncer: CodeDebouncer | None = None,
    ) -> None:
        self._on_code = on_code
        self._decoder = decoder or QrDecoder()
        self.debouncer = debouncer or CodeDebouncer()
        self._busy = threading.Lock()
        self.frames_decoded = 0
        self.frames_skipped = 0

    def on_frame(self, frame: np.ndarray) -> None:
        if not self._busy.acquire(blocking=False):
            self.frames_skipped += 1
            return
        try:
            texts = self._decoder.decode(frame)
            self.frames_decoded += 1
            for text in self.debouncer.feed(texts):
                self._on_code(text)
        finally:
            self._busy.release()
