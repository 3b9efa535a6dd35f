"""Unit tests of parse_json and read_v1_body: response bytes to an Extraction, or an InvalidBody.

A body is refused whole only when it is not JSON, is not a JSON object, or has no usable run
or job ID. A field of the wrong type no longer refuses the run: it is kept as sent and its
problem is reported at that field, while the rest of the run reads as usual.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from run_inspector.adapters.reading import NOT_A_JSON_OBJECT, read_v1_body
from run_inspector.adapters.v1_run import NO_ID
from run_inspector.model.extraction import ConfigRow, Extraction, Unreadable
from run_inspector.model.status import StatusClass
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import MAX_SHOWN_BODY_CHARS, invalid_body, parse_json
from tests.conftest import DEMO_DATA, demo_run

NO_ID_PROBLEM = f"this is not a run: {NO_ID}"


def invalid(body: bytes) -> InvalidBody:
    read = read_v1_body(body)
    assert isinstance(read, InvalidBody), f"expected InvalidBody, got {type(read).__name__}"
    return read


def extraction(body: bytes) -> Extraction:
    read = read_v1_body(body)
    assert isinstance(read, Extraction), read
    return read


def with_changes(**changes: Any) -> bytes:
    run = demo_run("capacitor_per_doc_confidence")
    run.update(changes)
    return json.dumps(run).encode()


def config_row(read: Extraction, name: str) -> ConfigRow:
    (row,) = (row for row in read.config if row.field == name)
    return row


# --- parse_json ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [(b"{}", {}), (b"[]", []), (b"null", None), (b'"a run"', "a run"), (b"[{}]", [{}])],
)
def test_parse_json_gives_any_json_value(raw: bytes, value: Any) -> None:
    assert parse_json(raw) == value


def test_parse_json_gives_an_invalid_body_for_bytes_that_are_not_json() -> None:
    parsed = parse_json(b"Service Unavailable")
    assert isinstance(parsed, InvalidBody)
    assert parsed.text == "Service Unavailable"
    assert len(parsed.problems) == 1
    assert parsed.problems[0].startswith("the body is not JSON (")


def test_invalid_body_keeps_the_text_and_the_one_problem() -> None:
    assert invalid_body(b'{"a": 1}', "why") == InvalidBody(text='{"a": 1}', problems=("why",))


# --- bodies that read --------------------------------------------------------------------


def test_valid_bytes_give_an_extraction() -> None:
    raw = (DEMO_DATA / "capacitor_per_doc_confidence.json").read_bytes()
    expected = json.loads(raw)
    read = extraction(raw)
    assert read.api_version == "v1"
    assert read.run_id == expected["id"]
    assert read.job_id == expected["job_id"]
    assert read.status.word == expected["status"]
    assert read.data == expected["data"]
    assert read.schema == expected["data_schema"]
    assert {figure.name: figure.value for figure in read.usage} == {
        "pages_extracted": 2,
        "document_tokens": 1034,
        "output_tokens": 3440,
    }
    assert read.metadata.document  # the field metadata of the document is read
    assert read.target == expected["config"]["extraction_target"]
    assert config_row(read, "extraction_target").value == expected["config"]["extraction_target"]
    assert read.unreadable == {}


def test_list_data_of_a_per_table_row_run_is_kept() -> None:
    raw = (DEMO_DATA / "bsc_hospitals_per_table_row.json").read_bytes()
    read = extraction(raw)
    assert read.target == "PER_TABLE_ROW"
    assert isinstance(read.data, list)
    assert isinstance(read.data, list)
    assert read.data == json.loads(raw)["data"]


def test_unknown_values_and_fields_are_kept() -> None:
    run = demo_run("capacitor_per_doc_confidence")
    run["status"] = "ARCHIVED"
    run["review_state"] = {"reviewer": "ana"}
    run["config"] = {**run["config"], "extraction_target": "PER_SECTION", "new_knob": 3}
    read = extraction(json.dumps(run).encode())
    assert read.status.word == "ARCHIVED"
    assert read.status.problem is None
    assert read.target == "PER_SECTION"
    assert read.extra == (("review_state", {"reviewer": "ana"}),)
    assert config_row(read, "new_knob") == ConfigRow("new_knob", 3, note="not in the API reference")


@pytest.mark.parametrize("ids", [{"id": "run-1"}, {"job_id": "job-1"}])
def test_one_usable_id_is_enough_for_a_run(ids: dict[str, str]) -> None:
    read = extraction(json.dumps(ids).encode())
    assert read.reference in {"run-1", "job-1"}
    assert read.status.word == ""
    assert read.status.status_class is StatusClass.UNKNOWN
    assert read.status.problem == "no status was sent"
    assert read.data is None
    assert read.schema == {}
    assert read.file is None
    # What the API always sends is flagged as missing, not guessed.
    required = {"config", "schema", "agent_id", "from_ui", "project_id"}
    if "id" not in ids:
        required.add("run_id")
    assert set(read.unreadable) == required
    assert all(u.missing for u in read.unreadable.values())


def test_wrong_types_are_kept_at_their_field_and_the_run_still_reads() -> None:
    run = demo_run("capacitor_per_doc_confidence")
    run["id"] = 1
    run["config"]["num_pages_context"] = "many"
    run["file"]["file_size"] = "big"
    del run["status"]
    read = extraction(json.dumps(run).encode())

    # The job ID still identifies the run, and every readable field is read.
    assert read.job_id == run["job_id"]
    assert read.run_id is None
    assert read.data == run["data"]
    assert read.schema == run["data_schema"]
    # The run's own field, under its neutral name.
    assert read.unreadable == {"run_id": Unreadable(1, "Input should be a valid string")}
    # The config field, in its row; the other rows are read.
    pages = config_row(read, "num_pages_context")
    assert pages.value is None
    assert pages.unreadable is not None
    assert pages.unreadable.sent == "many"
    assert pages.unreadable.problem.startswith("Input should be a valid integer")
    assert [row.field for row in read.config if row.unreadable] == ["num_pages_context"]
    assert config_row(read, "extraction_mode").value == "PREMIUM"
    # The file field, under the file card's name for it; the rest of the file is read.
    assert read.file is not None
    assert list(read.file.unreadable) == ["size_bytes"]
    assert read.file.unreadable["size_bytes"].sent == "big"
    assert read.file.size_bytes is None
    assert read.file.name == run["file"]["name"]
    # A missing status is no longer a refusal: the run says it has none.
    assert read.status.problem == "no status was sent"


def test_wrong_data_shape_is_set_aside() -> None:
    read = extraction(with_changes(data="just a string"))
    assert read.data is None
    assert read.unreadable == {
        "data": Unreadable("just a string", "should be an object or a list"),
    }
    assert read.status.word == "SUCCESS"
    assert read.schema  # the rest of the run is intact


@pytest.mark.parametrize(
    ("sent", "name", "neutral"),
    [
        ({"id": 1, "job_id": "j"}, "id", "run_id"),
        ({"id": "r", "job_id": 7}, "job_id", "job_id"),
        ({"id": "r", "extraction_agent_id": ["a"]}, "extraction_agent_id", "agent_id"),
        ({"id": "r", "project_id": {"p": 1}}, "project_id", "project_id"),
        ({"id": "r", "updated_at": "soon"}, "updated_at", "updated_at"),
        ({"id": "r", "error": {"code": 500}}, "error", "error"),
        ({"id": "r", "config": ["PER_DOC"]}, "config", "config"),
        ({"id": "r", "file": "invoice.pdf"}, "file", "file"),
        ({"id": "r", "data_schema": "{}"}, "data_schema", "schema"),
        ({"id": "r", "extraction_metadata": 3}, "extraction_metadata", "metadata"),
    ],
)
def test_a_top_level_problem_is_kept_under_the_extractions_name_for_it(
    sent: dict[str, Any], name: str, neutral: str
) -> None:
    run = {**demo_run("capacitor_per_doc_confidence"), **sent}
    read = extraction(json.dumps(run).encode())
    assert list(read.unreadable) == [neutral]
    assert read.unreadable[neutral].sent == sent[name]


# --- bodies that are refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"{}",
        b'{"status": "SUCCESS", "data": {}}',
        b'{"id": "", "job_id": "  "}',
        b'{"id": null, "job_id": null}',
        b'{"id": 1}',
        b'{"job_id": ["a"]}',
    ],
)
def test_object_without_a_usable_id_is_refused(raw: bytes) -> None:
    body = invalid(raw)
    assert body.problems == (NO_ID_PROBLEM,)
    assert body.text == raw.decode()


@pytest.mark.parametrize("raw", [b"[]", b"null", b'"a run"', b"42", b"[{}]"])
def test_json_that_is_not_an_object(raw: bytes) -> None:
    body = invalid(raw)
    assert body.problems == (NOT_A_JSON_OBJECT,)
    assert body.problems == ("the body is not a JSON object",)
    assert body.text == raw.decode()


def test_a_json_list_of_runs_is_refused() -> None:
    run = demo_run("capacitor_per_doc_confidence")
    assert invalid(json.dumps([run]).encode()).problems == (NOT_A_JSON_OBJECT,)


@pytest.mark.parametrize(
    "raw",
    [
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        b"Service Unavailable",
        b"{'id': 'single quotes'}",
    ],
)
def test_non_json_body(raw: bytes) -> None:
    body = invalid(raw)
    assert len(body.problems) == 1
    assert body.problems[0].startswith("the body is not JSON (")
    assert body.text == raw.decode()


def test_truncated_json_body() -> None:
    full = (DEMO_DATA / "capacitor_per_doc_confidence.json").read_bytes()
    cut = full[: len(full) // 2]
    body = invalid(cut)
    assert len(body.problems) == 1
    assert body.problems[0].startswith("the body is not JSON (")
    assert body.text == cut.decode()


@pytest.mark.parametrize("raw", [b"", b"   ", b"\r\n\t "])
def test_empty_body(raw: bytes) -> None:
    body = invalid(raw)
    assert body.problems == ("the body is empty",)
    assert body.text == raw.decode()


def test_body_that_is_not_utf8_is_kept_with_replacement_characters() -> None:
    body = invalid(b'{"id": "\xff\xfe"')
    assert body.problems[0].startswith("the body is not JSON (")
    assert body.text.startswith('{"id": "')
    assert "\ufffd" in body.text


def test_too_deeply_nested_body() -> None:
    depth = 100_000
    body = invalid(b"[" * depth + b"]" * depth)
    assert body.problems == (
        "the body is nested too deeply to read as JSON (more than about 1,000 levels)",
    )


def test_deep_data_within_the_json_limit_is_kept_as_sent() -> None:
    depth = 900  # deeper than pydantic's own JSON reader goes, within orjson's
    deep: Any = "leaf"
    for _ in range(depth):
        deep = {"n": deep}
    run = {**demo_run("capacitor_per_doc_confidence"), "data": deep}
    read = extraction(json.dumps(run).encode())
    assert read.data == deep
    assert read.unreadable == {}


def test_huge_body_text_is_cut_with_a_note() -> None:
    extra = 12_345
    raw = b'{"id": "' + b"x" * (MAX_SHOWN_BODY_CHARS + extra)  # invalid: never closed
    body = invalid(raw)
    hidden = len(raw) - MAX_SHOWN_BODY_CHARS
    assert body.text == raw[:MAX_SHOWN_BODY_CHARS].decode() + f"\n… ({hidden:,} more bytes)"
    assert body.text.endswith(f"({hidden:,} more bytes)")
    assert len(body.text) < len(raw)


def test_body_at_the_limit_is_not_cut() -> None:
    raw = b"x" * MAX_SHOWN_BODY_CHARS
    body = invalid(raw)
    assert body.text == raw.decode()
    assert "more characters" not in body.text
