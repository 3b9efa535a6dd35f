"""Everything about one selected field: its whole value, citations, reasoning and problems."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from run_inspector.analysis.field_table import STATE_VALUE, FieldRow


def render_field_detail(row: FieldRow) -> None:
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
        if row.meta.reasoning:
            st.caption("Reasoning")
            st.code(row.meta.reasoning, language=None, wrap_lines=True)
        if row.description:
            st.caption("Schema description")
            st.code(row.description, language=None, wrap_lines=True)
