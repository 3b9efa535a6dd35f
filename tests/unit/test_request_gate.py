"""RequestGate: at most `limit` requests in flight, one pause and one halving per 429 burst,
one more slot back per success of a request sent since the last halving. A fake clock drives
the pauses wherever no thread waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack

import pytest

from run_inspector.api.request_gate import DEFAULT_IN_FLIGHT, DEFAULT_PAUSE_SECONDS, RequestGate
from run_inspector.api.retry_policy import MAX_RETRY_AFTER_SECONDS

# Not 0: the gate starts "paused until 0.0", and a clock at 0 would sit on that edge.
START = 1000.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def gate_with_clock(max_in_flight: int = DEFAULT_IN_FLIGHT) -> tuple[RequestGate, Clock]:
    clock = Clock()
    return RequestGate(max_in_flight, clock=clock), clock


def sent_now(gate: RequestGate) -> int:
    """The epoch a request sent now (its slot taken and given back) reports its answer with."""
    with gate.slot() as epoch:
        return epoch


# --- the bound ---------------------------------------------------------------------------


def test_starts_at_the_default_of_ten() -> None:
    gate = RequestGate()
    assert (gate.limit, gate.max_in_flight, gate.peak_in_flight) == (10, 10, 0)
    assert gate.rate_limited_count == 0


@pytest.mark.parametrize("max_in_flight", [0, -1])
def test_a_limit_below_one_is_refused(max_in_flight: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RequestGate(max_in_flight)


def test_slot_never_lets_more_than_the_limit_in() -> None:
    """Eight threads want a slot of three; each is let go only once the main thread says so."""
    gate = RequestGate(3)
    changed = threading.Condition()
    inside = entered = most = 0
    leave = threading.Semaphore(0)

    def request() -> None:
        nonlocal inside, entered, most
        with gate.slot():
            with changed:
                inside, entered = inside + 1, entered + 1
                most = max(most, inside)
                changed.notify_all()
            leave.acquire()
            with changed:
                inside -= 1
                changed.notify_all()

    def inside_is(count: int) -> Callable[[], bool]:
        return lambda: inside == count

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for released in range(8):
        with changed:
            # Three in at once while enough are left; the main thread lets one go at a time.
            assert changed.wait_for(inside_is(min(3, 8 - released)), timeout=5)
        leave.release()
    for thread in threads:
        thread.join(5)
    assert (entered, most) == (8, 3)
    assert gate.peak_in_flight == 3


def test_a_slot_is_given_back_when_the_request_raises() -> None:
    gate = RequestGate(1)
    with pytest.raises(RuntimeError), gate.slot():
        raise RuntimeError("connection reset")
    with gate.slot():  # would wait forever if the first slot were still held
        pass
    assert gate.peak_in_flight == 1


def test_slot_waits_out_the_pause_on_a_real_clock() -> None:
    gate = RequestGate()
    gate.rate_limited(0.1, sent_now(gate))
    started = time.monotonic()
    with gate.slot():
        waited = time.monotonic() - started
    assert waited >= 0.1


# --- 429s: pause and halve ------------------------------------------------------------------


def test_a_burst_of_429s_halves_the_limit_once() -> None:
    gate, _ = gate_with_clock()
    with ExitStack() as held:
        epochs = [held.enter_context(gate.slot()) for _ in range(10)]
    for epoch in epochs:  # ten requests sent together, all answered 429
        gate.rate_limited(1.0, epoch)
    assert gate.limit == 5
    assert gate.rate_limited_count == 10


def test_a_burst_with_no_pause_still_halves_once() -> None:
    """Retry-After 0 ends the pause at once; the burst's other 429s must not halve again."""
    gate, _ = gate_with_clock()
    with ExitStack() as held:
        epochs = [held.enter_context(gate.slot()) for _ in range(10)]
    for epoch in epochs:
        gate.rate_limited(0.0, epoch)
    assert gate.limit == 5


def test_each_429_of_a_request_sent_after_the_halving_halves_again_never_below_one() -> None:
    gate, clock = gate_with_clock()
    limits = []
    for _ in range(5):
        gate.rate_limited(1.0, sent_now(gate))
        limits.append(gate.limit)
        clock.now += 1.0  # the pause is over: the next request goes out at the new pace
    assert limits == [5, 2, 1, 1, 1]


def test_a_late_429_of_a_request_sent_before_the_halving_only_extends_the_pause() -> None:
    gate, clock = gate_with_clock()
    old = sent_now(gate)
    gate.rate_limited(2.0, sent_now(gate))
    clock.now += 3.0  # the pause is over
    gate.rate_limited(2.0, old)  # sent at the old pace, answered late
    assert gate.limit == 5
    assert gate.paused_seconds == 2.0
    clock.now += 2.0
    gate.rate_limited(2.0, sent_now(gate))
    assert gate.limit == 2


@pytest.mark.parametrize(
    ("retry_after", "pause"),
    [
        (0.5, 0.5),
        (5.0, 5.0),
        (MAX_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS),
        (MAX_RETRY_AFTER_SECONDS + 1, DEFAULT_PAUSE_SECONDS),
        (3600.0, DEFAULT_PAUSE_SECONDS),
        (None, DEFAULT_PAUSE_SECONDS),
    ],
)
def test_the_pause_is_retry_after_up_to_a_minute_else_the_default(
    retry_after: float | None, pause: float
) -> None:
    gate, clock = gate_with_clock()
    gate.rate_limited(retry_after, sent_now(gate))
    assert gate.paused_seconds == pause
    clock.now += pause
    assert gate.paused_seconds == 0.0


# --- successes: one slot back each ------------------------------------------------------------


def test_each_success_lets_one_more_in_up_to_the_starting_limit() -> None:
    gate, clock = gate_with_clock()
    epoch = sent_now(gate)
    gate.rate_limited(1.0, epoch)
    gate.rate_limited(1.0, epoch)  # same burst: still 5
    clock.now += 1.0  # the pause is over
    steps = []
    for _ in range(7):
        gate.succeeded(sent_now(gate))
        steps.append(gate.limit)
    assert steps == [6, 7, 8, 9, 10, 10, 10]
    assert gate.rate_limited_count == 2


def test_success_at_the_limit_does_not_raise_it() -> None:
    gate = RequestGate(4)
    for _ in range(3):
        gate.succeeded(sent_now(gate))
    assert gate.limit == 4


def test_a_success_wakes_a_request_waiting_for_the_raised_limit() -> None:
    gate, _ = gate_with_clock(2)
    gate.rate_limited(0.0, sent_now(gate))  # no pause, limit 1
    got_in = threading.Event()
    with gate.slot() as epoch:

        def second() -> None:
            with gate.slot():
                got_in.set()

        waiter = threading.Thread(target=second)
        waiter.start()
        assert not got_in.wait(0.05)  # one slot, held
        gate.succeeded(epoch)  # limit 2: room for the waiter while the first is still held
        assert got_in.wait(5)
    waiter.join(5)
    assert gate.peak_in_flight == 2


def test_answers_already_in_flight_do_not_undo_the_halving() -> None:
    """Ten requests fly; one gets a 429 and the other nine, sent before it at the old pace,
    answer during the pause. Those answers give no slot back: the batch resumes at five."""
    gate, clock = gate_with_clock()
    with ExitStack() as held:
        epochs = [held.enter_context(gate.slot()) for _ in range(10)]
        gate.rate_limited(1.0, epochs[0])  # the first answer back is a 429
        for epoch in epochs[1:]:
            gate.succeeded(epoch)  # the other nine were sent before it, and answer 200
    clock.now += 1.0  # the pause is over
    assert gate.limit == 5
