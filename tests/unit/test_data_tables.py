"""Data shapes: PER_DOC field rows, list targets and arrays of objects as records tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from run_inspector.analysis.field_table import MAX_FIELD_DEPTH
from run_inspector.analysis.run_report import build_run_report
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath
from tests.conftest import demo_run, make_run, read_v1


def rows(run: Extraction) -> list[tuple[str, str, str]]:
    return [(r.path.render(), r.value, r.state) for r in build_run_report(run).field_rows]


def test_per_doc_nested_object_gives_dotted_paths_in_schema_order() -> None:
    run = read_v1(demo_run("capacitor_per_doc_confidence"))

    assert rows(run) == [
        ("dimensions", "{5 fields}", "value"),  # listed for its reasoning
        ("dimensions.length", "82 mm", "value"),
        ("dimensions.width", "null", "null"),
        ("dimensions.height", "null", "null"),
        ("dimensions.diameter", "35 mm", "value"),
        ("dimensions.lead_spacing", "6.0 mm", "value"),
    ]


def test_missing_null_and_unknown_fields_are_told_apart() -> None:
    schema = {
        "type": "object",
        "properties": {"b": {"type": "string"}, "a": {"type": "integer"}, "c": {"type": "string"}},
    }
    run = make_run({"a": 5, "c": None, "extra": True}, schema)

    assert rows(run) == [
        ("b", "", "missing"),
        ("a", "5", "value"),
        ("c", "null", "null"),
        ("extra", "true", "not in schema"),
    ]


def test_arrays_of_objects_get_their_own_table_and_scalar_arrays_stay_json() -> None:
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                },
            },
        },
    }
    run = make_run({"tags": ["a", "b"], "items": [{"qty": 2, "sku": "X1"}, {"sku": "Y"}]}, schema)
    report = build_run_report(run)

    assert rows(run) == [("tags", '["a", "b"]', "value"), ("items", "2 items", "table below")]
    (sub,) = report.sub_tables
    assert sub.path == FieldPath(["items"])
    table = sub.frame.view()
    assert table.columns.tolist() == ["#", "sku", "qty"]
    assert table["sku"].tolist() == ["X1", "Y"]
    assert table["#"].tolist() == [0, 1]
    assert [(r.path.render(), r.value) for r in report.array_item_rows(sub, 1)] == [
        ("items[1].sku", "Y"),
        ("items[1].qty", ""),
    ]


def test_per_table_row_gives_one_row_per_item_with_0_based_item_numbers() -> None:
    run = read_v1(demo_run("bsc_hospitals_per_table_row"))
    records = build_run_report(run).records
    assert records is not None
    frame = records.view()

    assert frame.columns.tolist() == ["#", "county", "hospital_name", "plan_names"]
    assert frame["#"].tolist() == list(range(10))
    assert frame["hospital_name"].iloc[0] == "Alameda Hospital"
    assert frame["plan_names"].iloc[7] == '["Trio HMO", "Access+ HMO", "PPO"]'


def test_a_field_called_like_the_index_column_keeps_its_own_column() -> None:
    schema = {"type": "object", "properties": {"#": {"type": "string"}}}
    run = make_run([{"#": "A-1"}, {"#": "A-2"}], schema, target="PER_TABLE_ROW")
    records = build_run_report(run).records
    assert records is not None
    frame = records.view()

    assert frame.columns.tolist() == ["##", "#"]
    assert frame["##"].tolist() == [0, 1]
    assert frame["#"].tolist() == ["A-1", "A-2"]


def test_per_page_flattens_nested_objects_and_summarises_confidence() -> None:
    run = read_v1(demo_run("invoice_per_page_citations"))
    records = build_run_report(run).records
    assert records is not None
    frame = records.view()

    assert frame.columns.tolist() == [
        "#",
        "Lowest confidence",
        "hello",
        "nested.foo",
        "nested.bar",
    ]
    assert frame["nested.foo"].iloc[0] == "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD"
    assert frame["Lowest confidence"].iloc[0] == 0.01


def test_mixed_type_column_becomes_text_never_a_python_repr() -> None:
    schema = {"type": "object", "properties": {"v": {}}}
    run = make_run(
        [{"v": 1}, {"v": "two"}, {"v": [1, "x"]}, {"v": True}, {}], schema, target="PER_PAGE"
    )
    records = build_run_report(run).records
    assert records is not None
    frame = records.view()
    column = frame["v"].tolist()

    assert column[:4] == ["1", "two", '[1, "x"]', "true"]
    assert all(isinstance(value, str) or pd.isna(value) for value in column)
    assert "[1, 'x']" not in column


def test_uniform_numeric_column_stays_numeric() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "number"}}}
    records = build_run_report(
        make_run([{"n": 1.5}, {"n": 2}], schema, target="PER_TABLE_ROW")
    ).records
    assert records is not None
    frame = records.view()

    assert frame["n"].dtype.kind == "f"


def test_no_data_gives_an_empty_report() -> None:
    run = read_v1(demo_run("datasheet_error"))

    assert build_run_report(run).kind == "empty"


def test_nesting_beyond_the_cap_is_shown_as_json_with_a_note() -> None:
    deep: dict[str, Any] = {"leaf": 1}
    for _ in range(MAX_FIELD_DEPTH + 3):
        deep = {"n": deep}
    report = build_run_report(make_run(deep, {"type": "object"}))

    (row,) = report.field_rows
    assert len(row.path) == MAX_FIELD_DEPTH
    assert row.value.startswith('{"n": ')
    assert row.state == "nested deeper, shown as JSON"
    assert report.notes == (
        f"{row.path.render()} is nested too deeply for the table and is shown as JSON.",
    )


def test_records_keep_null_apart_from_an_absent_field() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "n": {}}}
    items = [{"name": "a", "n": 1}, {"name": None, "n": None}, {}]
    report = build_run_report(make_run(items, schema, target="PER_TABLE_ROW"))
    assert report.records is not None
    frame = report.records.view()

    # Text columns write a null as "null" and leave an absent field empty.
    assert frame["name"].tolist()[:2] == ["a", "null"]
    assert pd.isna(frame["name"].iloc[2])
    # Number columns stay numeric; the item's own rows tell null from missing.
    assert frame["n"].dtype.kind == "f"
    assert [(r.path.render(), r.state) for r in report.item_rows(1)] == [
        ("name", "null"),
        ("n", "null"),
    ]
    assert [(r.path.render(), r.state) for r in report.item_rows(2)] == [
        ("name", "missing"),
        ("n", "missing"),
    ]


def test_columns_the_schema_does_not_name_are_reported() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    report = build_run_report(make_run([{"name": "a", "extra": 1}], schema, target="PER_TABLE_ROW"))

    assert report.records_unknown_columns == ("extra",)
