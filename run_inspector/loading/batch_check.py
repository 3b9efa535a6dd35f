"""Checking many jobs at once: a pool of worker threads, one request gate, rows as they come.

Workers only fetch and summarise; they never touch Streamlit. The caller's thread (the
page's script thread) iterates `check_jobs` and draws each row as it arrives. Closing the
iteration early (the person reran the page) cancels the jobs not yet started; the ones in
flight still land in the cache, so the rerun finds them there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Final

from run_inspector.analysis.job_facts import job_facts
from run_inspector.analysis.polling import poll_interval
from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.errors import ApiError
from run_inspector.api.request_gate import DEFAULT_IN_FLIGHT
from run_inspector.collector_pause import collector_left_alone
from run_inspector.loading.batch_cache import BatchCache
from run_inspector.loading.batch_rows import BatchKey, BatchRow

WORKERS: Final = DEFAULT_IN_FLIGHT
# A batch rides out a longer 429 storm than one page load would before a row says so;
# other failures are retried as often as anywhere else.
BATCH_RATE_LIMIT_RETRIES: Final = 5


def check_job(client: LlamaCloudClient, key: BatchKey) -> BatchRow:
    """Fetch one job and keep its row; a failure to fetch is the row's error, never raised."""
    fetch = client.fetch_v2_job if key.job.api_version == "v2" else client.fetch_run_by_job
    with collector_left_alone():  # the run is dropped once its facts are taken
        try:
            fetched = fetch(
                key.job.job_id, project_id=key.project_id, organization_id=key.organization_id
            )
        except ApiError as exc:
            return BatchRow(key, facts=None, error=exc, checked_at=time.time())
        extraction = fetched.extraction
        facts = job_facts(extraction)
    return BatchRow(
        key,
        facts=facts,
        error=None,
        checked_at=time.time(),
        next_check_s=poll_interval(extraction),
    )


def check_jobs(
    keys: Sequence[BatchKey],
    check: Callable[[BatchKey], BatchRow],
    cache: BatchCache,
    *,
    force: bool = False,
    workers: int = WORKERS,
) -> Iterator[BatchRow]:
    """Each job's row through the cache, in the order they finish."""
    if not keys:
        return
    pool = ThreadPoolExecutor(max_workers=min(workers, len(keys)), thread_name_prefix="batch")
    try:
        futures = [pool.submit(cache.get, key, _bind(check, key), force=force) for key in keys]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _bind(check: Callable[[BatchKey], BatchRow], key: BatchKey) -> Callable[[], BatchRow]:
    return lambda: check(key)
