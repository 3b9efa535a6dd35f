"""The field filter: case-insensitive row masks over field paths and column narrowing."""

from __future__ import annotations

import pandas as pd
import pytest

from run_inspector.analysis.filtering import filter_columns, filter_rows

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


def test_row_paths_may_be_a_pandas_series_or_non_strings() -> None:
    assert filter_rows(pd.Series(["a.b", "c"]), "B") == [True, False]
    assert filter_rows([1, 12, "x"], "1") == [True, True, False]
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
