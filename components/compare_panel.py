"""A comparison drawn: the summary to paste, both runs side by side, and the differences."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.download_audit import reported
from components.scope import Scope
from components.table_styles import fitted_height
from run_inspector.analysis.data_diff import DIFF_STATES, DiffState
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.csv_export import to_csv_bytes

_TEXT = st.column_config.TextColumn
_NUMBER = st.column_config.NumberColumn


def render_compare_summary(
    summary: str, file_verdict: str, sides: pd.DataFrame, counts: dict[DiffState, int]
) -> None:
    """What a person reads first: the pasteable summary, the file, both runs, the counts."""
    st.caption("Summary to paste into a ticket")
    st.code(summary, language=None, wrap_lines=True)
    st.text(file_verdict)
    st.dataframe(sides, hide_index=True, width="stretch")
    with st.container(horizontal=True, wrap=True):
        for state in DIFF_STATES:
            st.metric(state, f"{counts[state]:,}", width="content")


def render_table(title: str, frame: pd.DataFrame, empty: str, key: str) -> None:
    """A difference table (config or schema), or a sentence when nothing differs."""
    st.header(title, anchor=False)
    if frame.empty:
        st.text(empty)
        return
    st.dataframe(frame, hide_index=True, width="stretch", key=key,
                 height=fitted_height(len(frame), max_rows=20))  # fmt: skip


def render_data_controls(scope: Scope) -> tuple[bool, str]:
    """ "Only differences" (on by default) and the path filter; returns both."""
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    with left:
        only = st.toggle("Only differences", value=True, key=scope.key("only"))
    with right:
        query = st.text_input(
            "Filter fields",
            key=scope.key("filter"),
            placeholder="Part of a field path, e.g. vendor or line_items[2]",
        )
    return only, query or ""


def render_data_table(frame: pd.DataFrame, shown_of: str, key: str) -> None:
    st.caption(shown_of)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        height=fitted_height(len(frame), max_rows=25),
        placeholder=EMPTY,
        column_config={
            "Field": _TEXT(pinned=True),
            "State": _TEXT(width="small"),
            "Whitespace only": st.column_config.CheckboxColumn(
                help="The two strings differ only in spaces, tabs or line breaks."
            ),
            "A confidence": _NUMBER(format="%.2f"),
            "B confidence": _NUMBER(format="%.2f"),
            "Confidence change": _NUMBER(format="%+.2f"),
        },
    )


def render_downloads(
    shown: pd.DataFrame, a_body: bytes, b_body: bytes, job_ids: Sequence[str], scope: Scope
) -> None:
    """The differences shown, as CSV (formula cells neutralised), and both runs' JSON.
    `job_ids`: the compared jobs (an uploaded side has none), for the audit trail."""
    with st.container(horizontal=True):
        as_csv = reported(lambda: to_csv_bytes(shown), job_ids)
        st.download_button("Differences as CSV", data=as_csv, file_name="comparison.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:",
                           key=scope.key("csv"))  # fmt: skip
        for name, body in (("A", a_body), ("B", b_body)):
            st.download_button(f"Run {name} JSON", data=reported(body, job_ids),
                               file_name=f"run-{name.lower()}.json", mime="application/json",
                               on_click="ignore", key=scope.key(f"json-{name}"))  # fmt: skip


def render_lone_side(name: str, facts: pd.DataFrame, job_id: str | None, key: str) -> None:
    """A run shown alone because the other could not be loaded; `job_id` links to it."""
    st.header(f"Run {name}", anchor=False)
    st.dataframe(facts, hide_index=True, width="stretch", key=key)
    if job_id:
        st.page_link("pages/run.py", label=f"Open run {name} on its own",
                     query_params={"job_id": job_id})  # fmt: skip
