"""Lists of runs, agents and jobs, kept 30 s and shared by sessions with the same credentials.

Only summaries are kept (a v1 page of runs arrives with every run's data; the adapters
keep a few fields of each), keyed by credential fingerprint, base URL and every query value.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from cachetools import TTLCache

from run_inspector.api.errors import ApiError
from run_inspector.loading.key_locks import SharedCache

LIST_TTL_SECONDS: Final = 30.0
MAX_CACHED_LISTS: Final = 256

T = TypeVar("T")


@dataclass(frozen=True)
class Listed(Generic[T]):
    """A list fetch outcome: what came back or the error, and when (wall clock)."""

    value: T | None
    error: ApiError | None
    fetched_at: float


class ListCache:
    """Thread-safe; concurrent loads of one key wait for a single fetch."""

    def __init__(
        self, ttl_seconds: float = LIST_TTL_SECONDS, timer: Callable[[], float] = time.monotonic
    ) -> None:
        entries: TTLCache[Hashable, Listed[object]] = TTLCache(MAX_CACHED_LISTS, ttl_seconds, timer)
        self._entries = SharedCache(entries, 4 * MAX_CACHED_LISTS)

    def get(self, key: Hashable, fetch: Callable[[], T], *, force: bool = False) -> Listed[T]:
        def load() -> Listed[object]:
            try:
                return Listed(fetch(), None, time.time())
            except ApiError as exc:
                return Listed(None, exc, time.time())

        # One key, one type of value: what was stored for it is a Listed[T].
        return self._entries.get(key, load, force=force)  # type: ignore[return-value]
