"""Open a run's or a job's JSON: the same reading and views as one fetched from the API."""

from __future__ import annotations

import streamlit as st

from components.error_panel import render_api_error
from components.run_view import render_run
from components.scope import Scope
from components.source_view import render_source_controls, render_source_page
from loaders.data_access import load_uploaded
from loaders.navigation import require_app
from loaders.source_view import (
    chosen_fields,
    run_token,
    source_choice_given,
    source_page,
    step_cited_page,
)
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.loading.run_view import build_run_view
from run_inspector.source.download import DEFAULT_MAX_BYTES
from run_inspector.source.field_list import list_cited_fields

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("open-json")
# The same limit as a download from LlamaCloud.
MAX_SOURCE_MB = DEFAULT_MAX_BYTES // 1024**2

st.title("Open a run's JSON", anchor=False)
st.caption(
    "For anyone holding a v1 run's or an Extract v2 job's JSON, e.g. saved with “Download run "
    "JSON” or from the API; a whole v2 list response offers its jobs. The file stays on this "
    "server, in memory."
)


def show_uploaded_source(loaded: LoadedRun) -> None:
    """The cited pages, drawn from a source file uploaded beside the run: no API at all."""
    fields = loaded.derived("cited-fields", list_cited_fields)
    if not fields.cited:
        return
    st.header("Source page", anchor=False)
    source = st.file_uploader(
        "The run's source file (a PDF, PNG or JPEG), to see its cited pages",
        key=SCOPE.key("source"),
        max_upload_size=MAX_SOURCE_MB,
        help="Its type is read from its content. It stays on this server, in memory.",
    )
    choice = render_source_controls(fields.options(source_choice_given()[0]), fields.pages_of,
                                    step_cited_page, SCOPE, fields.listing)  # fmt: skip
    if source is None or choice.field is None:
        return
    drawn_fields, page = chosen_fields(fields, choice.field, choice.page, choice.all_fields)
    # The upload's own ID names it in the page caches: hashing 100 MB on every rerun costs.
    key = f"upload:{source.file_id}"
    drawn = source_page(source.getvalue(), key, fields.cited, drawn_fields, page,
                        run_token(loaded))  # fmt: skip
    render_source_page(drawn, f"page-{page}.png", SCOPE)


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
            show_uploaded_source(loaded)
