"""Open a run from its JSON file: the same parsing and views as a run fetched from the API."""

from __future__ import annotations

import streamlit as st

from components.error_panel import render_api_error
from components.run_view import render_run
from components.scope import Scope
from loaders.data_access import load_uploaded_run
from run_inspector.loading.run_view import build_run_view

st.title("Open a run's JSON", anchor=False)
st.caption(
    "For anyone holding a run's JSON, e.g. saved with “Download run JSON” or from the API. "
    "The file stays on this server, in memory."
)
uploaded = st.file_uploader("Run JSON file", type=["json"], key="run_json_file")
if uploaded is None:
    st.stop()

loaded = load_uploaded_run(uploaded.getvalue())
if loaded.error is not None:
    render_api_error(loaded.error)
else:
    view = build_run_view(loaded, poll_every=None, uploaded=True)
    if view is not None:
        render_run(view, Scope("open-json"))
