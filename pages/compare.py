"""The compare page: two runs (`?a=&b=`), what differs in config, schema and data."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from components.compare_inputs import (
    InputCallbacks,
    render_job_picker,
    render_pairing_keys,
    render_side_inputs,
    upload_key,
)
from components.compare_panel import (
    render_compare_summary,
    render_data_controls,
    render_data_table,
    render_downloads,
    render_lone_side,
    render_table,
)
from components.error_panel import render_api_error, render_input_error
from components.page_guard import page_guard
from components.scope import Scope
from loaders.audit import Stopwatch, audit_on_change
from loaders.compare_inputs import (
    Side,
    SideInput,
    given_key_text,
    pick_key,
    read_key,
    read_side,
    seed_sides_scope,
    swap_sides,
    take_apart_pasted_side,
)
from loaders.compare_runs import PairKey, load_comparison
from loaders.compare_sides import (
    SideRun,
    checked_every,
    live_job_ids,
    lone_side_facts,
    side_keys,
    side_run,
    uploaded_side,
    waiting_sides,
)
from loaders.data_access import load_uploaded, read_settings, session_connection
from loaders.navigation import require_app
from loaders.run_inputs import keep_out_links_and_keys, take_input_problem
from loaders.sign_in import gated_fragment
from run_inspector.analysis.data_diff import only_differences
from run_inspector.analysis.diff_filter import filter_diff
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD
from run_inspector.analysis.pairing_keys import pairing_keys
from run_inspector.presentation.compare_link import SIDES
from run_inspector.presentation.compare_text import (
    config_frame,
    facts_frame,
    file_text,
    pairing_text,
    provisional_text,
    same_job_text,
    schema_frame,
    sides_frame,
    summary_text,
)

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("compare")
connection = session_connection()
if not connection.demo:
    settings = read_settings()
    seed_sides_scope(settings.project_id, settings.organization_id)
st.title("Compare runs", anchor=False)
upload_keys = {side: upload_key(SCOPE, side) for side in SIDES}
uploads = [side for side in SIDES if st.session_state.get(upload_keys[side]) is not None]
refresh, pairing_slot = render_side_inputs(
    SCOPE, uploads, given_key_text(),
    InputCallbacks(job=take_apart_pasted_side, scope=keep_out_links_and_keys, swap=swap_sides),
)  # fmt: skip

input_problem = take_input_problem()
if input_problem:
    render_input_error(input_problem)
try:
    a, b = (read_side(side, upload_keys[side]) for side in SIDES)
    key = read_key()
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()
if a is None or b is None:
    st.info("Enter a job ID for each run (A is usually the one that worked), or upload a "
            "run's JSON for a side.", icon=":material/compare_arrows:")  # fmt: skip
    st.stop()
if isinstance(a, SideInput) and a == b:
    st.warning("A and B are the same job: there is nothing to compare.", icon=":material/edit:")
    st.stop()
sides: dict[str, Side] = {"a": a, "b": b}


def read_upload(name: str, side: Side) -> SideRun | None:
    """An uploaded side read once (a list response asks which job); None for a job ID."""
    if isinstance(side, SideInput):
        return None
    read = load_uploaded(side.content, side.digest)
    picked = None
    if read.jobs:
        picked = render_job_picker(name, [job.label for job in read.jobs],
                                   SCOPE.key(f"{name}-job-{side.digest[:16]}"))  # fmt: skip
    return uploaded_side(side, read, picked)


uploaded = {name: read_upload(name, side) for name, side in sides.items()}
if uploads:
    st.caption("This page's link does not carry an uploaded file: share the file with it.")
upload_a, upload_b = uploaded["a"], uploaded["b"]
if upload_a is not None and upload_b is not None and upload_a.key == upload_b.key:
    st.warning("A and B are the same uploaded run: there is nothing to compare.",
               icon=":material/edit:")  # fmt: skip
    st.stop()

watch = Stopwatch()
first = [side_run(connection, sides[name], uploaded[name], force=refresh) for name in SIDES]
audit_on_change("compared", (tuple(side.key for side in first), key), again=refresh,
                job_ids=live_job_ids(*first), base_url=connection.base_url,
                error=next((s.loaded.error for s in first if s.loaded.error), None),
                ms=watch.ms)  # fmt: skip
interval = checked_every(first)
render_pairing_keys(pairing_slot, [k.render() for k in pairing_keys(*map(side_keys, first))],
                    key.render() if key else "", pick_key, SCOPE)  # fmt: skip


@gated_fragment(run_every=interval)
def comparison_view() -> None:
    runs = {name: side_run(connection, sides[name], uploaded[name]) for name in SIDES}
    if checked_every(runs.values()) != interval:
        st.rerun()  # a side turned final, or polling backs off: restart the timer
    failed = [name for name, run in runs.items() if run.loaded.error is not None]
    for name in failed:
        st.header(f"Run {name.upper()} could not be loaded", anchor=False)
        error = runs[name].loaded.error
        if error is not None:
            render_api_error(error)
    with page_guard():
        if not failed:
            show_comparison(runs["a"], runs["b"])
        for name in (n for n in SIDES if failed and n not in failed):
            show_alone(name, runs[name])


def show_alone(name: str, run: SideRun) -> None:
    """The other side failed: this run is still shown, on its own."""
    facts = lone_side_facts(name.upper(), run)
    if facts is not None:
        frame = facts_frame([facts], DEFAULT_CONFIDENCE_THRESHOLD, datetime.now(UTC))
        job = facts.run.reference if run.live else None
        render_lone_side(name.upper(), frame, job, SCOPE.key(f"facts-{name}"))


def show_comparison(a: SideRun, b: SideRun) -> None:
    comparison = load_comparison(PairKey(a.key, b.key, key), a.loaded, b.loaded)
    names = (a.uploaded_name, b.uploaded_name)
    if comparison.same_job:
        st.info(same_job_text(a.live, b.live), icon=":material/content_copy:")
    checked, frozen = waiting_sides([a, b])
    if checked or frozen:
        st.info(provisional_text(len(checked), len(frozen)), icon=":material/hourglass_top:")
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
    for line in (pairing_text(comparison.data.key), *comparison.data.notes):
        st.text(line)
    only, query = render_data_controls(SCOPE)
    frame = comparison.data.frame.view()
    shown = only_differences(frame) if only else frame
    shown = shown[filter_diff(comparison.data, query, shown)] if query else shown
    render_data_table(shown, f"{len(shown):,} of {len(frame):,} fields", SCOPE.key("data"))
    render_downloads(shown, a.loaded.body, b.loaded.body, live_job_ids(a, b), SCOPE)


comparison_view()
