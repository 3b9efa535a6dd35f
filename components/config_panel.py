"""The config the run used: a field/value table, changed and unreadable values marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.safe_text import escape_markdown
from run_inspector.presentation.unreadable_text import FLAG

CHANGED_MARK = "• changed"


def render_config(
    rows: pd.DataFrame,
    system_prompt: str | None,
    problem: str | None,
    source_note: str | None = None,
) -> None:
    """`source_note` says where the settings came from (a v2 saved configuration)."""
    st.header("Config", anchor=False)
    if source_note is not None:
        st.caption(escape_markdown(source_note))  # it quotes the configuration's name
    if problem is not None:
        st.warning("No usable config:", icon=":material/warning:")
        st.code(problem, language=None, wrap_lines=True)
    if not rows.empty:
        _render_table(rows)
    st.caption("System prompt")
    if system_prompt:
        st.code(system_prompt, language=None, wrap_lines=True)
    else:
        st.text("(none)")


def _render_table(rows: pd.DataFrame) -> None:
    unreadable = int(rows["Unreadable"].sum())
    if unreadable:
        fields = "value" if unreadable == 1 else "values"
        st.caption(f"{unreadable} {fields} could not be read: shown as sent, marked {FLAG}.")
    changed = int(rows["Changed"].sum())
    plural = "s" if changed != 1 else ""
    st.caption(f"{changed} value{plural} differ from the API defaults (marked •).")
    # A marker column rather than a pandas Styler: cheaper for the browser, sortable.
    marks = np.where(rows["Unreadable"], FLAG, np.where(rows["Changed"], CHANGED_MARK, ""))
    st.dataframe(
        rows.assign(Changed=marks),
        hide_index=True,
        width="stretch",
        height="content",
        column_order=["Changed", "Field", "Value", "Default", "Note"],
        column_config={"Changed": st.column_config.TextColumn("Changed", width="small")},
    )
