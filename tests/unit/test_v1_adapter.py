"""The v1 adapter reads a run part by part: one odd value is flagged where it belongs, not fatal.

Each case changes one thing in a real demo run and checks that the page shows that value as
sent and flagged, and everything else as it would have been.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from run_inspector.adapters.v1_config import UNKNOWN_FIELD_NOTE
from run_inspector.adapters.v1_run import NO_ID, extraction_from_v1
from run_inspector.analysis.polling import SLOWEST_POLL_SECONDS, poll_interval
from run_inspector.model.extraction import ConfigRow, Extraction, FileFacts, Unreadable
from run_inspector.model.status import StatusClass
from run_inspector.presentation.config_table import config_table
from run_inspector.presentation.file_summary import FileSummary, file_summary
from run_inspector.presentation.status_summary import (
    UNREADABLE_STATUS,
    StatusSummary,
    status_summary,
)
from run_inspector.presentation.unreadable_text import FLAG
from tests.conftest import DEMO_DATA, demo_run, load_json, read_v1

DEMO = "capacitor_per_doc_confidence"
NOW = datetime(2025, 8, 13, 15, 50, 0, tzinfo=UTC)
DEMO_RUN_FILES = sorted(DEMO_DATA.glob("*.json"))


def changed_run(**changes: Any) -> Extraction:
    """The demo run with top-level fields replaced."""
    return read_v1(demo_run(DEMO) | changes)


def with_config(**changes: Any) -> Extraction:
    payload = demo_run(DEMO)
    payload["config"] = payload["config"] | changes
    return read_v1(payload)


def with_file(**changes: Any) -> Extraction:
    payload = demo_run(DEMO)
    payload["file"] = payload["file"] | changes
    return read_v1(payload)


def config_records(run: Extraction) -> dict[Any, dict[Any, Any]]:
    return {record["Field"]: record for record in config_table(run.config).to_dict("records")}


def summary_of_file(run: Extraction) -> FileSummary:
    summary = file_summary(run, NOW)
    assert summary is not None
    return summary


def without(mapping: dict[Any, Any], key: str) -> dict[Any, Any]:
    return {k: v for k, v in mapping.items() if k != key}


# --- config ---------------------------------------------------------------------------------


def test_unreadable_config_value_is_flagged_in_its_row_only() -> None:
    intact = config_records(read_v1(demo_run(DEMO)))
    run = with_config(use_reasoning="NaN")

    records = config_records(run)

    row = records["use_reasoning"]
    assert row["Value"] == '"NaN"'  # as sent, in JSON: a string keeps its quotes
    assert row["Note"].startswith(f"{FLAG}: ")
    assert row["Note"] == "⚠ unreadable: Input should be a valid boolean"
    assert row["Changed"] is False
    assert row["Default"] == "false"
    assert without(records, "use_reasoning") == without(intact, "use_reasoning")
    (config_row,) = (r for r in run.config if r.field == "use_reasoning")
    assert config_row.value is None
    assert config_row.unreadable == Unreadable("NaN", "Input should be a valid boolean")
    # The run itself is untouched by its config's odd value.
    assert run.unreadable == {}
    assert run.status.word == "SUCCESS"


def test_unreadable_extraction_target_falls_back_to_the_default_target() -> None:
    run = with_config(extraction_target=["PER_PAGE"])

    assert run.target == "PER_DOC"
    assert config_records(run)["extraction_target"]["Value"] == '["PER_PAGE"]'


# --- file -----------------------------------------------------------------------------------


def test_unreadable_file_size_is_flagged_in_its_row_only() -> None:
    intact = dict(summary_of_file(read_v1(demo_run(DEMO))).rows)
    run = with_file(file_size="big")

    summary = summary_of_file(run)

    rows = dict(summary.rows)
    assert rows["Size"] == '"big" (⚠ unreadable: Input should be a valid integer)'
    assert without(rows, "Size") == without(intact, "Size")
    assert summary.name == "document (2).pdf.txt"
    assert run.file is not None
    assert run.file.size_bytes is None
    assert dict(run.file.unreadable) == {
        "size_bytes": Unreadable("big", "Input should be a valid integer")
    }


def test_unreadable_file_name_is_flagged_in_its_row_only() -> None:
    intact = dict(summary_of_file(read_v1(demo_run(DEMO))).rows)
    run = with_file(name=["document.pdf"])

    summary = summary_of_file(run)

    rows = dict(summary.rows)
    assert rows["Name"] == '["document.pdf"] (⚠ unreadable: Input should be a valid string)'
    assert without(rows, "Name") == without(intact, "Name")
    assert summary.name == ""


def test_null_file_name_is_flagged_as_missing_in_its_row() -> None:
    # The API reference marks a file's name required: null is odd, and said so in place.
    intact = dict(summary_of_file(read_v1(demo_run(DEMO))).rows)
    run = with_file(name=None)

    summary = summary_of_file(run)

    rows = dict(summary.rows)
    assert rows["Name"] == "— (⚠ missing: null, though the API always sends a value)"
    assert summary.name == ""
    assert without(rows, "Name") == without(intact, "Name")
    assert run.file is not None
    assert list(run.file.unreadable) == ["name"]
    assert run.file.unreadable["name"].missing


def test_a_number_where_a_time_belongs_is_flagged_not_read_as_1970() -> None:
    run = changed_run(created_at=1)

    assert run.created_at is None
    assert run.unreadable["created_at"].sent == 1
    assert "ISO 8601" in run.unreadable["created_at"].problem


def test_yes_where_a_boolean_belongs_is_flagged_not_read_as_true() -> None:
    run = with_config(use_reasoning="yes")

    (row,) = (r for r in run.config if r.field == "use_reasoning")
    assert row.value is None
    assert row.unreadable == Unreadable("yes", "Input should be a valid boolean")


def test_file_that_is_not_an_object_is_one_flagged_row() -> None:
    run = changed_run(file="document.pdf")

    summary = summary_of_file(run)

    assert run.file is None
    assert run.unreadable == {"file": Unreadable("document.pdf", "should be an object")}
    assert summary.rows == (("File", '"document.pdf" (⚠ unreadable: should be an object)'),)


# --- status and times ----------------------------------------------------------------------


def test_status_that_is_a_list_is_unreadable_unknown_and_polled_slowly() -> None:
    run = changed_run(status=["SUCCESS"])

    summary = status_summary(run, NOW)

    assert run.status.word == '["SUCCESS"]'
    assert run.status.status_class is StatusClass.UNKNOWN
    assert run.status.problem == "Input should be a valid string"
    assert summary.badge_label == UNREADABLE_STATUS == "Unreadable status"
    assert summary.status_class is StatusClass.UNKNOWN
    assert summary.badge_color == "violet"
    assert summary.is_final is False
    assert poll_interval(run, NOW) == SLOWEST_POLL_SECONDS == 30.0
    # The status is the Status's business, not a top-level unreadable part.
    assert run.unreadable == {}


def test_unreadable_created_at_is_shown_as_sent_and_flagged() -> None:
    intact = status_summary(read_v1(demo_run(DEMO)), NOW)
    run = changed_run(created_at="yesterday")

    summary = status_summary(run, NOW)

    assert run.created_at is None
    assert run.unreadable == {
        "created_at": Unreadable("yesterday", "should be an ISO 8601 date-time text")
    }
    assert summary.created_text == (
        '"yesterday" (⚠ unreadable: should be an ISO 8601 date-time text)'
    )
    assert summary.created_text.startswith('"yesterday" (⚠ unreadable: ')
    assert summary.updated_text == intact.updated_text
    assert summary.ids == intact.ids
    assert summary.badge_label == "Success"


# --- unknown fields ------------------------------------------------------------------------


def test_unknown_fields_are_kept_at_every_level() -> None:
    payload = demo_run(DEMO)
    payload["review_state"] = {"reviewer": "ana"}
    payload["config"]["layout_mode"] = "v3"
    payload["file"]["checksum"] = "abc123"

    run = read_v1(payload)

    assert run.extra == (("review_state", {"reviewer": "ana"}),)
    assert run.config[-1] == ConfigRow("layout_mode", "v3", note=UNKNOWN_FIELD_NOTE)
    assert UNKNOWN_FIELD_NOTE == "not in the API reference"
    assert config_records(run)["layout_mode"]["Note"] == "not in the API reference"
    assert run.file is not None
    assert run.file.extra == (("checksum", "abc123"),)
    assert summary_of_file(run).rows[-1] == ("checksum", "abc123")
    assert run.unreadable == {}


def test_known_run_fields_the_model_does_not_carry_are_not_extra() -> None:
    # from_ui is a documented run field: read, not listed among the unknown ones.
    assert changed_run(from_ui=True).extra == ()


# --- whole parts ---------------------------------------------------------------------------


def test_schema_that_is_a_string_is_set_aside() -> None:
    run = changed_run(data_schema='{"type": "object"}')

    assert run.schema == {}
    assert run.unreadable == {
        "schema": Unreadable('{"type": "object"}', "should be an object (a JSON Schema)")
    }
    assert run.data == demo_run(DEMO)["data"]  # the data is still there


def test_metadata_that_is_not_an_object_is_set_aside_and_usage_is_empty() -> None:
    run = changed_run(extraction_metadata=["usage"])

    assert run.unreadable == {"metadata": Unreadable(["usage"], "should be an object")}
    assert run.usage == ()
    assert run.metadata.document == {}


def test_unreadable_error_is_set_aside() -> None:
    run = changed_run(status="ERROR", error={"message": "boom"})

    assert run.error is None
    assert run.unreadable == {
        "error": Unreadable({"message": "boom"}, "Input should be a valid string")
    }


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [{}, {"id": None}, {"id": "", "job_id": "   "}, {"id": 1}, {"job_id": {"id": "x"}}],
)
def test_run_without_a_usable_id_is_refused_with_a_reason(payload: dict[str, Any]) -> None:
    assert extraction_from_v1(payload | {"status": "SUCCESS"}) == NO_ID


# --- the real demo runs ---------------------------------------------------------------------


@pytest.mark.parametrize("path", DEMO_RUN_FILES, ids=lambda p: p.name)
def test_demo_run_reads_with_no_unreadable_part(path: Path) -> None:
    run = read_v1(load_json(path))

    assert run.unreadable == {}
    assert run.extra == ()
    assert run.status.problem is None
    assert run.status.status_class is not StatusClass.UNKNOWN
    assert run.config
    assert all(row.unreadable is None for row in run.config)
    assert not any(row.note == UNKNOWN_FIELD_NOTE for row in run.config)
    assert run.file is not None
    assert isinstance(run.file, FileFacts)
    assert run.file.unreadable == {}
    assert run.file.extra == ()
    frame = config_table(run.config)
    assert isinstance(frame, pd.DataFrame)
    assert not frame["Note"].str.startswith(FLAG).any()
    summary = status_summary(run, NOW)
    assert isinstance(summary, StatusSummary)
    assert FLAG not in summary.created_text + summary.updated_text
    assert not any(FLAG in value for _, value in summary.ids)
    assert not any(FLAG in text for _, text in summary_of_file(run).rows)


def test_every_demo_run_is_checked() -> None:
    assert DEMO_RUN_FILES, "no demo run in run_inspector/demo/data"


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        ("1700000000", "should be an ISO 8601 date-time text"),
        ("0001-01-01T00:00:00+14:00", "is out of the range of dates this app can show"),
    ],
)
def test_times_that_are_not_plain_iso_or_cannot_be_shown_are_flagged(
    sent: str, problem: str
) -> None:
    run = changed_run(updated_at=sent)

    assert run.updated_at is None
    assert run.unreadable["updated_at"] == Unreadable(sent, problem)


def test_a_blank_job_id_names_nothing() -> None:
    run = changed_run(job_id="   ")

    assert run.job_id is None
    assert run.reference == run.run_id
