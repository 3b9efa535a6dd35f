"""Instants compared in UTC: the arithmetic that polling and durations share, no wording."""

from __future__ import annotations

from datetime import datetime

# One home for it, in the model layer, which the adapters may use too.
from run_inspector.model.utc import as_utc as as_utc


def seconds_between(start: datetime | None, end: datetime | None) -> float | None:
    """Seconds from start to end (negative when end is earlier); None when either is missing."""
    start_utc, end_utc = as_utc(start), as_utc(end)
    if start_utc is None or end_utc is None:
        return None
    return (end_utc - start_utc).total_seconds()
