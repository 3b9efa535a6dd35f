"""The batch table and its counts, as a person reads them, and the job facts they come from.

Rows are built from the bundled demo runs (v1) and jobs (v2), read and summarised as
`check_job` does, and from the errors the client raises; no API is involved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pytest

from run_inspector.adapters.v2_job import extraction_from_v2
from run_inspector.analysis.job_facts import JobFacts, job_facts
from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.loading.batch_rows import BatchKey, BatchRow
from run_inspector.model.extraction import Extraction
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.batch_table import (
    BATCH_COLUMNS,
    LOW_CONFIDENCE,
    NOT_FINAL_NOTE,
    SCHEMA_PROBLEMS,
    batch_frame,
    counts_text,
    outcome,
    outcome_counts,
    with_page_links,
)
from run_inspector.presentation.error_text import error_sentence
from run_inspector.presentation.run_rows import LINK, NOTE
from run_inspector.references.job_reference import ApiVersion, JobReference
from tests.conftest import DEMO_DATA, demo_run, load_json, read_v1

BASE_URL = "https://api.cloud.llamaindex.ai"
PROJECT_ID = "prj-2f8a0c1e-5b7d-4e9a-8c3f-1d6b9e2a4c70"
ORG_ID = "66666666-7777-4888-9999-000000000000"
# A minute after the pending demo run (v1) was created.
NOW = datetime(2025, 7, 21, 8, 31, 2, tzinfo=UTC)
TRACEBACK = "\nTraceback (most recent call last):\n  File 'parse.py', line 1\nPDFError"


# --- rows as check_job makes them -------------------------------------------------------------


def v1_extraction(name: str, **changes: Any) -> Extraction:
    return read_v1({**demo_run(name), **changes})


def v2_extraction(name: str, **changes: Any) -> Extraction:
    read = extraction_from_v2({**load_json(DEMO_DATA / "v2" / f"{name}.json"), **changes})
    assert isinstance(read, Extraction), read
    return read


def key_of(job_id: str, **scope: str) -> BatchKey:
    version: ApiVersion = "v2" if job_id.startswith("ext-") else "v1"
    return BatchKey("fp", BASE_URL, JobReference(version, job_id), **scope)


def fetched(extraction: Extraction, **scope: str) -> BatchRow:
    """The row of a job that was fetched; its key's ID is the job's own."""
    assert extraction.job_id is not None
    return BatchRow(key_of(extraction.job_id, **scope), job_facts(extraction), None, 0.0)


def failed_fetch(job_id: str, error_type: type[ApiError], status: int, **kw: Any) -> BatchRow:
    """The row of a job that could not be fetched, with the error the client raises."""
    key = key_of(job_id)
    kind: errors.RequestKind = "v2_job" if key.job.api_version == "v2" else "v1_run"
    request = RunRequest(job_id, BASE_URL, f"/some/path/{job_id}", kind=kind)
    return BatchRow(key, None, error_type(request, status_code=status, **kw), 0.0)


DONE_V1 = fetched(v1_extraction("invoice_schema_problems"))
DONE_V2 = fetched(v2_extraction("receipt_completed_per_doc"))
PENDING_V1 = fetched(v1_extraction("receipt_pending"))
FAILED_V1 = fetched(v1_extraction("datasheet_error"))
NOT_FOUND = failed_fetch("0b7e5d2a-41c3-4f7e-9c1a-000000000404", errors.NotFoundError, 404)


def table_row(row: BatchRow) -> pd.Series:
    frame = batch_frame([row], NOW)
    assert len(frame) == 1
    return frame.iloc[0]


# --- the table's shape -------------------------------------------------------------------------


def test_columns_in_order_and_one_row_per_given_row_in_the_given_order() -> None:
    rows = [PENDING_V1, NOT_FOUND, DONE_V2, FAILED_V1, DONE_V1]
    frame = batch_frame(rows, NOW)
    assert list(frame.columns) == list(BATCH_COLUMNS)
    assert BATCH_COLUMNS[:2] == ("Job ID", LINK)
    assert BATCH_COLUMNS[-1] == NOTE
    assert frame["Job ID"].tolist() == [row.key.job.job_id for row in rows]
    assert frame["Version"].tolist() == ["v1", "v1", "v2", "v1", "v1"]
    assert str(frame[SCHEMA_PROBLEMS].dtype) == str(frame[LOW_CONFIDENCE].dtype) == "Int64"


def test_no_rows_still_has_every_column() -> None:
    frame = batch_frame([], NOW)
    assert frame.empty
    assert list(frame.columns) == list(BATCH_COLUMNS)


def test_a_finished_job_shows_its_status_times_file_and_counts() -> None:
    shown = table_row(DONE_V1)
    assert shown["Job ID"] == "7f9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d3f"
    assert shown["Status"] == "Success"
    assert shown["Created"] == "2025-10-14 09:20:11 UTC"
    assert shown["Duration"] not in ("", EMPTY)
    assert shown["File"] == "facture-2025-0142.pdf"
    assert shown["Error"] == ""
    assert (shown[SCHEMA_PROBLEMS], shown[LOW_CONFIDENCE]) == (6, 3)
    assert shown[NOTE] == ""
    v2 = table_row(DONE_V2)
    assert (v2["Version"], v2["Status"]) == ("v2", "Completed")
    assert v2["File"] == "dfl-093dbb4c-9d8b-482d-87c5-d2c379b52f83"  # the job's file input
    assert (v2[SCHEMA_PROBLEMS], v2[LOW_CONFIDENCE], v2[NOTE]) == (0, 0, "")


# --- failures: to fetch, and of the job itself ----------------------------------------------


@pytest.mark.parametrize(
    ("row", "status", "sentence_start"),
    [
        (NOT_FOUND, "not found", f"No extraction run was found for job {NOT_FOUND.key.job.job_id}"),
        (
            failed_fetch("ext-missing", errors.NotFoundError, 404),
            "not found",
            "No Extract v2 job was found for job ext-missing (404)",
        ),
        (
            failed_fetch("ext-other-project", errors.PermissionDeniedError, 403),
            "no access",
            "This API key has no access to that project or organization (403).",
        ),
        (
            failed_fetch("ext-flaky", errors.ServerError, 500, attempts=6),
            "server error",
            "LlamaCloud answered with a server error (HTTP 500).",
        ),
    ],
)
def test_a_fetch_failure_shows_short_words_in_status_and_the_sentence_in_error(
    row: BatchRow, status: str, sentence_start: str
) -> None:
    shown = table_row(row)
    assert row.error is not None
    assert shown["Status"] == status
    assert shown["Error"] == error_sentence(row.error)
    assert shown["Error"].startswith(sentence_start)
    assert (shown["Created"], shown["Duration"], shown["File"]) == (EMPTY, EMPTY, EMPTY)
    assert pd.isna(shown[SCHEMA_PROBLEMS])
    assert pd.isna(shown[LOW_CONFIDENCE])
    assert shown[NOTE] == ""
    assert shown[LINK].startswith(f"./?job_id={row.key.job.job_id}")  # still a link to the run


def test_retries_are_told_in_the_error_sentence() -> None:
    shown = table_row(failed_fetch("ext-flaky", errors.ServerError, 502, attempts=6))
    assert shown["Error"].endswith("(Tried 6 times.)")


@pytest.mark.parametrize(
    ("extraction", "status"),
    [
        (v1_extraction("datasheet_error", error="Failed to parse document." + TRACEBACK), "Error"),
        (
            v2_extraction(
                "datasheet_failed", error_message="Failed to parse document." + TRACEBACK
            ),
            "Failed",
        ),
    ],
)
def test_a_failed_job_shows_its_status_and_the_first_line_of_its_own_error(
    extraction: Extraction, status: str
) -> None:
    shown = table_row(fetched(extraction))
    assert shown["Status"] == status
    assert shown["Error"] == "Failed to parse document."
    # Final, but nothing to count: no data to check against a schema, no confidence scores.
    assert pd.isna(shown[SCHEMA_PROBLEMS])
    assert pd.isna(shown[LOW_CONFIDENCE])
    assert shown[NOTE] == "schema not checked: the run has no data"  # says why: no scores


def test_a_row_neither_fetched_nor_failed_shows_only_its_key() -> None:
    row = BatchRow(key_of("ext-later"), None, None, 0.0)
    shown = table_row(row)
    assert (shown["Job ID"], shown["Status"], shown["Error"], shown[NOTE]) == (
        "ext-later",
        EMPTY,
        "",
        "",
    )
    assert outcome(row) == "not checked"


# --- the counts above the table ---------------------------------------------------------------


def test_counts_name_each_outcome_most_common_first() -> None:
    rows = [DONE_V1, FAILED_V1, NOT_FOUND, DONE_V2, DONE_V1]
    assert outcome_counts(rows) == [("done", 3), ("failed", 1), ("not found", 1)]
    assert counts_text(rows) == "3 done, 1 failed, 1 not found"


def test_counts_order_follows_the_numbers_not_the_rows() -> None:
    running = fetched(v2_extraction("invoice_running"))
    rows = [NOT_FOUND, running, DONE_V1, PENDING_V1, DONE_V2, DONE_V1]
    assert counts_text(rows) == "3 done, 2 running, 1 not found"


def test_every_kind_of_outcome_has_its_words() -> None:
    cancelled = fetched(v2_extraction("receipt_completed_per_doc", status="CANCELLED"))
    unknown = fetched(v1_extraction("receipt_pending", status="ARCHIVED"))
    no_access = failed_fetch("ext-theirs", errors.PermissionDeniedError, 403)
    timed_out = BatchRow(
        key_of("ext-slow"), None, errors.ApiTimeoutError(phase="answer", limit_seconds=60), 0.0
    )
    rows = [DONE_V1, FAILED_V1, PENDING_V1, cancelled, unknown, NOT_FOUND, no_access, timed_out]
    assert [outcome(row) for row in rows] == [
        "done",
        "failed",
        "running",
        "cancelled",
        "unknown status",
        "not found",
        "no access",
        "timed out",
    ]


def test_counts_use_thousands_separators_and_nothing_for_no_rows() -> None:
    assert counts_text([DONE_V1] * 1200 + [NOT_FOUND]) == "1,200 done, 1 not found"
    assert counts_text([]) == ""


# --- links keep the key's project and organization ---------------------------------------------


@pytest.mark.parametrize(
    ("scope", "query"),
    [
        ({}, ""),
        ({"project_id": PROJECT_ID}, f"&project_id={PROJECT_ID}"),
        (
            {"project_id": PROJECT_ID, "organization_id": ORG_ID},
            f"&project_id={PROJECT_ID}&organization_id={ORG_ID}",
        ),
        ({"organization_id": ORG_ID}, f"&organization_id={ORG_ID}"),
    ],
)
def test_the_link_opens_the_run_page_in_the_keys_project(scope: dict[str, str], query: str) -> None:
    for row in (fetched(v2_extraction("invoice_completed"), **scope), NOT_FOUND):
        keyed = BatchRow(key_of(row.key.job.job_id, **scope), row.facts, row.error, 0.0)
        assert table_row(keyed)[LINK] == f"./?job_id={row.key.job.job_id}{query}"


# --- schema and confidence: counted once final ------------------------------------------------


@pytest.mark.parametrize(
    ("row", "status", "duration"),
    [
        (PENDING_V1, "Pending", "running for 1 min"),
        (fetched(v2_extraction("invoice_running")), "Running", None),
    ],
)
def test_a_run_still_going_has_blank_counts_and_says_when_they_come(
    row: BatchRow, status: str, duration: str | None
) -> None:
    shown = table_row(row)
    assert shown["Status"] == status
    assert pd.isna(shown[SCHEMA_PROBLEMS])
    assert pd.isna(shown[LOW_CONFIDENCE])
    assert shown[NOTE] == NOT_FINAL_NOTE == "counted once the run is final"
    if duration is not None:
        assert shown["Duration"] == duration


def test_a_run_without_a_schema_says_why_it_was_not_checked() -> None:
    shown = table_row(fetched(v2_extraction("sdk_minimal_completed")))
    assert shown["Status"] == "Completed"
    assert pd.isna(shown[SCHEMA_PROBLEMS])
    assert shown[LOW_CONFIDENCE] == 0
    assert shown[NOTE] == "schema not checked: the run has no schema that could be read"


# --- job_facts ---------------------------------------------------------------------------------


def test_facts_of_a_final_run_count_schema_problems_and_low_confidence() -> None:
    facts = job_facts(v1_extraction("invoice_schema_problems"))
    assert facts.api_version == "v1"
    assert facts.status.word == "SUCCESS"
    assert facts.created_at == datetime(2025, 10, 14, 9, 20, 11, 402000, tzinfo=UTC)
    assert facts.updated_at is not None
    assert facts.file_label == "facture-2025-0142.pdf"
    assert facts.error is None
    assert (facts.schema_problems, facts.schema_summary, facts.low_confidence) == (
        6,
        "6 schema problems",
        3,
    )


def test_the_same_job_as_v2_gives_the_same_counts() -> None:
    facts = job_facts(v2_extraction("invoice_completed"))
    assert facts.api_version == "v2"
    assert (facts.schema_problems, facts.low_confidence) == (6, 3)
    assert facts.file_label == "dfl-301a1428-7af5-4fa7-bea9-7d44e33be4c3"


def test_low_confidence_is_counted_against_the_threshold() -> None:
    extraction = v1_extraction("capacitor_per_doc_confidence")
    assert job_facts(extraction).low_confidence == 0  # the run page's default, 50 %
    assert job_facts(extraction, threshold=1.0).low_confidence == 2


@pytest.mark.parametrize(
    "extraction",
    [v1_extraction("receipt_pending"), v2_extraction("invoice_running")],
    ids=["v1-pending", "v2-running"],
)
def test_facts_of_a_run_still_going_count_nothing_yet(extraction: Extraction) -> None:
    facts = job_facts(extraction)
    assert isinstance(facts, JobFacts)
    assert facts.schema_problems is None
    assert facts.schema_summary is None
    assert facts.low_confidence is None
    assert facts.file_label is not None


@pytest.mark.parametrize(
    ("error", "first_line"),
    [
        ("Boom", "Boom"),
        ("\n\n  Boom: no pages\nTraceback ...\n", "Boom: no pages"),
        ("   \n ", None),
        ("", None),
        (None, None),
    ],
)
def test_facts_keep_the_first_line_of_the_runs_own_error(
    error: str | None, first_line: str | None
) -> None:
    assert job_facts(v1_extraction("datasheet_error", error=error)).error == first_line


def test_the_csvs_links_are_made_whole_from_the_pages_address() -> None:
    frame = pd.DataFrame({LINK: ["./?job_id=abc&project_id=p", None]})
    whole = with_page_links(frame, "https://tools.example/inspector/batch?job_ids=abc")
    assert whole[LINK].iloc[0] == "https://tools.example/inspector/?job_id=abc&project_id=p"
    assert pd.isna(whole[LINK].iloc[1])
    assert frame[LINK].tolist()[0] == "./?job_id=abc&project_id=p"  # the table keeps its own
    assert with_page_links(frame, None) is frame  # no address known (AppTest): as it is


def test_a_run_without_confidence_scores_is_not_counted_as_all_confident() -> None:
    shown = table_row(fetched(v1_extraction("nvda_10k_per_doc_citations")))
    assert shown[SCHEMA_PROBLEMS] == 0
    assert pd.isna(shown[LOW_CONFIDENCE])
    assert shown[NOTE] == "no confidence scores"
