"""Instants compared in UTC: the arithmetic that polling and durations share, no wording."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(dt: datetime | None) -> datetime | None:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if dt is None:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def seconds_between(start: datetime | None, end: datetime | None) -> float | None:
    """Seconds from start to end (negative when end is earlier); None when either is missing."""
    start_utc, end_utc = as_utc(start), as_utc(end)
    if start_utc is None or end_utc is None:
        return None
    return (end_utc - start_utc).total_seconds()
