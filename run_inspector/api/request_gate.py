"""How many requests one batch may have in flight, shared by all of its worker threads.

A 429 is the API saying "the whole key is going too fast", not "this job is": so when any
request is rate limited, every worker waits out the Retry-After before sending again, and
the number allowed in flight halves. Each success of a request sent after that lets one
more fly again, up to the limit the batch started with. Answers to requests sent before
the halving do not count: they left at the old pace, and would undo it at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

from run_inspector.api.retry_policy import MAX_RETRY_AFTER_SECONDS

DEFAULT_IN_FLIGHT: Final = 10
# Used when a 429 names no wait, or one longer than the client honours (it backs off instead).
DEFAULT_PAUSE_SECONDS: Final = 1.0


class RequestGate:
    """Thread-safe. `slot()` around each request; tell it of each 429 and each success,
    with the epoch the request's slot gave."""

    def __init__(
        self, max_in_flight: int = DEFAULT_IN_FLIGHT, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.max_in_flight = max_in_flight
        self._limit = max_in_flight
        self._in_flight = 0
        self._peak = 0
        self._resume_at = 0.0
        self._rate_limited = 0
        self._epoch = 0  # how many times the limit was halved
        self._clock = clock
        self._changed = threading.Condition()

    @property
    def limit(self) -> int:
        """How many requests may be in flight now."""
        with self._changed:
            return self._limit

    @property
    def peak_in_flight(self) -> int:
        """The most requests that were ever in flight at once."""
        with self._changed:
            return self._peak

    @property
    def paused_seconds(self) -> float:
        """How much longer every request waits before it is sent (0 when not paused)."""
        with self._changed:
            return max(self._resume_at - self._clock(), 0.0)

    @property
    def rate_limited_count(self) -> int:
        """How many 429s this gate was told of."""
        with self._changed:
            return self._rate_limited

    @contextmanager
    def slot(self) -> Iterator[int]:
        """Wait for a free slot (and for any pause to end), hold it while the request runs;
        gives the epoch to pass to `succeeded`."""
        with self._changed:
            while True:
                pause = self._resume_at - self._clock()
                if pause <= 0 and self._in_flight < self._limit:
                    break
                self._changed.wait(timeout=pause if pause > 0 else None)
            self._in_flight += 1
            self._peak = max(self._peak, self._in_flight)
            epoch = self._epoch
        try:
            yield epoch
        finally:
            with self._changed:
                self._in_flight -= 1
                self._changed.notify_all()

    def rate_limited(self, retry_after: float | None, epoch: int) -> None:
        """A request got a 429: pause everyone; halve the limit if it was sent since the
        last halving (`epoch` is what its slot gave).

        Ten requests hit by one burst report ten 429s; only the first halves the limit, so
        one burst does not drop it straight to one. The others still lengthen the pause.
        """
        honoured = retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER_SECONDS
        wait = retry_after if honoured and retry_after is not None else DEFAULT_PAUSE_SECONDS
        with self._changed:
            self._rate_limited += 1
            if epoch == self._epoch:
                self._limit = max(1, self._limit // 2)
                self._epoch += 1
            self._resume_at = max(self._resume_at, self._clock() + wait)
            self._changed.notify_all()

    def succeeded(self, epoch: int) -> None:
        """A request got an answer that was not a 429: if it was sent since the last halving
        (`epoch` is what its slot gave), allow one more in flight again."""
        with self._changed:
            if epoch == self._epoch and self._limit < self.max_in_flight:
                self._limit += 1
                self._changed.notify_all()
