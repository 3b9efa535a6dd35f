"""Checking many jobs at once: a pool of worker threads, one request gate, rows as they come.

Workers only fetch and summarise; they never touch Streamlit. The caller's thread (the
page's script thread) iterates `check_jobs` and draws each row as it arrives. Closing the
iteration early (the person reran the page) cancels the jobs not yet started; the ones in
flight still land in the cache, so the rerun finds them there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import Final

from run_inspector.analysis.job_facts import job_facts
from run_inspector.analysis.polling import poll_interval
from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.errors import (
    ApiError,
    InvalidResponseError,
    ReadingFailedError,
    RequestKind,
    RunRequest,
)
from run_inspector.api.request_gate import DEFAULT_IN_FLIGHT
from run_inspector.collector_pause import collector_left_alone
from run_inspector.loading.batch_cache import BatchCache
from run_inspector.loading.batch_rows import BatchKey, BatchRow

logger = logging.getLogger(__name__)

WORKERS: Final = DEFAULT_IN_FLIGHT
# What a row keeps of a body that is not a run (the run page shows it whole).
MAX_KEPT_BODY_CHARS: Final = 2_000
# A batch rides out a longer 429 storm than one page load would before a row says so;
# other failures are retried as often as anywhere else.
BATCH_RATE_LIMIT_RETRIES: Final = 5


def check_job(client: LlamaCloudClient, key: BatchKey) -> BatchRow:
    """Fetch one job and keep its row; any failure is the row's error, never raised, so one
    job cannot stop the others."""
    fetch = client.fetch_v2_job if key.job.api_version == "v2" else client.fetch_run_by_job
    with collector_left_alone():  # the run is dropped once its facts are taken
        try:
            fetched = fetch(
                key.job.job_id, project_id=key.project_id, organization_id=key.organization_id
            )
            extraction = fetched.extraction
            facts = job_facts(extraction)
        except ApiError as exc:
            return _failed(key, exc)
        except Exception:  # a bug in reading this one job: logged, and the row says so
            logger.exception("Unexpected failure while checking job %s", key.job.job_id)
            return _failed(key, ReadingFailedError(_request_of(key)))
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
    tick_s: float | None = None,
) -> Generator[BatchRow | None, None, None]:
    """Each job's row through the cache, in the order they finish.

    With `tick_s`, None comes too whenever that long passes without a row, so the caller's
    thread is never stuck waiting (a Streamlit script notices a rerun only when it calls
    Streamlit). Close the iterator to cancel the jobs not started.
    """
    if not keys:
        return
    pool = ThreadPoolExecutor(max_workers=min(workers, len(keys)), thread_name_prefix="batch")
    try:
        pending = {pool.submit(cache.get, key, _bind(check, key), force=force) for key in keys}
        while pending:
            finished, pending = wait(pending, timeout=tick_s, return_when=FIRST_COMPLETED)
            if not finished:
                yield None
            for future in finished:
                yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _bind(check: Callable[[BatchKey], BatchRow], key: BatchKey) -> Callable[[], BatchRow]:
    return lambda: check(key)


def _failed(key: BatchKey, error: ApiError) -> BatchRow:
    """A row for a job that could not be fetched, keeping only the error's facts.

    Rows are kept for the whole batch: without its traceback the error holds no frames (and
    so no client or response), and an unreadable body is cut to what a row could show.
    """
    error.__traceback__ = error.__context__ = error.__cause__ = None
    if isinstance(error, InvalidResponseError) and len(error.body.text) > MAX_KEPT_BODY_CHARS:
        error.body = replace(error.body, text=error.body.text[:MAX_KEPT_BODY_CHARS] + "…")
    return BatchRow(key, facts=None, error=error, checked_at=time.time())


def _request_of(key: BatchKey) -> RunRequest:
    kind: RequestKind = "v2_job" if key.job.api_version == "v2" else "v1_run"
    return RunRequest(key.job.job_id, key.base_url, path="", kind=kind)
