"""Row highlighting and column settings shared by the field and records tables."""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

LOW_CONFIDENCE_STYLE: Final = "background-color: #fff1cc"
PROBLEM_STYLE: Final = "background-color: #fde2e1"
# Styling is per cell; beyond this many rows the cost outweighs the help, so columns carry it.
MAX_STYLED_ROWS: Final = 2_000

CONFIDENCE_COLUMNS: Final = (
    "Confidence",
    "Extraction confidence",
    "Parsing confidence",
    "Lowest confidence",
)


def confidence_column_config(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        name: st.column_config.ProgressColumn(
            name,
            format="percent",
            min_value=0,
            max_value=1,
            width="medium" if name == "Lowest confidence" else "small",
        )
        for name in CONFIDENCE_COLUMNS
        if name in frame.columns
    }


def highlight_rows(frame: pd.DataFrame, threshold: float) -> pd.DataFrame | Styler:
    """Problem rows in red, rows below the confidence threshold in amber."""
    if frame.empty or len(frame) > MAX_STYLED_ROWS:
        return frame
    confidence = next((c for c in ("Confidence", "Lowest confidence") if c in frame), None)
    problems = "Problems" if "Problems" in frame else None
    if confidence is None and problems is None:
        return frame

    def style(row: pd.Series) -> list[str]:
        if problems and _has_problem(row[problems]):
            return [PROBLEM_STYLE] * len(row)
        value = row[confidence] if confidence else None
        if value is not None and not pd.isna(value) and value < threshold:
            return [LOW_CONFIDENCE_STYLE] * len(row)
        return [""] * len(row)

    # A Styler shows floats with six decimals unless told otherwise; keep them as the API
    # wrote them. Confidence columns keep their percent bars from column_config.
    plain = [
        c
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c]) and c not in CONFIDENCE_COLUMNS
    ]
    return frame.style.apply(style, axis=1).format(plain_number, subset=plain)


def plain_number(value: Any) -> str:
    """1.9 as "1.9" and 120.0 as "120": the shortest text that reads back as the same number."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)


def fitted_height(rows: int, *, max_rows: int = 25) -> int | str:
    """Show every row of a short table; scroll inside a long one."""
    return "content" if rows <= max_rows else 35 * max_rows + 40


def _has_problem(value: Any) -> bool:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    return bool(value)


def unknown_column_config(columns: list[str]) -> dict[str, Any]:
    """Columns the schema does not name are labelled so, with the reason on hover."""
    return {
        name: st.column_config.Column(
            f"{name} (not in schema)", help="The data has this field but the schema does not."
        )
        for name in columns
    }
