"""Replay memory for profile D proofs: which (sid, t, nonce) were accepted, and for how long.

The key is the signed content, never the signature bytes: an ECDSA
signature (r, s) has an equally valid twin (r, n - s).
"""

from __future__ import annotations

from typing import Protocol

TIME_STEP_SECONDS = 30
# A proof for step t is fresh while 30t - 60 <= now < 30t + 90 (SC1 section 7, check 11).
PROOF_EARLY_SECONDS = 60
PROOF_LATE_SECONDS = 90
# Entries outlive their window by this margin so that a clock stepped back a
# little (NTP correction after a long offline spell) cannot revive a proof.
RETENTION_MARGIN_SECONDS = 3600


def proof_window(t: int) -> tuple[int, int]:
    """[start, end) of the unix seconds in which a proof for time step t is fresh."""
    return (
        TIME_STEP_SECONDS * t - PROOF_EARLY_SECONDS,
        TIME_STEP_SECONDS * t + PROOF_LATE_SECONDS,
    )


def forget_after(t: int) -> int:
    """The moment after which remembering (sid, t, nonce) can no longer matter."""
    return proof_window(t)[1] + RETENTION_MARGIN_SECONDS


class ReplayMemory(Protocol):
    """Accepted proofs, by (sid, t, nonce). The SQLite twin lives in offline_cache."""

    def contains(self, sid: bytes, t: int, nonce: bytes) -> bool: ...

    def remember(self, sid: bytes, t: int, nonce: bytes, keep_until: int, now: int) -> None:
        """Record an accepted proof; entries whose keep_until < now may be dropped."""
        ...


class InMemoryReplayMemory:
    """Replay memory for tests and conformance runs; forgets on restart."""

    def __init__(self) -> None:
        self._entries: dict[tuple[bytes, int, bytes], int] = {}

    def contains(self, sid: bytes, t: int, nonce: bytes) -> bool:
        return (sid, t, nonce) in self._entries

    def remember(self, sid: bytes, t: int, nonce: bytes, keep_until: int, now: int) -> None:
        for key in [key for key, until in self._entries.items() if until < now]:
            del self._entries[key]
        self._entries[(sid, t, nonce)] = keep_until

    def __len__(self) -> int:
        return len(self._entries)
