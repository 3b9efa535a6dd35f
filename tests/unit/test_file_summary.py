"""Tests for the file card: sizes, timestamps, expiry warnings and extra file fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from run_inspector.model.extraction import Extraction
from run_inspector.presentation.file_summary import (
    FileSummary,
    expiry_state,
    file_summary,
    human_size,
)
from tests.conftest import demo_run, read_v1

NOW = datetime(2025, 8, 13, 15, 50, 0, tzinfo=UTC)
FILE_ID = "4b6d8f0a-2c4e-4a6b-9d8f-0a2c4e6b8d0f"
PROJECT_ID = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
RUN_ID = "de058dda-6ca7-4eea-a426-da802f84f971"


def _file(**fields: Any) -> Extraction:
    """A run whose `file` is a minimal file object with `fields` added or replaced."""
    file = {"id": FILE_ID, "name": "invoice.pdf", "project_id": PROJECT_ID} | fields
    return read_v1({"id": RUN_ID, "file": file})


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (None, "—"),
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KB"),
        (2562, "2.5 KB"),
        (1_048_575, "1.0 MB"),
        (1_048_576, "1.0 MB"),
        (1_873_421, "1.8 MB"),
        (5_242_880, "5.0 MB"),
        (3 * 1024**3, "3.0 GB"),
        (2 * 1024**5, "2048.0 TB"),
    ],
)
def test_human_size(size: int | None, expected: str) -> None:
    assert human_size(size) == expected


def test_capacitor_demo_file_card() -> None:
    run = read_v1(demo_run("capacitor_per_doc_confidence"))

    assert file_summary(run, NOW) == FileSummary(
        name="document (2).pdf.txt",
        rows=(
            ("Name", "document (2).pdf.txt"),
            ("Type", "txt"),
            ("Size", "2.5 KB (2,562 bytes)"),
            ("Created", "2025-08-12 18:31:54 UTC (21 hours ago)"),
            ("Last modified", "2025-08-13 15:45:39 UTC (4 minutes ago)"),
            ("Expires", "—"),
            ("Data source ID", "—"),
            ("External file ID", "document (2).pdf.txt"),
            ("Purpose", "—"),
            ("File ID", "9233cc2b-00e3-4ddd-b426-b8b59357d4cb"),
            ("Project ID", PROJECT_ID),
        ),
        expiry_state="none",
        expiry_note=None,
        permission_info=None,
        resource_info={"file_size": 2562, "last_modified_at": "2025-08-13T15:45:39"},
    )


def test_invoice_demo_file_expires_in_three_days() -> None:
    run = read_v1(demo_run("invoice_per_page_citations"))

    summary = file_summary(run, datetime(2025, 11, 28, 11, 2, 33, tzinfo=UTC))

    assert summary is not None
    assert summary.expiry_state == "expiring"
    assert summary.expiry_note == "Expires in 3 days."
    assert dict(summary.rows)["Expires"] == "2025-12-01 11:02:33 UTC (in 3 days)"
    assert dict(summary.rows)["Size"] == "86.1 KB (88,213 bytes)"
    assert dict(summary.rows)["Purpose"] == "extract"


def test_expired_file_warns_it_may_be_deleted() -> None:
    summary = file_summary(_file(expires_at="2025-08-10T15:50:00Z"), NOW)

    assert summary is not None
    assert summary.expiry_state == "expired"
    assert summary.expiry_note == "Expired 3 days ago: the file may already be deleted."
    assert dict(summary.rows)["Expires"] == "2025-08-10 15:50:00 UTC (3 days ago)"


def test_file_far_from_expiry_needs_no_note() -> None:
    summary = file_summary(_file(expires_at="2026-12-03T09:12:05Z"), NOW)

    assert summary is not None
    assert (summary.expiry_state, summary.expiry_note) == ("ok", None)


@pytest.mark.parametrize(
    ("expires_in", "state"),
    [
        (None, "none"),
        (timedelta(seconds=-1), "expired"),
        (timedelta(0), "expired"),
        (timedelta(seconds=1), "expiring"),
        (timedelta(days=7), "expiring"),
        (timedelta(days=7, seconds=1), "ok"),
    ],
)
def test_expiry_state_boundaries(expires_in: timedelta | None, state: str) -> None:
    expires_at = None if expires_in is None else NOW + expires_in
    assert expiry_state(expires_at, NOW) == state


def test_naive_expiry_is_read_as_utc() -> None:
    assert expiry_state(datetime(2025, 8, 13, 15, 49, 0), NOW) == "expired"
    assert expiry_state(datetime(2025, 8, 13, 15, 51, 0), NOW) == "expiring"


def test_no_file_gives_no_summary() -> None:
    assert file_summary(read_v1({"id": RUN_ID}), NOW) is None
    assert file_summary(read_v1({"id": RUN_ID, "file": None}), NOW) is None


def test_minimal_file_shows_dashes_for_what_is_missing() -> None:
    summary = file_summary(_file(), NOW)

    assert summary is not None
    assert summary.rows == (
        ("Name", "invoice.pdf"),
        ("Type", "—"),
        ("Size", "—"),
        ("Created", "—"),
        ("Last modified", "—"),
        ("Expires", "—"),
        ("Data source ID", "—"),
        ("External file ID", "—"),
        ("Purpose", "—"),
        ("File ID", FILE_ID),
        ("Project ID", PROJECT_ID),
    )


def test_small_file_size_has_no_exact_count() -> None:
    summary = file_summary(_file(file_size=0), NOW)

    assert summary is not None
    assert dict(summary.rows)["Size"] == "0 B"


def test_unknown_file_fields_become_extra_rows_and_raw_json_is_kept() -> None:
    run = _file(
        storage_class="cold",
        page_count=12,
        checksums={"sha256": "ab12"},
        permission_info={"owner": "ops", "shared": True},
        resource_info=["a", 1],
    )

    summary = file_summary(run, NOW)

    assert summary is not None
    assert summary.rows[-3:] == (
        ("storage_class", "cold"),
        ("page_count", "12"),
        ("checksums", '{"sha256": "ab12"}'),
    )
    assert summary.permission_info == {"owner": "ops", "shared": True}
    assert summary.resource_info == ["a", 1]


def test_unreadable_file_fields_are_shown_as_sent_in_their_rows() -> None:
    summary = file_summary(_file(file_size="big", expires_at="never", updated_at=[1]), NOW)

    assert summary is not None
    rows = dict(summary.rows)
    assert rows["Size"] == '"big" (⚠ unreadable: Input should be a valid integer)'
    assert rows["Expires"].startswith(
        '"never" (⚠ unreadable: should be an ISO 8601 date-time text)'
    )
    # updated_at has no row of its own on the card; unreadable, it gets one, flagged.
    assert summary.rows[-1][0] == "updated_at"
    assert summary.rows[-1][1].startswith("[1] (⚠ unreadable: ")
    assert (rows["Name"], rows["File ID"], rows["Project ID"]) == (
        "invoice.pdf",
        FILE_ID,
        PROJECT_ID,
    )
    assert (summary.expiry_state, summary.expiry_note) == ("none", None)


@pytest.mark.parametrize("sent", ["invoice.pdf", ["invoice.pdf"], 3, True])
def test_file_that_is_not_an_object_is_one_flagged_row(sent: Any) -> None:
    run = read_v1({"id": RUN_ID, "file": sent})

    summary = file_summary(run, NOW)

    assert run.file is None
    assert summary is not None
    assert summary.name == ""
    (row,) = summary.rows
    assert row[0] == "File"
    assert row[1].endswith(" (⚠ unreadable: should be an object)")
    assert (summary.expiry_state, summary.permission_info, summary.resource_info) == (
        "none",
        None,
        None,
    )
