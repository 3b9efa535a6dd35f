"""Row flags and column settings shared by the field and records tables."""

from __future__ import annotations

from typing import Any, Final, Literal

import numpy as np
import pandas as pd
import streamlit as st

from run_inspector.analysis.data_tables import LOWEST_CONFIDENCE, PROBLEMS
from run_inspector.analysis.field_table import CONFIDENCE, CONFIDENCE_SCORES

FLAG_COLUMN: Final = "Flag"
PROBLEM_FLAG: Final = "× problem"
LOW_CONFIDENCE_FLAG: Final = "↓ low"
CONFIDENCE_COLUMNS: Final = (*CONFIDENCE_SCORES, LOWEST_CONFIDENCE)


def confidence_column_config(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        name: st.column_config.ProgressColumn(
            name,
            format="percent",
            min_value=0,
            max_value=1,
            width="medium" if name == LOWEST_CONFIDENCE else "small",
        )
        for name in CONFIDENCE_COLUMNS
        if name in frame.columns
    }


def flag_column_config() -> dict[str, Any]:
    return {
        FLAG_COLUMN: st.column_config.TextColumn(
            FLAG_COLUMN,
            width="small",
            help="× the value breaks the schema · ↓ confidence below the threshold",
        )
    }


def flag_rows(frame: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Add a first column marking problem rows and rows below the confidence threshold.

    A flag column replaces per-cell colouring: a pandas Styler made the browser load extra
    code and cost about 0.4 s on every page (docs/performance.md), and could not scale to
    large tables; a column is vectorised, works at any size, sorts and filters.
    """
    confidence = next((c for c in (CONFIDENCE, LOWEST_CONFIDENCE) if c in frame), None)
    if frame.empty or (confidence is None and PROBLEMS not in frame):
        return frame
    has_problem = _has_problem(frame[PROBLEMS]) if PROBLEMS in frame else False
    is_low = (
        (frame[confidence] < threshold).fillna(False).to_numpy(dtype=bool) if confidence else False
    )
    flags = np.where(has_problem, PROBLEM_FLAG, np.where(is_low, LOW_CONFIDENCE_FLAG, ""))
    flagged = frame.copy(deep=False)
    flagged.insert(0, FLAG_COLUMN, flags)
    return flagged


def _has_problem(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column):
        return (column.fillna(0) > 0).to_numpy(dtype=bool)
    return column.fillna("").astype(str).str.len().gt(0).to_numpy(dtype=bool)


def fitted_code_height(
    text: str, *, max_lines: int, height: int, max_chars: int | None = None
) -> int | Literal["content"]:
    """A code block takes the room its text needs, and scrolls in `height` px past a limit."""
    too_long = max_chars is not None and len(text) > max_chars
    return height if text.count("\n") > max_lines or too_long else "content"


def fitted_height(rows: int, *, max_rows: int = 25) -> int | str:
    """Show every row of a short table; scroll inside a long one."""
    return "content" if rows <= max_rows else 35 * max_rows + 40


def unknown_column_config(columns: list[str]) -> dict[str, Any]:
    """Columns the schema does not name are labelled so, with the reason on hover."""
    return {
        name: st.column_config.Column(
            f"{name} (not in schema)", help="The data has this field but the schema does not."
        )
        for name in columns
    }
