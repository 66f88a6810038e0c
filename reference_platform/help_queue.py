"""The remote window's help queue: one FIFO of requests, routed by skill and language.

Pure logic over an injected monotonic clock (seconds): no sockets, no
database. The signaling layer calls the mutators and then `step()`, and
turns the events `step()` returns into messages (docs/remote-window.md,
"Routing").
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

# Before any call has been handled, expected waits assume three minutes a call.
DEFAULT_HANDLING_S = 180.0
HANDLING_WINDOW = 20


@dataclass
class HelpRequest:
    request_id: str
    kiosk_id: str
    skill: str
    language: str
    service_code: str = ""
    service_title: str = ""
    step: str = ""
    elderly: bool = False
    requested_at: float = 0.0
    # Wall-clock time of the request, for records; the queue itself uses the monotonic clock.
    requested_at_wall: datetime | None = None
    ringing_clerk: str | None = None
    ring_started_at: float | None = None
    # Clerk id -> when they declined or let it ring out; they are skipped for a while.
    passed_by: dict[str, float] = field(default_factory=dict)
    no_answer_sent: bool = False


@dataclass
class ClerkPresence:
    clerk_id: str
    skills: frozenset[str]
    languages: frozenset[str]
    supervisor: bool = False
    available: bool = False
    idle_since: float = 0.0
    in_call: str | None = None
    ringing: str | None = None

    def matches(self, request: HelpRequest) -> bool:
        skill_ok = self.supervisor or request.skill in self.skills
        return skill_ok and request.language in self.languages


@dataclass(frozen=True)
class Ring:
    clerk_id: str
    request: HelpRequest


@dataclass(frozen=True)
class RingStopped:
    clerk_id: str
    request_id: str


@dataclass(frozen=True)
class AnswerDeadlinePassed:
    request: HelpRequest


QueueEvent = Ring | RingStopped | AnswerDeadlinePassed


class NotRinging(Exception):
    """A take for a request that is not (or no longer) ringing at this clerk."""


@dataclass
class QueueStats:
    waiting_by_skill: dict[str, int]
    answered: int
    abandoned: int
    mean_time_to_answer_s: float | None
    p90_time_to_answer_s: float | None


class HelpQueue:
    def __init__(
        self,
        clock: Callable[[], float],
        ring_timeout_s: float = 30.0,
        answer_deadline_s: float = 90.0,
    ) -> None:
        self._clock = clock
        self.ring_timeout_s = ring_timeout_s
        self.answer_deadline_s = answer_deadline_s
        self._requests: deque[HelpRequest] = deque()
        self._clerks: dict[str, ClerkPresence] = {}
        self._handling_s: deque[float] = deque(maxlen=HANDLING_WINDOW)
        self._answer_times: list[float] = []
        self._abandoned = 0
        self._pending: list[QueueEvent] = []

    # -- requests ---------------------------------------------------------------

    def add(self, request: HelpRequest) -> None:
        request.requested_at = request.requested_at or self._clock()
        self._requests.append(request)

    def requeue_front(self, request: HelpRequest) -> None:
        """A resident whose clerk was lost goes first; the original wait still counts."""
        request.ringing_clerk = None
        request.ring_started_at = None
        request.passed_by.clear()
        self._requests.appendleft(request)

    def remove(self, request_id: str, abandoned: bool = True) -> HelpRequest | None:
        """Take a request out of the queue (the resident left, or asked for a call-back)."""
        request = self.request(request_id)
        if request is None:
            return None
        self._requests.remove(request)
        self._stop_ring(request)
        if abandoned:
            self._abandoned += 1
        return request

    def request(self, request_id: str) -> HelpRequest | None:
        return next((r for r in self._requests if r.request_id == request_id), None)

    @property
    def requests(self) -> list[HelpRequest]:
        return list(self._requests)

    def position(self, request_id: str) -> int | None:
        """1 = next to be answered."""
        for index, request in enumerate(self._requests, start=1):
            if request.request_id == request_id:
                return index
        return None

    def expected_wait_s(self, request_id: str) -> int:
        request = self.request(request_id)
        position = self.position(request_id)
        if request is None or position is None:
            return 0
        handling = statistics.fmean(self._handling_s) if self._handling_s else DEFAULT_HANDLING_S
        clerks = sum(1 for c in self._clerks.values() if c.available and c.matches(request))
        return round(position * handling / max(1, clerks))

    # -- clerks -----------------------------------------------------------------

    def add_clerk(self, clerk: ClerkPresence) -> None:
        clerk.idle_since = clerk.idle_since or self._clock()
        self._clerks[clerk.clerk_id] = clerk

    def clerk(self, clerk_id: str) -> ClerkPresence | None:
        return self._clerks.get(clerk_id)

    def remove_clerk(self, clerk_id: str) -> None:
        """The clerk's console went away; a ring at it goes on to the next clerk."""
        clerk = self._clerks.pop(clerk_id, None)
        if clerk is not None and clerk.ringing is not None:
            request = self.request(clerk.ringing)
            if request is not None:
                request.ringing_clerk = None
                request.ring_started_at = None

    def set_available(self, clerk_id: str, on: bool) -> None:
        clerk = self._clerks[clerk_id]
        if clerk.available == on:
            return
        clerk.available = on
        if on:
            clerk.idle_since = self._clock()
        elif clerk.ringing is not None:
            request = self.request(clerk.ringing)
            if request is not None:
                self._pass(request, clerk_id)

    def waiting_for(self, clerk_id: str) -> int:
        """Requests waiting that this clerk could answer."""
        clerk = self._clerks.get(clerk_id)
        if clerk is None:
            return 0
        return sum(1 for r in self._requests if clerk.matches(r))

    # -- answering --------------------------------------------------------------

    def decline(self, clerk_id: str, request_id: str) -> None:
        request = self.request(request_id)
        if request is None or request.ringing_clerk != clerk_id:
            raise NotRinging(request_id)
        self._pass(request, clerk_id)

    def take(self, clerk_id: str, request_id: str, call_id: str) -> tuple[HelpRequest, float]:
        """The clerk answers; (the request, its time to answer in seconds)."""
        request = self.request(request_id)
        clerk = self._clerks.get(clerk_id)
        if request is None or clerk is None or request.ringing_clerk != clerk_id:
            raise NotRinging(request_id)
        self._requests.remove(request)
        clerk.ringing = None
        clerk.in_call = call_id
        waited = max(0.0, self._clock() - request.requested_at)
        self._answer_times.append(waited)
        return request, waited

    def call_ended(self, clerk_id: str, handling_s: float | None) -> None:
        """The clerk is free again; a handled call's length feeds the wait estimate."""
        if handling_s is not None:
            self._handling_s.append(max(0.0, handling_s))
        clerk = self._clerks.get(clerk_id)
        if clerk is not None:
            clerk.in_call = None
            clerk.idle_since = self._clock()

    # -- time passes ----------------------------------------------------------

    def step(self) -> list[QueueEvent]:
        """Expire rings, ring idle clerks, flag overdue requests; the events to send."""
        now = self._clock()
        events, self._pending = self._pending, []
        for request in self._requests:
            if (
                request.ringing_clerk is not None
                and request.ring_started_at is not None
                and now - request.ring_started_at >= self.ring_timeout_s
            ):
                clerk_id = request.ringing_clerk
                self._pass(request, clerk_id)
                events.extend(self._pending)
                self._pending = []
        for request in self._requests:
            if request.ringing_clerk is None:
                clerk = self._next_clerk(request, now)
                if clerk is not None:
                    request.ringing_clerk = clerk.clerk_id
                    request.ring_started_at = now
                    clerk.ringing = request.request_id
                    events.append(Ring(clerk.clerk_id, request))
            if not request.no_answer_sent and now - request.requested_at >= self.answer_deadline_s:
                request.no_answer_sent = True
                events.append(AnswerDeadlinePassed(request))
        return events

    def _next_clerk(self, request: HelpRequest, now: float) -> ClerkPresence | None:
        candidates = [
            c
            for c in self._clerks.values()
            if c.available
            and c.in_call is None
            and c.ringing is None
            and c.matches(request)
            and now - request.passed_by.get(c.clerk_id, -math.inf) >= self.ring_timeout_s
        ]
        return min(candidates, key=lambda c: c.idle_since, default=None)

    def _pass(self, request: HelpRequest, clerk_id: str) -> None:
        request.passed_by[clerk_id] = self._clock()
        self._stop_ring(request)

    def _stop_ring(self, request: HelpRequest) -> None:
        clerk_id = request.ringing_clerk
        request.ringing_clerk = None
        request.ring_started_at = None
        if clerk_id is None:
            return
        clerk = self._clerks.get(clerk_id)
        if clerk is not None and clerk.ringing == request.request_id:
            clerk.ringing = None
        self._pending.append(RingStopped(clerk_id, request.request_id))

    # -- figures --------------------------------------------------------------

    def stats(self) -> QueueStats:
        waiting: dict[str, int] = {}
        for request in self._requests:
            waiting[request.skill] = waiting.get(request.skill, 0) + 1
        times = sorted(self._answer_times)
        p90 = None
        if times:
            p90 = times[min(len(times) - 1, math.ceil(0.9 * len(times)) - 1)]
        return QueueStats(
            waiting_by_skill=waiting,
            answered=len(times),
            abandoned=self._abandoned,
            mean_time_to_answer_s=statistics.fmean(times) if times else None,
            p90_time_to_answer_s=p90,
        )
