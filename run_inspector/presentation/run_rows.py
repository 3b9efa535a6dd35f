"""One row per run or job of a list: the words and links the runs page shows and exports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final
from urllib.parse import urlencode

import pandas as pd

from run_inspector.analysis.times import as_utc
from run_inspector.model.extraction import Status
from run_inspector.model.json_text import EMPTY
from run_inspector.model.run_summary import RunSummary
from run_inspector.presentation.status_summary import (
    NO_STATUS,
    UNREADABLE_STATUS,
    badge_label,
    duration_text,
)
from run_inspector.references.job_reference import parse_job_reference

LINK: Final = "Link"
NOTE: Final = "Note"
RUN_COLUMNS: Final = (
    "Status",
    "Created",
    "Duration",
    "File",
    "Job ID",
    LINK,
    "Run ID",
    "Tier or mode",
    "Rows",
    "Error",
    NOTE,
)
NO_JOB_LINK: Final = "no job ID, so no link: the run page opens runs by their job"


def run_rows(
    summaries: Sequence[RunSummary],
    now: datetime,
    *,
    project_id: str | None = None,
    organization_id: str | None = None,
) -> pd.DataFrame:
    """Newest first (within what was fetched); links keep the list's project and organization."""
    ordered = sorted(summaries, key=_created_key, reverse=True)
    links = [run_link(s.job_id, project_id, organization_id) for s in ordered]
    records = [
        {
            "Status": status_words(s.status),
            "Created": when_text(s.created_at),
            "Duration": duration_text(s, now),
            "File": s.file_label or EMPTY,
            "Job ID": s.job_id or EMPTY,
            LINK: link,
            "Run ID": s.run_id or EMPTY,
            "Tier or mode": s.tier_or_mode or EMPTY,
            "Rows": s.row_count,
            "Error": s.error or "",  # the adapters keep only its first line
            NOTE: "" if link else NO_JOB_LINK,
        }
        for s, link in zip(ordered, links, strict=True)
    ]
    frame = pd.DataFrame(records, columns=list(RUN_COLUMNS))
    return frame.astype({"Rows": "Int64"})


def run_link(job_id: str | None, project_id: str | None, organization_id: str | None) -> str | None:
    """A link to the run page, relative to this app (it keeps any base path), or None.

    Only an ID the job-reference parser accepts becomes a link: nothing from the API is
    turned into a URL as it came.
    """
    try:
        job = parse_job_reference(job_id).job_id
    except ValueError:
        return None
    params = [("job_id", job), ("project_id", project_id), ("organization_id", organization_id)]
    return "./?" + urlencode([(name, value) for name, value in params if value])


def status_words(status: Status) -> str:
    """The badge's words for a status, or why there is none to show."""
    if status.problem is None:
        return badge_label(status.word)
    return UNREADABLE_STATUS if status.word else NO_STATUS


def when_text(value: datetime | None) -> str:
    utc = as_utc(value)
    return EMPTY if utc is None else f"{utc:%Y-%m-%d %H:%M:%S} UTC"


def _created_key(summary: RunSummary) -> datetime:
    return as_utc(summary.created_at) or datetime.min.replace(tzinfo=UTC)
