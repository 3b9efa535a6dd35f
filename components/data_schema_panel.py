"""The extracted data beside the JSON schema, narrowed by one filter, with field details."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd
import streamlit as st

from components.field_detail import render_field_detail
from components.safe_text import escape_markdown
from components.table_styles import (
    confidence_column_config,
    fitted_height,
    flag_column_config,
    flag_rows,
    unknown_column_config,
)
from run_inspector.analysis.field_table import FieldRow, field_frame
from run_inspector.analysis.filtering import filter_columns, filter_rows
from run_inspector.analysis.run_report import RunReport, SubTable
from run_inspector.model.field_path import ROOT, FieldPath
from run_inspector.model.json_text import count_text

_TEXT = st.column_config.TextColumn
SUB_TABLES_PER_STEP = 10
_SHOWN_SUB_TABLES = "sub_tables_shown"


def render_data_and_schema(report: RunReport, query: str, threshold: float) -> None:
    # The data side carries more columns (value, confidence, citations), so it gets more room.
    data_col, schema_col = st.columns([3, 2], border=True, gap="medium")
    with data_col:
        st.header("Extracted data", anchor=False)
        _render_data(report, query, threshold)
    with schema_col:
        st.header("Schema", anchor=False)
        if report.kind == "records":
            st.caption(f"{escape_markdown(report.target)}: the schema describes one item.")
        _render_schema(report.schema_frame, report.run.data_schema, query)


def _render_data(report: RunReport, query: str, threshold: float) -> None:
    for note in report.notes:
        st.caption(escape_markdown(note))
    if report.kind == "empty":
        st.text("This run has no extracted data.")
    elif report.kind == "records" and report.records is not None:
        _render_records(report, query, threshold)
    else:
        _render_fields(report.field_rows, query, threshold, key="fields")
        _render_sub_tables(report, query, threshold)


def _render_sub_tables(report: RunReport, query: str, threshold: float) -> None:
    """Arrays of objects, a few at a time: each table is a grid the browser has to draw."""
    limit = st.session_state.get(_SHOWN_SUB_TABLES, SUB_TABLES_PER_STEP)
    shown = report.sub_tables[:limit]
    for index, sub in enumerate(shown):
        _render_sub_table(report, sub, query, threshold, key=f"sub-{index}")
    hidden = len(report.sub_tables) - len(shown)
    if hidden > 0:
        st.button(
            f"Show {min(hidden, SUB_TABLES_PER_STEP)} more of {hidden} arrays",
            on_click=_show_more_sub_tables,
            args=(limit,),
            icon=":material/expand_more:",
        )


def _show_more_sub_tables(limit: int) -> None:
    st.session_state[_SHOWN_SUB_TABLES] = limit + SUB_TABLES_PER_STEP


def _render_fields(
    rows: Sequence[FieldRow], query: str, threshold: float, key: str, base: FieldPath = ROOT
) -> None:
    """`base` is the path of the item the rows' paths are relative to, for the filter."""
    shown = filter_rows([base.joined(r.path) for r in rows], query)
    visible = [r for r, keep in zip(rows, shown, strict=True) if keep]
    if not visible:
        st.text("No field matches the filter." if query else "No fields.")
        return
    selected = _selectable_table(
        field_frame(visible),
        threshold,
        key,
        {
            "Value": _TEXT(width="medium"),
            "Problems": _TEXT(width="medium"),
            "Pages": _TEXT(width="small"),
            "Required": st.column_config.CheckboxColumn(width="small"),
        },
    )
    if selected is not None and selected < len(visible):
        render_field_detail(visible[selected])
    else:
        st.caption("Select a row to see its whole value, citations and reasoning.")


def _render_records(report: RunReport, query: str, threshold: float) -> None:
    assert report.records is not None
    items = count_text(len(report.records), "item")
    st.caption(
        f"{items}, one row each ({escape_markdown(report.target)}). Select one for its fields."
    )
    frame = filter_columns(report.records, query)
    selected = _selectable_table(
        frame, threshold, "records", unknown_column_config(report.records_unknown_columns)
    )
    if selected is not None and selected < len(frame):
        # The filter may hide rows: the index column says which item was selected.
        index = _item_index(frame, selected)
        st.text(f"Item {index}")
        item = FieldPath((index,))
        _render_fields(report.item_rows(index), query, threshold, key="records-item", base=item)


def _render_sub_table(
    report: RunReport, sub: SubTable, query: str, threshold: float, key: str
) -> None:
    st.text(f"{sub.path.render()} ({count_text(len(sub.frame), 'item')})")
    frame = filter_columns(sub.frame, query, array=sub.path)
    selected = _selectable_table(frame, threshold, key, unknown_column_config(sub.unknown_columns))
    if selected is not None and selected < len(frame):
        index = _item_index(frame, selected)
        st.text(sub.path.child(index).render())
        _render_fields(report.array_item_rows(sub, index), "", threshold, key=f"{key}-item")


def _item_index(frame: pd.DataFrame, row: int) -> int:
    """The item number in the first (index) column of a shown row."""
    return int(cast("int", frame.iloc[row, 0]))


def _selectable_table(
    frame: pd.DataFrame, threshold: float, key: str, column_config: dict[str, Any]
) -> int | None:
    """A flagged table whose rows can be selected; returns the selected row, if any."""
    event = st.dataframe(
        flag_rows(frame, threshold),
        hide_index=True,
        width="stretch",
        height=fitted_height(len(frame)),
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            **column_config,
            **flag_column_config(),
            **confidence_column_config(frame),
        },
    )
    return _selected_row(event)


def _selected_row(event: Any) -> int | None:
    try:
        rows = event.selection.rows
    except AttributeError:
        return None
    return rows[0] if rows else None


def _render_schema(
    schema_frame: pd.DataFrame | None, raw_schema: Mapping[str, Any], query: str
) -> None:
    if schema_frame is None:
        st.warning("This schema is not an object schema; it is shown as it was sent.")
        st.json(dict(raw_schema), expanded=False)
        return
    visible = schema_frame[filter_rows(schema_frame["Field"], query, schema=True)]
    st.dataframe(
        visible,
        hide_index=True,
        width="stretch",
        height=fitted_height(len(visible)),
        column_config={
            "Required": st.column_config.CheckboxColumn(width="small"),
            "Description": _TEXT(width="large"),
        },
    )
