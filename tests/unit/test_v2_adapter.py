"""The v2 adapter reads every shape a v2 job comes in, into the same Extraction as a v1 run.

The public samples are read as they are; each quirk (old names, parts missing because the
server ignored `expand`, metadata at another level, filler values) changes one thing in a
job and checks what a person would see of it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from run_inspector.adapters.config_rows import UNKNOWN_FIELD_NOTE, UNKNOWN_VALUE_NOTE
from run_inspector.adapters.reading import (
    NOT_A_JSON_OBJECT,
    NOT_A_RUN,
    NOT_A_V2_JOB,
    read_any_body,
    read_json_object,
    read_v1_body,
    read_v2_body,
)
from run_inspector.adapters.v2_job import (
    NO_CONFIGURATION,
    NO_JOB_ID,
    UNREADABLE_CONFIGURATION,
    V2Context,
    extraction_from_v2,
    saved_configuration_id,
)
from run_inspector.adapters.v2_list import JobList
from run_inspector.analysis.data_tables import LOWEST_CONFIDENCE
from run_inspector.analysis.run_report import build_run_report
from run_inspector.model.extraction import ConfigRow, Extraction, SavedConfiguration, Unreadable
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import StatusClass
from run_inspector.presentation.config_table import config_table
from run_inspector.presentation.configuration_text import saved_configuration_text
from run_inspector.presentation.usage_text import NO_CREDITS, usage_metrics, usage_note
from run_inspector.wire.invalid_body import InvalidBody
from tests.conftest import SAMPLES, demo_run, load_json

V2_SAMPLES = SAMPLES / "v2"
LIST_SAMPLE = V2_SAMPLES / "01_list_response_stainless_fixture.json"
JOB_SAMPLE = V2_SAMPLES / "02_get_job_sdk_test_fixture.json"
RECEIPT_METADATA = V2_SAMPLES / "03_document_metadata_openapi_example.json"
CONFIG_ID = "cfg-11111111-2222-3333-4444-555555555555"
RECEIPT = {
    "vendor": "Noisebridge",
    "total": 10.0,
    "items": [{"amount": 10.0, "description": "$10/month"}],
}
RECEIPT_SCHEMA = {
    "type": "object",
    "properties": {
        "vendor": {"type": "string"},
        "total": {"type": "number"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"amount": {"type": "number"}, "description": {"type": "string"}},
            },
        },
    },
}


def read_v2(payload: dict[str, Any], context: V2Context | None = None) -> Extraction:
    read = extraction_from_v2(payload) if context is None else extraction_from_v2(payload, context)
    assert isinstance(read, Extraction), read
    return read


def listed_job() -> dict[str, Any]:
    """The one job of the SDK reference's list response (filler values and all)."""
    job: dict[str, Any] = load_json(LIST_SAMPLE)["items"][0]
    return job


def minimal_job() -> dict[str, Any]:
    """The SDK tests' completed per_doc job: no configuration, as without `expand`."""
    job: dict[str, Any] = load_json(JOB_SAMPLE)
    return job


def receipt_job(**changes: Any) -> dict[str, Any]:
    """A completed per_doc receipt with the server spec's example `document_metadata`."""
    job = {
        "id": "ext-aaaaaaaa-bbbb-cccc-dddd-000000000001",
        "status": "COMPLETED",
        "created_at": "2026-07-01T10:00:00Z",
        "updated_at": "2026-07-01T10:00:42Z",
        "project_id": "prj-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "file_input": "dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "configuration_id": None,
        "configuration": {
            "data_schema": RECEIPT_SCHEMA,
            "tier": "agentic",
            "extraction_target": "per_doc",
            "version": "2026-06-01",
            "cite_sources": True,
            "confidence_scores": True,
        },
        "extract_result": RECEIPT,
        "extract_metadata": {
            "field_metadata": {"document_metadata": load_json(RECEIPT_METADATA)},
            "parse_job_id": "pjb-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "parse_tier": "agentic",
        },
        "metadata": {"usage": {"num_pages_extracted": 1, "num_pages_billed": 1}},
    }
    return job | changes


def pages_job(target: str, metadata_key: str, entries: list[Any]) -> dict[str, Any]:
    """A list-target job of two pages or rows, with one metadata entry set per item."""
    return receipt_job(
        configuration={"data_schema": {"type": "object"}, "extraction_target": target},
        extract_result=[{"total": 10.0, "vendor": "A"}, {"total": 20.0, "vendor": "B"}],
        extract_metadata={"field_metadata": {metadata_key: entries}},
    )


def config_records(run: Extraction) -> dict[Any, dict[Any, Any]]:
    return {record["Field"]: record for record in config_table(run.config).to_dict("records")}


def body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


# --- the public samples ------------------------------------------------------------------------


def test_the_sdk_list_sample_is_a_page_of_one_job() -> None:
    page = read_any_body(LIST_SAMPLE.read_bytes())

    assert isinstance(page, JobList)
    assert len(page.items) == 1
    assert page.next_page_token == "next_page_token"
    assert page.total_size == 0
    assert page.problems == ()


def test_the_listed_job_reads_with_its_old_names_and_filler_values() -> None:
    run = read_v2(listed_job())

    assert run.api_version == "v2"
    assert run.reference == run.job_id == "ext-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    assert run.status.status_class is StatusClass.DONE
    assert run.error == "error_message"
    assert run.configuration_id == CONFIG_ID
    assert run.file_id == "dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    assert run.target == "PER_DOC"
    assert run.system_prompt is not None
    assert run.system_prompt.startswith("Extract all monetary values in USD.")
    assert run.schema == {"foo": {"foo": "bar"}}
    assert run.data == {"foo": {"foo": "bar"}}
    assert run.unreadable == {}
    assert run.extra == ()
    assert run.file is not None
    assert (run.file.file_id, run.file.parse_job_id) == (run.file_id, "parse_job_id")


def test_the_listed_jobs_config_as_a_person_sees_it() -> None:
    frame = config_table(read_v2(listed_job()).config)

    assert frame.drop(columns="Unreadable").values.tolist() == [
        ["tier", "cost_effective", "cost_effective", False, ""],
        ["extraction_target", "per_doc", "per_doc", False, ""],
        ["version", "latest", "latest", False, "sent as extract_version, its name before 2026-06"],
        ["cite_sources", "true", "false", True, ""],
        ["confidence_scores", "true", "false", True, ""],
        ["parse_tier", "fast", "—", True, ""],
        ["parse_config_id", CONFIG_ID, "—", True, ""],
        ["target_pages", "1,3,5-7", "—", True, ""],
        ["max_pages", "10", "—", True, ""],
        ["system_prompt", read_v2(listed_job()).system_prompt, "—", True, ""],
        ["disable_cache", "—", "—", False, ""],
        ["spreadsheet_mode", "—", "—", False, ""],
        ["sheet_names", "—", "—", False, ""],
    ]


def test_filler_confidences_are_not_counted_and_real_ones_are() -> None:
    # `"confidence": "bar"` on total and vendor is generator filler: no score, no crash.
    run = read_v2(listed_job())

    report = build_run_report(run)

    assert dict(run.metadata.document).keys() == {
        FieldPath.parse("items[0].amount"),
        FieldPath.parse("items[0].description"),
    }
    assert sorted(report.confidences.tolist()) == [0.998, 1.0]
    assert report.low_confidence_count(0.999) == 1


def test_the_listed_jobs_token_counts_are_its_usage() -> None:
    run = read_v2(listed_job())

    assert usage_metrics(run.usage) == (
        ("Pages extracted", "0"),
        ("Document tokens", "0"),
        ("Output tokens", "0"),
    )
    assert usage_note(run) is None


def test_the_minimal_sdk_job_shows_its_fields_and_flags_the_missing_configuration() -> None:
    run = read_v2(minimal_job())

    report = build_run_report(run)

    assert run.data == {"name": "John Doe", "age": 30, "email": "john@example.com"}
    confidences = {path.render(): meta.confidence for path, meta in run.metadata.document.items()}
    assert confidences == {"name": 0.95, "age": 0.87, "email": 0.92}
    assert [row.path.render() for row in report.field_rows] == ["name", "age", "email"]
    assert report.low_confidence_count(0.9) == 1
    assert run.config == ()
    assert run.unreadable == {
        "config": Unreadable(None, NO_CONFIGURATION, missing=True),
        "schema": Unreadable(None, NO_CONFIGURATION, missing=True),
    }
    # Without a schema nothing is checked against one.
    assert report.conformance.problems == ()
    assert run.usage == ()


def test_the_specs_receipt_metadata_reads_per_field_and_per_array_item() -> None:
    run = read_v2(receipt_job())

    document = {path.render(): meta for path, meta in run.metadata.document.items()}
    assert set(document) == {"items[0].amount", "items[0].description", "total", "vendor"}
    vendor = document["vendor"]
    assert (vendor.confidence, vendor.extraction_confidence, vendor.parsing_confidence) == (
        1.0,
        1.0,
        1.0,
    )
    assert [(c.page, c.matching_text) for c in vendor.citations] == [(1, "Noisebridge")]
    assert run.unreadable == {}
    assert build_run_report(run).conformance.problems == ()


# --- old names and missing parts ---------------------------------------------------------------


def test_document_input_value_is_the_file_under_its_old_name() -> None:
    job = minimal_job()
    job["document_input_value"] = job.pop("file_input")

    run = read_v2(job)

    assert run.file_id == "dfl-file-456"
    assert run.file is not None
    assert run.file.file_id == "dfl-file-456"
    assert "file_id" not in run.unreadable
    assert run.extra == ()


def test_a_job_without_any_file_input_is_flagged_at_its_file_id() -> None:
    job = minimal_job()
    del job["file_input"]

    run = read_v2(job)

    assert run.file_id is None
    assert run.unreadable["file_id"] == Unreadable(
        None, "not sent, though the API always sends it", missing=True
    )


def test_lang_is_shown_with_its_removal_and_both_version_names_each_have_a_row() -> None:
    configuration = receipt_job()["configuration"] | {"lang": "de", "extract_version": "latest"}

    records = config_records(read_v2(receipt_job(configuration=configuration)))

    assert records["lang"]["Value"] == "de"
    assert records["lang"]["Note"] == "removed from the API in 2026-04"
    assert records["lang"]["Default"] == "—"
    assert records["version"]["Value"] == "2026-06-01"
    assert records["version"]["Changed"] is False
    assert records["version"]["Note"] == 'the API reports the version "latest" resolved to'
    assert records["extract_version"]["Value"] == "latest"
    assert records["extract_version"]["Note"] == "the name of version before 2026-06"


def test_usage_under_extract_metadata_is_read_from_older_jobs() -> None:
    job = receipt_job(metadata=None)
    job["extract_metadata"]["usage"] = {
        "num_pages_extracted": 3,
        "num_document_tokens": 1034,
        "num_output_tokens": 344,
    }

    run = read_v2(job)

    assert usage_metrics(run.usage) == (
        ("Pages extracted", "3"),
        ("Document tokens", "1,034"),
        ("Output tokens", "344"),
    )


def test_credits_come_from_expanded_usage_and_null_ones_are_unknown() -> None:
    run = read_v2(receipt_job(usage={"credits": 7.5, "extract_credits": 5, "parse_credits": None}))

    assert usage_metrics(run.usage) == (
        ("Pages extracted", "1"),
        ("Pages billed", "1"),
        ("Credits", "7.50"),
        ("Extract credits", "5"),
        ("Parse credits", "—"),
    )


def test_a_server_that_refused_usage_is_said_to_report_no_credits() -> None:
    run = read_v2(receipt_job(), V2Context(usage_refused=True))

    assert run.usage_refused
    assert usage_note(run) == NO_CREDITS == "This server does not report credits."
    assert usage_metrics(run.usage) == (("Pages extracted", "1"), ("Pages billed", "1"))


def test_a_job_sent_without_its_expanded_parts_still_shows_status_and_result() -> None:
    job = receipt_job()
    for part in ("configuration", "extract_metadata", "metadata"):
        del job[part]

    run = read_v2(job)

    assert run.status.status_class is StatusClass.DONE
    assert run.data == RECEIPT
    assert run.metadata.document == {}
    assert run.usage == ()
    assert run.config == ()
    assert run.file is not None
    assert run.file.parse_job_id is None
    assert set(run.unreadable) == {"config", "schema"}
    assert build_run_report(run).field_rows


def test_entries_directly_under_field_metadata_read_like_document_metadata() -> None:
    nested = read_v2(receipt_job())
    job = receipt_job()
    job["extract_metadata"]["field_metadata"] = load_json(RECEIPT_METADATA)

    run = read_v2(job)

    assert run.metadata.document == nested.metadata.document
    assert len(run.metadata.document) == 4


def test_an_error_beside_the_entries_is_kept() -> None:
    job = receipt_job()
    job["extract_metadata"]["field_metadata"]["document_metadata"]["error"] = "citations failed"

    run = read_v2(job)

    assert run.metadata.error == "citations failed"
    assert len(run.metadata.document) == 4


# --- list targets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "metadata_key", "expected_target"),
    [("per_page", "page_metadata", "PER_PAGE"), ("per_table_row", "row_metadata", "PER_TABLE_ROW")],
)
def test_page_and_row_metadata_give_each_item_its_lowest_confidence(
    target: str, metadata_key: str, expected_target: str
) -> None:
    entries = [
        {"total": {"confidence": 0.9}, "vendor": {"confidence": 0.4}},
        {"total": {"confidence": 0.8}, "vendor": {"confidence": "bar"}},
    ]

    run = read_v2(pages_job(target, metadata_key, entries))
    report = build_run_report(run)

    assert run.target == expected_target
    assert [meta[FieldPath.parse("total")].confidence for meta in run.metadata.items] == [0.9, 0.8]
    assert FieldPath.parse("vendor") not in run.metadata.of_item(1)
    assert report.records is not None
    assert report.records.view()[LOWEST_CONFIDENCE].tolist() == [0.4, 0.8]
    assert config_records(run)["extraction_target"]["Note"] == ""


def test_metadata_of_an_item_may_be_a_list_of_entries_per_array_element() -> None:
    entries = [{"lines": [{"confidence": 0.5}, {"confidence": 0.7}]}, {"lines": []}]
    job = pages_job("per_page", "page_metadata", entries)
    job["extract_result"] = [{"lines": ["a", "b"]}, {"lines": []}]

    run = read_v2(job)

    assert run.metadata.of_item(0)[FieldPath.parse("lines[0]")].confidence == 0.5
    assert run.metadata.of_item(1) == {}


def test_the_targets_own_level_wins_over_an_empty_other_one() -> None:
    job = pages_job("per_table_row", "row_metadata", [{"total": {"confidence": 0.3}}])
    job["extract_metadata"]["field_metadata"]["page_metadata"] = []

    run = read_v2(job)

    assert run.metadata.of_item(0)[FieldPath.parse("total")].confidence == 0.3


def test_the_list_samples_filler_page_and_row_metadata_do_not_break_a_list_result() -> None:
    job = listed_job()
    job["extract_result"] = [{"foo": {"foo": "bar"}}]
    job["configuration"]["extraction_target"] = "per_page"

    run = read_v2(job)
    report = build_run_report(run)

    assert run.metadata.items == ({},)
    assert report.records is not None
    assert LOWEST_CONFIDENCE not in report.records.columns


# --- statuses, targets, odd values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status_class"),
    [
        ("PENDING", StatusClass.WAITING),
        ("THROTTLED", StatusClass.WAITING),
        ("RUNNING", StatusClass.WAITING),
        ("COMPLETED", StatusClass.DONE),
        ("FAILED", StatusClass.FAILED),
        ("CANCELLED", StatusClass.STOPPED),
        ("PAUSED", StatusClass.UNKNOWN),
    ],
)
def test_every_v2_status_word_is_classified(word: str, status_class: StatusClass) -> None:
    run = read_v2(receipt_job(status=word))

    assert run.status.word == word
    assert run.status.status_class is status_class
    assert run.status.problem is None


def test_a_failed_job_shows_its_error_message() -> None:
    run = read_v2(receipt_job(status="FAILED", error_message="Document could not be parsed"))

    assert run.status.status_class is StatusClass.FAILED
    assert run.error == "Document could not be parsed"


def test_an_upper_case_target_is_read_but_noted_as_not_documented_for_v2() -> None:
    configuration = receipt_job()["configuration"] | {"extraction_target": "PER_PAGE"}

    run = read_v2(receipt_job(configuration=configuration, extract_result=[RECEIPT]))

    assert run.target == "PER_PAGE"
    assert config_records(run)["extraction_target"]["Note"] == UNKNOWN_VALUE_NOTE


def test_an_unknown_tier_is_noted_and_a_new_one_is_known() -> None:
    def tier_note(tier: str) -> str:
        configuration = receipt_job()["configuration"] | {"tier": tier}
        return str(
            config_records(read_v2(receipt_job(configuration=configuration)))["tier"]["Note"]
        )

    assert [tier_note(t) for t in ("agentic_plus", "turbo", "premium")] == [
        "",
        "",
        UNKNOWN_VALUE_NOTE,
    ]


def test_odd_values_are_flagged_where_they_belong() -> None:
    configuration = receipt_job()["configuration"] | {"max_pages": "10", "cite_sources": "yes"}

    run = read_v2(
        receipt_job(status=["COMPLETED"], created_at=1, configuration=configuration, usage=[1])
    )

    assert run.status.status_class is StatusClass.UNKNOWN
    assert run.status.word == '["COMPLETED"]'
    assert run.unreadable == {
        "created_at": Unreadable(1, "should be an ISO 8601 date-time text"),
        "usage": Unreadable([1], "should be an object"),
    }
    records = config_records(run)
    assert records["max_pages"]["Value"] == '"10"'
    assert records["max_pages"]["Note"] == "⚠ unreadable: Input should be a valid integer"
    assert records["cite_sources"]["Note"] == "⚠ unreadable: Input should be a valid boolean"
    assert records["tier"]["Value"] == "agentic"


def test_a_configuration_that_is_not_an_object_is_flagged_and_the_rest_reads() -> None:
    run = read_v2(receipt_job(configuration="agentic"))

    assert run.config == ()
    assert run.unreadable["config"] == Unreadable("agentic", "should be an object")
    assert run.unreadable["schema"] == Unreadable(None, UNREADABLE_CONFIGURATION, missing=True)
    assert run.data == RECEIPT
    assert len(run.metadata.document) == 4


def test_a_schema_that_is_not_an_object_is_flagged() -> None:
    configuration = receipt_job()["configuration"] | {"data_schema": "object"}

    run = read_v2(receipt_job(configuration=configuration))

    assert run.schema == {}
    assert run.unreadable == {"schema": Unreadable("object", "should be an object (a JSON Schema)")}


def test_an_unreadable_parse_job_id_is_flagged_in_the_file_facts() -> None:
    job = receipt_job()
    job["extract_metadata"]["parse_job_id"] = 42

    run = read_v2(job)

    assert run.file is not None
    assert run.file.parse_job_id is None
    assert run.file.unreadable == {"parse_job_id": Unreadable(42, "Input should be a valid string")}


def test_unknown_fields_are_kept_at_every_level() -> None:
    job = receipt_job(review_state={"reviewer": "ana"}, metadata={"usage": {}, "team": "ops"})
    job["configuration"]["layout_mode"] = "v3"

    run = read_v2(job)

    assert run.extra == (("review_state", {"reviewer": "ana"}), ("metadata", {"team": "ops"}))
    assert run.config[-1] == ConfigRow("layout_mode", "v3", note=UNKNOWN_FIELD_NOTE)
    assert run.unreadable == {}


@pytest.mark.parametrize("job_id", [None, "", "   ", 7])
def test_a_job_without_a_usable_id_is_refused(job_id: Any) -> None:
    assert extraction_from_v2(receipt_job(id=job_id)) == NO_JOB_ID


# --- the saved configuration ------------------------------------------------------------------


def saved_configuration(version: Any = "3", **parameters: Any) -> dict[str, Any]:
    return {
        "id": CONFIG_ID,
        "name": "Receipts",
        "product_type": "extract_v2",
        "version": version,
        "parameters": {
            "product_type": "extract_v2",
            "data_schema": RECEIPT_SCHEMA,
            "tier": "agentic",
            "extraction_target": "per_doc",
        }
        | parameters,
        "created_at": "2026-05-01T00:00:00Z",
        "updated_at": "2026-06-01T00:00:00Z",
    }


def job_naming_a_saved_configuration() -> dict[str, Any]:
    job = receipt_job(configuration_id=CONFIG_ID)
    del job["configuration"]
    return job


def test_the_saved_configuration_is_fetched_only_for_a_job_that_came_without_one() -> None:
    assert saved_configuration_id(job_naming_a_saved_configuration()) == CONFIG_ID
    assert saved_configuration_id(receipt_job(configuration_id=CONFIG_ID)) is None
    assert saved_configuration_id(minimal_job()) is None
    assert saved_configuration_id({"configuration_id": "  "}) is None
    assert saved_configuration_id({"configuration_id": 5}) is None


def test_a_fetched_saved_configuration_gives_the_settings_and_schema() -> None:
    context = V2Context(saved_configuration=saved_configuration())

    run = read_v2(job_naming_a_saved_configuration(), context)

    assert run.saved_configuration == SavedConfiguration(CONFIG_ID, "Receipts", "3", None)
    assert run.schema == RECEIPT_SCHEMA
    assert config_records(run)["tier"]["Value"] == "agentic"
    assert "product_type" not in config_records(run)
    assert run.unreadable == {}
    assert saved_configuration_text(run) == (
        "Settings from saved configuration Receipts, version 3; "
        "the job may have run with an earlier version."
    )


def test_a_saved_configuration_whose_version_matches_the_job_has_no_caveat() -> None:
    job = receipt_job(configuration_id=CONFIG_ID)
    context = V2Context(saved_configuration=saved_configuration(version="2026-06-01"))

    run = read_v2(job, context)

    assert run.saved_configuration is not None
    assert run.saved_configuration.job_version == "2026-06-01"
    assert saved_configuration_text(run) == (
        "Settings from saved configuration Receipts, version 2026-06-01."
    )


def test_a_saved_configuration_that_could_not_be_fetched_is_said_so_and_the_job_shows() -> None:
    context = V2Context(saved_configuration_problem="HTTP 404")

    run = read_v2(job_naming_a_saved_configuration(), context)

    assert run.saved_configuration == SavedConfiguration(CONFIG_ID, problem="HTTP 404")
    assert saved_configuration_text(run) == (
        f"Saved configuration {CONFIG_ID} could not be loaded (HTTP 404), "
        "so this job's settings and schema are not shown."
    )
    assert run.data == RECEIPT
    assert run.unreadable["config"].problem == NO_CONFIGURATION


def test_a_saved_configuration_without_parameters_is_a_problem_not_a_crash() -> None:
    broken = saved_configuration() | {"parameters": "agentic", "version": 4, "name": None}

    run = read_v2(job_naming_a_saved_configuration(), V2Context(saved_configuration=broken))

    assert run.saved_configuration == SavedConfiguration(
        CONFIG_ID, None, "4", None, "its parameters are not an object"
    )
    assert run.config == ()


def test_a_job_without_a_saved_configuration_has_no_sentence_about_one() -> None:
    assert saved_configuration_text(read_v2(receipt_job())) is None


# --- reading bodies ---------------------------------------------------------------------------


def test_read_any_body_tells_a_v1_run_from_a_v2_job() -> None:
    v1 = read_any_body(body(demo_run("capacitor_per_doc_confidence")))
    v2 = read_any_body(body(receipt_job()))
    v2_by_id_alone = read_any_body(body({"id": "ext-1", "status": "PENDING"}))

    assert isinstance(v1, Extraction)
    assert v1.api_version == "v1"
    assert v1 == read_v1_body(body(demo_run("capacitor_per_doc_confidence")))
    assert isinstance(v2, Extraction)
    assert v2.api_version == "v2"
    assert isinstance(v2_by_id_alone, Extraction)
    assert v2_by_id_alone.api_version == "v2"
    assert v2_by_id_alone.status.status_class is StatusClass.WAITING


def test_read_any_body_reads_a_page_of_jobs_whose_items_read_as_jobs() -> None:
    page = read_any_body(body({"items": [receipt_job(), "not a job"], "next_page_token": None}))

    assert isinstance(page, JobList)
    assert page.next_page_token is None
    assert page.problems == ("1 item left out: not a JSON object",)
    assert read_v2(dict(page.items[0])).job_id == receipt_job()["id"]


def test_a_page_without_paging_keys_is_still_a_page_when_its_items_are_v2_jobs() -> None:
    assert isinstance(read_any_body(body({"items": [minimal_job()]})), JobList)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"<html>Bad gateway</html>", "the body is not JSON"),
        (b"[1, 2]", NOT_A_JSON_OBJECT),
        (body({"items": [], "total": 0, "skip": 0, "limit": 25}), NOT_A_RUN),
        (body({"status": "SUCCESS"}), NOT_A_RUN),
        (body({"extract_result": {}, "status": "COMPLETED"}), f"{NOT_A_V2_JOB}: {NO_JOB_ID}"),
    ],
)
def test_read_any_body_refuses_what_is_neither(raw: bytes, problem: str) -> None:
    read = read_any_body(raw)

    assert isinstance(read, InvalidBody)
    assert read.problems[0].startswith(problem)


def test_read_v2_body_reads_a_job_with_its_context_and_refuses_one_without_id() -> None:
    read = read_v2_body(body(receipt_job()), V2Context(usage_refused=True))
    refused = read_v2_body(body(receipt_job(id=None)))

    assert isinstance(read, Extraction)
    assert read.usage_refused
    assert isinstance(refused, InvalidBody)
    assert refused.problems == (f"{NOT_A_V2_JOB}: {NO_JOB_ID}",)
    assert NOT_A_V2_JOB == "this is not an Extract v2 job"


def test_read_json_object_parses_once_and_refuses_what_is_not_an_object() -> None:
    payload = read_json_object(body(receipt_job()))
    refused = read_json_object(b'"ext-1"')

    assert payload == receipt_job()
    assert isinstance(refused, InvalidBody)
    assert refused.problems == (NOT_A_JSON_OBJECT,)


def test_reading_never_changes_the_payload() -> None:
    job = receipt_job(configuration_id=CONFIG_ID)
    sent = copy.deepcopy(job)

    read_v2(job, V2Context(saved_configuration=saved_configuration()))

    assert job == sent


def test_every_v2_sample_is_used() -> None:
    used = {LIST_SAMPLE, JOB_SAMPLE, RECEIPT_METADATA}
    assert set(Path(V2_SAMPLES).glob("*.json")) == used
