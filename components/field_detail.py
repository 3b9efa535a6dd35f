"""Everything about one selected field: its whole value, citations, reasoning and problems,
and a way to its cited page in the source view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.source_view import field_shown, show_field_on_page
from run_inspector.analysis.field_table import STATE_VALUE, FieldRow
from run_inspector.model.field_path import FieldPath
from run_inspector.source.boxes import cited_pages


def render_field_detail(row: FieldRow, path: FieldPath, key: str) -> None:
    """`path`: the row's whole path in the run (a list result's rows are the item's own)."""
    with st.container(border=True):
        st.caption("Selected field")
        st.code(row.path.render(), language=None)
        st.caption("Value" if row.state == STATE_VALUE else f"Value ({row.state})")
        st.code(row.value or "(empty)", language=None, wrap_lines=True)
        if row.problems:
            st.caption("Schema problems")
            st.code("\n".join(row.problems), language=None, wrap_lines=True)
        if row.meta.citations:
            st.caption(f"Cited from ({len(row.meta.citations)})")
            citations = pd.DataFrame(
                [(c.page, c.matching_text or "", c.bounding_box_count) for c in row.meta.citations],
                columns=["Page", "Matching text", "Boxes"],
            )
            st.dataframe(citations, hide_index=True, width="stretch")
            if cited_pages(row.meta.citations):
                _render_show_on_page(path.render(), key)
        if row.meta.reasoning:
            st.caption("Reasoning")
            st.code(row.meta.reasoning, language=None, wrap_lines=True)
        if row.description:
            st.caption("Schema description")
            st.code(row.description, language=None, wrap_lines=True)


def _render_show_on_page(field: str, key: str) -> None:
    if st.button(
        "Show on page",
        icon=":material/pageview:",
        key=key,
        on_click=show_field_on_page,
        args=(field,),
        help="Draw its first cited page, with its boxes, under “Source page” below.",
    ):
        # On the run page this table redraws alone (a fragment); the source view lies
        # outside it, so the whole page is run again. (On Open JSON, with no fragment, this
        # cuts the run short at this button and starts it again.)
        st.rerun()
    if field_shown(field):
        st.caption("Picked under “Source page”, below.")
