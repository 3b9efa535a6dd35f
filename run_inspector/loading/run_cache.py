"""A process-wide cache of fetched runs, keyed by credential fingerprint and run coordinates.

Final runs stay for an hour; runs still waiting or in a status this app does not know, and
errors, only for seconds, so polling sees progress while a rerun or a second session never
fetches the same thing twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from cachetools import TLRUCache

from run_inspector.api.client import FetchedRun
from run_inspector.api.errors import ApiError
from run_inspector.collector_pause import collector_paused
from run_inspector.loading.key_locks import SharedCache
from run_inspector.model.extraction import Extraction
from run_inspector.model.status import is_final

FINAL_TTL_SECONDS: Final = 3600.0
PENDING_TTL_SECONDS: Final = 2.0
ERROR_TTL_SECONDS: Final = 20.0
MAX_CACHED_RUNS: Final = 64
# Runs are weighed by their body size times a rough factor for the parsed run and tables,
# so a few huge runs cannot push the server out of memory.
MAX_CACHE_BYTES: Final = 2 * 1024**3
WEIGHT_PER_BODY_BYTE: Final = 4

T = TypeVar("T")


@dataclass(frozen=True)
class RunKey:
    fingerprint: str
    base_url: str
    job_id: str
    project_id: str | None = None
    organization_id: str | None = None


@dataclass(eq=False)
class LoadedRun:
    """A fetch outcome: the extraction or the error, when, and the views built from it."""

    extraction: Extraction | None
    error: ApiError | None
    fetched_at: float  # wall-clock seconds
    body: bytes = b""  # exactly as received, for the download
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def derived(self, name: str, build: Callable[[Extraction], T]) -> T:
        """Build a view of the extraction once and share it with every rerun and session."""
        with self._lock:
            if name not in self._derived:
                if self.extraction is None:
                    raise ValueError("no extraction to build a view from")
                with collector_paused():
                    self._derived[name] = build(self.extraction)
            view: T = self._derived[name]  # views of all types share one dict
            return view


def _lifetime(value: LoadedRun, final_ttl_seconds: float) -> float:
    if value.error is not None:
        return ERROR_TTL_SECONDS
    if value.extraction is not None and is_final(value.extraction.status.status_class):
        return final_ttl_seconds
    return PENDING_TTL_SECONDS


class RunCache:
    """Thread-safe; concurrent loads of one key wait for a single fetch."""

    def __init__(
        self,
        max_entries: int = MAX_CACHED_RUNS,
        max_bytes: int = MAX_CACHE_BYTES,
        timer: Callable[[], float] = time.monotonic,
        final_ttl_seconds: float = FINAL_TTL_SECONDS,
    ) -> None:
        """`final_ttl_seconds` is shorter for the demo, whose running job starts over."""
        # Every entry weighs at least max_bytes / max_entries, which caps the count too.
        min_weight = max(max_bytes // max(max_entries, 1), 1)

        def weight(loaded: LoadedRun) -> int:
            return max(len(loaded.body) * WEIGHT_PER_BODY_BYTE, min_weight)

        def time_to_use(_key: RunKey, value: LoadedRun, now: float) -> float:
            return now + _lifetime(value, final_ttl_seconds)

        entries: TLRUCache[RunKey, LoadedRun] = TLRUCache(
            max_bytes, time_to_use, timer, getsizeof=weight
        )
        self._entries = SharedCache(entries, 4 * MAX_CACHED_RUNS)

    def get(
        self, key: RunKey, fetch: Callable[[], FetchedRun], *, force: bool = False
    ) -> LoadedRun:
        return self._entries.get(key, lambda: _load(fetch), force=force)


def _load(fetch: Callable[[], FetchedRun]) -> LoadedRun:
    try:
        fetched = fetch()
        return LoadedRun(fetched.extraction, error=None, fetched_at=time.time(), body=fetched.body)
    except ApiError as exc:
        return LoadedRun(extraction=None, error=exc, fetched_at=time.time())
