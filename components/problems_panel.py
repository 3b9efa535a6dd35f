"""Every schema problem with its field path, or why the data could not be checked."""

from __future__ import annotations

import streamlit as st

from run_inspector.analysis.conformance import Conformance, problems_frame


def render_problems(conformance: Conformance) -> None:
    if conformance.schema_note:
        st.warning("The data could not be checked against its schema:", icon=":material/rule:")
        st.code(conformance.schema_note, language=None, wrap_lines=True)
        return
    if not conformance.problems:
        return
    with st.container(border=True):
        st.header("Schema problems", anchor=False)
        listed = (
            f"Only the first {len(conformance.problems):,} are listed. "
            if conformance.truncated
            else ""
        )
        st.caption(
            f"{conformance.summary.capitalize()}. {listed}"
            "Their rows are flagged × problem in the tables above."
        )
        frame = problems_frame(conformance)
        if frame["Item"].isna().all():
            frame = frame.drop(columns="Item")
        st.dataframe(frame, hide_index=True, width="stretch")
