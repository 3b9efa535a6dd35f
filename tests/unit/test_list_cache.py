"""The list cache: 30 s per query, shared, forced by Refresh, errors kept as outcomes."""

from __future__ import annotations

from run_inspector.api.errors import ServerError
from run_inspector.loading.list_cache import LIST_TTL_SECONDS, ListCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Counting:
    def __init__(self, value: object = ("row",)) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


def test_a_list_is_fetched_once_per_query_for_30_seconds() -> None:
    clock, fetch = Clock(), Counting()
    cache = ListCache(timer=clock)
    key = ("fp", "http://x", "v1_runs", "agent", 0, 25, None)

    assert cache.get(key, fetch).value == ("row",)
    clock.now = LIST_TTL_SECONDS - 1
    cache.get(key, fetch)
    assert fetch.calls == 1
    cache.get((*key[:-1], "ERROR"), fetch)  # another filter is another list
    assert fetch.calls == 2
    clock.now = LIST_TTL_SECONDS + 1
    cache.get(key, fetch)
    assert fetch.calls == 3


def test_refresh_forces_a_fetch() -> None:
    fetch = Counting()
    cache = ListCache(timer=Clock())
    cache.get("k", fetch)
    cache.get("k", fetch, force=True)
    assert fetch.calls == 2


def test_an_error_is_an_outcome_not_an_exception() -> None:
    fetch = Counting(ServerError(None, status_code=503))
    listed = ListCache(timer=Clock()).get("k", fetch)
    assert listed.value is None
    assert isinstance(listed.error, ServerError)
