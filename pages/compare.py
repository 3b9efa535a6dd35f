"""The compare page: two runs (`?a=&b=`), what differs in config, schema and data."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from components.compare_panel import (
    render_compare_summary,
    render_data_controls,
    render_data_table,
    render_table,
)
from components.error_panel import render_api_error, render_input_error
from components.page_guard import page_guard
from components.scope import Scope
from loaders.compare_inputs import (
    KEY_PARAM,
    SIDES,
    SideInput,
    read_key,
    read_side,
    scope_keys,
    swap_sides,
)
from loaders.compare_runs import PairKey, load_comparison
from loaders.data_access import load_run, run_key, session_connection
from loaders.navigation import require_app
from run_inspector.analysis.data_diff import only_differences
from run_inspector.analysis.filtering import filter_rows
from run_inspector.analysis.polling import poll_interval
from run_inspector.presentation.compare_text import (
    config_frame,
    file_text,
    schema_frame,
    sides_frame,
    summary_text,
)
from run_inspector.presentation.csv_export import to_csv_bytes

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("compare")
connection = session_connection()
st.title("Compare runs", anchor=False)
a_col, b_col, swap_col = st.columns([4, 4, 1], vertical_alignment="bottom")
for column, side in ((a_col, "a"), (b_col, "b")):
    with column:
        st.text_input(f"Run {side.upper()}: job ID", key=side, bind="query-params",
                      placeholder="182bd5e5-6e1a-… or ext-…")  # fmt: skip
with swap_col:
    st.button("Swap", icon=":material/swap_horiz:", on_click=swap_sides, key=SCOPE.key("swap"))
with st.expander("Projects, organizations and how to pair array items"):
    columns = st.columns(2)
    for column, side in zip(columns, SIDES, strict=True):
        project_key, org_key = scope_keys(side)
        with column:
            st.text_input(f"{side.upper()}: project ID (optional)", key=project_key,
                          bind="query-params")  # fmt: skip
            st.text_input(f"{side.upper()}: organization ID (optional)", key=org_key,
                          bind="query-params")  # fmt: skip
    st.text_input("Pair array items by (optional)", key=KEY_PARAM, bind="query-params",
                  placeholder="line_items[].sku, or [].page for a per-page run",
                  help="By default items pair by position.")  # fmt: skip

try:
    sides = {side: read_side(side) for side in SIDES}
    key = read_key()
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()
a, b = sides["a"], sides["b"]
if a is None or b is None:
    st.info("Enter a job ID for each run (A is usually the one that worked).",
            icon=":material/compare_arrows:")  # fmt: skip
    st.stop()
if a == b:
    st.warning("A and B are the same job: there is nothing to compare.", icon=":material/edit:")
    st.stop()

first_a = load_run(connection, a.job, a.project_id, a.organization_id)
first_b = load_run(connection, b.job, b.project_id, b.organization_id)
interval = min(
    (i for i in (poll_interval(first_a.extraction), poll_interval(first_b.extraction)) if i),
    default=None,
)


@st.fragment(run_every=interval)
def comparison_view(a: SideInput, b: SideInput) -> None:
    loaded_a = load_run(connection, a.job, a.project_id, a.organization_id)
    loaded_b = load_run(connection, b.job, b.project_id, b.organization_id)
    failed = [(name, loaded) for name, loaded in (("A", loaded_a), ("B", loaded_b))
              if loaded.error is not None]  # fmt: skip
    for name, loaded in failed:
        st.header(f"Run {name} could not be loaded", anchor=False)
        if loaded.error is not None:
            render_api_error(loaded.error)
    if failed:
        return
    with page_guard():
        pair = PairKey(
            run_key(connection, a.job, a.project_id, a.organization_id),
            run_key(connection, b.job, b.project_id, b.organization_id),
            key,
        )
        comparison = load_comparison(pair, loaded_a, loaded_b)
        if comparison.provisional:
            st.info("Provisional: a run is not final yet; this page checks again until both are.",
                    icon=":material/hourglass_top:")  # fmt: skip
        render_compare_summary(
            summary_text(comparison),
            file_text(comparison.file),
            sides_frame(comparison, datetime.now(UTC)),
            dict(comparison.data.counts),
        )
        render_table("Config", config_frame(comparison.config), "No config value differs.",
                     SCOPE.key("config"))  # fmt: skip
        render_table("Schema", schema_frame(comparison.schema), "No schema field differs.",
                     SCOPE.key("schema"))  # fmt: skip
        st.header("Data", anchor=False)
        for note in comparison.data.notes:
            st.text(note)
        only, query = render_data_controls(SCOPE)
        frame = comparison.data.frame.view()
        shown = only_differences(frame) if only else frame
        shown = shown[filter_rows(shown["Field"], query)] if query else shown
        render_data_table(shown, f"{len(shown):,} of {len(frame):,} fields",
                          SCOPE.key("data"))  # fmt: skip
        with st.container(horizontal=True):
            st.download_button("Differences as CSV", data=lambda: to_csv_bytes(shown),
                               file_name="comparison.csv", mime="text/csv", on_click="ignore",
                               icon=":material/download:", key=SCOPE.key("csv"))  # fmt: skip
            for name, loaded in (("A", loaded_a), ("B", loaded_b)):
                st.download_button(f"Run {name} JSON", data=loaded.body,
                                   file_name=f"run-{name.lower()}.json",
                                   mime="application/json", on_click="ignore",
                                   key=SCOPE.key(f"json-{name}"))  # fmt: skip


comparison_view(a, b)
