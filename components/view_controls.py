"""The field filter and the confidence threshold that shape the data and schema tables."""

from __future__ import annotations

import streamlit as st

from components.scope import Scope
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD

DEFAULT_THRESHOLD_PERCENT = round(DEFAULT_CONFIDENCE_THRESHOLD * 100)


def render_view_controls(scope: Scope) -> tuple[str, float]:
    """Returns (filter text, confidence threshold in 0..1)."""
    filter_col, threshold_col = st.columns([3, 2], vertical_alignment="bottom")
    with filter_col:
        query = st.text_input(
            "Filter fields",
            key=scope.key("field_filter"),
            placeholder="Part of a field path, e.g. vendor or line_items[2]",
            help=(
                "Narrows the data and the schema tables at once. "
                "With an item index (`line_items[2]`) only that item's data is kept."
            ),
        )
    with threshold_col:
        percent = st.slider(
            "Confidence threshold",
            min_value=0,
            max_value=100,
            value=DEFAULT_THRESHOLD_PERCENT,
            step=5,
            format="%d%%",
            key=scope.key("confidence_threshold"),
            help="Fields below it are flagged ↓ low and counted.",
        )
    return query or "", percent / 100
