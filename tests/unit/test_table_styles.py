"""Row flags mark problems and low confidence without styling cells, at any table size."""

from __future__ import annotations

import pandas as pd

from components.table_styles import (
    FLAG_COLUMN,
    LOW_CONFIDENCE_FLAG,
    PROBLEM_FLAG,
    fitted_height,
    flag_rows,
)


def test_field_rows_are_flagged_for_problems_first_then_low_confidence() -> None:
    frame = pd.DataFrame(
        {
            "Field": ["a", "b", "c", "d"],
            "Confidence": pd.array([0.9, 0.2, 0.3, None], dtype="Float64"),
            "Problems": ["", "", "required field is missing", ""],
        }
    )
    flagged = flag_rows(frame, 0.5)

    assert flagged.columns[0] == FLAG_COLUMN
    assert flagged[FLAG_COLUMN].tolist() == ["", LOW_CONFIDENCE_FLAG, PROBLEM_FLAG, ""]
    assert FLAG_COLUMN not in frame.columns  # the cached table is left as it was


def test_records_are_flagged_from_problem_counts_and_lowest_confidence() -> None:
    frame = pd.DataFrame(
        {
            "row": [1, 2, 3],
            "Lowest confidence": pd.array([0.93, 0.22, None], dtype="Float64"),
            "Problems": pd.array([0, 1, 0], dtype="Int64"),
        }
    )

    assert flag_rows(frame, 0.5)[FLAG_COLUMN].tolist() == ["", PROBLEM_FLAG, ""]
    assert flag_rows(frame, 0.95)[FLAG_COLUMN].tolist() == [LOW_CONFIDENCE_FLAG, PROBLEM_FLAG, ""]


def test_tables_without_confidence_or_problems_are_left_alone() -> None:
    frame = pd.DataFrame({"row": [1], "county": ["Alameda"]})

    assert flag_rows(frame, 0.5) is frame


def test_short_tables_show_every_row_and_long_ones_scroll() -> None:
    assert fitted_height(10) == "content"
    assert fitted_height(10_000) == 35 * 25 + 40
