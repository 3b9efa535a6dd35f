"""One lock per cache key, so concurrent loads of one key wait for a single fetch."""

from __future__ import annotations

import threading
from collections.abc import Hashable


class KeyLocks:
    """Locks by key; once there are more than `limit`, those nobody holds are dropped."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._locks: dict[Hashable, threading.Lock] = {}

    def of(self, key: Hashable) -> threading.Lock:
        with self._lock:
            if len(self._locks) > self._limit:
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            return self._locks.setdefault(key, threading.Lock())
