"""The source file's metadata, with its expiry flagged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from run_inspector.views.cells import json_text
from run_inspector.views.file_view import FileSummary


def render_file(summary: FileSummary | None) -> None:
    st.subheader("File", anchor=False)
    if summary is None:
        st.text("The run carries no file metadata.")
        return
    if summary.expiry_note:
        show = st.error if summary.expiry_state == "expired" else st.warning
        if summary.expiry_state in ("expired", "expiring"):
            show(summary.expiry_note, icon=":material/schedule:")
    frame = pd.DataFrame(summary.rows, columns=["Field", "Value"])
    st.dataframe(frame, hide_index=True, width="stretch", height="content")
    for label, value in (
        ("Permission info", summary.permission_info),
        ("Resource info", summary.resource_info),
    ):
        st.caption(label)
        if value is None:
            st.text("(none)")
        elif isinstance(value, dict | list):
            st.json(value, expanded=1)
        else:
            # st.json would try to parse a bare string as JSON; show scalars as JSON text.
            st.code(json_text(value), language=None)
