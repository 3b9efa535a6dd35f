"""The link to the current view, as plain text anyone can select and send."""

from __future__ import annotations

import streamlit as st


def render_share_link(link: str) -> None:
    # Plain text rather than st.code: a code block pulls a 1.5 MB syntax highlighter into
    # every first paint (about 0.3 s on the benchmark machine) just to show one line.
    st.caption("Share this view: this link, or the address bar, which always matches it")
    st.text(link)
