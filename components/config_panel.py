"""The ExtractConfig the run used: a field/value table with changed values highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

CHANGED_STYLE = "background-color: #fff4d6"


def render_config(rows: pd.DataFrame, system_prompt: str | None) -> None:
    st.subheader("Config", anchor=False)
    st.caption("Highlighted rows differ from the API defaults.")
    styled = rows.style.apply(
        lambda row: [CHANGED_STYLE if row["Changed"] else ""] * len(row), axis=1
    )
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height="content",
        column_config={
            "Field": st.column_config.TextColumn(pinned=True),
            "Changed": st.column_config.CheckboxColumn(width="small"),
        },
    )
    st.caption("System prompt")
    if system_prompt:
        st.code(system_prompt, language=None, wrap_lines=True)
    else:
        st.text("(none)")
