"""A page of runs or jobs: one row each, the job ID a link to its run page, rows selectable."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.scope import Scope
from components.table_styles import fitted_height
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.run_rows import LINK, NOTE

_TEXT = st.column_config.TextColumn


def render_runs_table(
    rows: pd.DataFrame, scope: Scope, column_config: dict[str, Any] | None = None
) -> list[int]:
    """Draw the rows; returns the positions of the selected ones (several may be).

    `column_config` adds to (or overrides) the settings of the list's own columns.
    """
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=fitted_height(len(rows), max_rows=25),
        key=scope.run_key("runs"),
        on_select="rerun",
        placeholder=EMPTY,  # not "None": a count not made yet, or a row that has none
        selection_mode="multi-row",
        # The plain "Job ID" column stays in the CSV; on screen the link column shows it.
        column_order=[c for c in rows.columns if c != "Job ID"],
        column_config={
            # The job ID itself is the link (its text read back from the link).
            LINK: st.column_config.LinkColumn(
                "Job ID",
                display_text=r"job_id=([^&]+)",
                help="Opens the run page (a new tab works).",
            ),
            "Status": _TEXT(width="small"),
            "Error": _TEXT(width="large"),
            NOTE: _TEXT(width="medium"),
            **(column_config or {}),
        },
    )
    return _selected_rows(event)


def _selected_rows(event: Any) -> list[int]:
    try:
        return list(event.selection.rows)
    except AttributeError:
        return []
