"""Unit tests of parse_run: response bytes to an ExtractRun, or an InvalidBody with problems."""

from __future__ import annotations

import json
from typing import Any

import pytest

from run_inspector.wire import parsing
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import MAX_SHOWN_BODY_CHARS, parse_run
from run_inspector.wire.v1_run import ExtractRun
from tests.conftest import DEMO_DATA, demo_run

REQUIRED = (
    "id",
    "config",
    "data_schema",
    "extraction_agent_id",
    "from_ui",
    "project_id",
    "status",
)


def invalid(body: bytes) -> InvalidBody:
    parsed = parse_run(body)
    assert isinstance(parsed, InvalidBody), f"expected InvalidBody, got {type(parsed).__name__}"
    return parsed


def with_changes(**changes: Any) -> bytes:
    run = demo_run("capacitor_per_doc_confidence")
    run.update(changes)
    return json.dumps(run).encode()


def test_valid_bytes_give_an_extract_run() -> None:
    raw = (DEMO_DATA / "capacitor_per_doc_confidence.json").read_bytes()
    expected = json.loads(raw)
    run = parse_run(raw)
    assert isinstance(run, ExtractRun)
    assert run.id == expected["id"]
    assert run.job_id == expected["job_id"]
    assert run.status == expected["status"]
    assert run.data == expected["data"]
    assert run.data_schema == expected["data_schema"]
    assert run.extraction_metadata == expected["extraction_metadata"]
    assert run.config.extraction_target == expected["config"]["extraction_target"]


def test_list_data_of_a_per_table_row_run_is_kept() -> None:
    raw = (DEMO_DATA / "bsc_hospitals_per_table_row.json").read_bytes()
    run = parse_run(raw)
    assert isinstance(run, ExtractRun)
    assert run.extraction_target == "PER_TABLE_ROW"
    assert isinstance(run.data, list)
    assert run.data == json.loads(raw)["data"]


def test_unknown_values_and_fields_are_kept() -> None:
    run = demo_run("capacitor_per_doc_confidence")
    run["status"] = "ARCHIVED"
    run["review_state"] = {"reviewer": "ana"}
    run["config"] = {**run["config"], "extraction_target": "PER_SECTION", "new_knob": 3}
    parsed = parse_run(json.dumps(run).encode())
    assert isinstance(parsed, ExtractRun)
    assert parsed.status == "ARCHIVED"
    assert parsed.extraction_target == "PER_SECTION"
    assert parsed.model_extra == {"review_state": {"reviewer": "ana"}}
    assert parsed.config.model_extra == {"new_knob": 3}


def test_empty_object_lists_every_missing_required_field() -> None:
    body = invalid(b"{}")
    assert body.problems == tuple(f"{name}: Field required" for name in REQUIRED)
    assert body.text == "{}"


def test_wrong_types_are_named_by_their_dotted_location() -> None:
    run = demo_run("capacitor_per_doc_confidence")
    run["id"] = 1
    run["config"]["num_pages_context"] = "many"
    run["file"]["file_size"] = "big"
    del run["status"]
    body = invalid(json.dumps(run).encode())
    assert "id: Input should be a valid string" in body.problems
    assert "status: Field required" in body.problems
    assert any(p.startswith("config.num_pages_context: Input should be") for p in body.problems)
    assert any(p.startswith("file.file_size: Input should be") for p in body.problems)
    assert len(body.problems) == 4


def test_wrong_data_shape_is_reported() -> None:
    body = invalid(with_changes(data="just a string"))
    assert body.problems
    assert all(problem.startswith("data") for problem in body.problems)


@pytest.mark.parametrize("raw", [b"[]", b"null", b'"a run"', b"42", b"[{}]"])
def test_json_that_is_not_an_object(raw: bytes) -> None:
    body = invalid(raw)
    assert body.problems == ("(whole body): Input should be an object",)
    assert body.text == raw.decode()


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


def test_problem_list_is_capped_with_a_count_of_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "MAX_SHOWN_PROBLEMS", 3)
    body = invalid(b"{}")
    assert body.problems == (
        "id: Field required",
        "config: Field required",
        "data_schema: Field required",
        f"… and {len(REQUIRED) - 3} more",
    )


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        ((), "(whole body)"),
        (("id",), "id"),
        (("config", "num_pages_context"), "config.num_pages_context"),
        (("data", 0, "name"), "data[0].name"),
        ((3,), "[3]"),
    ],
)
def test_problem_locations_read_like_paths(loc: tuple[int | str, ...], text: str) -> None:
    assert parsing._loc(loc) == text
