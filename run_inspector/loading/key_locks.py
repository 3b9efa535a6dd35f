"""One lock per cache key, so concurrent loads of one key wait for a single fetch; and the
cache every loader shares that is built on them."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import Cache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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


class SharedCache(Generic[K, V]):
    """A cachetools cache made safe for every session's threads: a value is loaded once
    per key however many ask at the same moment, and loads of other keys go on meanwhile."""

    def __init__(self, entries: Cache[K, V], lock_limit: int) -> None:
        self._entries = entries
        self._lock = threading.Lock()
        self._key_locks = KeyLocks(lock_limit)

    def get(self, key: K, load: Callable[[], V], *, force: bool = False) -> V:
        """The cached value, or a fresh one from `load` (always, when `force`)."""
        with self._key_locks.of(key):
            if not force:
                with self._lock:
                    cached = self._entries.get(key)
                if cached is not None:
                    return cached
            value = load()
            with self._lock, contextlib.suppress(ValueError):  # larger than the whole cache
                self._entries[key] = value
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
