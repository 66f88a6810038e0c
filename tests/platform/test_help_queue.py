"""The help queue's routing rules, on a fake clock (no sockets)."""

from __future__ import annotations

import pytest

from reference_platform.help_queue import (
    DEFAULT_HANDLING_S,
    AnswerDeadlinePassed,
    ClerkPresence,
    HelpQueue,
    HelpRequest,
    NotRinging,
    Ring,
    RingStopped,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(clock: Clock) -> HelpQueue:
    return HelpQueue(clock, ring_timeout_s=30, answer_deadline_s=90)


def request(request_id: str, skill: str = "personal", language: str = "zh") -> HelpRequest:
    return HelpRequest(request_id=request_id, kiosk_id="K-1", skill=skill, language=language)


def clerk(
    queue: HelpQueue,
    clock: Clock,
    clerk_id: str,
    skills: tuple[str, ...] = ("personal",),
    languages: tuple[str, ...] = ("zh",),
    supervisor: bool = False,
) -> ClerkPresence:
    presence = ClerkPresence(clerk_id, frozenset(skills), frozenset(languages), supervisor)
    queue.add_clerk(presence)
    queue.set_available(clerk_id, True)
    clock.now += 1  # so idle_since orders clerks by arrival
    return presence


def rings(events: list) -> list[tuple[str, str]]:
    return [(e.clerk_id, e.request.request_id) for e in events if isinstance(e, Ring)]


def test_requests_are_answered_first_in_first_out(queue: HelpQueue, clock: Clock) -> None:
    queue.add(request("r1"))
    clock.now += 1
    queue.add(request("r2"))
    assert queue.position("r1") == 1 and queue.position("r2") == 2
    clerk(queue, clock, "c1")
    assert rings(queue.step()) == [("c1", "r1")]
    # One ring at a time per clerk: r2 waits.
    assert rings(queue.step()) == []
    taken, waited = queue.take("c1", "r1", "call-1")
    assert taken.request_id == "r1" and waited == pytest.approx(2.0)
    assert queue.position("r2") == 1


def test_routing_by_skill_and_language(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "personal-zh")
    clerk(queue, clock, "enterprise-zh", skills=("enterprise",))
    clerk(queue, clock, "personal-en", languages=("en",))
    queue.add(request("biz", skill="enterprise"))
    queue.add(request("english", language="en"))
    queue.add(request("nobody", skill="enterprise", language="en"))
    assert sorted(rings(queue.step())) == [("enterprise-zh", "biz"), ("personal-en", "english")]
    assert queue.request("nobody").ringing_clerk is None


def test_supervisors_match_every_skill_but_not_every_language(
    queue: HelpQueue, clock: Clock
) -> None:
    clerk(queue, clock, "boss", skills=(), supervisor=True)
    queue.add(request("en", language="en"))
    queue.add(request("biz", skill="enterprise"))
    assert rings(queue.step()) == [("boss", "biz")]


def test_the_clerk_idle_longest_rings_first(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "early")
    clerk(queue, clock, "late")
    queue.add(request("r1"))
    assert rings(queue.step()) == [("early", "r1")]
    queue.take("early", "r1", "call-1")
    clock.now += 10
    queue.call_ended("early", handling_s=10)
    queue.add(request("r2"))
    # "early" just finished a call; "late" has been idle longer now.
    assert rings(queue.step()) == [("late", "r2")]


def test_a_ring_that_times_out_goes_to_the_next_clerk(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "c1")
    clerk(queue, clock, "c2")
    queue.add(request("r1"))
    assert rings(queue.step()) == [("c1", "r1")]
    clock.now += 29
    assert queue.step() == []
    clock.now += 1
    events = queue.step()
    assert RingStopped("c1", "r1") in events
    assert rings(events) == [("c2", "r1")]
    with pytest.raises(NotRinging):
        queue.take("c1", "r1", "call-x")


def test_a_decline_goes_to_the_next_clerk_and_comes_back_later(
    queue: HelpQueue, clock: Clock
) -> None:
    clerk(queue, clock, "c1")
    queue.add(request("r1"))
    assert rings(queue.step()) == [("c1", "r1")]
    queue.decline("c1", "r1")
    events = queue.step()
    assert RingStopped("c1", "r1") in events and rings(events) == []
    clerk(queue, clock, "c2")
    assert rings(queue.step()) == [("c2", "r1")]
    queue.decline("c2", "r1")
    clock.now += 30
    # Everyone passed once: after a ring timeout the first clerk is asked again.
    assert rings(queue.step()) == [("c1", "r1")]


def test_a_clerk_going_unavailable_passes_the_ring_on(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "c1")
    clerk(queue, clock, "c2")
    queue.add(request("r1"))
    queue.step()
    queue.set_available("c1", False)
    events = queue.step()
    assert RingStopped("c1", "r1") in events and rings(events) == [("c2", "r1")]


def test_the_answer_deadline_is_flagged_once(queue: HelpQueue, clock: Clock) -> None:
    queue.add(request("r1"))
    clock.now += 89
    assert queue.step() == []
    clock.now += 1
    events = queue.step()
    assert [type(e) for e in events] == [AnswerDeadlinePassed]
    assert queue.step() == []
    assert queue.position("r1") == 1  # still queued until the kiosk cancels


def test_requeue_puts_the_resident_at_the_front(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "c1")
    lost = request("lost")
    queue.add(lost)
    queue.step()
    queue.take("c1", "lost", "call-1")
    queue.add(request("later"))
    queue.remove_clerk("c1")
    queue.requeue_front(lost)
    assert queue.position("lost") == 1 and queue.position("later") == 2


def test_expected_wait_uses_recent_handling_times_and_available_clerks(
    queue: HelpQueue, clock: Clock
) -> None:
    queue.add(request("r1"))
    queue.add(request("r2"))
    assert queue.expected_wait_s("r2") == 2 * DEFAULT_HANDLING_S
    c1 = clerk(queue, clock, "c1")
    clerk(queue, clock, "c2")
    c1.in_call = "busy"  # busy clerks still count: they will be free again
    queue.call_ended("c1", handling_s=60)
    queue.call_ended("c2", handling_s=120)
    assert queue.expected_wait_s("r2") == round(2 * 90 / 2)
    assert queue.expected_wait_s("nope") == 0


def test_waiting_counts_only_requests_the_clerk_can_answer(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "c1")
    queue.add(request("r1"))
    queue.add(request("r2", skill="enterprise"))
    assert queue.waiting_for("c1") == 1


def test_stats_count_answers_and_abandons(queue: HelpQueue, clock: Clock) -> None:
    clerk(queue, clock, "c1")
    for index in range(10):
        queue.add(request(f"r{index}"))
    for index in range(9):
        clock.now += 10
        queue.step()
        queue.take("c1", f"r{index}", f"call-{index}")
        queue.call_ended("c1", handling_s=5)
    queue.remove("r9")
    stats = queue.stats()
    assert stats.answered == 9 and stats.abandoned == 1
    assert stats.waiting_by_skill == {}
    # Waits were 10, 20, ... 90 s.
    assert stats.mean_time_to_answer_s == pytest.approx(50.0)
    assert stats.p90_time_to_answer_s == pytest.approx(90.0)
