"""The batch's rows: the shared row cache, this session's rows, and checking jobs for them.

A session keeps the rows of its batch, so a rerun (a click, a download) shows them without
asking the cache, which may have let a failure or a running job expire. Only a run still
going is checked again, on the run page's schedule, and failed rows when asked to retry.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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

_ROWS: Final = "batch-rows"
_RETRY: Final = "batch-retry"


@st.cache_resource(show_spinner=False)
def _batch_cache() -> BatchCache:
    return BatchCache()


@st.cache_resource(show_spinner=False)
def _demo_batch_cache() -> BatchCache:
    """Like the demo's run cache: its running job starts over, so its row must not stay."""
    return BatchCache(final_ttl_seconds=DEMO_RESTART_SECONDS)


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
) -> Iterator[tuple[int, int]]:
    """Put each key's row into `rows` as it arrives; yield how many have arrived, and how
    many 429s slowed the batch so far.

    Rows come from the shared cache, else are fetched, 10 requests at a time; the requests
    of one call share one gate, so a 429 slows all of them. `force` fetches every key.
    """
    if not keys:
        return
    gate = RequestGate()
    client = client_for(connection, gate=gate, rate_limit_retries=BATCH_RATE_LIMIT_RETRIES)
    cache = _demo_batch_cache() if connection.demo else _batch_cache()
    for done, row in enumerate(check_jobs(keys, partial(check_job, client), cache, force=force), 1):
        rows[row.key] = row
        yield done, gate.rate_limited_count


def ask_retry() -> None:
    """ "Retry failed rows": the next run of the page fetches those rows again."""
    st.session_state[_RETRY] = True


def retry_asked() -> bool:
    """Whether "Retry failed rows" was pressed (asked once: then forgotten)."""
    return bool(st.session_state.pop(_RETRY, False))
