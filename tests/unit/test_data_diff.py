"""The data difference on hand-made pairs: every state, whitespace, type changes, items
paired by index or by a key (with repeated and missing keys), list targets, each side's own
confidence, pages and schema problems, labels no key value can forge, and the filter."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from run_inspector.analysis.data_diff import (
    DIFF_COLUMNS,
    compare_values,
    data_diff,
    only_differences,
)
from run_inspector.analysis.diff_filter import filter_diff
from run_inspector.analysis.filtering import filter_rows
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


@pytest.mark.parametrize(
    ("a", "b", "flagged"),
    [
        ("ab", "a b", True),  # OCR spacing: a space that splits a word
        ("INV-0042", "INV -\n0042", True),
        ("a\u00a0b", "ab", True),  # a no-break space is whitespace too
        ("a b", "b a", False),  # the same words in another order differ in more than spacing
        ("ab", "abc", False),
        ("a", "a ", True),
    ],
)
def test_whitespace_only_means_equal_once_all_whitespace_is_removed(
    a: str, b: str, flagged: bool
) -> None:
    assert compare_values(a, b) == ("changed", flagged)


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
    assert table.loc["items[sku=X]#2.n", "State"] == "changed"  # the second X with the second
    assert table.loc["items[no sku].n", "State"] == "equal"  # no key on either side
    assert diff.notes == (
        "items: items without 'sku' were paired in order",
        "items: sku repeats (X); repeats were paired in order",
    )


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
    a = {"same": 1, "changed": 1, "retyped": "12.50", "nulled": None, "gone": 1, "same2": "x"}
    b = {"same": 1, "changed": 2, "retyped": 12.5, "nulled": "x", "new": 1, "same2": "x"}
    diff = data_diff(report(a), report(b))
    assert dict(diff.counts) == {
        "changed": 1,
        "changed type": 1,
        "null in one": 1,
        "only in A": 1,
        "only in B": 1,
        "equal": 2,
    }
    assert sum(diff.counts.values()) == len(diff.frame)


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


# A list result against no result: the list side's items keep their own metadata.


@pytest.mark.parametrize("list_side", ["A", "B"])
def test_a_list_result_against_no_result_reads_the_list_sides_item_metadata(
    list_side: str,
) -> None:
    listed = report([{"x": 2}], items=({"x": FieldMeta(0.5, citations=(Citation(4, "", 0),))},))
    a, b = (listed, report(None)) if list_side == "A" else (report(None), listed)
    row = rows(a, b).loc["[0].x"]
    # A run without data has no fields (as an object result against no result): the list
    # side's fields are on that side only, not "null in one", which is for a null field.
    assert row["State"] == f"only in {list_side}"
    assert row[f"{list_side} confidence"] == 0.5
    assert row[f"{list_side} pages"] == "4"


# An empty array against a filled one: the filled side's items, each on its own.


def test_an_empty_array_against_items_lists_each_item_on_one_side() -> None:
    a: dict[str, Any] = {"li": []}
    b = {"li": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]}
    assert states(a, b) == {
        "li[0].sku": "only in B",
        "li[0].qty": "only in B",
        "li[1].sku": "only in B",
        "li[1].qty": "only in B",
    }
    diff = data_diff(report(b), report(a), FieldPath.parse("li[].sku"))
    assert diff.notes == ()
    assert set(diff.frame.view()["Field"]) == {
        "li[sku=A].sku",
        "li[sku=A].qty",
        "li[sku=B].sku",
        "li[sku=B].qty",
    }
    assert set(diff.frame.view()["State"]) == {"only in A"}
    assert states({"li": []}, {"li": []}) == {"li": "equal"}
    assert states({"li": []}, {"li": [1]}) == {"li": "changed"}  # not an array of objects


# Notes: one per kind for the key's array, however many arrays the walk meets.


def test_key_notes_are_merged_for_every_array_of_the_same_path() -> None:
    a = [{"items": [{"sku": f"v{n}"}, {"sku": f"v{n}"}, {"q": 1}]} for n in range(50)]
    diff = data_diff(report(a), report(a), FieldPath.parse("[].items[].sku"))
    assert diff.notes == (
        "[].items: items without 'sku' were paired in order, in 50 arrays",
        "[].items: sku repeats (v0, v1, v10, v11, v12, … 50 values), in 50 arrays; "
        "repeats were paired in order",
    )


# Labels: a key's value can never read as another row's label.


def keyed_fields(a_items: list[Any], b_items: list[Any]) -> dict[str, str]:
    return states({"items": a_items}, {"items": b_items}, key="items[].sku")


def test_a_key_value_that_reads_like_a_repeat_has_its_own_label() -> None:
    items = [{"sku": "X", "n": 1}, {"sku": "X", "n": 2}, {"sku": "X #2", "n": 3}]
    got = keyed_fields(items, items)
    assert got == {
        "items[sku=X].sku": "equal",
        "items[sku=X].n": "equal",
        "items[sku=X]#2.sku": "equal",
        "items[sku=X]#2.n": "equal",
        'items[sku="X #2"].sku': "equal",
        'items[sku="X #2"].n': "equal",
    }


def test_an_item_without_the_key_never_pairs_with_a_real_value() -> None:
    got = keyed_fields([{"sku": "—", "n": 1}], [{"n": 1}])
    assert got == {
        'items[sku="—"].sku': "only in A",
        'items[sku="—"].n': "only in A",
        "items[no sku].n": "only in B",
    }
    # Nor with a value that spells the marker.
    got = keyed_fields([{"sku": "no sku", "n": 1}], [{"n": 1}])
    assert set(got) == {'items[sku="no sku"].sku', 'items[sku="no sku"].n', "items[no sku].n"}


def test_key_values_are_quoted_when_they_are_not_plain_words() -> None:
    items = [
        {"sku": 'a"]b'},
        {"sku": "two\nlines"},
        {"sku": "line\u2028separator"},
        {"sku": "page 1"},
        {"sku": 12},
        {"sku": "ab-12_x.3/4"},
        {"sku": ""},
    ]
    assert list(keyed_fields(items, items)) == [
        'items[sku="a\\"]b"].sku',
        'items[sku="two\\nlines"].sku',
        'items[sku="line\\u2028separator"].sku',
        'items[sku="page 1"].sku',
        "items[sku=12].sku",
        "items[sku=ab-12_x.3/4].sku",
        'items[sku=""].sku',
    ]


def test_long_key_values_are_cut_and_still_name_one_row_each() -> None:
    first, second = "A" * 45 + "\n1", "A" * 45 + "\n2"
    got = keyed_fields([{"sku": first}, {"sku": second}], [{"sku": second}])
    cut = '"' + "A" * 40 + '"…'
    assert got == {
        f"items[sku={cut}].sku": "only in A",
        f"items[sku={cut}]#2.sku": "equal",
    }
    # A value that spells a cut one is quoted whole, so it stays apart from a cut one.
    spelled, longer = "A" * 39 + "…", "A" * 39 + "… and more"
    assert list(keyed_fields([{"sku": spelled}, {"sku": longer}], [])) == [
        f'items[sku="{spelled}"].sku',
        f'items[sku="{spelled}"…].sku',
    ]


# The filter: the run page's, on each row's typed path, and plain text in the label.


def keyed_diff() -> Any:
    return data_diff(report(LINES_A), report(LINES_B), FieldPath.parse("line_items[].sku"))


def kept(diff: Any, query: str, frame: pd.DataFrame | None = None) -> list[str]:
    shown = diff.frame.view() if frame is None else frame
    return [str(f) for f in shown[filter_diff(diff, query, shown)]["Field"]]


def test_each_row_has_its_typed_path_as_a_or_else_b_has_it() -> None:
    diff = keyed_diff()
    paths = dict(zip(diff.frame.view()["Field"], diff.paths, strict=True))
    assert paths["line_items[sku=A].qty"] == FieldPath.parse("line_items[0].qty")
    assert paths["line_items[sku=C].qty"] == FieldPath.parse("line_items[2].qty")  # A's
    assert paths["line_items[sku=D].qty"] == FieldPath.parse("line_items[2].qty")  # B's
    listed = data_diff(report([{"v": 1}]), report([{"v": 1}, {"v": 2}]))
    assert listed.paths == (FieldPath.parse("[0].v"), FieldPath.parse("[1].v"))


@pytest.mark.parametrize("query", ["line_items.qty", "line_items[].qty", "LINE_ITEMS.QTY", "qty"])
def test_the_filter_finds_keyed_rows_by_their_path_without_indices(query: str) -> None:
    assert kept(keyed_diff(), query) == [
        "line_items[sku=A].qty",
        "line_items[sku=B].qty",
        "line_items[sku=C].qty",
        "line_items[sku=D].qty",
    ]


def test_the_filter_finds_keyed_rows_by_a_sides_item_index() -> None:
    diff = keyed_diff()
    assert kept(diff, "line_items[1]") == ["line_items[sku=B].sku", "line_items[sku=B].qty"]
    # A's item 2 (C) and B's item 2, which only B has (D).
    assert kept(diff, "line_items[2].qty") == ["line_items[sku=C].qty", "line_items[sku=D].qty"]


def test_the_filter_finds_keyed_rows_by_the_text_of_their_label() -> None:
    diff = keyed_diff()
    assert kept(diff, "sku=a") == ["line_items[sku=A].sku", "line_items[sku=A].qty"]
    assert kept(diff, "[SKU=C].qty") == ["line_items[sku=C].qty"]
    assert kept(diff, "") == kept(diff, "  ") == list(diff.frame.view()["Field"])
    assert kept(diff, "nothing") == []


def test_the_filter_works_on_the_rows_shown_after_only_differences() -> None:
    diff = keyed_diff()
    shown = only_differences(diff.frame.view())
    assert kept(diff, "line_items.qty", shown) == [
        "line_items[sku=A].qty",
        "line_items[sku=C].qty",
        "line_items[sku=D].qty",
    ]
    assert kept(diff, "line_items[1]", shown) == []


@pytest.mark.parametrize(
    "query",
    [
        "line_items",
        "line_items[1]",
        "line_items[].qty",
        "line_items.qty",
        "[1",
        "qty",
        "items[1].q",
    ],
)
def test_without_a_key_the_filter_keeps_what_the_run_pages_filter_keeps(query: str) -> None:
    diff = data_diff(report(LINES_A | {"total": 3}), report(LINES_B | {"note": "x"}))
    labels = diff.frame.view()["Field"]
    assert list(filter_diff(diff, query)) == filter_rows(labels, query)


def test_the_filter_on_a_list_result_reads_item_numbers() -> None:
    diff = data_diff(
        report([{"v": 1}, {"v": 2}]), report([{"v": 2}, {"v": 1}]), FieldPath.parse("[].v")
    )
    assert kept(diff, "[1]") == ["[v=2].v"]
    assert kept(diff, "[].v") == ["[v=1].v", "[v=2].v"]


def test_what_the_filter_keeps_for_a_diff_goes_with_the_diff() -> None:
    diff = keyed_diff()
    assert kept(diff, "line_items[1]") == ["line_items[sku=B].sku", "line_items[sku=B].qty"]
    gone = weakref.ref(diff)
    del diff
    gc.collect()
    assert gone() is None


def test_an_array_inside_a_list_results_item_keeps_that_items_metadata_and_number() -> None:
    a = report([{"items": [{"n": 1}, {"n": 2}]}], items=({"items[1].n": FieldMeta(0.6)},))
    b = report([{"items": [{"n": 1}, {"n": 3}]}], items=({"items[1].n": FieldMeta(0.9)},))
    row = rows(a, b).loc["[0].items[1].n"]
    assert list(row[["State", "A confidence", "B confidence"]]) == ["changed", 0.6, 0.9]
    diff = data_diff(a, b)
    assert diff.paths[-1] == FieldPath.parse("[0].items[1].n")
    assert list(filter_diff(diff, "[0].items[1]")) == [False, True]
