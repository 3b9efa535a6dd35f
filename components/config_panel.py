"""The ExtractConfig the run used: a field/value table with changed values marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

CHANGED_MARK = "• changed"


def render_config(rows: pd.DataFrame, system_prompt: str | None) -> None:
    st.header("Config", anchor=False)
    changed = int(rows["Changed"].sum())
    plural = "s" if changed != 1 else ""
    st.caption(f"{changed} value{plural} differ from the API defaults (marked •).")
    # A marker column rather than a pandas Styler: cheaper for the browser, sortable.
    marked = rows.assign(Changed=np.where(rows["Changed"], CHANGED_MARK, ""))
    st.dataframe(
        marked,
        hide_index=True,
        width="stretch",
        height="content",
        column_order=["Changed", "Field", "Value", "Default", "Note"],
        column_config={"Changed": st.column_config.TextColumn("Changed", width="small")},
    )
    st.caption("System prompt")
    if system_prompt:
        st.code(system_prompt, language=None, wrap_lines=True)
    else:
        st.text("(none)")
