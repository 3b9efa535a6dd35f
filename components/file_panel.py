"""The source file's metadata, with its expiry flagged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from run_inspector.model.json_text import json_text
from run_inspector.presentation.file_summary import FileSummary


def render_file(summary: FileSummary | None) -> None:
    st.header("File", anchor=False)
    if summary is None:
        st.text("The run carries no file metadata.")
        return
    if summary.expiry_note:
        show = st.error if summary.expiry_state == "expired" else st.warning
        if summary.expiry_state in ("expired", "expiring"):
            show(summary.expiry_note, icon=":material/schedule:")
    frame = pd.DataFrame(summary.rows, columns=["Field", "Value"])
    st.dataframe(frame, hide_index=True, width="stretch", height="content")
    if not summary.access_info_reported:
        return
    for label, value in (
        ("Permission info", summary.permission_info),
        ("Resource info", summary.resource_info),
    ):
        st.caption(label)
        if value is None:
            st.text("(none)")
        else:
            # Plain text: the JSON viewer would try to parse a bare string as JSON, and a code
            # block loads a 1.5 MB syntax highlighter before the page settles, for a few keys.
            st.text(json_text(value, indent=2))
