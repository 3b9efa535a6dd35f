"""The field filter: case-insensitive row masks over field paths and column narrowing."""

from __future__ import annotations

import pandas as pd
import pytest

from run_inspector.analysis.filtering import filter_columns, filter_rows
from run_inspector.model.field_path import FieldPath

PATHS = ["vendor.name", "vendor.VAT_id", "issue_date", "line_items", "Total"]


def records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": [1, 2],
            "Lowest confidence": pd.array([0.9, None], dtype="Float64"),
            "Problems": pd.array([0, 1], dtype="Int64"),
            "county": ["Alameda", "Alameda"],
            "hospital_name": ["Alameda Hospital", "Eden Medical Center"],
            "nested.Name": ["a", "b"],
        }
    )


@pytest.mark.parametrize(
    ("query", "mask"),
    [
        ("vendor", [True, True, False, False, False]),
        ("VAT", [False, True, False, False, False]),
        ("vat_ID", [False, True, False, False, False]),
        ("total", [False, False, False, False, True]),
        ("_", [False, True, True, True, False]),
        ("e.n", [False, False, False, False, False]),
        ("r.n", [True, False, False, False, False]),
        ("  date ", [False, False, True, False, False]),
        ("nothing", [False] * 5),
    ],
)
def test_rows_match_a_case_insensitive_substring(query: str, mask: list[bool]) -> None:
    assert filter_rows(PATHS, query) == mask


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_a_blank_query_keeps_every_row(query: str) -> None:
    assert filter_rows(PATHS, query) == [True] * 5


def test_rows_are_matched_with_unicode_case_folding() -> None:
    assert filter_rows(["Straße", "strasse", "ÉTAT"], "STRASSE") == [True, True, False]
    assert filter_rows(["Straße", "strasse", "ÉTAT"], "état") == [False, False, True]


def test_row_paths_may_be_a_pandas_series() -> None:
    assert filter_rows(pd.Series(["a.b", "c"]), "B") == [True, False]
    assert filter_rows(["1", "12", "x"], "1") == [True, True, False]
    assert filter_rows([], "x") == []


def test_columns_keep_index_and_summaries_and_the_matching_data_columns() -> None:
    frame = filter_columns(records(), "NAME")

    assert frame.columns.tolist() == [
        "row",
        "Lowest confidence",
        "Problems",
        "hospital_name",
        "nested.Name",
    ]
    assert frame["hospital_name"].tolist() == ["Alameda Hospital", "Eden Medical Center"]


def test_columns_keep_the_fixed_ones_when_nothing_matches() -> None:
    frame = filter_columns(records(), "zzz")

    assert frame.columns.tolist() == ["row", "Lowest confidence", "Problems"]
    assert len(frame) == 2


@pytest.mark.parametrize("query", ["", "  "])
def test_a_blank_query_keeps_every_column(query: str) -> None:
    original = records()

    frame = filter_columns(original, query)

    assert frame.columns.tolist() == original.columns.tolist()
    pd.testing.assert_frame_equal(frame, original)


def test_a_matching_fixed_column_is_not_listed_twice() -> None:
    frame = filter_columns(records(), "o")

    assert frame.columns.tolist() == [
        "row",
        "Lowest confidence",
        "Problems",
        "county",
        "hospital_name",
    ]


def test_frames_without_summary_columns_keep_only_their_index() -> None:
    frame = pd.DataFrame({"#": [1], "description": ["Cafe"], "quantity": [120]})

    assert filter_columns(frame, "QUANT").columns.tolist() == ["#", "quantity"]
    assert filter_columns(frame, "#").columns.tolist() == ["#"]


def test_only_the_summary_columns_are_fixed_not_any_problems_like_name() -> None:
    frame = pd.DataFrame({"page": [1], "Problems": [0], "problems_noted": ["x"], "hello": ["h"]})

    assert filter_columns(frame, "hello").columns.tolist() == ["page", "Problems", "hello"]
    assert filter_columns(frame, "problems").columns.tolist() == [
        "page",
        "Problems",
        "problems_noted",
    ]


# --- Paths with and without an item index ----------------------------------------------------

DATA_PATH = FieldPath.parse("line_items[2].amount")
SCHEMA_PATH = FieldPath.parse("line_items[].amount")
OTHER_ITEM = FieldPath.parse("line_items[20].amount")


@pytest.mark.parametrize("query", ["line_items", "LINE_ITEMS.amount", "items.am", "line_items[]"])
def test_a_query_without_an_index_matches_data_and_schema_alike(query: str) -> None:
    assert filter_rows([DATA_PATH, SCHEMA_PATH, OTHER_ITEM], query) == [True, True, True]


@pytest.mark.parametrize("query", ["line_items[2]", "line_items[2].amount", "[2].am", "s[2]."])
def test_a_query_with_an_index_matches_only_that_items_data(query: str) -> None:
    assert filter_rows([DATA_PATH, SCHEMA_PATH, OTHER_ITEM], query) == [True, False, False]


def test_a_query_with_an_index_keeps_the_row_of_the_array_it_steps_into() -> None:
    array, scalars, other = (FieldPath.parse(t) for t in ("line_items", "tags", "line"))
    assert filter_rows([array, scalars, other], "line_items[2].amount") == [True, False, False]
    assert filter_rows([array, scalars, other], "tags[0]") == [False, True, False]


def test_a_query_with_an_index_matches_no_schema_row_not_even_a_top_level_one() -> None:
    fields = ["line_items", "line_items[].amount", "total"]
    assert filter_rows(fields, "line_items[2]", schema=True) == [False, False, False]
    assert filter_rows(fields, "line_items", schema=True) == [True, True, False]


def test_text_paths_are_read_as_paths() -> None:
    assert filter_rows(["line_items[2].amount", "line_items[].amount"], "line_items.amount") == [
        True,
        True,
    ]
    assert filter_rows(["line_items[].amount"], "line_items[0]") == [False]


def test_a_key_holding_a_dot_matches_as_typed_and_as_written() -> None:
    dotted, nested = FieldPath(["a.b"]), FieldPath(["a", "b"])

    assert filter_rows([dotted, nested], "a.b") == [True, True]
    assert filter_rows([dotted, nested], "a\\.b") == [True, False]


def line_items() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": [0, 1, 2],
            "Problems": pd.array([0, 1, 0], dtype="Int64"),
            "sku": ["A", "B", "C"],
            "amount": [1.0, 2.0, 3.0],
        }
    )


def test_an_array_table_matches_its_columns_by_their_whole_path() -> None:
    array = FieldPath(["line_items"])

    assert filter_columns(line_items(), "line_items", array).columns.tolist() == [
        "#",
        "Problems",
        "sku",
        "amount",
    ]
    assert filter_columns(line_items(), "items.am", array).columns.tolist() == [
        "#",
        "Problems",
        "amount",
    ]
    assert filter_columns(line_items(), "line_items", None).columns.tolist() == ["#", "Problems"]


def test_a_query_with_an_index_keeps_only_the_items_it_names() -> None:
    array = FieldPath(["line_items"])

    item = filter_columns(line_items(), "line_items[1]", array)
    field = filter_columns(line_items(), "items[2].sk", array)

    assert item["#"].tolist() == [1]
    assert item.columns.tolist() == ["#", "Problems", "sku", "amount"]
    assert (field["#"].tolist(), field.columns.tolist()) == ([2], ["#", "Problems", "sku"])
    assert filter_columns(line_items(), "[0]", None)["#"].tolist() == [0]
    assert filter_columns(line_items(), "line_items[7]", array).empty


def test_a_query_going_inside_an_item_keeps_that_item() -> None:
    array = FieldPath(["line_items"])

    inside = filter_columns(line_items(), "line_items[1].sku[0]", array)

    assert inside["#"].tolist() == [1]
    assert inside.columns.tolist() == ["#", "Problems", "sku"]


def test_an_escaped_bracket_in_a_key_is_no_item_index() -> None:
    key = FieldPath(["x[1]"])  # written x\[1\]
    assert filter_rows([key], r"x\[1", schema=True) == [True]
    assert filter_rows([key], r"x\[1") == [True]
    assert filter_rows([FieldPath(["x", 1])], r"x\[1") == [False]
