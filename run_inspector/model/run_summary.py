"""A run or job as one row of a list, a page of such rows, and an extraction agent.

A list page shows many runs at once; a summary keeps the few facts a row shows, never the
run's data or metadata, so a cached page of 100 runs stays small. The run opens in full
(an Extraction) only when a person opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from run_inspector.model.extraction import ApiVersion, Status


@dataclass(frozen=True)
class RunSummary:
    """One listed run (v1) or job (v2)."""

    api_version: ApiVersion
    job_id: str | None
    run_id: str | None
    status: Status
    created_at: datetime | None
    updated_at: datetime | None
    # v1: the file's name (else its ID); v2: the file input (a `dfl-` file or `pjb-` parse job).
    file_label: str | None
    # The file's ID, to find other runs on the same file. v1: the run's file ID; v2: the
    # file input, as the list's `file_input` filter takes it.
    file_id: str | None
    # v2: the configuration's tier (only when the list carried the configuration);
    # v1: the config's extraction_mode.
    tier_or_mode: str | None
    # The first line of the error text, as sent.
    error: str | None
    # The number of items of a list result; None for an object result or no data.
    row_count: int | None
    agent_id: str | None
    configuration_id: str | None
    project_id: str | None


@dataclass(frozen=True)
class RunPage:
    """One page of a list, as the API paged it.

    v1 pages by `total`, `skip` and `limit`; v2 by `next_page_token` (and `total` when the
    server reported a total size). `problems` lists what could not be read: items left out
    and odd values, one short sentence each.
    """

    summaries: tuple[RunSummary, ...]
    total: int | None = None
    skip: int | None = None
    limit: int | None = None
    next_page_token: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgentSummary:
    """A v1 extraction agent, as the agent list names it."""

    agent_id: str
    name: str
    project_id: str | None = None
    created_at: datetime | None = None
