"""Sidebar connection settings: region and a session-only API key, never put in the URL."""

from __future__ import annotations

import streamlit as st

from components.scope import Scope
from run_inspector.demo.samples import demo_connection
from run_inspector.settings import Connection, Settings, region_options


def render_connection_sidebar(settings: Settings, scope: Scope) -> Connection:
    with st.sidebar:
        st.subheader("Connection", anchor=False)
        session_key = st.text_input(
            "API key for this session",
            type="password",
            key=scope.key("session_api_key"),
            help="Kept in this browser session only: never in the URL, the page or the logs.",
            placeholder="llx-…",
        )
        api_key = (session_key or "").strip() or settings.api_key
        regions = region_options(settings.base_url)
        labels = list(regions)
        default = next(label for label, url in regions.items() if url == settings.base_url)
        region = st.selectbox(
            "Region",
            labels,
            index=labels.index(default),
            format_func=lambda label: f"{label} · {regions[label]}",
            key=scope.key("region"),
            disabled=not api_key,
        )
        if not api_key:
            st.caption("No API key configured: showing the bundled demo runs.")
            return demo_connection()
        source = "this session" if (session_key or "").strip() else "the server configuration"
        st.caption(f"Using the API key from {source}.")
        return Connection(
            base_url=regions[region], api_key=api_key, timeout_seconds=settings.timeout_seconds
        )
