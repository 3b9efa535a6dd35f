"""Schema conformance: every jsonschema problem as a plain sentence keyed by field path."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from run_inspector.analysis.conformance import (
    Conformance,
    SchemaProblem,
    check_conformance,
    problems_frame,
)
from run_inspector.model.field_path import ROOT
from tests.conftest import DEMO_DATA, demo_run


def triples(conformance: Conformance) -> list[tuple[int | None, str, str]]:
    return [(p.item, p.path.render(), p.message) for p in conformance.problems]


def only_problem(data: Any, schema: dict[str, Any]) -> tuple[str, str, str]:
    problems = check_conformance(data, schema, "PER_DOC").problems
    assert len(problems) == 1, problems
    return problems[0].path.render(), problems[0].message, problems[0].keyword


# --- Demo runs ----------------------------------------------------------------------------

DEMO_SUMMARIES = {
    "bsc_hospitals_per_table_row": "conforms to schema",
    "capacitor_per_doc_confidence": "conforms to schema",
    "datasheet_error": "schema not checked: the run has no data",
    "invoice_per_page_citations": "conforms to schema",
    "nvda_10k_per_doc_citations": "conforms to schema",
    "receipt_pending": "schema not checked: the run has no data",
    "receipt_per_doc_bounding_boxes": "conforms to schema",
}


# The demo run built to break its schema, with the problems a person should see.
BROKEN_DEMO = "invoice_schema_problems"


def test_the_summary_table_covers_every_bundled_demo_run() -> None:
    assert {p.stem for p in DEMO_DATA.glob("*.json")} == {*DEMO_SUMMARIES, BROKEN_DEMO}


def test_the_broken_invoice_demo_lists_each_problem_at_its_field() -> None:
    run = demo_run(BROKEN_DEMO)

    result = check_conformance(run["data"], run["data_schema"], "PER_DOC")

    assert result.summary == "6 schema problems"
    assert sorted((p.path.render(), p.keyword) for p in result.problems) == [
        ("currency", "enum"),
        ("issue_date", "format"),
        ("line_items[1].quantity", "type"),
        ("notes", "additionalProperties"),
        ("total", "type"),
        ("vendor.vat_id", "required"),
    ]


@pytest.mark.parametrize(("name", "summary"), sorted(DEMO_SUMMARIES.items()))
def test_every_demo_run_conforms_or_has_no_data(name: str, summary: str) -> None:
    run = demo_run(name)
    target = run["config"].get("extraction_target") or "PER_DOC"

    result = check_conformance(run.get("data"), run["data_schema"], target)

    assert result.summary == summary
    assert result.problems == ()
    assert result.schema_note is None
    assert result.checked is (summary == "conforms to schema")


# --- A PER_DOC run that breaks its schema in many ways ------------------------------------

INVOICE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["company", "doc_type", "total", "issued_at", "shipping", "items"],
    "properties": {
        "company": {"type": "string"},
        "doc_type": {"enum": ["10-K", "10-Q"]},
        "total": {"type": "integer"},
        "discount": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "issued_at": {"type": "string", "format": "date-time"},
        "shipping": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {"weight_kg": {"type": "number"}, "carrier": {"type": "string"}},
                    "required": ["weight_kg", "carrier"],
                },
                {"type": "null"},
            ]
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                "required": ["sku", "qty"],
            },
        },
    },
}

BROKEN_INVOICE: dict[str, Any] = {
    "doc_type": "10K",
    "total": "abc",
    "discount": "5%",
    "issued_at": "yesterday",
    "shipping": {"weight_kg": "heavy"},
    "items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": "two"}],
    "colour": "red",
}


def test_date_time_format_checking_is_available() -> None:
    # jsonschema checks "date-time" only when rfc3339-validator is installed.
    assert "date-time" in Draft202012Validator.FORMAT_CHECKER.checkers


def test_per_doc_data_breaking_its_schema_gives_one_sentence_per_problem() -> None:
    result = check_conformance(BROKEN_INVOICE, INVOICE_SCHEMA, "PER_DOC")

    assert triples(result) == [
        (None, "colour", "not allowed by the schema (additionalProperties is false)"),
        (None, "company", "required field is missing"),
        (None, "doc_type", 'must be one of "10-K", "10-Q" (got "10K")'),
        (None, "total", 'expected integer, got string "abc"'),
        (None, "discount", 'expected integer, got string "5%"'),
        (None, "issued_at", 'must be a valid date-time (got "yesterday")'),
        (None, "shipping.weight_kg", 'expected number, got string "heavy"'),
        (None, "shipping.carrier", "required field is missing"),
        (None, "items[1].qty", 'expected integer, got string "two"'),
    ]
    assert [p.keyword for p in result.problems] == [
        "additionalProperties", "required", "enum", "type", "type", "format", "type",
        "required", "type",
    ]  # fmt: skip
    assert result.summary == "9 schema problems"
    assert (result.checked, result.truncated, result.schema_note) == (True, False, None)


def test_problems_frame_has_item_field_problem_sorted_by_item_then_path() -> None:
    frame = problems_frame(check_conformance(BROKEN_INVOICE, INVOICE_SCHEMA, "PER_DOC"))

    assert list(frame.columns) == ["Item", "Field", "Problem"]
    assert frame["Item"].tolist() == [None] * 9
    assert frame["Field"].tolist() == [
        "colour", "company", "discount", "doc_type", "issued_at", "items[1].qty",
        "shipping.carrier", "shipping.weight_kg", "total",
    ]  # fmt: skip
    assert frame["Problem"].tolist()[:2] == [
        "not allowed by the schema (additionalProperties is false)",
        "required field is missing",
    ]


def test_problems_frame_orders_list_indices_as_numbers_and_keeps_ties_in_validator_order() -> None:
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}},
            "code": {"type": "string", "minLength": 3, "pattern": "^[A-Z]+$"},
        },
    }
    rows = [{"tags": ["ok"] * 10 + [1], "code": "ab"}, {"tags": [2, "ok", 3]}]

    frame = problems_frame(check_conformance(rows, schema, "PER_PAGE"))

    assert frame.to_dict("records") == [
        {"Item": 0, "Field": "code", "Problem": 'must be at least 3 characters long (got "ab")'},
        {"Item": 0, "Field": "code", "Problem": 'must match the pattern "^[A-Z]+$" (got "ab")'},
        {"Item": 0, "Field": "tags[10]", "Problem": "expected string, got integer 1"},
        {"Item": 1, "Field": "tags[0]", "Problem": "expected string, got integer 2"},
        {"Item": 1, "Field": "tags[2]", "Problem": "expected string, got integer 3"},
    ]


def test_problems_frame_of_a_conforming_run_is_empty_with_its_columns() -> None:
    frame = problems_frame(check_conformance({"a": 1}, {"type": "object"}, "PER_DOC"))

    assert list(frame.columns) == ["Item", "Field", "Problem"]
    assert len(frame) == 0


# --- List targets and shapes --------------------------------------------------------------


def test_per_table_row_items_are_checked_one_by_one_with_0_based_numbers() -> None:
    schema = {
        "$defs": {"Plan": {"enum": ["HMO", "PPO"]}},
        "type": "object",
        "properties": {
            "county": {"type": "string"},
            "plans": {"type": "array", "items": {"$ref": "#/$defs/Plan"}},
        },
        "required": ["county"],
    }
    rows = [
        {"county": "Alameda", "plans": ["HMO"]},
        {"plans": ["PPO", "EPO"]},
        "not a row",
        {"county": 7},
    ]

    result = check_conformance(rows, schema, "PER_TABLE_ROW")

    assert triples(result) == [
        (1, "plans[1]", 'must be one of "HMO", "PPO" (got "EPO")'),
        (1, "county", "required field is missing"),
        (2, "", 'expected object, got string "not a row"'),
        (3, "county", "expected string, got integer 7"),
    ]
    assert result.summary == "4 schema problems"


def test_an_empty_list_conforms() -> None:
    assert check_conformance([], {"type": "object"}, "PER_PAGE").summary == "conforms to schema"


@pytest.mark.parametrize(
    ("data", "target", "message"),
    [
        ({"a": 1}, "PER_PAGE", 'expected a list with one item per page, got object {"a": 1}'),
        ("x", "PER_TABLE_ROW", 'expected a list with one item per table row, got string "x"'),
        ([{"a": 1}], "PER_DOC", 'expected one object for the whole document, got array [{"a": 1}]'),
    ],
)
def test_data_of_the_wrong_shape_for_the_target_is_one_root_problem(
    data: Any, target: str, message: str
) -> None:
    result = check_conformance(data, {"type": "object"}, target)

    assert result.problems == (SchemaProblem(None, ROOT, message, "type"),)
    assert (result.summary, result.checked) == ("1 schema problem", True)


def test_a_target_the_api_adds_later_is_read_by_the_data_shape() -> None:
    schema = {"type": "object", "required": ["a"]}

    assert triples(check_conformance([{"a": 1}, {}], schema, "PER_SECTION")) == [
        (1, "a", "required field is missing")
    ]
    assert triples(check_conformance({}, schema, "PER_SECTION")) == [
        (None, "a", "required field is missing")
    ]


def test_no_data_is_not_checked() -> None:
    result = check_conformance(None, {"type": "object"}, "PER_DOC")

    assert result == Conformance(problems=(), schema_note=None, checked=False, truncated=False)
    assert result.summary == "schema not checked: the run has no data"


# --- Schema dialects and broken schemas ---------------------------------------------------

DRAFT_07_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "pair": {
            "type": "array",
            "items": [{"type": "string"}, {"type": "integer"}],
            "additionalItems": False,
        },
    },
    "dependencies": {"card": ["billing"]},
}


def test_draft_07_schema_is_picked_from_its_dollar_schema() -> None:
    result = check_conformance({"pair": ["a", "b", 3, 4], "card": "x"}, DRAFT_07_SCHEMA, "PER_DOC")

    assert triples(result) == [
        (None, "pair[1]", 'expected integer, got string "b"'),
        (None, "pair[2]", "not allowed by the schema (additionalItems is false)"),
        (None, "pair[3]", "not allowed by the schema (additionalItems is false)"),
        (None, "billing", 'required when "card" is present'),
    ]
    assert [p.keyword for p in result.problems][-1] == "dependencies"


def test_without_dollar_schema_draft_2020_12_applies_where_items_must_be_one_schema() -> None:
    schema = {k: v for k, v in DRAFT_07_SCHEMA.items() if k != "$schema"}

    result = check_conformance({"pair": []}, schema, "PER_DOC")

    assert result.schema_note == (
        "The schema is not valid JSON Schema (properties.pair.items: expected object or "
        'boolean, got array [{"type": "string"}, {"type": "integer"}]), '
        "so the data was not checked."
    )
    assert result.summary == "schema not checked: the schema is not valid JSON Schema"


def test_draft_04_exclusive_minimum_is_a_flag_on_minimum() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"n": {"minimum": 5, "exclusiveMinimum": True}},
    }

    assert only_problem({"n": 5}, schema) == ("n", "must be greater than 5 (got 5)", "minimum")


def test_draft_03_required_flag_is_reported_at_the_property() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-03/schema#",
        "properties": {"b": {"required": True}},
    }

    assert only_problem({}, schema) == ("b", "required field is missing", "required")


def test_an_invalid_schema_gives_a_note_and_no_problems() -> None:
    result = check_conformance({"a": 1}, {"type": 5}, "PER_DOC")

    assert result == Conformance(
        problems=(),
        schema_note=(
            "The schema is not valid JSON Schema (type: must be one of "
            '"array", "boolean", "integer", "null", "number", "object", "string" (got 5)), '
            "so the data was not checked."
        ),
        checked=False,
        truncated=False,
    )
    assert result.summary == "schema not checked: the schema is not valid JSON Schema"


@pytest.mark.parametrize(
    ("schema", "note"),
    [
        (
            {"properties": {"a": {"pattern": "("}}},
            "The schema is not valid JSON Schema (properties.a.pattern: must be a valid regex "
            '(got "(")), so the data was not checked.',
        ),
        (
            {"$schema": 5},
            "The schema is not valid JSON Schema ($schema: expected string, got integer 5), "
            "so the data was not checked.",
        ),
        (["not", "a", "schema"], "The schema is not a JSON object, so the data was not checked."),
    ],
)
def test_other_broken_schemas_give_a_note(schema: Any, note: str) -> None:
    result = check_conformance({"a": "x"}, schema, "PER_DOC")

    assert (result.problems, result.schema_note, result.checked) == ((), note, False)


def test_an_unresolvable_ref_gives_a_note_even_after_problems_were_found() -> None:
    schema: dict[str, Any] = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"n": {"type": "integer"}, "kind": {"$ref": "#/$defs/Missing"}},
        },
    }

    result = check_conformance([{"n": "x"}, {"kind": "a"}], schema, "PER_PAGE")
    assert result.schema_note is None  # the list target's schema is one item: items is unused

    result = check_conformance([{"n": "x"}, {"kind": "a"}], schema["items"], "PER_PAGE")
    assert result == Conformance(
        problems=(),
        schema_note=(
            'The schema has a $ref that cannot be resolved ("#/$defs/Missing"), '
            "so the data was not checked."
        ),
        checked=False,
        truncated=False,
    )
    assert result.summary == "schema not checked: the schema has a $ref that cannot be resolved"


def test_a_remote_ref_is_not_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("tried to fetch a remote $ref")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    schema = {"properties": {"a": {"$ref": "https://example.com/a.json"}}}

    result = check_conformance({"a": 1}, schema, "PER_DOC")

    assert result.schema_note == (
        'The schema has a $ref that cannot be resolved ("https://example.com/a.json"), '
        "so the data was not checked."
    )


def test_deep_valid_data_is_checked_by_the_fast_validator() -> None:
    schema = {"type": "object", "properties": {"child": {"$ref": "#"}}}
    data: dict[str, Any] = {}
    for _ in range(sys.getrecursionlimit()):
        data = {"child": data}

    assert check_conformance(data, schema, "PER_DOC").summary == "conforms to schema"


def test_data_nested_past_the_recursion_limit_gives_a_note() -> None:
    schema = {"type": "object", "properties": {"child": {"$ref": "#"}}}
    data: dict[str, Any] = {"child": 5}  # invalid at the bottom: jsonschema has to word it
    for _ in range(sys.getrecursionlimit()):
        data = {"child": data}

    result = check_conformance(data, schema, "PER_DOC")

    assert result.schema_note == (
        "The schema or the data nests too deeply to check, so the data was not checked."
    )
    assert result.summary == "schema not checked: the schema or the data nests too deeply to check"


# --- Unions -------------------------------------------------------------------------------


def test_nullable_union_reports_the_non_null_branch_and_accepts_null() -> None:
    schema = {"properties": {"n": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}}

    assert only_problem({"n": "abc"}, schema) == ("n", 'expected integer, got string "abc"', "type")
    assert check_conformance({"n": None}, schema, "PER_DOC").problems == ()


def test_nullable_object_union_reports_every_problem_inside_the_object() -> None:
    result = check_conformance(BROKEN_INVOICE, INVOICE_SCHEMA, "PER_DOC")

    assert [p.path.render() for p in result.problems if p.path[0] == "shipping"] == [
        "shipping.weight_kg",
        "shipping.carrier",
    ]


def test_union_of_plain_types_lists_every_expected_type() -> None:
    schema = {"properties": {"v": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}

    assert only_problem({"v": 3.5}, schema) == (
        "v",
        "expected string or integer, got number 3.5",
        "anyOf",
    )


def test_union_reports_the_branch_whose_type_matched() -> None:
    schema = {
        "properties": {
            "v": {
                "oneOf": [
                    {"type": "string", "minLength": 2},
                    {"type": "integer", "minimum": 5},
                    {"type": "null"},
                ]
            }
        }
    }

    assert only_problem({"v": 3}, schema) == ("v", "must be at least 5 (got 3)", "minimum")


def test_one_of_matching_several_branches_says_so() -> None:
    schema = {"oneOf": [{"type": "integer"}, {"type": "number"}]}

    assert only_problem(5, schema) == (
        "",
        "matches more than one of the allowed shapes (oneOf needs exactly one)",
        "oneOf",
    )


def test_type_list_with_null_names_both_types() -> None:
    schema = {"properties": {"n": {"type": ["integer", "null"]}}}

    assert only_problem({"n": True}, schema) == (
        "n",
        "expected integer or null, got boolean true",
        "type",
    )


# --- Other keywords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field_schema", "message", "keyword"),
    [
        ("x", {"const": "y"}, 'must be "y" (got "x")', "const"),
        ("x", {"enum": ["y"]}, 'must be "y" (got "x")', "enum"),
        ("nope", {"format": "email"}, 'must be a valid email (got "nope")', "format"),
        (7, {"multipleOf": 5}, "must be a multiple of 5 (got 7)", "multipleOf"),
        (9, {"maximum": 8}, "must be at most 8 (got 9)", "maximum"),
        (8, {"exclusiveMaximum": 8}, "must be less than 8 (got 8)", "exclusiveMaximum"),
        (0, {"exclusiveMinimum": 0}, "must be greater than 0 (got 0)", "exclusiveMinimum"),
        ("abcd", {"maxLength": 1}, 'must be at most 1 character long (got "abcd")', "maxLength"),
        ([], {"minItems": 1}, "must have at least 1 item (got 0)", "minItems"),
        ([1, 2, 3], {"maxItems": 2}, "must have at most 2 items (got 3)", "maxItems"),
        ({}, {"minProperties": 2}, "must have at least 2 fields (got 0)", "minProperties"),
        ([1, 1], {"uniqueItems": True}, "must not contain duplicate items", "uniqueItems"),
        (
            [1],
            {"contains": {"type": "string"}},
            "must contain at least 1 item matching the schema",
            "contains",
        ),
        (
            ["a", "b"],
            {"contains": {"type": "string"}, "maxContains": 1},
            "must contain at most 1 item matching the schema",
            "maxContains",
        ),
        (
            "a",
            {"not": {"type": "string"}},
            'must not match the schema under "not" (got "a")',
            "not",
        ),
    ],
)
def test_each_keyword_has_a_plain_sentence(
    value: Any, field_schema: Any, message: str, keyword: str
) -> None:
    schema = {"properties": {"f": field_schema}}

    assert only_problem({"f": value}, schema) == ("f", message, keyword)


def test_a_false_subschema_is_reported_at_its_parent_as_jsonschema_gives_no_deeper_path() -> None:
    schema = {"properties": {"box": {"properties": {"f": False}}}}

    assert only_problem({"box": {"f": 1}}, schema) == (
        "box",
        "a value here is not allowed by the schema (false schema)",
        "false",
    )


def test_dependent_required_is_reported_at_the_missing_field() -> None:
    schema = {"properties": {"box": {"dependentRequired": {"card": ["billing", "zip"]}}}}

    result = check_conformance({"box": {"card": 1, "zip": 2}}, schema, "PER_DOC")

    assert triples(result) == [(None, "box.billing", 'required when "card" is present')]


def test_unevaluated_and_items_false_name_each_extra_entry() -> None:
    schema = {
        "type": "object",
        "properties": {"pair": {"prefixItems": [{"type": "integer"}], "items": False}},
        "unevaluatedProperties": False,
    }

    result = check_conformance({"pair": [1, 2, 3], "x": 1, "y": 2}, schema, "PER_DOC")

    assert triples(result) == [
        (None, "pair[1]", "not allowed by the schema (items is false)"),
        (None, "pair[2]", "not allowed by the schema (items is false)"),
        (None, "x", "not allowed by the schema (unevaluatedProperties is false)"),
        (None, "y", "not allowed by the schema (unevaluatedProperties is false)"),
    ]


def test_additional_properties_skip_keys_matching_pattern_properties() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {}},
        "patternProperties": {"^x_": {"type": "integer"}},
        "additionalProperties": False,
    }

    result = check_conformance({"a": 1, "x_1": "s", "b": 2, "c": 3}, schema, "PER_DOC")

    assert triples(result) == [
        (None, "x_1", 'expected integer, got string "s"'),
        (None, "b", "not allowed by the schema (additionalProperties is false)"),
        (None, "c", "not allowed by the schema (additionalProperties is false)"),
    ]


def test_property_names_problems_sit_at_the_offending_key() -> None:
    schema = {"properties": {"by_plan": {"propertyNames": {"enum": ["HMO", "PPO"]}}}}

    assert only_problem({"by_plan": {"HMO": 1, "EPO": 2}}, schema) == (
        "by_plan.EPO",
        'field name must be one of "HMO", "PPO" (got "EPO")',
        "propertyNames",
    )


def test_values_are_json_text_cut_to_80_characters() -> None:
    schema = {"properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    long_text = "é" * 100

    result = check_conformance({"a": {"k": [long_text]}, "b": {"x": None}}, schema, "PER_DOC")

    shown = '{"k": ["' + "é" * 71 + "…"
    assert triples(result) == [
        (None, "a", f"expected string, got object {shown}"),
        (None, "b", 'expected integer, got object {"x": null}'),
    ]
    assert len(shown) == 80


# --- Truncation and summary ---------------------------------------------------------------


def test_problems_beyond_the_limit_are_dropped_and_flagged() -> None:
    rows = [{"n": str(i)} for i in range(5)]
    schema = {"properties": {"n": {"type": "integer"}}}

    result = check_conformance(rows, schema, "PER_PAGE", max_problems=3)

    assert [(p.item, p.path.render()) for p in result.problems] == [(0, "n"), (1, "n"), (2, "n")]
    assert result.truncated is True
    assert result.summary == "more than 3 schema problems"

    exact = check_conformance(rows, schema, "PER_PAGE", max_problems=5)
    assert (len(exact.problems), exact.truncated, exact.summary) == (5, False, "5 schema problems")


def test_summary_counts_with_thousands_separators() -> None:
    rows = [{"n": "x"} for _ in range(1500)]
    schema = {"properties": {"n": {"type": "integer"}}}

    result = check_conformance(rows, schema, "PER_TABLE_ROW", max_problems=2000)

    assert result.summary == "1,500 schema problems"
    assert check_conformance(rows, schema, "PER_TABLE_ROW").summary == (
        "more than 1,000 schema problems"
    )


def test_the_module_does_not_import_streamlit() -> None:
    code = "import sys, run_inspector.analysis.conformance; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_schema_is_checked_against_its_meta_schema_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch of one agent's jobs shares one schema: the meta-schema check runs once."""
    calls: list[object] = []
    real = Draft202012Validator.check_schema

    def counted(schema: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(schema)
        real(schema, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "check_schema", staticmethod(counted))
    schema = {"type": "object", "properties": {"once_only_field": {"type": "string"}}}
    for value in ("a", 1, "b"):
        check_conformance({"once_only_field": value}, dict(schema), "PER_DOC")
    assert len(calls) == 1
    assert check_conformance({"once_only_field": 1}, schema, "PER_DOC").problems


def test_an_invalid_schema_is_reported_every_time() -> None:
    bad = {"type": "object", "properties": {"n": {"type": "not-a-type"}}}
    for _ in range(2):
        conformance = check_conformance({"n": 1}, bad, "PER_DOC")
        assert not conformance.checked
        assert "not valid JSON Schema" in (conformance.schema_note or "")
