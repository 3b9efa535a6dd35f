"""Instants in UTC: a naive datetime is taken to be UTC already, as the API's times are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


@overload
def as_utc(dt: datetime) -> datetime: ...
@overload
def as_utc(dt: None) -> None: ...
@overload
def as_utc(dt: datetime | None) -> datetime | None: ...
def as_utc(dt: datetime | None) -> datetime | None:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if dt is None:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)
