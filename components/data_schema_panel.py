"""The extracted data beside the JSON schema, narrowed by one filter, with field details."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd
import streamlit as st

from components.field_detail import render_field_detail
from components.safe_text import escape_markdown
from components.scope import Scope
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
from run_inspector.analysis.shared_frame import SharedFrame
from run_inspector.loading.run_view import RunView
from run_inspector.model.field_path import ROOT, FieldPath
from run_inspector.model.json_text import count_text

_TEXT = st.column_config.TextColumn
SUB_TABLES_PER_STEP = 10


def render_data_and_schema(view: RunView, query: str, threshold: float, scope: Scope) -> None:
    """`scope` is the run's: selections and shown tables start afresh for another run."""
    report = view.report
    # The data side carries more columns (value, confidence, citations), so it gets more room.
    data_col, schema_col = st.columns([3, 2], border=True, gap="medium")
    with data_col:
        st.header("Extracted data", anchor=False)
        _render_unreadable("No usable extracted data:", view.data_problem)
        _render_data(report, query, threshold, scope)
    with schema_col:
        st.header("Schema", anchor=False)
        _render_unreadable("No usable schema:", view.schema_problem)
        if report.kind == "records":
            st.caption(f"{escape_markdown(report.target)}: the schema describes one item.")
        if view.schema_problem is None:
            _render_schema(report.schema_frame, view.extraction.schema, query)


def _render_unreadable(message: str, problem: str | None) -> None:
    if problem is not None:
        st.warning(message, icon=":material/warning:")
        st.code(problem, language=None, wrap_lines=True)


def _render_data(report: RunReport, query: str, threshold: float, scope: Scope) -> None:
    for note in report.notes:
        st.caption(escape_markdown(note))
    if report.kind == "empty":
        st.text("This run has no extracted data.")
    elif report.kind == "records" and report.records is not None:
        _render_records(report, query, threshold, scope)
    else:
        _render_fields(report.field_rows, query, threshold, key=scope.run_key("fields"))
        _render_sub_tables(report, query, threshold, scope)


def _render_sub_tables(report: RunReport, query: str, threshold: float, scope: Scope) -> None:
    """Arrays of objects, a few at a time: each table is a grid the browser has to draw."""
    # One key per view holding (run, limit): another run starts from the first tables, and
    # no key is left behind per run visited.
    shown_key = scope.key("sub_tables_shown")
    shown_run, limit = st.session_state.get(shown_key, (scope.run, SUB_TABLES_PER_STEP))
    if shown_run != scope.run:
        limit = SUB_TABLES_PER_STEP
    shown = report.sub_tables[:limit]
    for index, sub in enumerate(shown):
        _render_sub_table(report, sub, query, threshold, key=scope.run_key(f"sub-{index}"))
    hidden = len(report.sub_tables) - len(shown)
    if hidden > 0:
        st.button(
            f"Show {min(hidden, SUB_TABLES_PER_STEP)} more of {hidden} arrays",
            key=scope.run_key("show_more_sub_tables"),
            on_click=_show_more_sub_tables,
            args=(shown_key, scope.run, limit),
            icon=":material/expand_more:",
        )


def _show_more_sub_tables(shown_key: str, run: str, limit: int) -> None:
    st.session_state[shown_key] = (run, limit + SUB_TABLES_PER_STEP)


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
        row = visible[selected]
        render_field_detail(row, base.joined(row.path), key=f"{key}-show-on-page")
    else:
        st.caption("Select a row to see its whole value, citations and reasoning.")


def _render_records(report: RunReport, query: str, threshold: float, scope: Scope) -> None:
    assert report.records is not None
    records = report.records.view()
    items = count_text(len(records), "item")
    st.caption(
        f"{items}, one row each ({escape_markdown(report.target)}). Select one for its fields."
    )
    frame = filter_columns(records, query)
    unknown = unknown_column_config(list(report.records_unknown_columns))
    selected = _selectable_table(frame, threshold, scope.run_key("records"), unknown)
    if selected is not None and selected < len(frame):
        # The filter may hide rows: the index column says which item was selected.
        index = _item_index(frame, selected)
        st.text(f"Item {index}")
        item = FieldPath((index,))
        rows = report.item_rows(index)
        _render_fields(rows, query, threshold, key=scope.run_key("records-item"), base=item)


def _render_sub_table(
    report: RunReport, sub: SubTable, query: str, threshold: float, key: str
) -> None:
    st.text(f"{sub.path.render()} ({count_text(len(sub.frame), 'item')})")
    frame = filter_columns(sub.frame.view(), query, array=sub.path)
    unknown = unknown_column_config(list(sub.unknown_columns))
    selected = _selectable_table(frame, threshold, key, unknown)
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


def _render_schema(shared: SharedFrame | None, raw_schema: Mapping[str, Any], query: str) -> None:
    if shared is None:
        st.warning("This schema is not an object schema; it is shown as it was sent.")
        st.json(dict(raw_schema), expanded=False)
        return
    schema_frame = shared.view()
    # .loc with a row mask: plain [] with an empty mask of an empty table selects columns.
    visible = schema_frame.loc[filter_rows(schema_frame["Field"], query, schema=True)]
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
