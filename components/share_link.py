"""The copyable link to the current view."""

from __future__ import annotations

import streamlit as st


def render_share_link(link: str) -> None:
    st.caption("Share this view (the link never carries an API key)")
    st.code(link, language=None, wrap_lines=True)
