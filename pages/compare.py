"""The compare page: two runs (`?a=&b=`), what differs in config, schema and data."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from components.compare_inputs import render_job_picker, render_pairing_keys, render_side_inputs
from components.compare_panel import (
    render_compare_summary,
    render_data_controls,
    render_data_table,
    render_table,
)
from components.error_panel import render_api_error, render_input_error
from components.page_guard import page_guard
from components.scope import Scope
from loaders.compare_inputs import SIDES, Side, SideInput, pick_key, read_key, read_side
from loaders.compare_runs import PairKey, load_comparison
from loaders.compare_sides import (
    SideRun,
    fetched_side,
    lone_side_facts,
    side_keys,
    uploaded_side,
)
from loaders.data_access import load_uploaded, session_connection
from loaders.navigation import require_app
from run_inspector.analysis.data_diff import only_differences
from run_inspector.analysis.filtering import filter_rows
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD
from run_inspector.analysis.pairing_keys import pairing_keys
from run_inspector.analysis.polling import poll_interval
from run_inspector.presentation.compare_text import (
    config_frame,
    facts_frame,
    file_text,
    pairing_text,
    schema_frame,
    sides_frame,
    summary_text,
)
from run_inspector.presentation.csv_export import to_csv_bytes

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("compare")
connection = session_connection()
st.title("Compare runs", anchor=False)
pairing_slot = render_side_inputs(SCOPE)

try:
    a, b = (read_side(side) for side in SIDES)
    key = read_key()
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()
if a is None or b is None:
    st.info("Enter a job ID for each run (A is usually the one that worked), or upload a "
            "run's JSON for a side.", icon=":material/compare_arrows:")  # fmt: skip
    st.stop()
if a == b:
    same = "job" if isinstance(a, SideInput) else "uploaded file"
    st.warning(f"A and B are the same {same}: there is nothing to compare.", icon=":material/edit:")
    st.stop()
sides: dict[str, Side] = {"a": a, "b": b}


def uploaded_run(name: str, side: Side) -> SideRun | None:
    """An uploaded side read once (a list response asks which job); None for a job ID."""
    if isinstance(side, SideInput):
        return None
    read = load_uploaded(side.content)
    picked = None
    if read.jobs:
        picked = render_job_picker(name, [job.label for job in read.jobs],
                                   SCOPE.key(f"{name}-job-{side.digest[:16]}"))  # fmt: skip
    try:
        return uploaded_side(side, read, picked)
    except ValueError as exc:
        render_input_error(str(exc))
        st.stop()


uploads = {name: uploaded_run(name, side) for name, side in sides.items()}
if any(uploads.values()):
    st.caption("This page's link does not carry an uploaded file: share the file with it.")


def side_run(name: str) -> SideRun:
    side = sides[name]
    upload = uploads[name]
    if upload is not None:
        return upload
    assert isinstance(side, SideInput)  # uploads[name] is None only for a job ID
    return fetched_side(connection, side)


def checked_every(runs: list[SideRun]) -> float | None:
    """The sooner of the two sides' polling intervals (an uploaded copy never changes)."""
    intervals = [poll_interval(run.loaded.extraction) for run in runs if run.live]
    return min((i for i in intervals if i), default=None)


first = [side_run(name) for name in SIDES]
interval = checked_every(first)
render_pairing_keys(pairing_slot, [k.render() for k in pairing_keys(*map(side_keys, first))],
                    key.render() if key else "", pick_key, SCOPE)  # fmt: skip


@st.fragment(run_every=interval)
def comparison_view() -> None:
    runs = dict(zip(SIDES, (side_run(name) for name in SIDES), strict=True))
    if checked_every(list(runs.values())) != interval:
        st.rerun()  # a side turned final, or polling backs off: restart the timer
    failed = [name for name, run in runs.items() if run.loaded.error is not None]
    for name in failed:
        st.header(f"Run {name.upper()} could not be loaded", anchor=False)
        error = runs[name].loaded.error
        if error is not None:
            render_api_error(error)
    with page_guard():
        if failed:
            show_the_other(runs, failed)
        else:
            show_comparison(runs["a"], runs["b"])


def show_the_other(runs: dict[str, SideRun], failed: list[str]) -> None:
    """One side failed: the run that did load is still shown, on its own."""
    for name, run in runs.items():
        facts = None if name in failed else lone_side_facts(name.upper(), run)
        if facts is None:
            continue
        st.header(f"Run {name.upper()}", anchor=False)
        st.dataframe(facts_frame([facts], DEFAULT_CONFIDENCE_THRESHOLD, datetime.now(UTC)),
                     hide_index=True, width="stretch", key=SCOPE.key(f"facts-{name}"))  # fmt: skip
        if run.live and facts.run.reference:
            st.page_link("pages/run.py", label=f"Open run {name.upper()} on its own",
                         query_params={"job_id": facts.run.reference})  # fmt: skip


def show_comparison(a: SideRun, b: SideRun) -> None:
    comparison = load_comparison(PairKey(a.key, b.key, key), a.loaded, b.loaded)
    names = (a.uploaded_name, b.uploaded_name)
    if comparison.same_job:
        how = "one of them an uploaded copy" if not (a.live and b.live) else (
            "asked for in different projects or organizations")  # fmt: skip
        st.info(f"Both sides are the same job, {how}.", icon=":material/content_copy:")
    if comparison.provisional:
        waiting = "this page checks again until both are" if a.live or b.live else (
            "an uploaded copy stays as it was saved")  # fmt: skip
        st.info(f"Provisional: a run is not final yet; {waiting}.",
                icon=":material/hourglass_top:")  # fmt: skip
    render_compare_summary(
        summary_text(comparison, names),
        file_text(comparison.file),
        sides_frame(comparison, datetime.now(UTC), names),
        dict(comparison.data.counts),
    )
    render_table("Config", config_frame(comparison.config), "No config value differs.",
                 SCOPE.key("config"))  # fmt: skip
    render_table("Schema", schema_frame(comparison.schema), "No schema field differs.",
                 SCOPE.key("schema"))  # fmt: skip
    st.header("Data", anchor=False)
    st.text(pairing_text(comparison.data.key))
    for note in comparison.data.notes:
        st.text(note)
    only, query = render_data_controls(SCOPE)
    frame = comparison.data.frame.view()
    shown = only_differences(frame) if only else frame
    shown = shown[filter_rows(shown["Field"], query)] if query else shown
    render_data_table(shown, f"{len(shown):,} of {len(frame):,} fields", SCOPE.key("data"))
    with st.container(horizontal=True):
        st.download_button("Differences as CSV", data=lambda: to_csv_bytes(shown),
                           file_name="comparison.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", key=SCOPE.key("csv"))  # fmt: skip
        for name, run in (("A", a), ("B", b)):
            st.download_button(f"Run {name} JSON", data=run.loaded.body,
                               file_name=f"run-{name.lower()}.json", mime="application/json",
                               on_click="ignore", key=SCOPE.key(f"json-{name}"))  # fmt: skip


comparison_view()
