"""Tests for the status card: badge, error, timestamps, duration and IDs of a run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from run_inspector.model.extraction import Extraction
from run_inspector.model.status import StatusClass
from run_inspector.presentation.status_summary import StatusSummary, status_summary
from tests.conftest import demo_run, read_v1

NOW = datetime(2025, 8, 13, 15, 50, 0, tzinfo=UTC)


def _run(**changes: Any) -> Extraction:
    payload = demo_run("capacitor_per_doc_confidence") | changes
    return read_v1(payload)


def test_successful_demo_run() -> None:
    run = read_v1(demo_run("capacitor_per_doc_confidence"))

    assert status_summary(run, NOW) == StatusSummary(
        status="SUCCESS",
        status_class=StatusClass.DONE,
        status_problem=None,
        badge_label="Success",
        badge_color="green",
        is_final=True,
        error=None,
        created_text="2025-08-13 15:45:39 UTC (4 minutes ago)",
        updated_text="2025-08-13 15:47:04 UTC (2 minutes ago)",
        duration_text="1 min 25 s",
        # This sample has no file_id, so the row is left out rather than shown empty.
        ids=(
            ("Run ID", "de058dda-6ca7-4eea-a426-da802f84f971"),
            ("Job ID", "5bb8a583-366c-416c-ba55-4f5724fef9a9"),
            ("Extraction agent ID", "e834e99f-1f35-4748-b82f-03de4bd07ca6"),
            ("Project ID", "77bdc79f-fb69-49ae-a783-fcc573eec7ce"),
        ),
    )


def test_failed_demo_run_shows_the_error_and_the_file_id() -> None:
    run = read_v1(demo_run("datasheet_error"))

    summary = status_summary(run, datetime(2025, 10, 3, 14, 21, 30, tzinfo=UTC))

    assert (summary.badge_label, summary.badge_color, summary.is_final) == ("Error", "red", True)
    assert summary.error == (
        "Failed to parse document: the PDF is password protected. "
        "Remove the password and run the extraction again."
    )
    assert summary.updated_text == "2025-10-02 14:21:30 UTC (1 day ago)"
    assert summary.duration_text == "1 min 29 s"
    assert summary.ids[-1] == ("File ID", "c6d8e0f2-a4b6-4c8d-9e0f-a2b4c6d8e0f2")
    assert [label for label, _ in summary.ids] == [
        "Run ID",
        "Job ID",
        "Extraction agent ID",
        "Project ID",
        "File ID",
    ]


def test_pending_run_is_running_for_the_time_since_creation() -> None:
    run = read_v1(demo_run("receipt_pending"))

    summary = status_summary(run, datetime(2025, 7, 21, 8, 32, 47, tzinfo=UTC))

    assert (summary.badge_label, summary.badge_color, summary.is_final) == (
        "Pending",
        "blue",
        False,
    )
    assert summary.duration_text == "running for 2 min 45 s"


def test_created_run_is_blue_and_running() -> None:
    summary = status_summary(_run(status="CREATED"), NOW)

    assert (summary.badge_label, summary.badge_color) == ("Created", "blue")
    assert summary.duration_text == "running for 4 min 20 s"


@pytest.mark.parametrize(
    ("status", "label", "color", "final"),
    [
        ("CREATED", "Created", "blue", False),
        ("PENDING", "Pending", "blue", False),
        ("THROTTLED", "Throttled", "blue", False),
        ("RUNNING", "Running", "blue", False),
        ("SUCCESS", "Success", "green", True),
        ("PARTIAL_SUCCESS", "Partial success", "green", True),
        ("COMPLETED", "Completed", "green", True),
        ("ERROR", "Error", "red", True),
        ("FAILED", "Failed", "red", True),
        ("CANCELLED", "Cancelled", "gray", True),
        (" success\n", "Success", "green", True),
        ("Running", "Running", "blue", False),
    ],
)
def test_badge_of_every_known_status(status: str, label: str, color: str, final: bool) -> None:
    summary = status_summary(_run(status=status), NOW)

    assert summary.status == status
    assert (summary.badge_label, summary.badge_color, summary.is_final) == (label, color, final)


@pytest.mark.parametrize("status", ["RUNNING", "THROTTLED", "pending"])
def test_every_waiting_status_is_running_for(status: str) -> None:
    assert status_summary(_run(status=status), NOW).duration_text == "running for 4 min 20 s"


@pytest.mark.parametrize("status", ["COMPLETED", "FAILED", "CANCELLED", "PARTIAL_SUCCESS"])
def test_every_final_status_shows_its_recorded_span(status: str) -> None:
    assert status_summary(_run(status=status), NOW).duration_text == "1 min 25 s"


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("ARCHIVED", "ARCHIVED"),
        (" archived ", " archived "),
        ("CANCELED", "CANCELED"),
        ("", "Unknown"),
        ("  ", "Unknown"),
    ],
)
def test_unknown_status_is_shown_as_sent_violet_and_timed_so_far(status: str, label: str) -> None:
    summary = status_summary(_run(status=status), NOW)

    assert summary.status == status
    assert summary.status_class is StatusClass.UNKNOWN
    assert summary.badge_label == label
    assert summary.badge_color == "violet"
    assert summary.is_final is False
    assert summary.duration_text == "4 min 20 s so far"


def test_unknown_status_without_created_at_has_no_duration() -> None:
    assert status_summary(_run(status="ARCHIVED", created_at=None), NOW).duration_text == "—"


def test_naive_datetimes_are_read_as_utc() -> None:
    run = _run(created_at="2025-08-13T15:45:39", updated_at="2025-08-13T15:45:39.850")

    summary = status_summary(run, NOW)

    assert summary.created_text == "2025-08-13 15:45:39 UTC (4 minutes ago)"
    assert summary.duration_text == "850 ms"


def test_missing_timestamps_show_dashes() -> None:
    summary = status_summary(_run(created_at=None, updated_at=None), NOW)

    assert (summary.created_text, summary.updated_text, summary.duration_text) == ("—", "—", "—")


def test_pending_run_without_created_at_has_no_duration() -> None:
    assert status_summary(_run(status="PENDING", created_at=None), NOW).duration_text == "—"


def test_empty_error_is_none() -> None:
    assert status_summary(_run(status="ERROR", error=""), NOW).error is None


def test_status_that_is_not_text_is_shown_as_sent_with_an_unreadable_badge() -> None:
    summary = status_summary(_run(status={"state": "SUCCESS"}), NOW)

    assert summary.status == '{"state": "SUCCESS"}'
    assert summary.status_class is StatusClass.UNKNOWN
    assert summary.status_problem == "Input should be a valid string"
    assert (summary.badge_label, summary.badge_color, summary.is_final) == (
        "Unreadable status",
        "violet",
        False,
    )
    assert summary.duration_text == "4 min 20 s so far"


def test_unreadable_timestamps_are_shown_as_sent_and_flagged() -> None:
    summary = status_summary(_run(created_at="yesterday", updated_at=1.5e20), NOW)

    assert summary.created_text == (
        '"yesterday" (⚠ unreadable: should be an ISO 8601 date-time text)'
    )
    assert summary.updated_text.startswith("1.5e+20 (⚠ unreadable: ")
    assert summary.duration_text == "—"  # a final run with no readable span


def test_unreadable_ids_are_flagged_where_they_would_be() -> None:
    run = _run(extraction_agent_id=42, file_id=["a", "b"])

    ids = dict(status_summary(run, NOW).ids)

    assert ids["Extraction agent ID"] == "42 (⚠ unreadable: Input should be a valid string)"
    assert ids["File ID"] == '["a", "b"] (⚠ unreadable: Input should be a valid string)'
    assert ids["Run ID"] == "de058dda-6ca7-4eea-a426-da802f84f971"
