"""Run Inspector: the sign-in gate, navigation and the sidebar connection settings shared by
every page."""

from __future__ import annotations

import streamlit as st

from components.connection_sidebar import render_connection_sidebar
from components.download_audit import listen_for_downloads
from components.page_guard import page_guard
from components.scope import Scope
from loaders.data_access import read_settings, remember_connection
from loaders.navigation import app_pages
from loaders.sign_in import follow_return_to, pass_gate, watch_download

st.set_page_config(page_title="Run Inspector", page_icon="🔎", layout="wide")

listen_for_downloads(watch_download)  # each file handed out: gated, and one audit line
with page_guard():
    pass_gate()  # with sign-in on, only someone signed in and allowed gets past this line
    page = st.navigation(app_pages())
    follow_return_to(page)  # after sign-in: the shared link the person first opened
    remember_connection(render_connection_sidebar(read_settings(), Scope("connection")))
    page.run()
