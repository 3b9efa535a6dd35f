"""Formats timestamps and durations in UTC, in the words a person reads on the run page."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from run_inspector.analysis.times import as_utc, seconds_between
from run_inspector.model.json_text import EMPTY

JUST_NOW_SECONDS: Final = 10

# (unit name, seconds in one unit), largest first; months and years are approximate on purpose.
_RELATIVE_UNITS: Final = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
    ("second", 1),
)


def format_utc(dt: datetime | None) -> str:
    """Like "2025-08-13 15:45:39 UTC"; "—" when there is no timestamp."""
    utc = as_utc(dt)
    if utc is None:
        return EMPTY
    return utc.strftime("%Y-%m-%d %H:%M:%S UTC")


def relative_time(dt: datetime | None, now: datetime) -> str:
    """Like "3 minutes ago", "in 2 days" or "just now"; "—" when there is no timestamp."""
    seconds = seconds_between(dt, now)
    if seconds is None:
        return EMPTY
    distance = abs(seconds)
    if distance < JUST_NOW_SECONDS:
        return "just now"
    amount = _in_largest_unit(distance)
    return f"{amount} ago" if seconds > 0 else f"in {amount}"


def format_timestamp(dt: datetime | None, now: datetime) -> str:
    """Like "2025-08-13 15:45:39 UTC (3 minutes ago)"; "—" when there is no timestamp."""
    if dt is None:
        return EMPTY
    return f"{format_utc(dt)} ({relative_time(dt, now)})"


def format_duration(seconds: float) -> str:
    """Like "850 ms", "42 s", "1 min 25 s", "2 h 3 min" or "3 d 4 h"."""
    # A negative span only comes from clock skew between servers; show it as no time at all.
    seconds = max(seconds, 0.0)
    if seconds < 1:
        return f"{int(seconds * 1000)} ms"
    whole = int(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return _two_units(whole // 60, "min", whole % 60, "s")
    if whole < 86400:
        return _two_units(whole // 3600, "h", whole % 3600 // 60, "min")
    return _two_units(whole // 86400, "d", whole % 86400 // 3600, "h")


def _in_largest_unit(distance: float) -> str:
    for name, size in _RELATIVE_UNITS:
        count = int(distance // size)
        if count >= 1:
            return f"{count} {name}" + ("" if count == 1 else "s")
    return "0 seconds"


def _two_units(big: int, big_unit: str, small: int, small_unit: str) -> str:
    if small == 0:
        return f"{big} {big_unit}"
    return f"{big} {big_unit} {small} {small_unit}"
