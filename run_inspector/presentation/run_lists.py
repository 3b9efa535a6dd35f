"""The runs page's choices and sentences: statuses, page sizes, the count line, day bounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Final

import pandas as pd

from run_inspector.model.run_summary import AgentSummary, RunPage, RunSummary
from run_inspector.model.status import known_word

PAGE_SIZES: Final = ("25", "50", "100")
# "" is "any status"; the words are each API's own.
V1_STATUSES: Final = ("", "CREATED", "PENDING", "SUCCESS", "ERROR")
V2_STATUSES: Final = ("", "PENDING", "THROTTLED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED")


def keep_status(
    summaries: Sequence[RunSummary], status: str | None
) -> tuple[tuple[RunSummary, ...], int]:
    """The rows in the status asked for, and how many the server sent that were not.

    The status filter goes to the server; if its answer disagrees, the page says so rather
    than showing rows that contradict the filter.
    """
    if not status:
        return tuple(summaries), 0
    kept = tuple(s for s in summaries if known_word(s.status.word) == status)
    return kept, len(summaries) - len(kept)


def match_file(rows: pd.DataFrame, text: str | None) -> pd.Series:
    """Rows whose file name or file input contains `text` (any case); all for no text."""
    needle = (text or "").strip()
    if not needle:
        return pd.Series(True, index=rows.index)
    return rows["File"].str.contains(needle, case=False, regex=False)


def count_caption(shown: int, page: RunPage, *, v2: bool, hidden_by_status: int) -> str:
    """Like "25 of 60 runs, newest first within this page (the API documents no order)."."""
    noun = "job" if v2 else "run"
    listed = (
        f"{shown:,} of {page.total:,} {noun}s"
        if page.total is not None
        else (f"{shown:,} {noun}{'' if shown == 1 else 's'} on this page")
    )
    order = "newest first" if v2 else "newest first within this page (the API documents no order)"
    sentence = f"{listed}, {order}."
    if hidden_by_status:
        sentence += (
            f" {hidden_by_status:,} the server sent did not match the status filter and are hidden."
        )
    return sentence


def start_of_day(day: date | None) -> datetime | None:
    """The first instant of a UTC day (every time in the app is UTC)."""
    return None if day is None else datetime.combine(day, time.min, tzinfo=UTC)


def end_of_day(day: date | None) -> datetime | None:
    """The last instant of a UTC day, so a range "to" a day includes that day."""
    return None if day is None else datetime.combine(day, time.max, tzinfo=UTC)


def agent_labels(agents: Sequence[AgentSummary], linked: str | None) -> dict[str, str]:
    """Agent ID → "name · ID"; an agent a link names that the list lacks is offered too."""
    labels = {a.agent_id: f"{a.name} · {a.agent_id}" for a in agents}
    if linked and linked not in labels:
        labels[linked] = f"{linked} (not in this project's agent list)"
    return labels
