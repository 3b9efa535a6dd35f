"""One FieldPath joins a field's value, metadata, schema row and problems, without collisions.

`{"a.b": 1}` and `{"a": {"b": 2}}` are two fields: before paths were typed both read "a.b"
and shared one row, one metadata entry, one problem list and one records column.
"""

from __future__ import annotations

from typing import Any

from run_inspector.analysis.conformance import check_conformance
from run_inspector.analysis.run_report import build_run_report, field_export
from run_inspector.analysis.schema_table import schema_table
from run_inspector.model.field_metadata import field_metadata_by_path
from run_inspector.model.field_path import FieldPath
from tests.conftest import make_run

DOTTED = FieldPath(["a.b"])
NESTED = FieldPath(["a", "b"])
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "a.b": {"type": "integer"},
        "a": {"type": "object", "properties": {"b": {"type": "integer"}}},
    },
}
DATA = {"a.b": "one", "a": {"b": "two"}}


def entry(confidence: float) -> dict[str, Any]:
    return {"confidence": confidence, "citation": [{"page": 1, "matching_text": "x"}]}


METADATA = {"a.b": entry(0.1), "a": {"b": entry(0.9)}}


def test_metadata_keeps_a_dotted_key_apart_from_a_nested_field() -> None:
    meta = field_metadata_by_path(METADATA, DATA)

    assert meta[DOTTED].confidence == 0.1
    assert meta[NESTED].confidence == 0.9


def test_problems_of_a_dotted_key_and_a_nested_field_sit_at_two_paths() -> None:
    problems = check_conformance(DATA, SCHEMA, "PER_DOC").problems

    assert {(p.path, p.message) for p in problems} == {
        (DOTTED, 'expected integer, got string "one"'),
        (NESTED, 'expected integer, got string "two"'),
    }


def test_the_field_table_joins_each_field_with_its_own_metadata_and_problem() -> None:
    report = build_run_report(
        make_run(DATA, SCHEMA, extraction_metadata={"field_metadata": METADATA})
    )
    rows = {r.path: r for r in report.field_rows}

    assert (rows[DOTTED].value, rows[DOTTED].meta.confidence, rows[DOTTED].problems) == (
        "one",
        0.1,
        ('expected integer, got string "one"',),
    )
    assert (rows[NESTED].value, rows[NESTED].meta.confidence, rows[NESTED].problems) == (
        "two",
        0.9,
        ('expected integer, got string "two"',),
    )
    assert field_export(report)["Field"].tolist() == ["a\\.b", "a.b"]


def test_the_schema_table_writes_the_dotted_key_escaped() -> None:
    frame = schema_table(SCHEMA)
    assert frame is not None

    assert frame["Field"].tolist() == ["a\\.b", "a", "a.b"]


def test_records_give_a_dotted_key_and_a_nested_field_their_own_columns() -> None:
    items = [DATA, {"a.b": None, "a": {"b": 3}}, {"a": {"b": None}}]

    report = build_run_report(make_run(items, SCHEMA, target="PER_TABLE_ROW"))
    assert report.records is not None
    frame = report.records.view()

    assert frame.columns.tolist() == ["#", "Problems", "a\\.b", "a.b"]
    assert frame["a\\.b"].tolist()[:2] == ["one", "null"]
    assert frame["a.b"].tolist() == ["two", "3", "null"]
    assert report.records_unknown_columns == ()


def test_an_item_number_is_the_index_its_paths_carry() -> None:
    lines = {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    data = {"lines": [{"n": 1}, {"n": "x"}]}
    meta = {"lines": [{"n": entry(0.8)}, {"n": entry(0.3)}]}
    schema = {"type": "object", "properties": {"lines": lines}}

    report = build_run_report(make_run(data, schema, extraction_metadata={"field_metadata": meta}))
    (sub,) = report.sub_tables
    table = sub.frame.view()
    flagged = table[table["Problems"] > 0]

    assert flagged["#"].tolist() == [1]
    assert flagged["Lowest confidence"].tolist() == [0.3]
    assert [r.path.render() for r in report.array_item_rows(sub, 1)] == ["lines[1].n"]
    assert report.array_item_rows(sub, 1)[0].problems == ('expected integer, got string "x"',)


def test_records_columns_are_path_texts_for_empty_bracketed_and_digit_keys() -> None:
    items = [{"": "e", "x[0]": {"": None, "a\\b": "s"}, "1": 2}, {"": None, "x[0]": {"": "n"}}]

    records = build_run_report(make_run(items, SCHEMA, target="PER_PAGE")).records
    assert records is not None
    frame = records.view()

    assert frame.columns.tolist() == ["#", '[""]', "1", 'x\\[0\\][""]', "x\\[0\\].a\\\\b"]
    assert frame['[""]'].tolist() == ["e", "null"]
    assert frame['x\\[0\\][""]'].tolist() == ["null", "n"]
    assert all(FieldPath.parse(c).render() == c for c in frame.columns[1:])
