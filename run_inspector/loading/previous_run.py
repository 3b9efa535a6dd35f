"""The run before this one on the same file, to compare with: found with one list request.

v1 has no file filter, so one page of the agent's runs (at most MAX_SCANNED_RUNS) is
searched for the same file; the v1 list documents no order, so the latest earlier run is
picked by its created time rather than by its place in the page, and an agent with more runs
than the page held is reported as a scan that was cut. v2 asks the job list for the jobs on
this file input created up to this job; the list is newest first, but the pick is by created
time all the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from run_inspector.analysis.times import as_utc
from run_inspector.api.client import LlamaCloudClient
from run_inspector.model.extraction import ApiVersion, Extraction
from run_inspector.model.run_summary import RunPage, RunSummary

MAX_SCANNED_RUNS: Final = 100

# The fact this run lacks, without which there is no history to search.
MissingFact = Literal["agent", "file", "created_at"]


@dataclass(frozen=True)
class PreviousRun:
    """The earlier run on the same file, or what was searched and found nothing."""

    api_version: ApiVersion
    # The earlier run's job ID and created time; None when none was found.
    job_id: str | None = None
    created_at: datetime | None = None
    # The file searched on (v1: the file's ID; v2: the file input).
    file_id: str | None = None
    # How many runs the list page held, and how many the list said there are (when it did).
    scanned: int = 0
    total: int | None = None
    # The page did not hold every run that could be the previous one: an earlier run may
    # have been left unsearched.
    cut: bool = False
    # Set when nothing was searched, because this run does not say it.
    missing: MissingFact | None = None


def find_previous_run(
    client: LlamaCloudClient,
    extraction: Extraction,
    *,
    project_id: str | None,
    organization_id: str | None,
) -> PreviousRun:
    """The previous run of the same agent (v1) or the previous job (v2) on the same file.

    API errors propagate to the caller.
    """
    version = extraction.api_version
    agent_id = extraction.agent_id
    file_id = _file_id(extraction)
    created_at = as_utc(extraction.created_at)
    if version == "v1" and not agent_id:
        return PreviousRun(version, file_id=file_id, missing="agent")
    if file_id is None:
        return PreviousRun(version, missing="file")
    if created_at is None:
        return PreviousRun(version, file_id=file_id, missing="created_at")
    if version == "v1" and agent_id:
        page = client.list_v1_runs(
            agent_id,
            skip=0,
            limit=MAX_SCANNED_RUNS,
            status=None,
            project_id=project_id,
            organization_id=organization_id,
        )
        previous = _latest_earlier(page.summaries, extraction, file_id, created_at)
        return _result(extraction, file_id, page, previous, cut=_more_than_scanned(page))
    page = client.list_v2_jobs(
        page_size=MAX_SCANNED_RUNS,
        page_token=None,
        status=None,
        configuration_id=None,
        file_input=file_id,
        created_from=None,
        created_to=created_at,
        project_id=project_id,
        organization_id=organization_id,
    )
    previous = _latest_earlier(page.summaries, extraction, file_id, created_at)
    # Newest first: a further page holds only older jobs, so it matters only when this
    # page held no earlier one.
    cut = previous is None and page.next_page_token is not None
    return _result(extraction, file_id, page, previous, cut=cut)


def _result(
    extraction: Extraction,
    file_id: str,
    page: RunPage,
    previous: RunSummary | None,
    *,
    cut: bool,
) -> PreviousRun:
    return PreviousRun(
        extraction.api_version,
        job_id=previous.job_id if previous is not None else None,
        created_at=previous.created_at if previous is not None else None,
        file_id=file_id,
        scanned=len(page.summaries),
        total=page.total,
        cut=cut,
    )


def _latest_earlier(
    summaries: Iterable[RunSummary], extraction: Extraction, file_id: str, created_at: datetime
) -> RunSummary | None:
    """The latest listed run on this file created before this one (that has a job ID to
    open it by)."""
    earlier = [
        (listed_at, summary)
        for summary in summaries
        if (listed_at := as_utc(summary.created_at)) is not None
        and listed_at < created_at
        and summary.job_id is not None
        and summary.file_id == file_id
        and not _is_this_run(summary, extraction)
    ]
    return max(earlier, key=lambda pair: pair[0])[1] if earlier else None


def _is_this_run(summary: RunSummary, extraction: Extraction) -> bool:
    same_job = extraction.job_id is not None and summary.job_id == extraction.job_id
    same_run = extraction.run_id is not None and summary.run_id == extraction.run_id
    return same_job or same_run


def _more_than_scanned(page: RunPage) -> bool:
    """Whether the agent may have runs the page did not hold: it says it has more, or it
    says nothing and the page is full."""
    if page.total is None:
        return len(page.summaries) >= MAX_SCANNED_RUNS
    return page.total > len(page.summaries)


def _file_id(extraction: Extraction) -> str | None:
    """The run's file ID, else its file's (v1 sends both; v2's is the file input)."""
    facts_id = extraction.file.file_id if extraction.file is not None else None
    for candidate in (extraction.file_id, facts_id):
        if candidate and candidate.strip():
            return candidate.strip()
    return None
