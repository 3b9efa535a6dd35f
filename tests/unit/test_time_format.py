"""Tests for UTC timestamps, relative times and durations as the run page prints them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from run_inspector.analysis.times import as_utc, seconds_between
from run_inspector.presentation.time_format import (
    format_duration,
    format_timestamp,
    format_utc,
    relative_time,
)

NOW = datetime(2025, 8, 13, 16, 0, 0, tzinfo=UTC)


def test_as_utc_takes_a_naive_datetime_as_utc() -> None:
    assert as_utc(datetime(2025, 8, 13, 15, 45, 39)) == datetime(
        2025, 8, 13, 15, 45, 39, tzinfo=UTC
    )


def test_as_utc_converts_other_offsets() -> None:
    berlin = datetime(2025, 8, 13, 17, 45, 39, tzinfo=timezone(timedelta(hours=2)))
    converted = as_utc(berlin)
    assert converted == datetime(2025, 8, 13, 15, 45, 39, tzinfo=UTC)
    assert converted is not None
    assert converted.utcoffset() == timedelta(0)


def test_as_utc_keeps_none() -> None:
    assert as_utc(None) is None


def test_format_utc_drops_microseconds_and_names_the_zone() -> None:
    assert format_utc(datetime(2025, 8, 13, 15, 45, 39, 286921, tzinfo=UTC)) == (
        "2025-08-13 15:45:39 UTC"
    )


def test_format_utc_shows_local_offsets_in_utc() -> None:
    new_york = datetime(2025, 8, 13, 11, 45, 39, tzinfo=timezone(timedelta(hours=-4)))
    assert format_utc(new_york) == "2025-08-13 15:45:39 UTC"


def test_format_utc_of_naive_datetime() -> None:
    assert format_utc(datetime(2025, 8, 13, 15, 45, 39)) == "2025-08-13 15:45:39 UTC"


def test_format_utc_of_none_is_a_dash() -> None:
    assert format_utc(None) == "—"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=-9), "just now"),
        (timedelta(seconds=9), "just now"),
        (timedelta(seconds=-42), "42 seconds ago"),
        (timedelta(minutes=-1), "1 minute ago"),
        (timedelta(minutes=-3, seconds=-59), "3 minutes ago"),
        (timedelta(hours=-5), "5 hours ago"),
        (timedelta(days=-1), "1 day ago"),
        (timedelta(days=-45), "1 month ago"),
        (timedelta(days=-800), "2 years ago"),
        (timedelta(seconds=30), "in 30 seconds"),
        (timedelta(hours=1), "in 1 hour"),
        (timedelta(days=2, hours=3), "in 2 days"),
        (timedelta(days=95), "in 3 months"),
    ],
)
def test_relative_time(offset: timedelta, expected: str) -> None:
    assert relative_time(NOW + offset, NOW) == expected


def test_relative_time_mixes_naive_and_aware() -> None:
    naive = datetime(2025, 8, 13, 15, 57, 0)
    assert relative_time(naive, NOW) == "3 minutes ago"


def test_relative_time_of_none_is_a_dash() -> None:
    assert relative_time(None, NOW) == "—"


def test_format_timestamp_puts_relative_time_in_brackets() -> None:
    created = datetime(2025, 8, 13, 15, 45, 39, 286921, tzinfo=UTC)
    assert format_timestamp(created, NOW) == "2025-08-13 15:45:39 UTC (14 minutes ago)"
    assert format_timestamp(None, NOW) == "—"


def test_seconds_between() -> None:
    assert seconds_between(NOW, NOW + timedelta(seconds=85.5)) == 85.5
    assert seconds_between(NOW, NOW - timedelta(seconds=2)) == -2
    assert seconds_between(None, NOW) is None
    assert seconds_between(NOW, None) is None


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 ms"),
        (0.85, "850 ms"),
        (0.9999, "999 ms"),
        (1, "1 s"),
        (42.9, "42 s"),
        (60, "1 min"),
        (85.591148, "1 min 25 s"),
        (3599, "59 min 59 s"),
        (3600, "1 h"),
        (2 * 3600 + 3 * 60 + 59, "2 h 3 min"),
        (86400, "1 d"),
        (3 * 86400 + 4 * 3600 + 5, "3 d 4 h"),
        (-5, "0 ms"),
    ],
)
def test_format_duration(seconds: float, expected: str) -> None:
    assert format_duration(seconds) == expected
