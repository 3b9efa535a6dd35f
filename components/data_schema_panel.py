"""The extracted data as tables beside the JSON schema it was extracted against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from run_inspector.views.data_tables import DataTables

_TEXT = st.column_config.TextColumn


def render_data_and_schema(
    tables: DataTables,
    schema_frame: pd.DataFrame | None,
    raw_schema: Mapping[str, Any],
    target: str,
) -> None:
    data_col, schema_col = st.columns(2, border=True, gap="medium")
    with data_col:
        st.subheader("Extracted data", anchor=False)
        _render_data(tables, target)
    with schema_col:
        st.subheader("Schema", anchor=False)
        if target != "PER_DOC":
            st.caption(f"{target}: the schema describes one item.")
        _render_schema(schema_frame, raw_schema)


def _render_data(tables: DataTables, target: str) -> None:
    if tables.kind == "empty":
        st.text("This run has no extracted data.")
        return
    if tables.kind == "records":
        st.caption(f"{len(tables.main):,} items, one row each ({target}).")
        st.dataframe(tables.main, hide_index=True, width="stretch")
    else:
        st.dataframe(
            tables.main,
            hide_index=True,
            width="stretch",
            column_config={"Field": _TEXT(pinned=True), "Value": _TEXT(width="large")},
        )
    for note in tables.notes:
        st.caption(note)
    for sub in tables.sub_tables:
        st.text(f"{sub.path} ({len(sub.frame):,} items)")
        st.dataframe(sub.frame, hide_index=True, width="stretch")


def _render_schema(schema_frame: pd.DataFrame | None, raw_schema: Mapping[str, Any]) -> None:
    if schema_frame is None:
        st.warning("This schema is not an object schema; it is shown as it was sent.")
        st.json(dict(raw_schema), expanded=False)
        return
    st.dataframe(
        schema_frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Field": _TEXT(pinned=True),
            "Required": st.column_config.CheckboxColumn(width="small"),
            "Description": _TEXT(width="large"),
        },
    )
