"""List items read into summaries: the demo runs and jobs, the SDK's list sample, odd pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from run_inspector.adapters import common
from run_inspector.adapters.list_bodies import read_v1_runs_body, read_v2_jobs_body
from run_inspector.adapters.reading import read_v1_body, read_v2_body
from run_inspector.adapters.v1_lists import agents_from_v1, run_page_from_v1
from run_inspector.adapters.v2_list import run_page_from_v2
from run_inspector.model.extraction import Extraction
from run_inspector.model.run_summary import AgentSummary, RunPage, RunSummary
from run_inspector.model.status import StatusClass
from tests.conftest import DEMO_DATA, SAMPLES, load_json
from tests.unit.list_samples import agent, demo_payload, new_agent_id, v1_run

V1_DEMO_RUNS = sorted(p.stem for p in DEMO_DATA.glob("*.json"))
V2_DEMO_JOBS = sorted(f"v2/{p.stem}" for p in (DEMO_DATA / "v2").glob("*.json"))
LIST_SAMPLE = SAMPLES / "v2" / "01_list_response_stainless_fixture.json"
PASSWORD_ERROR = (
    "Failed to parse document: the PDF is password protected. Remove the password and run "
    "the extraction again."
)


def body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


def v1_page(*runs: Any, **paging: Any) -> dict[str, Any]:
    return {"items": list(runs), "total": len(runs), "skip": 0, "limit": 25, **paging}


def only(page: RunPage) -> RunSummary:
    assert page.problems == ()
    (summary,) = page.summaries
    return summary


# --- v1 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", V1_DEMO_RUNS)
def test_a_demo_run_summarises_as_its_extraction_reads(name: str) -> None:
    payload = demo_payload(name)
    run = read_v1_body(body(payload))
    assert isinstance(run, Extraction)

    summary = only(run_page_from_v1(v1_page(payload)))

    assert summary.api_version == "v1"
    assert (summary.job_id, summary.run_id, summary.status) == (run.job_id, run.run_id, run.status)
    assert (summary.created_at, summary.updated_at) == (run.created_at, run.updated_at)
    assert (summary.agent_id, summary.project_id) == (run.agent_id, run.project_id)
    assert summary.file_label == payload["file"]["name"]
    assert summary.file_id == (run.file_id or (run.file.file_id if run.file else None))
    assert summary.tier_or_mode == payload["config"]["extraction_mode"]
    assert summary.row_count == (len(run.items) if isinstance(run.data, list) else None)
    assert summary.configuration_id is None


def test_a_failed_run_shows_its_error_and_a_list_run_its_rows() -> None:
    page = run_page_from_v1(
        v1_page(demo_payload("datasheet_error"), demo_payload("bsc_hospitals_per_table_row"))
    )

    failed, rows = page.summaries
    assert (failed.status.status_class, failed.error, failed.row_count) == (
        StatusClass.FAILED,
        PASSWORD_ERROR,
        None,
    )
    assert (rows.status.status_class, rows.error, rows.row_count) == (StatusClass.DONE, None, 10)
    assert (page.total, page.skip, page.limit) == (2, 0, 25)


def test_only_the_first_line_of_an_error_is_kept() -> None:
    run = v1_run(new_agent_id(), status="ERROR", error="\n  Timed out  \nTraceback (most recent…)")

    assert only(run_page_from_v1(v1_page(run))).error == "Timed out"


def test_a_run_without_a_file_name_is_labelled_by_its_file_id() -> None:
    run = v1_run(new_agent_id(), file=None)

    assert only(run_page_from_v1(v1_page(run))).file_label == run["file_id"]


def test_a_run_names_its_file_by_the_run_s_file_id_else_the_file_s_id() -> None:
    run = v1_run(new_agent_id(), file_id="  ")
    run["file"]["id"] = "dfl-from-the-file"
    without_file = v1_run(new_agent_id(), file_id="dfl-of-the-run", file=None)

    page = run_page_from_v1(v1_page(run, without_file))

    assert [s.file_id for s in page.summaries] == ["dfl-from-the-file", "dfl-of-the-run"]


def test_a_summary_never_reads_the_data_or_the_field_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("a summary read the field metadata")

    monkeypatch.setattr(common, "field_metadata", refuse)
    monkeypatch.setattr(common, "data_part", refuse)
    payload = demo_payload("invoice_per_page_citations")

    assert only(run_page_from_v1(v1_page(payload))).row_count == 1


def test_odd_paging_values_are_problems_and_read_as_unknown() -> None:
    page = run_page_from_v1({"items": [], "total": "12", "limit": None})

    assert (page.total, page.skip, page.limit) == (None, None, None)
    assert page.problems == (
        "`total` Input should be a valid integer",
        "`skip` not sent, though the API always sends it",
        "`limit` null, though the API always sends a value",
    )


def test_odd_values_of_a_listed_run_cost_only_those_values() -> None:
    run = v1_run(new_agent_id(), status=3, updated_at="soon")
    run["file"]["name"] = ["invoice.pdf"]
    run["config"]["extraction_mode"] = 2
    run["config"]["use_reasoning"] = "NaN"  # not shown in a row, so not a problem of the list

    page = run_page_from_v1(v1_page(run))

    (summary,) = page.summaries
    assert (summary.status.word, summary.status.status_class) == ("3", StatusClass.UNKNOWN)
    assert (summary.updated_at, summary.tier_or_mode) == (None, None)
    assert summary.file_label == run["file_id"]
    job = run["job_id"]
    assert page.problems == (
        f"{job}: `status` Input should be a valid string",
        f"{job}: `updated_at` should be an ISO 8601 date-time text",
        f"{job}: `file.name` Input should be a valid string",
        f"{job}: `config.extraction_mode` Input should be a valid string",
    )


def test_a_page_that_is_no_object_is_a_problem_not_an_error() -> None:
    assert run_page_from_v1(["runs"]) == RunPage((), problems=("the page should be a JSON object",))
    assert run_page_from_v2(None) == RunPage((), problems=("the page should be a JSON object",))


def test_a_body_with_items_that_are_no_list_is_refused() -> None:
    for read in (read_v1_runs_body, read_v2_jobs_body):
        refused = read(body({"items": "none", "total": 0}))
        assert not isinstance(refused, RunPage)
        assert refused.problems == ("the body is not a JSON object with a list of `items`",)


# --- v1 agents ---------------------------------------------------------------------------------


def test_agents_read_without_their_schema_or_config() -> None:
    agent_id = new_agent_id()
    sent = agent(agent_id, "EU invoices")
    sent["data_schema"] = "not a schema"  # never read: a list shows names

    agents, problems = agents_from_v1([sent])

    created = datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert agents == (AgentSummary(agent_id, "EU invoices", sent["project_id"], created),)
    assert problems == ()


def test_an_agent_list_that_is_no_list_is_one_problem() -> None:
    assert agents_from_v1({"items": []}) == ((), ("the agent list should be a JSON list",))


def test_a_blank_agent_id_leaves_the_agent_out() -> None:
    agents, problems = agents_from_v1([{"id": "  ", "name": "Blank"}, {"id": None}, 1])

    assert agents == ()
    assert problems == (
        "1 item left out: not a JSON object",
        "2 items left out: it has no agent ID (`id`)",
    )


# --- v2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", V2_DEMO_JOBS)
def test_a_demo_job_summarises_as_its_extraction_reads(name: str) -> None:
    payload = demo_payload(name)
    job = read_v2_body(body(payload))
    assert isinstance(job, Extraction)

    summary = only(run_page_from_v2({"items": [payload], "next_page_token": None}))

    assert (summary.api_version, summary.run_id, summary.agent_id) == ("v2", None, None)
    assert (summary.job_id, summary.status) == (job.job_id, job.status)
    assert (summary.created_at, summary.updated_at) == (job.created_at, job.updated_at)
    assert (summary.file_label, summary.project_id) == (job.file_id, job.project_id)
    assert summary.file_id == job.file_id
    assert summary.configuration_id == job.configuration_id
    assert summary.error == (job.error.splitlines()[0] if job.error else None)
    assert summary.row_count == (len(job.items) if isinstance(job.data, list) else None)
    assert summary.tier_or_mode == (payload.get("configuration") or {}).get("tier")


def test_the_sdk_list_sample_reads_into_one_summary_and_its_paging() -> None:
    page = run_page_from_v2(load_json(LIST_SAMPLE))

    summary = only(page)
    assert (page.next_page_token, page.total, page.skip, page.limit) == (
        "next_page_token",
        0,
        None,
        None,
    )
    assert summary == RunSummary(
        api_version="v2",
        job_id="ext-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        run_id=None,
        status=summary.status,
        created_at=datetime(2019, 12, 27, 18, 11, 19, 117000, tzinfo=UTC),
        updated_at=datetime(2019, 12, 27, 18, 11, 19, 117000, tzinfo=UTC),
        file_label="dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        file_id="dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        tier_or_mode="cost_effective",
        error="error_message",
        row_count=None,
        agent_id=None,
        configuration_id="cfg-11111111-2222-3333-4444-555555555555",
        project_id="prj-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    )
    assert summary.status.status_class is StatusClass.DONE


def test_a_job_from_before_file_input_is_labelled_by_its_old_name() -> None:
    job = demo_payload("v2/sdk_minimal_completed")
    job["document_input_value"] = job.pop("file_input")

    summary = only(run_page_from_v2({"items": [job]}))
    assert (summary.file_label, summary.file_id) == ("dfl-file-456", "dfl-file-456")


def test_odd_v2_paging_values_are_problems() -> None:
    page = run_page_from_v2({"items": [], "next_page_token": 5, "total_size": 1.5})

    assert (page.next_page_token, page.total) == (None, None)
    assert page.problems == (
        "`next_page_token` Input should be a valid string",
        "`total_size` Input should be a valid integer",
    )
