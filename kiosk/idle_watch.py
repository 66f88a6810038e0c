"""When an unattended session is warned, then ended.

A resident who walks away must not leave their data on screen for the next
person; one who is slow must not be cut off without warning.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class IdlePhase(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"  # the countdown is on screen
    EXPIRED = "expired"  # end the session now


@dataclass(frozen=True)
class IdlePolicy:
    idle_s: float = 60.0
    countdown_s: float = 15.0

    def scaled(self, factor: float) -> IdlePolicy:
        return IdlePolicy(self.idle_s * factor, self.countdown_s * factor)


ELDERLY_IDLE_FACTOR = 2.0


class IdleWatch:
    def __init__(
        self, policy: IdlePolicy, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy
        self._monotonic = monotonic
        self._last_touch = monotonic()

    def touch(self) -> None:
        self._last_touch = self._monotonic()

    def phase(self) -> tuple[IdlePhase, float]:
        """The phase now and the seconds left until the next phase."""
        quiet = self._monotonic() - self._last_touch
        if quiet < self.policy.idle_s:
            return IdlePhase.ACTIVE, self.policy.idle_s - quiet
        end = self.policy.idle_s + self.policy.countdown_s
        if quiet < end:
            return IdlePhase.WARNING, end - quiet
        return IdlePhase.EXPIRED, 0.0
