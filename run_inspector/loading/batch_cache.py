"""A process-wide, bounded cache of batch rows, apart from the run cache.

A batch of 500 jobs must not push the 64 whole runs the run page serves out of their cache,
so a batch keeps only each job's row. Final rows stay for an hour; a run still going only
until its next check is due; a failure to fetch for seconds, as in the run cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from cachetools import TLRUCache

from run_inspector.loading.batch_rows import BatchKey, BatchRow
from run_inspector.loading.key_locks import SharedCache
from run_inspector.loading.run_cache import ERROR_TTL_SECONDS, FINAL_TTL_SECONDS

# A row is a few hundred bytes: ten thousand rows are a few megabytes.
MAX_CACHED_ROWS: Final = 10_000


class BatchCache:
    """Thread-safe; concurrent checks of one key (two sessions, one batch) share one fetch."""

    def __init__(
        self,
        max_rows: int = MAX_CACHED_ROWS,
        *,
        final_ttl_seconds: float = FINAL_TTL_SECONDS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        def time_to_use(_key: BatchKey, row: BatchRow, now: float) -> float:
            if row.error is not None:
                return now + ERROR_TTL_SECONDS
            if row.next_check_s is not None:
                return now + row.next_check_s
            return now + final_ttl_seconds

        rows: TLRUCache[BatchKey, BatchRow] = TLRUCache(max_rows, time_to_use, timer)
        self._rows = SharedCache(rows, 4 * max_rows)

    def get(self, key: BatchKey, check: Callable[[], BatchRow], *, force: bool = False) -> BatchRow:
        """The cached row, or a fresh one from `check` (always, when `force`)."""
        return self._rows.get(key, check, force=force)

    def __len__(self) -> int:
        return len(self._rows)
