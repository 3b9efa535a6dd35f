"""Which JSON Schemas already passed the meta-schema check, so each is checked once."""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Final

from cachetools import LRUCache

MAX_REMEMBERED: Final = 256


class CheckedSchemas:
    """A bounded, thread-safe set of keys (a schema's canonical JSON and its draft)."""

    def __init__(self, max_remembered: int = MAX_REMEMBERED) -> None:
        self._seen: LRUCache[Hashable, bool] = LRUCache(max_remembered)
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return self._seen.get(key, False)

    def add(self, key: Hashable) -> None:
        with self._lock:
            self._seen[key] = True
