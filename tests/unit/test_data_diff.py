"""The data difference on hand-made pairs: every state, whitespace, type changes, items
paired by index or by a key (with repeated and missing keys), list targets, and each side's
own confidence, pages and schema problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from run_inspector.analysis.data_diff import DIFF_COLUMNS, compare_values, data_diff
from run_inspector.analysis.run_report import RunReport, build_run_report
from run_inspector.model.extraction import Extraction, FieldMetadata, Status
from run_inspector.model.field_metadata import Citation, FieldMeta
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import StatusClass

DONE = Status("SUCCESS", StatusClass.DONE)


def report(
    data: Any,
    *,
    schema: Mapping[str, Any] | None = None,
    document: Mapping[str, FieldMeta] | None = None,
    items: tuple[Mapping[str, FieldMeta], ...] = (),
) -> RunReport:
    metadata = FieldMetadata(
        document={FieldPath.parse(p): m for p, m in (document or {}).items()},
        items=tuple({FieldPath.parse(p): m for p, m in item.items()} for item in items),
    )
    target = "PER_PAGE" if isinstance(data, list) else "PER_DOC"
    extraction = Extraction(
        "v1", DONE, data=data, schema=schema or {}, metadata=metadata, target=target
    )
    return build_run_report(extraction)


def rows(a: RunReport, b: RunReport, key: str | None = None) -> pd.DataFrame:
    diff = data_diff(a, b, FieldPath.parse(key) if key else None)
    return diff.frame.view().set_index("Field")


def states(a: Any, b: Any, key: str | None = None) -> dict[str, str]:
    table = rows(report(a), report(b), key)
    return {str(field): str(state) for field, state in table["State"].items()}


@pytest.mark.parametrize(
    ("a", "b", "state"),
    [
        ("x", "x", "equal"),
        ("x", "y", "changed"),
        ("12.50", 12.5, "changed type"),
        (12, 12.0, "equal"),
        (True, 1, "changed type"),
        (None, "x", "null in one"),
        ("x", None, "null in one"),
        (None, None, "equal"),
        ([1, 2], [1, 2], "equal"),
        ([1, 2], [2, 1], "changed"),
        ({}, {}, "equal"),
        ("x", ["x"], "changed type"),
    ],
)
def test_each_pair_of_values_gets_one_state(a: Any, b: Any, state: str) -> None:
    assert compare_values(a, b)[0] == state
    assert states({"f": a}, {"f": b}) == {"f": state}


def test_fields_on_one_side_only() -> None:
    assert states({"kept": 1, "gone": 2}, {"kept": 1, "new": 3}) == {
        "kept": "equal",
        "gone": "only in A",
        "new": "only in B",
    }


def test_an_object_on_one_side_only_lists_each_of_its_fields() -> None:
    assert states({"vendor": {"name": "A", "vat": "1"}}, {}) == {
        "vendor.name": "only in A",
        "vendor.vat": "only in A",
    }


def test_strings_that_differ_only_in_whitespace_are_changed_and_flagged() -> None:
    table = rows(report({"name": "Café  de la Gare\n"}), report({"name": "Café de la Gare"}))
    assert table.loc["name", "State"] == "changed"
    assert bool(table.loc["name", "Whitespace only"])
    other = rows(report({"name": "Cafe"}), report({"name": "Café"}))
    assert not bool(other.loc["name", "Whitespace only"])


def test_both_values_are_shown_as_the_run_page_shows_them() -> None:
    table = rows(report({"total": "12.50", "tags": ["a"]}), report({"total": 12.5}))
    assert list(table.loc["total", ["A", "B"]]) == ["12.50", "12.5"]
    assert list(table.loc["tags", ["A", "B"]]) == ['["a"]', ""]
    assert list(data_diff(report({}), report({})).frame.columns) == list(DIFF_COLUMNS)


def test_confidences_their_change_and_pages_come_from_each_side() -> None:
    a = report({"total": 1}, document={"total": FieldMeta(0.9, citations=(Citation(2, "", 1),))})
    b = report({"total": 2}, document={"total": FieldMeta(0.4, citations=(Citation(3, "", 0),))})
    row = rows(a, b).loc["total"]
    assert (row["A confidence"], row["B confidence"]) == (0.9, 0.4)
    assert row["Confidence change"] == pytest.approx(-0.5)
    assert (row["A pages"], row["B pages"]) == ("2", "3")


def test_schema_problems_are_shown_for_each_side() -> None:
    schema = {"type": "object", "properties": {"total": {"type": "number"}}}
    row = rows(report({"total": "x"}, schema=schema), report({"total": 1}, schema=schema))
    assert "expected number" in str(row.loc["total", "A problems"])
    assert row.loc["total", "B problems"] == ""


LINES_A = {
    "line_items": [
        {"sku": "A", "qty": 1},
        {"sku": "B", "qty": 2},
        {"sku": "C", "qty": 3},
    ]
}
LINES_B = {
    "line_items": [
        {"sku": "B", "qty": 2},
        {"sku": "C", "qty": 4},
        {"sku": "D", "qty": 5},
    ]
}


def test_array_items_pair_by_index_by_default() -> None:
    got = states(LINES_A, LINES_B)
    assert got["line_items[0].sku"] == "changed"  # A against B: a shifted list differs
    assert set(got.values()) == {"changed"}


def test_array_items_pair_by_a_key_and_the_rest_is_on_one_side_only() -> None:
    assert states(LINES_A, LINES_B, key="line_items[].sku") == {
        "line_items[sku=A].sku": "only in A",
        "line_items[sku=A].qty": "only in A",
        "line_items[sku=B].sku": "equal",  # A's item 1 with B's item 0
        "line_items[sku=B].qty": "equal",
        "line_items[sku=C].sku": "equal",
        "line_items[sku=C].qty": "changed",  # 3 against 4
        "line_items[sku=D].sku": "only in B",
        "line_items[sku=D].qty": "only in B",
    }


def test_a_keyed_pair_reads_each_sides_own_item_and_metadata() -> None:
    a = report(LINES_A, document={"line_items[2].qty": FieldMeta(0.3)})
    b = report(LINES_B, document={"line_items[1].qty": FieldMeta(0.8)})
    row = rows(a, b, key="line_items[].sku").loc["line_items[sku=C].qty"]
    assert list(row[["A", "B", "A confidence", "B confidence"]]) == ["3", "4", 0.3, 0.8]


def test_repeated_and_missing_keys_pair_in_order_and_are_noted() -> None:
    a = {"items": [{"sku": "X", "n": 1}, {"sku": "X", "n": 2}, {"n": 9}]}
    b = {"items": [{"sku": "X", "n": 1}, {"sku": "X", "n": 3}, {"n": 9}]}
    diff = data_diff(report(a), report(b), FieldPath.parse("items[].sku"))
    table = diff.frame.view().set_index("Field")
    assert table.loc["items[sku=X].n", "State"] == "equal"
    assert table.loc["items[sku=X #2].n", "State"] == "changed"  # the second X with the second
    assert table.loc["items[sku=—].n", "State"] == "equal"  # no key on either side
    assert any("repeats (X)" in note for note in diff.notes)
    assert any("without 'sku' were paired in order" in note for note in diff.notes)


def test_a_list_target_pairs_its_items_by_number_or_by_a_key_column() -> None:
    a = [{"page": 1, "total": 10}, {"page": 2, "total": 20}]
    b = [{"page": 2, "total": 20}, {"page": 1, "total": 11}]
    by_number = states(a, b)
    assert by_number["[0].page"] == "changed"
    by_page = states(a, b, key="[].page")
    assert by_page["[page=1].total"] == "changed"  # 10 against 11
    assert by_page["[page=2].total"] == "equal"


def test_a_list_targets_metadata_is_per_item() -> None:
    a = report([{"v": 1}, {"v": 2}], items=({"v": FieldMeta(0.1)}, {"v": FieldMeta(0.2)}))
    b = report([{"v": 2}, {"v": 1}], items=({"v": FieldMeta(0.7)}, {"v": FieldMeta(0.8)}))
    table = rows(a, b, key="[].v")
    assert list(table.loc["[v=1].v", ["A confidence", "B confidence"]]) == [0.1, 0.8]


def test_counts_cover_every_state() -> None:
    diff = data_diff(report({"a": 1, "b": 1, "c": None}), report({"a": 1, "b": 2, "d": 1}))
    assert dict(diff.counts) == {
        "changed": 1,
        "changed type": 0,
        "null in one": 0,
        "only in A": 1,
        "only in B": 1,
        "equal": 1,
    }


def test_no_data_on_either_side_is_an_empty_table() -> None:
    diff = data_diff(report(None), report(None))
    assert len(diff.frame) == 0


def test_an_object_result_against_a_list_result_is_one_row_of_changed_type() -> None:
    assert states({"a": 1}, [{"a": 1}]) == {"(the whole result)": "changed type"}


def test_a_key_that_names_no_array_on_both_sides_says_nothing_was_paired_by_it() -> None:
    a = report({"line_items": [{"sku": "A"}]})
    b = report({"line_items": "none"})
    diff = data_diff(a, b, FieldPath.parse("line_items[].sku"))
    assert diff.notes == (
        "The runs have no array of objects at line_items on both sides: nothing was paired "
        "by line_items[].sku",
    )
    assert data_diff(a, a, FieldPath.parse("line_items[].sku")).notes == ()
