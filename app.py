"""Run Inspector: navigation and the sidebar connection settings shared by every page."""

from __future__ import annotations

import streamlit as st

from components.connection_sidebar import render_connection_sidebar
from components.page_guard import page_guard
from components.scope import Scope
from loaders.data_access import read_settings, remember_connection

st.set_page_config(page_title="Run Inspector", page_icon="🔎", layout="wide")

with page_guard():
    page = st.navigation(
        [
            st.Page("pages/run.py", title="Run", icon=":material/manage_search:", default=True),
            st.Page("pages/runs.py", title="Runs", icon=":material/list:", url_path="runs"),
            st.Page(
                "pages/open-json.py",
                title="Open JSON",
                icon=":material/upload_file:",
                url_path="open-json",
            ),
        ]
    )
    remember_connection(render_connection_sidebar(read_settings(), Scope("connection")))
    page.run()
