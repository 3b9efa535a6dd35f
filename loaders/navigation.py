"""The app's pages, in one place, and the guard that keeps a page from running without app.py.

Streamlit finds the `pages/` folder when a server starts and, until some visit has run
app.py's st.navigation, opens `/runs` or `/open-json` by running that page's file alone:
without the sidebar's connection, so with the demo's data. A page that finds Streamlit
still in that mode registers the navigation and reruns; the rerun goes through app.py.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from loaders.data_access import connection_remembered
from loaders.secret_tables import sign_in_configured


def app_pages(*, icons: bool = True) -> list[StreamlitPage]:
    """`icons=False` for the hidden hand-over navigation: drawn in that mode, Streamlit
    fetches each icon as an image from Google's servers, which a closed network refuses."""

    def icon(name: str) -> str | None:
        return f":material/{name}:" if icons else None

    return [
        st.Page("pages/run.py", title="Run", icon=icon("manage_search"), default=True),
        st.Page("pages/runs.py", title="Runs", icon=icon("table_rows"), url_path="runs"),
        st.Page("pages/batch.py", title="Batch", icon=icon("checklist"), url_path="batch"),
        st.Page(
            "pages/compare.py", title="Compare", icon=icon("compare_arrows"), url_path="compare"
        ),
        st.Page(
            "pages/open-json.py", title="Open JSON", icon=icon("upload_file"), url_path="open-json"
        ),
    ]


def require_app() -> None:
    """Called first by every page: run alone (pages/ folder mode), hand over to app.py.

    st.navigation switches Streamlit out of that mode for the whole server (it sets
    `PagesManager.uses_pages_directory` to False), so this happens at most once per server.
    """
    if PagesManager.uses_pages_directory is False:
        return  # app.py is running this page
    # A session app.py has served (its connection is remembered) can run a page alone only
    # under AppTest, which resets the mode on every run; with sign-in on, hand over anyway,
    # so the gate in app.py runs there too.
    if connection_remembered() and not sign_in_configured():
        return

    st.navigation(app_pages(icons=False), position="hidden")
    st.rerun()
