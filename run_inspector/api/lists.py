"""Listing runs: the v1 extraction agents, one agent's v1 runs, and Extract v2 jobs.

This module builds each list's request and reads its answer; the client's retrying GET sends
it, so a list fails with the same typed errors, retries and timeouts as a run. Paging is the
API's own: v1 by `skip` / `limit` (and `total`), v2 by an opaque `page_token`, sent back as
the query value it came as. Two answers that would make a pager go round in circles are
reported as problems of the page instead: a next token equal to the one asked with (paging
then stops), and a `skip` other than the one asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Final, TypeVar

from run_inspector.adapters.list_bodies import (
    AgentList,
    read_agents_body,
    read_v1_runs_body,
    read_v2_jobs_body,
)
from run_inspector.api import errors
from run_inspector.api.errors import RunRequest
from run_inspector.model.run_summary import RunPage
from run_inspector.references.ids import canonical_uuid
from run_inspector.wire.invalid_body import InvalidBody

AGENTS_PATH: Final = "/api/v1/extraction/extraction-agents"
V1_RUNS_PATH: Final = "/api/v1/extraction/runs"
V2_JOBS_PATH: Final = "/api/v2/extract"
DEFAULT_PAGE_SIZE: Final = 25
T = TypeVar("T")
PAGING_STOPPED: Final = "the next page token is the one this page was asked with: paging stops here"


def agents_request(
    base_url: str, *, project_id: str | None, organization_id: str | None
) -> RunRequest:
    return _request(base_url, AGENTS_PATH, "agents", (), project_id, organization_id)


def v1_runs_request(
    base_url: str,
    agent_id: str,
    *,
    skip: int,
    limit: int,
    status: str | None,
    project_id: str | None,
    organization_id: str | None,
) -> RunRequest:
    """One page of an agent's runs; an agent ID that is not a UUID is refused unsent."""
    agent = canonical_uuid(agent_id.strip())
    if agent is None:
        raise errors.InvalidIdError(agent_id, kind="v1_runs")
    query = [("extraction_agent_id", agent), ("skip", str(skip)), ("limit", str(limit))]
    query += _given(("status", status))
    return _request(base_url, V1_RUNS_PATH, "v1_runs", query, project_id, organization_id)


def v2_jobs_request(
    base_url: str,
    *,
    page_size: int,
    page_token: str | None,
    status: str | None,
    configuration_id: str | None,
    file_input: str | None,
    created_from: datetime | None,
    created_to: datetime | None,
    project_id: str | None,
    organization_id: str | None,
) -> RunRequest:
    """One page of v2 jobs, newest first; created-at bounds go as ISO 8601 UTC (naive = UTC).

    `expand=configuration` brings each job's tier for its row (and its schema, unused here).
    """
    query = [("page_size", str(page_size)), ("expand", "configuration")]
    query += _given(
        ("page_token", page_token),
        ("status", status),
        ("configuration_id", configuration_id),
        ("file_input", file_input),
        ("created_at_on_or_after", utc_text(created_from)),
        ("created_at_on_or_before", utc_text(created_to)),
    )
    return _request(base_url, V2_JOBS_PATH, "v2_jobs", query, project_id, organization_id)


def read_agents(request: RunRequest, body: bytes) -> AgentList:
    return _checked(request, read_agents_body(body))


def read_v1_runs(request: RunRequest, body: bytes) -> RunPage:
    page = _checked(request, read_v1_runs_body(body))
    asked = request.query_value("skip")
    if page.skip is not None and asked is not None and str(page.skip) != asked:
        problem = f"asked for skip={asked}, the answer says skip={page.skip}"
        page = replace(page, problems=(*page.problems, problem))
    return page


def read_v2_jobs(request: RunRequest, body: bytes) -> RunPage:
    page = _checked(request, read_v2_jobs_body(body))
    asked = request.query_value("page_token")
    if asked is not None and page.next_page_token == asked:
        page = replace(page, next_page_token=None, problems=(*page.problems, PAGING_STOPPED))
    return page


def utc_text(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z` (a time without a zone is taken as UTC already)."""
    if moment is None:
        return None
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.isoformat().replace("+00:00", "Z")


def _given(*pairs: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The query values given (an empty text is not given)."""
    return [(name, value) for name, value in pairs if value]


def _request(
    base_url: str,
    path: str,
    kind: errors.RequestKind,
    query: Sequence[tuple[str, str]],
    project_id: str | None,
    organization_id: str | None,
) -> RunRequest:
    return RunRequest(
        job_id="",
        base_url=base_url,
        path=path,
        project_id=project_id or None,
        organization_id=organization_id or None,
        kind=kind,
        query=tuple(query),
    )


def _checked(request: RunRequest, read: T | InvalidBody) -> T:
    if isinstance(read, InvalidBody):
        raise errors.InvalidResponseError(request, body=read)
    return read
