"""The status card of a run: badge, error, timestamps, duration and the IDs to copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from run_inspector.presentation.time_format import (
    EMPTY,
    format_duration,
    format_timestamp,
    seconds_between,
)
from run_inspector.wire.v1_run import RUN_STATUSES, ExtractRun

# Colours are the ones st.badge accepts.
BADGE_COLORS: Final = {
    "CREATED": "gray",
    "PENDING": "blue",
    "SUCCESS": "green",
    "ERROR": "red",
}
UNKNOWN_BADGE_COLOR: Final = "violet"


@dataclass(frozen=True)
class StatusSummary:
    status: str
    badge_label: str
    badge_color: str
    is_final: bool
    error: str | None
    created_text: str
    updated_text: str
    duration_text: str
    ids: tuple[tuple[str, str], ...]


def status_summary(run: ExtractRun, now: datetime) -> StatusSummary:
    return StatusSummary(
        status=run.status,
        badge_label=badge_label(run.status),
        badge_color=BADGE_COLORS.get(run.status, UNKNOWN_BADGE_COLOR),
        is_final=run.is_final,
        error=run.error or None,
        created_text=format_timestamp(run.created_at, now),
        updated_text=format_timestamp(run.updated_at, now),
        duration_text=duration_text(run, now),
        ids=run_ids(run),
    )


def badge_label(status: str) -> str:
    """Known statuses read "Success"; a status the reference does not list is shown as sent."""
    if status in RUN_STATUSES:
        return status.capitalize()
    return status.strip() or "Unknown"


def duration_text(run: ExtractRun, now: datetime) -> str:
    # Only the documented waiting states are known to be still running; a status the API
    # adds later (say CANCELLED) is more likely over, so it gets its recorded span.
    if run.status in RUN_STATUSES and not run.is_final:
        running = seconds_between(run.created_at, now)
        return EMPTY if running is None else f"running for {format_duration(running)}"
    recorded = seconds_between(run.created_at, run.updated_at)
    return EMPTY if recorded is None else format_duration(recorded)


def run_ids(run: ExtractRun) -> tuple[tuple[str, str], ...]:
    labelled = (
        ("Run ID", run.id),
        ("Job ID", run.job_id),
        ("Extraction agent ID", run.extraction_agent_id),
        ("Project ID", run.project_id),
        ("File ID", run.file_id),
    )
    return tuple((label, value) for label, value in labelled if value)
