"""Open a run's or a job's JSON: the same reading and views as one fetched from the API."""

from __future__ import annotations

import streamlit as st

from components.error_panel import render_api_error
from components.run_view import render_run
from components.scope import Scope
from loaders.data_access import load_uploaded
from loaders.navigation import require_app
from run_inspector.loading.run_view import build_run_view

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("open-json")

st.title("Open a run's JSON", anchor=False)
st.caption(
    "For anyone holding a v1 run's or an Extract v2 job's JSON, e.g. saved with “Download run "
    "JSON” or from the API; a whole v2 list response offers its jobs. The file stays on this "
    "server, in memory."
)
uploaded = st.file_uploader("Run or job JSON file", type=["json"], key=SCOPE.key("file"))
if uploaded is None:
    st.stop()

read = load_uploaded(uploaded.getvalue())
if read.found is not None:
    st.text(f"Found {read.found}.")
for problem in read.list_problems:
    st.text(problem)
loaded = read.loaded
if read.jobs:
    labels = [job.label for job in read.jobs]
    picked = st.selectbox("Job", range(len(labels)), format_func=labels.__getitem__,
                          key=SCOPE.key(f"job-{uploaded.file_id}"))  # fmt: skip
    loaded = read.jobs[picked].loaded
if loaded is not None:
    if loaded.error is not None:
        render_api_error(loaded.error)
    else:
        view = build_run_view(loaded, poll_every=None, uploaded=True)
        if view is not None:
            render_run(view, SCOPE, runs_page="pages/runs.py")
