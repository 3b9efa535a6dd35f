"""The status card of a run: badge, error, timestamps, duration and the IDs to copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, Protocol

from run_inspector.analysis.times import seconds_between
from run_inspector.model.extraction import Extraction, Status
from run_inspector.model.json_text import EMPTY
from run_inspector.model.status import StatusClass, is_final, known_word
from run_inspector.presentation.time_format import format_duration, format_timestamp
from run_inspector.presentation.unreadable_text import unreadable_text

# The colours st.badge accepts, so a summary can be drawn without a cast.
BadgeColor = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray"]
UNREADABLE_STATUS: Final = "Unreadable status"
NO_STATUS: Final = "No status"
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
    # Why the status could not be read, when it could not; the badge then says so.
    status_problem: str | None
    badge_label: str
    badge_color: BadgeColor
    is_final: bool
    error: str | None
    created_text: str
    updated_text: str
    duration_text: str
    ids: tuple[tuple[str, str], ...]


def status_summary(extraction: Extraction, now: datetime) -> StatusSummary:
    status = extraction.status
    return StatusSummary(
        status=status.word,
        status_class=status.status_class,
        status_problem=status.problem,
        badge_label=_badge_label(status.word, status.problem),
        badge_color=BADGE_COLORS[status.status_class],
        is_final=is_final(status.status_class),
        error=_error_text(extraction),
        created_text=_time_text(extraction, "created_at", now),
        updated_text=_time_text(extraction, "updated_at", now),
        duration_text=duration_text(extraction, now),
        ids=run_ids(extraction),
    )


def _badge_label(word: str, problem: str | None) -> str:
    if problem is None:
        return badge_label(word)
    return UNREADABLE_STATUS if word else NO_STATUS


def _error_text(extraction: Extraction) -> str | None:
    unreadable = extraction.unreadable.get("error")
    return unreadable_text(unreadable) if unreadable is not None else extraction.error or None


def _time_text(extraction: Extraction, name: str, now: datetime) -> str:
    unreadable = extraction.unreadable.get(name)
    if unreadable is not None:
        return unreadable_text(unreadable)
    value: datetime | None = getattr(extraction, name)
    return format_timestamp(value, now)


def badge_label(status: str) -> str:
    """Known statuses read "Success" or "Partial success"; any other is shown as sent."""
    word = known_word(status)
    if word is not None:
        return word.replace("_", " ").capitalize()
    return status if status.strip() else "Unknown"


class Timed(Protocol):
    """What a duration is read from: a whole extraction, or one row of a list of runs."""

    @property
    def status(self) -> Status: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def updated_at(self) -> datetime | None: ...


def duration_text(run: Timed, now: datetime) -> str:
    """A final run's recorded span; otherwise the time since it was created, until now."""
    status_class = run.status.status_class
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


def run_ids(extraction: Extraction) -> tuple[tuple[str, str], ...]:
    """The IDs to copy, those the run could not give flagged where they would be."""
    labelled = (
        ("Run ID", "run_id", extraction.run_id),
        ("Job ID", "job_id", extraction.job_id),
        ("Extraction agent ID", "agent_id", extraction.agent_id),
        ("Saved configuration ID", "configuration_id", extraction.configuration_id),
        ("Project ID", "project_id", extraction.project_id),
        ("File ID", "file_id", extraction.file_id),
    )
    ids = []
    for label, name, value in labelled:
        unreadable = extraction.unreadable.get(name)
        if unreadable is not None:
            ids.append((label, unreadable_text(unreadable)))
        elif value:
            ids.append((label, value))
    return tuple(ids)


def checked_text(fetched_at: datetime, now: datetime, interval: float | None) -> str:
    """When the page last asked for the run, and whether and how often it asks again."""
    ago = max(int((now - fetched_at).total_seconds()), 0)
    when = f"Last checked {fetched_at:%H:%M:%S} UTC ({ago} s ago)"
    if interval is None:
        return f"{when}. Refresh fetches it again."
    return f"{when}; not final yet, checking again every {interval:g} s."
