"""Checking a batch of jobs: ten requests at a time through one gate, rows as they finish.

`check_jobs` and `check_job` run against a fake LlamaCloud API of this module's own on a real
127.0.0.1 socket (these tests change its latency and send it 429 storms), with a client set
up as the batch page sets one up: a fresh RequestGate and BATCH_RATE_LIMIT_RETRIES. The cache's
lifetimes are tested with a fake timer. Only the 429 tests wait in real time: the gate
pauses on a real clock.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from run_inspector.analysis.job_facts import JobFacts, job_facts
from run_inspector.analysis.polling import POLL_SCHEDULE, SLOWEST_POLL_SECONDS
from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.errors import (
    ApiError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ReadingFailedError,
    ServerError,
)
from run_inspector.api.request_gate import DEFAULT_IN_FLIGHT, RequestGate
from run_inspector.api.retry_policy import MAX_RETRIES
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse, serve
from run_inspector.loading import batch_check
from run_inspector.loading.batch_cache import BatchCache
from run_inspector.loading.batch_check import (
    BATCH_RATE_LIMIT_RETRIES,
    MAX_KEPT_BODY_CHARS,
    check_job,
    check_jobs,
)
from run_inspector.loading.batch_rows import BatchKey, BatchRow, refresh_every
from run_inspector.loading.run_cache import ERROR_TTL_SECONDS, FINAL_TTL_SECONDS
from run_inspector.model.extraction import Extraction
from run_inspector.model.status import StatusClass
from run_inspector.presentation.error_text import error_sentence, error_short
from run_inspector.references.job_reference import JobReference
from tests.conftest import DEMO_DATA, TEST_API_KEY, demo_run, load_json, read_v1
from tests.unit.client_helpers import MakeClient, Sleeps, client_maker

FINGERPRINT = "fp-batch"
PROJECT_ID = "prj-2f8a0c1e-5b7d-4e9a-8c3f-1d6b9e2a4c70"
ORG_ID = "66666666-7777-4888-9999-000000000000"
LATENCY = 0.1
# Cheap to summarise, so the batch's time is the API's, not the report's.
V1_DONE = demo_run("receipt_per_doc_bounding_boxes")
V2_DONE = load_json(DEMO_DATA / "v2" / "sdk_minimal_completed.json")


# --- a fake API of this module's own, and clients as the batch page makes them ---------------


@pytest.fixture(scope="module")
def own_api() -> FakeLlamaCloud:
    return FakeLlamaCloud(api_keys={TEST_API_KEY})


@pytest.fixture(scope="module")
def own_server(own_api: FakeLlamaCloud) -> Iterator[RunningServer]:
    running = serve(own_api)
    yield running
    running.stop()


@pytest.fixture
def batch_api(own_api: FakeLlamaCloud) -> Iterator[FakeLlamaCloud]:
    """The module's fake with no requests recorded; its latency is set back afterwards."""
    own_api.reset_requests()
    yield own_api
    own_api.latency_s = 0.0


@pytest.fixture
def make_client(own_server: RunningServer, sleeps: Sleeps) -> Iterator[MakeClient]:
    with client_maker(own_server.base_url, sleeps) as make:
        yield make


def page_client(
    make_client: MakeClient, gate: RequestGate | None = None, **kwargs: Any
) -> LlamaCloudClient:
    """A client as the batch page makes one: a gate of its own, the batch's retries."""
    return make_client(
        gate=RequestGate() if gate is None else gate,
        rate_limit_retries=BATCH_RATE_LIMIT_RETRIES,
        **kwargs,
    )


class RecordingGate(RequestGate):
    """A real gate that also notes when it let each request go, and when it was told of
    each 429 and the limit it then set."""

    def __init__(self) -> None:
        super().__init__()
        self.let_go: list[float] = []
        self.told: list[tuple[float, int]] = []

    @contextmanager
    def slot(self) -> Iterator[int]:
        with super().slot() as epoch:
            self.let_go.append(time.monotonic())
            yield epoch

    def rate_limited(self, retry_after: float | None, epoch: int) -> None:
        told_at = time.monotonic()  # before the gate reads its clock: its pause ends later
        super().rate_limited(retry_after, epoch)
        self.told.append((told_at, self.limit))


# --- jobs in the fake, keys, and running a batch ---------------------------------------------


def new_v1(api: FakeLlamaCloud, body: dict[str, Any] = V1_DONE, **changes: Any) -> JobReference:
    job_id = str(uuid.uuid4())
    api.add_run({**body, **changes, "job_id": job_id})
    return JobReference("v1", job_id)


def new_v2(api: FakeLlamaCloud, body: dict[str, Any] = V2_DONE, **changes: Any) -> JobReference:
    job_id = f"ext-{uuid.uuid4()}"
    api.add_v2_job({**body, **changes, "id": job_id})
    return JobReference("v2", job_id)


def key_of(
    server: RunningServer,
    job: JobReference,
    *,
    fingerprint: str = FINGERPRINT,
    project_id: str | None = None,
    organization_id: str | None = None,
) -> BatchKey:
    return BatchKey(fingerprint, server.base_url, job, project_id, organization_id)


def finished_jobs(api: FakeLlamaCloud, server: RunningServer, count: int) -> list[BatchKey]:
    """`count` finished jobs stored in the fake, alternately v1 and v2, under new IDs."""
    return [key_of(server, new_v2(api) if i % 2 else new_v1(api)) for i in range(count)]


def run_batch(
    client: LlamaCloudClient,
    keys: Sequence[BatchKey],
    cache: BatchCache | None = None,
    *,
    force: bool = False,
) -> list[BatchRow]:
    check = partial(check_job, client)
    # Not `cache or ...`: an empty cache has a length of 0, so it is falsy.
    arriving = check_jobs(keys, check, BatchCache() if cache is None else cache, force=force)
    return [row for row in arriving if row is not None]  # None only comes with tick_s


def by_key(rows: Sequence[BatchRow]) -> dict[BatchKey, BatchRow]:
    return {row.key: row for row in rows}


def assert_all_arrived_fine(rows: Sequence[BatchRow], keys: Sequence[BatchKey]) -> None:
    """One row per key, each fetched without error, each a finished job's."""
    assert sorted(row.key.job.job_id for row in rows) == sorted(key.job.job_id for key in keys)
    for row in rows:
        assert row.error is None, (row.key.job, row.error)
        assert row.facts is not None
        assert row.facts.api_version == row.key.job.api_version
        assert row.facts.status.status_class is StatusClass.DONE
        assert row.next_check_s is None


# --- ten at a time ----------------------------------------------------------------------------


def test_forty_jobs_are_checked_ten_at_a_time(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    keys = finished_jobs(batch_api, own_server, 40)
    batch_api.latency_s = LATENCY
    gate = RequestGate()
    started = time.monotonic()
    rows = run_batch(page_client(make_client, gate), keys)
    took = time.monotonic() - started

    assert_all_arrived_fine(rows, keys)
    assert len(batch_api.requests) == 40  # one request per job: nothing retried
    assert batch_api.peak_in_flight == DEFAULT_IN_FLIGHT == 10  # never more, and it got there
    assert gate.peak_in_flight == 10
    # One at a time would take 40 x latency; ten at a time about a tenth of that. Only a
    # generous bound: timings are the benchmark's job.
    assert took < 40 * LATENCY / 2


def test_each_request_carries_the_keys_project_and_organization(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    v1, v2 = new_v1(batch_api), new_v2(batch_api)
    keys = [
        key_of(own_server, job, project_id=PROJECT_ID, organization_id=ORG_ID) for job in (v1, v2)
    ]
    rows = run_batch(page_client(make_client), keys)

    assert_all_arrived_fine(rows, keys)
    (v1_request,) = batch_api.requests_for(v1.job_id)
    (v2_request,) = batch_api.requests_for(v2.job_id)
    assert v1_request.path == f"/api/v1/extraction/runs/by-job/{v1.job_id}"
    assert v2_request.path == f"/api/v2/extract/{v2.job_id}"
    for request in (v1_request, v2_request):
        assert request.query["project_id"] == PROJECT_ID
        assert request.query["organization_id"] == ORG_ID
        assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"


def test_rows_come_in_the_order_they_finish(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    slow, *quick = (new_v1(batch_api) for _ in range(4))
    batch_api.script(
        slow.job_id, ScriptedResponse(200, {**V1_DONE, "job_id": slow.job_id}, delay=0.15)
    )
    rows = run_batch(page_client(make_client), [key_of(own_server, j) for j in (slow, *quick)])
    assert [row.key.job for row in rows][-1] == slow
    assert all(row.error is None for row in rows)


def test_no_keys_no_rows_and_no_requests(
    batch_api: FakeLlamaCloud, make_client: MakeClient
) -> None:
    assert run_batch(page_client(make_client), []) == []
    assert batch_api.requests == []


# --- 429s: the whole batch slows down ---------------------------------------------------------


def test_one_429_pauses_every_worker_for_its_retry_after(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    retry_after = 1.0
    keys = finished_jobs(batch_api, own_server, 30)
    limited = keys[0].job.job_id  # sent first, so it is among the first ten in flight
    too_many = ScriptedResponse(429, {"detail": "Too many requests"}, {"Retry-After": "1"})
    batch_api.script(limited, too_many)
    batch_api.latency_s = LATENCY
    gate = RecordingGate()
    rows = run_batch(page_client(make_client, gate, sleep=time.sleep), keys)

    assert_all_arrived_fine(rows, keys)
    [(told_at, limit_then)] = gate.told
    assert (limit_then, gate.limit, gate.rate_limited_count) == (5, 10, 1)  # halved, recovered
    pause_ends = told_at + retry_after
    # A thread let go just before the 429 was reported may note the time just after it.
    on_their_way = [t for t in gate.let_go if t <= told_at + 0.05]
    assert [t - told_at for t in gate.let_go if t > told_at + 0.05 and t < pause_ends] == []
    assert len(on_their_way) < 2 * DEFAULT_IN_FLIGHT  # the first ten, one more per worker at most
    # The API received the requests already on their way when the 429 came back, and then
    # nothing more, not even the retry, until the Retry-After was over.
    first, retry = batch_api.requests_for(limited)
    assert first.received_at < told_at < pause_ends <= retry.received_at
    received = [r.received_at for r in batch_api.requests]
    assert len([t for t in received if t < pause_ends]) == len(on_their_way)
    assert len(received) == len(keys) + 1


def test_a_429_storm_is_ridden_out(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    keys = finished_jobs(batch_api, own_server, 20)
    batch_api.rate_limit_next(15, retry_after_s=0.1)
    gate = RequestGate()
    rows = run_batch(page_client(make_client, gate, sleep=time.sleep), keys)

    assert_all_arrived_fine(rows, keys)
    assert len(batch_api.requests) == 20 + 15
    assert gate.rate_limited_count == 15
    attempts = [len(batch_api.requests_for(key.job.job_id)) for key in keys]
    assert max(attempts) <= BATCH_RATE_LIMIT_RETRIES + 1
    assert gate.limit == 10


@pytest.mark.parametrize("limited_times", [BATCH_RATE_LIMIT_RETRIES, BATCH_RATE_LIMIT_RETRIES + 1])
def test_a_job_rides_out_as_many_429s_as_the_batch_retries(
    batch_api: FakeLlamaCloud,
    own_server: RunningServer,
    make_client: MakeClient,
    sleeps: Sleeps,
    limited_times: int,
) -> None:
    job = new_v2(batch_api)
    too_many = ScriptedResponse(429, {"detail": "Too many requests"}, {"Retry-After": "0.01"})
    batch_api.script(job.job_id, *[too_many] * limited_times)
    (row,) = run_batch(page_client(make_client), [key_of(own_server, job)])

    assert len(batch_api.requests_for(job.job_id)) == BATCH_RATE_LIMIT_RETRIES + 1
    assert sleeps == [0.01] * BATCH_RATE_LIMIT_RETRIES
    if limited_times == BATCH_RATE_LIMIT_RETRIES:
        assert row.error is None
        assert row.facts is not None
    else:
        assert isinstance(row.error, RateLimitedError)
        assert row.error.attempts == BATCH_RATE_LIMIT_RETRIES + 1
        assert row.facts is None


# --- failures stay in their row ---------------------------------------------------------------


def test_each_failure_is_its_rows_error_and_the_other_rows_are_fine(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient, sleeps: Sleeps
) -> None:
    good = finished_jobs(batch_api, own_server, 6)
    unknown = JobReference("v1", str(uuid.uuid4()))  # never stored: 404
    refused = new_v2(batch_api)
    broken = new_v1(batch_api)
    batch_api.script(refused.job_id, ScriptedResponse(403, {"detail": "Not your project"}))
    server_error = ScriptedResponse(500, {"detail": "Internal Server Error"})
    batch_api.script(broken.job_id, *[server_error] * (MAX_RETRIES + 1))
    failing = {job: key_of(own_server, job) for job in (unknown, refused, broken)}
    keys = [*good[:3], *failing.values(), *good[3:]]
    rows = by_key(run_batch(page_client(make_client), keys))

    assert len(rows) == len(keys)
    assert_all_arrived_fine([rows[key] for key in good], good)
    # The error's type, its status, how often the job was asked for, and what the row says.
    expected: dict[JobReference, tuple[type[ApiError], int, int, str]] = {
        unknown: (NotFoundError, 404, 1, f"No extraction run was found for job {unknown.job_id}"),
        refused: (PermissionDeniedError, 403, 1, "This API key has no access to that project"),
        broken: (  # retried like any request: the extra retries are for 429s only
            ServerError,
            500,
            MAX_RETRIES + 1,
            "LlamaCloud answered with a server error (HTTP 500).",
        ),
    }
    for job, (error_type, status, attempts, sentence) in expected.items():
        row = rows[failing[job]]
        assert isinstance(row.error, error_type), (job, row.error)
        assert (row.error.status_code, row.error.attempts) == (status, attempts)
        assert error_sentence(row.error).startswith(sentence)
        assert row.failed
        assert row.facts is None
        assert row.next_check_s is None
        assert len(batch_api.requests_for(job.job_id)) == attempts
    given_up = rows[failing[broken]].error
    assert given_up is not None
    assert error_sentence(given_up).endswith(f"(Tried {MAX_RETRIES + 1} times.)")
    assert len(sleeps) == MAX_RETRIES  # only the 500s were retried


# --- one job: facts, and when to look again ---------------------------------------------------


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_final_job_is_summarised_with_its_schema_problems_and_low_confidence(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient, version: str
) -> None:
    if version == "v1":
        job = new_v1(batch_api, demo_run("invoice_schema_problems"))
    else:
        job = new_v2(batch_api, load_json(DEMO_DATA / "v2" / "invoice_completed.json"))
    before = time.time()
    row = check_job(page_client(make_client), key_of(own_server, job))

    assert row.error is None
    assert row.facts is not None
    assert row.facts.api_version == version
    assert row.facts.status.status_class is StatusClass.DONE
    assert (row.facts.schema_problems, row.facts.low_confidence) == (6, 3)
    assert row.facts.schema_summary == "6 schema problems"
    assert row.next_check_s is None
    assert not row.due(time.time() + FINAL_TTL_SECONDS)
    assert before <= row.checked_at <= time.time()
    assert len(batch_api.requests_for(job.job_id)) == 1


@pytest.mark.parametrize(
    ("version", "age_s", "next_check_s"),
    [
        ("v2", 5, POLL_SCHEDULE[0][1]),
        ("v1", 60, POLL_SCHEDULE[1][1]),
        ("v2", 300, POLL_SCHEDULE[2][1]),
        ("v1", 3600, SLOWEST_POLL_SECONDS),
    ],
)
def test_a_job_still_going_is_not_counted_and_is_checked_again_on_the_polling_schedule(
    batch_api: FakeLlamaCloud,
    own_server: RunningServer,
    make_client: MakeClient,
    version: str,
    age_s: int,
    next_check_s: float,
) -> None:
    created = (datetime.now(UTC) - timedelta(seconds=age_s)).isoformat()
    if version == "v1":
        job = new_v1(batch_api, demo_run("receipt_pending"), created_at=created)
    else:
        body = load_json(DEMO_DATA / "v2" / "invoice_running.json")
        job = new_v2(batch_api, body, created_at=created)
    row = check_job(page_client(make_client), key_of(own_server, job))

    assert row.error is None
    assert row.facts is not None
    assert row.facts.status.status_class is StatusClass.WAITING
    assert row.facts.schema_problems is None
    assert row.facts.low_confidence is None
    assert row.facts.schema_summary is None
    assert row.next_check_s == next_check_s
    assert not row.due(row.checked_at + next_check_s - 0.01)
    assert row.due(row.checked_at + next_check_s)


def test_due_and_refresh_every_follow_the_rows_still_going() -> None:
    key = BatchKey(FINGERPRINT, "http://x", JobReference("v1", str(uuid.uuid4())))
    final = BatchRow(key, facts=None, error=None, checked_at=100.0)
    soon = BatchRow(key, facts=None, error=None, checked_at=100.0, next_check_s=2.0)
    later = BatchRow(key, facts=None, error=None, checked_at=100.0, next_check_s=30.0)

    assert [row.due(101.9) for row in (final, soon, later)] == [False, False, False]
    assert [row.due(102.0) for row in (final, soon, later)] == [False, True, False]
    assert [row.due(130.0) for row in (final, soon, later)] == [False, True, True]
    assert refresh_every([final, later, soon]) == 2.0
    assert refresh_every([final, later]) == 30.0
    assert refresh_every([final]) is None
    assert refresh_every([]) is None


# --- the cache: a rerun never refetches --------------------------------------------------------


def test_a_second_batch_over_the_same_keys_sends_nothing(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    keys = finished_jobs(batch_api, own_server, 6)
    cache = BatchCache()
    client = page_client(make_client)
    first = by_key(run_batch(client, keys, cache))
    batch_api.reset_requests()

    again = by_key(run_batch(client, keys, cache))
    assert batch_api.requests == []
    assert again == first  # the very rows, checked_at and all
    assert len(cache) == 6

    forced = by_key(run_batch(client, keys, cache, force=True))
    assert len(batch_api.requests) == 6
    assert all(forced[key].checked_at >= first[key].checked_at for key in keys)


def test_rows_are_not_shared_between_fingerprints_or_projects(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    job = new_v1(batch_api)
    cache = BatchCache()
    client = page_client(make_client)
    keys = [
        key_of(own_server, job),
        key_of(own_server, job, fingerprint="fp-other-key"),
        key_of(own_server, job, project_id=PROJECT_ID),
    ]
    for key in keys:
        run_batch(client, [key], cache)
    assert len(batch_api.requests_for(job.job_id)) == 3
    assert len(cache) == 3


def test_closing_the_rows_early_cancels_the_jobs_not_started(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    keys = [key_of(own_server, new_v1(batch_api)) for _ in range(40)]
    batch_api.latency_s = 0.05
    cache = BatchCache()
    settled = threading.Condition()
    started = finished = 0
    client = page_client(make_client)

    def check(key: BatchKey) -> BatchRow:
        nonlocal started, finished
        with settled:
            started += 1
        try:
            return check_job(client, key)
        finally:
            with settled:
                finished += 1
                settled.notify_all()

    rows = check_jobs(keys, check, cache)
    assert isinstance(rows, Generator)  # typed as an Iterator; a rerun drops (closes) it
    for _row in rows:
        break  # the person reran the page after the first row
    rows.close()
    with settled:
        assert settled.wait_for(lambda: finished == started, timeout=5)

    assert started < len(keys)  # the rest were cancelled, never sent
    assert len(batch_api.requests) == started
    assert len(cache) == started  # the ones in flight still landed in the cache


# --- the cache's lifetimes, on a fake timer -----------------------------------------------------


class Timer:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountingCheck:
    """Stands in for check_job: the same row each time, counting the calls."""

    def __init__(self, row: BatchRow, wait_for: threading.Event | None = None) -> None:
        self.row = row
        self.calls = 0
        self.entered = threading.Event()
        self._wait_for = wait_for

    def __call__(self) -> BatchRow:
        self.calls += 1
        self.entered.set()
        if self._wait_for is not None:
            self._wait_for.wait(5)
        return self.row


KEY = BatchKey(FINGERPRINT, "http://x", JobReference("v1", "3f0c6f1e-0000-4000-8000-00000000000a"))
FINAL_FACTS = job_facts(read_v1(demo_run("capacitor_per_doc_confidence")))
PENDING_FACTS = job_facts(read_v1(demo_run("receipt_pending")))


def cached_calls(row: BatchRow, ages: Sequence[float]) -> list[int]:
    """Calls to `check` after asking a fresh cache for the row at each of these times."""
    timer, check = Timer(), CountingCheck(row)
    cache = BatchCache(timer=timer)
    calls = []
    for age in ages:
        timer.now = age
        cache.get(KEY, check)
        calls.append(check.calls)
    return calls


def test_a_final_row_stays_for_the_final_lifetime() -> None:
    row = BatchRow(KEY, FINAL_FACTS, error=None, checked_at=0.0)
    ages = [0, FINAL_TTL_SECONDS - 1, FINAL_TTL_SECONDS + 1]
    assert cached_calls(row, ages) == [1, 1, 2]


def test_a_failure_expires_after_the_error_lifetime() -> None:
    row = BatchRow(KEY, None, error=NotFoundError(status_code=404), checked_at=0.0)
    ages = [0, ERROR_TTL_SECONDS - 1, ERROR_TTL_SECONDS + 1]
    assert cached_calls(row, ages) == [1, 1, 2]


def test_a_row_still_going_expires_when_its_next_check_is_due() -> None:
    row = BatchRow(KEY, PENDING_FACTS, error=None, checked_at=0.0, next_check_s=5.0)
    assert cached_calls(row, [0, 4.9, 5.1]) == [1, 1, 2]


def test_a_shorter_final_lifetime_is_kept_to() -> None:
    timer, check = Timer(), CountingCheck(BatchRow(KEY, FINAL_FACTS, None, checked_at=0.0))
    cache = BatchCache(timer=timer, final_ttl_seconds=60.0)
    cache.get(KEY, check)
    timer.now = 61.0
    cache.get(KEY, check)
    assert check.calls == 2


def test_force_checks_again_and_replaces_the_row() -> None:
    cache = BatchCache()
    first = cache.get(KEY, CountingCheck(BatchRow(KEY, PENDING_FACTS, None, 0.0, 5.0)))
    newer = BatchRow(KEY, FINAL_FACTS, None, checked_at=1.0)
    assert cache.get(KEY, CountingCheck(newer), force=True) is newer
    assert cache.get(KEY, CountingCheck(first)) is newer


def test_concurrent_gets_of_one_key_check_once() -> None:
    """Eight sessions want one job's row while its fetch is held: one fetch serves all."""
    release = threading.Event()
    check = CountingCheck(BatchRow(KEY, FINAL_FACTS, None, checked_at=0.0), wait_for=release)
    cache = BatchCache()
    got: list[BatchRow] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(KEY, check))) for _ in range(8)]
    for thread in threads:
        thread.start()
    assert check.entered.wait(5)  # one fetch is under way and held there
    time.sleep(0.1)  # the other seven get as far as they can: without a key lock, a fetch
    release.set()
    for thread in threads:
        thread.join(5)
    assert check.calls == 1
    assert len(got) == 8
    assert all(row is check.row for row in got)


def test_the_cache_keeps_at_most_its_number_of_rows() -> None:
    cache = BatchCache(max_rows=2)
    for number in range(3):
        key = BatchKey(FINGERPRINT, "http://x", JobReference("v1", str(uuid.uuid4())))
        cache.get(key, CountingCheck(BatchRow(key, FINAL_FACTS, None, float(number))))
    assert len(cache) == 2


# --- what stops nothing: ticks while waiting, a bug in one job, what an error row keeps ----------


def test_with_ticks_the_caller_hears_back_while_the_rows_are_slow(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    """A Streamlit script notices a rerun only when it calls Streamlit: it must not be stuck."""
    batch_api.latency_s = 0.3
    keys = [key_of(own_server, new_v1(batch_api)) for _ in range(2)]
    arriving = list(
        check_jobs(keys, partial(check_job, page_client(make_client)), BatchCache(), tick_s=0.05)
    )
    assert arriving.count(None) >= 3
    assert len([row for row in arriving if row is not None]) == 2


def test_a_bug_reading_one_job_is_that_rows_error_and_logged(
    batch_api: FakeLlamaCloud,
    own_server: RunningServer,
    make_client: MakeClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = [key_of(own_server, new_v1(batch_api)) for _ in range(3)]
    odd = key_of(own_server, new_v2(batch_api))
    real = job_facts

    def job_facts_with_a_bug(extraction: Extraction) -> JobFacts:
        if extraction.api_version == "v2":
            raise KeyError("a bug")
        return real(extraction)

    monkeypatch.setattr(batch_check, "job_facts", job_facts_with_a_bug)
    rows = by_key(run_batch(page_client(make_client), [*good, odd]))

    assert all(rows[key].facts is not None for key in good)
    error = rows[odd].error
    assert isinstance(error, ReadingFailedError)
    assert error_short(error) == "not read"
    assert "failed while reading the Extract v2 job" in error_sentence(error)
    assert "Unexpected failure while checking job" in caplog.text


def test_an_error_row_keeps_no_traceback_and_at_most_a_short_body(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    missing = key_of(own_server, JobReference("v1", str(uuid.uuid4())))
    html = key_of(own_server, new_v1(batch_api))
    batch_api.script(html.job.job_id, ScriptedResponse(200, "<html>" + "x" * 50_000))
    rows = by_key(run_batch(page_client(make_client), [missing, html]))

    assert all(row.error is not None and row.error.__traceback__ is None for row in rows.values())
    unreadable = rows[html].error
    assert isinstance(unreadable, InvalidResponseError)
    assert len(unreadable.body.text) <= MAX_KEPT_BODY_CHARS + 1


def test_429s_and_other_failures_each_have_their_own_retry_budget(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient, sleeps: Sleeps
) -> None:
    """Two 429s use none of a 503's retries: after them, two 503s are still retried."""
    job = new_v1(batch_api)
    limited = ScriptedResponse(429, {"detail": "Too many requests"}, {"Retry-After": "0"})
    unavailable = ScriptedResponse(503, {"detail": "Service Unavailable"})
    batch_api.script(job.job_id, limited, limited, *[unavailable] * MAX_RETRIES)

    (row,) = run_batch(page_client(make_client), [key_of(own_server, job)])

    assert row.error is None
    assert row.facts is not None
    assert len(batch_api.requests_for(job.job_id)) == 2 + MAX_RETRIES + 1


def test_a_retried_failures_row_keeps_no_context_either(
    batch_api: FakeLlamaCloud, own_server: RunningServer, make_client: MakeClient
) -> None:
    """A given-up retry must not hold the retry machinery (and so the client, with its key
    and the response) through the error's context."""
    job = new_v1(batch_api)
    unavailable = ScriptedResponse(503, {"detail": "Service Unavailable"})
    batch_api.script(job.job_id, *[unavailable] * (MAX_RETRIES + 1))

    (row,) = run_batch(page_client(make_client), [key_of(own_server, job)])

    assert isinstance(row.error, ServerError)
    assert (row.error.__traceback__, row.error.__context__, row.error.__cause__) == (None,) * 3
