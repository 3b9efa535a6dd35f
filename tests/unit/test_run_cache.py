"""The run cache: one fetch per key, TTL by status, errors kept briefly, force refetches."""

from __future__ import annotations

import threading

import pytest

from run_inspector.api.client import FetchedRun
from run_inspector.api.errors import NotFoundError
from run_inspector.demo.samples import DEMO_RESTART_SECONDS
from run_inspector.loading.run_cache import (
    ERROR_TTL_SECONDS,
    FINAL_TTL_SECONDS,
    PENDING_TTL_SECONDS,
    RunCache,
    RunKey,
)
from run_inspector.model.extraction import Extraction
from tests.conftest import demo_run, read_v1

FINAL = read_v1(demo_run("capacitor_per_doc_confidence"))
PENDING = read_v1(demo_run("receipt_pending"))
KEY = RunKey("fp-a", "http://x", "job-1")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountingFetch:
    def __init__(self, result: Extraction | Exception) -> None:
        self.result = result
        self.calls = 0

    def __call__(self) -> FetchedRun:
        self.calls += 1
        if isinstance(self.result, Exception):
            raise self.result
        return FetchedRun(self.result, b"{}")


def test_final_run_is_fetched_once_until_its_ttl() -> None:
    clock, fetch = Clock(), CountingFetch(FINAL)
    cache = RunCache(timer=clock)
    cache.get(KEY, fetch)
    clock.now = FINAL_TTL_SECONDS - 1
    cache.get(KEY, fetch)
    assert fetch.calls == 1
    clock.now = FINAL_TTL_SECONDS + 1
    cache.get(KEY, fetch)
    assert fetch.calls == 2


def test_a_shorter_final_lifetime_lets_the_demo_job_start_over() -> None:
    clock, fetch = Clock(), CountingFetch(FINAL)
    cache = RunCache(timer=clock, final_ttl_seconds=DEMO_RESTART_SECONDS)
    cache.get(KEY, fetch)
    clock.now = DEMO_RESTART_SECONDS - 1
    cache.get(KEY, fetch)
    assert fetch.calls == 1
    clock.now = DEMO_RESTART_SECONDS + 1
    cache.get(KEY, fetch)
    assert fetch.calls == 2


def test_pending_run_expires_after_seconds() -> None:
    clock, fetch = Clock(), CountingFetch(PENDING)
    cache = RunCache(timer=clock)
    cache.get(KEY, fetch)
    clock.now = PENDING_TTL_SECONDS + 0.1
    cache.get(KEY, fetch)
    assert fetch.calls == 2


@pytest.mark.parametrize("status", ["ARCHIVED", "", "RUNNING", "THROTTLED", "created"])
def test_unknown_and_waiting_runs_expire_after_seconds(status: str) -> None:
    clock, fetch = (
        Clock(),
        CountingFetch(read_v1({**demo_run("capacitor_per_doc_confidence"), "status": status})),
    )
    cache = RunCache(timer=clock)
    cache.get(KEY, fetch)
    clock.now = PENDING_TTL_SECONDS + 0.1
    cache.get(KEY, fetch)
    assert fetch.calls == 2


@pytest.mark.parametrize("status", ["COMPLETED", "PARTIAL_SUCCESS", "FAILED", "cancelled "])
def test_every_final_class_stays_for_the_final_ttl(status: str) -> None:
    clock, fetch = (
        Clock(),
        CountingFetch(read_v1({**demo_run("receipt_pending"), "status": status})),
    )
    cache = RunCache(timer=clock)
    cache.get(KEY, fetch)
    clock.now = FINAL_TTL_SECONDS - 1
    cache.get(KEY, fetch)
    assert fetch.calls == 1


def test_errors_are_cached_briefly_and_returned_not_raised() -> None:
    clock, fetch = Clock(), CountingFetch(NotFoundError(status_code=404))
    cache = RunCache(timer=clock)
    loaded = cache.get(KEY, fetch)
    cache.get(KEY, fetch)
    assert isinstance(loaded.error, NotFoundError)
    assert fetch.calls == 1
    clock.now = ERROR_TTL_SECONDS + 1
    cache.get(KEY, fetch)
    assert fetch.calls == 2


def test_force_refetches_and_keys_with_another_fingerprint_never_share() -> None:
    fetch = CountingFetch(FINAL)
    cache = RunCache()
    cache.get(KEY, fetch)
    cache.get(KEY, fetch, force=True)
    cache.get(RunKey("fp-b", "http://x", "job-1"), fetch)
    assert fetch.calls == 3


def test_concurrent_loads_of_one_key_fetch_once() -> None:
    gate = threading.Event()

    class SlowFetch(CountingFetch):
        def __call__(self) -> FetchedRun:
            gate.wait(2)
            return super().__call__()

    fetch, cache = SlowFetch(FINAL), RunCache()
    threads = [threading.Thread(target=cache.get, args=(KEY, fetch)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert fetch.calls == 1


def test_derived_views_are_built_once_per_loaded_run() -> None:
    loaded = RunCache().get(KEY, CountingFetch(FINAL))
    builds: list[str] = []

    def build(extraction: Extraction) -> int:
        builds.append(extraction.reference)
        return len(builds)

    first = loaded.derived("x", build)
    second = loaded.derived("x", build)
    assert first == second == 1


class SizedFetch(CountingFetch):
    def __init__(self, result: Extraction, body_bytes: int) -> None:
        super().__init__(result)
        self.body_bytes = body_bytes

    def __call__(self) -> FetchedRun:
        return FetchedRun(super().__call__().extraction, b" " * self.body_bytes)


def test_runs_are_weighed_by_size_so_big_ones_push_each_other_out() -> None:
    # 4,000 bytes of budget; a 600-byte body weighs 2,400, a small one the 100-byte minimum.
    cache, big, small = (
        RunCache(max_entries=40, max_bytes=4_000),
        SizedFetch(FINAL, 600),
        CountingFetch(FINAL),
    )
    first, second = RunKey("fp", "http://x", "big-1"), RunKey("fp", "http://x", "big-2")
    cache.get(first, big)
    cache.get(second, big)
    cache.get(first, big)
    assert big.calls == 3  # the second big run pushed the first out
    for i in range(10):
        cache.get(RunKey("fp", "http://x", f"small-{i}"), small)
    cache.get(RunKey("fp", "http://x", "small-0"), small)
    assert small.calls == 10  # small runs fit beside one big one


def test_entry_count_is_capped_even_for_tiny_runs() -> None:
    cache, fetch = RunCache(max_entries=3, max_bytes=3_000), CountingFetch(FINAL)
    keys = [RunKey("fp", "http://x", f"job-{i}") for i in range(4)]
    for key in keys:
        cache.get(key, fetch)
    cache.get(keys[0], fetch)
    assert fetch.calls == 5  # the fourth entry evicted the first


def test_a_run_larger_than_the_whole_cache_is_served_but_not_kept() -> None:
    cache, giant = RunCache(max_entries=4, max_bytes=1_000), SizedFetch(FINAL, 1_000)
    assert cache.get(KEY, giant).extraction is not None
    cache.get(KEY, giant)
    assert giant.calls == 2
