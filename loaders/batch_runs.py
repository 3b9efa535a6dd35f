"""The batch's rows: the shared row cache, this session's rows, and checking jobs for them.

A session keeps the rows of its batch, so a rerun (a click, a download) shows them without
asking the cache, which may have let a failure or a running job expire. Only a run still
going is checked again, on the run page's schedule, and failed rows when asked to retry.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import closing
from functools import partial
from typing import Final

import streamlit as st

from loaders.data_access import client_for
from run_inspector.api.request_gate import RequestGate
from run_inspector.demo.samples import DEMO_RESTART_SECONDS
from run_inspector.loading.batch_cache import BatchCache
from run_inspector.loading.batch_check import BATCH_RATE_LIMIT_RETRIES, check_job, check_jobs
from run_inspector.loading.batch_rows import BatchKey, BatchRow
from run_inspector.references.job_reference import JobReference
from run_inspector.settings import Connection

# Redraw progress at most this often: 500 redraws of a growing table cost more than fetching.
PROGRESS_EVERY_S: Final = 0.3
_ROWS: Final = "batch-rows"
# Not "batch-retry", the button's own key: Streamlit refuses a write to a drawn widget's key.
_RETRY: Final = "batch-retry-asked"


@st.cache_resource(show_spinner=False)
def _batch_cache() -> BatchCache:
    return BatchCache()


@st.cache_resource(show_spinner=False)
def _demo_batch_cache() -> BatchCache:
    """Like the demo's run cache: its running job starts over, so its row must not stay."""
    return BatchCache(final_ttl_seconds=DEMO_RESTART_SECONDS)


@st.cache_resource(max_entries=64, show_spinner=False)
def _request_gate(fingerprint: str, base_url: str) -> RequestGate:
    """One gate per key and server: LlamaCloud rate-limits the key, so every batch on it
    (a rerun's, another session's) waits out a 429 and shares the 10 requests in flight,
    also with workers an interrupted batch left running. (Both arguments are the cache key.)"""
    del fingerprint, base_url
    return RequestGate()


def batch_keys(
    connection: Connection,
    jobs: Sequence[JobReference],
    project_id: str | None,
    organization_id: str | None,
) -> list[BatchKey]:
    return [
        BatchKey(connection.fingerprint, connection.base_url, job, project_id, organization_id)
        for job in jobs
    ]


def session_rows(keys: Sequence[BatchKey]) -> dict[BatchKey, BatchRow]:
    """This session's rows for these keys (others are let go), to be filled in place."""
    kept = st.session_state.get(_ROWS)
    known: dict[BatchKey, BatchRow] = kept if isinstance(kept, dict) else {}
    rows = {key: known[key] for key in keys if key in known}
    st.session_state[_ROWS] = rows
    return rows


def fill_rows(
    connection: Connection,
    rows: dict[BatchKey, BatchRow],
    keys: Sequence[BatchKey],
    *,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """Put each key's row into `rows` as it arrives.

    Rows come from the shared cache, else are fetched, 10 requests at a time; the requests
    of one call share one gate, so a 429 slows all of them. `force` fetches every key.
    `on_progress(done, rate_limited)` is called on this thread at most every
    PROGRESS_EVERY_S, and once all have arrived; rate_limited counts the key's 429s since
    the call began.
    """
    if not keys:
        return
    gate = _request_gate(connection.fingerprint, connection.base_url)
    client = client_for(connection, gate=gate, rate_limit_retries=BATCH_RATE_LIMIT_RETRIES)
    cache = _demo_batch_cache() if connection.demo else _batch_cache()
    check = partial(check_job, client)
    done, told, limited_before = 0, 0.0, gate.rate_limited_count
    with closing(check_jobs(keys, check, cache, force=force, tick_s=PROGRESS_EVERY_S)) as arriving:
        for row in arriving:
            if row is not None:
                rows[row.key] = row
                done += 1
            now = time.monotonic()
            if on_progress is not None and (done == len(keys) or now - told >= PROGRESS_EVERY_S):
                told = now
                on_progress(done, gate.rate_limited_count - limited_before)


def ask_retry() -> None:
    """ "Retry failed rows": the next run of the page fetches those rows again."""
    st.session_state[_RETRY] = True


def retry_asked() -> bool:
    """Whether "Retry failed rows" was pressed (asked once: then forgotten)."""
    return bool(st.session_state.pop(_RETRY, False))
