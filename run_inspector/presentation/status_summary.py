"""The status card of a run: badge, error, timestamps, duration and the IDs to copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from run_inspector.analysis.times import seconds_between
from run_inspector.model.json_text import EMPTY
from run_inspector.model.status import StatusClass, classify, is_final, known_word
from run_inspector.presentation.time_format import format_duration, format_timestamp
from run_inspector.wire.v1_run import ExtractRun

# The colours st.badge accepts, so a summary can be drawn without a cast.
BadgeColor = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray"]
BADGE_COLORS: Final[dict[StatusClass, BadgeColor]] = {
    StatusClass.WAITING: "blue",
    StatusClass.DONE: "green",
    StatusClass.FAILED: "red",
    StatusClass.STOPPED: "gray",
    StatusClass.UNKNOWN: "violet",
}


@dataclass(frozen=True)
class StatusSummary:
    status: str
    status_class: StatusClass
    badge_label: str
    badge_color: BadgeColor
    is_final: bool
    error: str | None
    created_text: str
    updated_text: str
    duration_text: str
    ids: tuple[tuple[str, str], ...]


def status_summary(run: ExtractRun, now: datetime) -> StatusSummary:
    status_class = classify(run.status)
    return StatusSummary(
        status=run.status,
        status_class=status_class,
        badge_label=badge_label(run.status),
        badge_color=BADGE_COLORS[status_class],
        is_final=is_final(status_class),
        error=run.error or None,
        created_text=format_timestamp(run.created_at, now),
        updated_text=format_timestamp(run.updated_at, now),
        duration_text=duration_text(run, now),
        ids=run_ids(run),
    )


def badge_label(status: str) -> str:
    """Known statuses read "Success" or "Partial success"; any other is shown as sent."""
    word = known_word(status)
    if word is not None:
        return word.replace("_", " ").capitalize()
    return status if status.strip() else "Unknown"


def duration_text(run: ExtractRun, now: datetime) -> str:
    """A final run's recorded span; otherwise the time since it was created, until now."""
    status_class = classify(run.status)
    if is_final(status_class):
        recorded = seconds_between(run.created_at, run.updated_at)
        return EMPTY if recorded is None else format_duration(recorded)
    elapsed = seconds_between(run.created_at, now)
    if elapsed is None:
        return EMPTY
    if status_class is StatusClass.WAITING:
        return f"running for {format_duration(elapsed)}"
    # Nothing says an unknown status is still running, nor that it is over.
    return f"{format_duration(elapsed)} so far"


def run_ids(run: ExtractRun) -> tuple[tuple[str, str], ...]:
    labelled = (
        ("Run ID", run.id),
        ("Job ID", run.job_id),
        ("Extraction agent ID", run.extraction_agent_id),
        ("Project ID", run.project_id),
        ("File ID", run.file_id),
    )
    return tuple((label, value) for label, value in labelled if value)


def checked_text(fetched_at: datetime, now: datetime, interval: float | None) -> str:
    """When the page last asked for the run, and whether and how often it asks again."""
    ago = max(int((now - fetched_at).total_seconds()), 0)
    when = f"Last checked {fetched_at:%H:%M:%S} UTC ({ago} s ago)"
    if interval is None:
        return f"{when}. Refresh fetches it again."
    return f"{when}; not final yet, checking again every {interval:g} s."
