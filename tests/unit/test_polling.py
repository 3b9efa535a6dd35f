"""Polling: frequent for young runs, backing off for old ones, none once final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from run_inspector.analysis.polling import SLOWEST_POLL_SECONDS, poll_interval
from run_inspector.model.extraction import Extraction
from run_inspector.presentation.status_summary import checked_text
from tests.conftest import demo_run, read_v1

PENDING = read_v1(demo_run("receipt_pending"))
CREATED_AT = PENDING.created_at


def pending_with(**changes: Any) -> Extraction:
    """The pending demo run as the API would send it with these fields changed."""
    return read_v1({**demo_run("receipt_pending"), **changes})


def test_final_runs_are_not_polled() -> None:
    assert poll_interval(read_v1(demo_run("capacitor_per_doc_confidence"))) is None
    assert poll_interval(None) is None


def test_interval_backs_off_as_the_run_ages() -> None:
    assert CREATED_AT is not None
    ages = [5, 60, 300, 3600]
    intervals = [poll_interval(PENDING, CREATED_AT + timedelta(seconds=s)) for s in ages]
    assert intervals == [2.0, 5.0, 10.0, SLOWEST_POLL_SECONDS]


@pytest.mark.parametrize(
    "status",
    ["SUCCESS", "PARTIAL_SUCCESS", "COMPLETED", "ERROR", "FAILED", "CANCELLED", " completed "],
)
def test_no_final_status_is_polled(status: str) -> None:
    assert CREATED_AT is not None
    run = pending_with(status=status)
    assert poll_interval(run, CREATED_AT + timedelta(seconds=5)) is None


@pytest.mark.parametrize("status", ["CREATED", "pending", " THROTTLED ", "RUNNING"])
def test_every_waiting_status_follows_the_schedule(status: str) -> None:
    assert CREATED_AT is not None
    run = pending_with(status=status)
    assert poll_interval(run, CREATED_AT + timedelta(seconds=5)) == 2.0
    assert poll_interval(run, CREATED_AT + timedelta(seconds=300)) == 10.0


@pytest.mark.parametrize("status", ["ARCHIVED", "", "CANCELED"])
def test_unknown_status_is_polled_at_the_slowest_interval_whatever_its_age(status: str) -> None:
    assert CREATED_AT is not None
    run = pending_with(status=status)
    for age in (1, 60, 3600):
        assert poll_interval(run, CREATED_AT + timedelta(seconds=age)) == SLOWEST_POLL_SECONDS
    assert poll_interval(pending_with(status=status, created_at=None)) == SLOWEST_POLL_SECONDS


def test_checked_text_says_when_and_what_next() -> None:
    fetched = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    now = fetched + timedelta(seconds=7)
    assert checked_text(fetched, now, 5.0) == (
        "Last checked 03:04:05 UTC (7 s ago); not final yet, checking again every 5 s."
    )
    assert checked_text(fetched, now, None).endswith("Refresh fetches it again.")
