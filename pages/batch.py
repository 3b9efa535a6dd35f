"""The batch page: many job IDs at once, checked 10 at a time, in one table with counts."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime

import streamlit as st

from components.batch_panel import BatchProgress, render_batch_table, render_input_report
from components.error_panel import render_input_error
from components.page_guard import page_guard
from components.scope import Scope
from components.scope_inputs import render_scope_inputs
from loaders.audit import Stopwatch, audit_on_change
from loaders.batch_inputs import (
    FILE_KEY,
    MAX_FILE_MB,
    MAX_LINKED_IDS,
    TEXT_KEY,
    check_pasted,
    current_batch,
    remember_text,
    restore_batch,
    shareable,
    take_file,
    use_batch,
)
from loaders.batch_runs import ask_retry, batch_keys, fill_rows, retry_asked, session_rows
from loaders.data_access import read_settings, session_connection
from loaders.navigation import require_app
from loaders.run_inputs import keep_out_links_and_keys, scope_ids, seed_scope, take_input_problem
from loaders.sign_in import gated_fragment
from run_inspector.demo.samples import DEMO_BATCH_IDS
from run_inspector.loading.batch_rows import BatchKey, refresh_every
from run_inspector.model.json_text import count_text
from run_inspector.presentation.batch_table import (
    batch_frame,
    outcome_counts,
    progress_text,
    with_page_links,
)
from run_inspector.references.job_list import JobList

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("batch")

connection = session_connection()
if not connection.demo:
    settings = read_settings()
    seed_scope(settings.project_id, settings.organization_id)
restore_batch()

st.title("Batch", anchor=False)
ids_col, file_col = st.columns([3, 2])
with ids_col:
    st.text_area(
        "Job IDs",
        key=TEXT_KEY,
        on_change=remember_text,
        height=140,
        placeholder="182bd5e5-6e1a-…, ext-…\nSpaces, commas, semicolons, new lines or a "
        "spreadsheet column",
        help="v1 UUIDs and Extract v2 ext-… IDs, mixed; up to 500. Duplicates are dropped.",
    )
with file_col:
    st.file_uploader(
        "Or upload a list (.txt or .csv)",
        type=["txt", "csv"],
        key=FILE_KEY,
        on_change=take_file,
        max_upload_size=MAX_FILE_MB,
        help="Every cell that is a job ID counts; a header and other columns are ignored.",
    )
project_col, org_col, check_col = st.columns([3, 3, 1.3], vertical_alignment="bottom")
render_scope_inputs(project_col, org_col, keep_out_links_and_keys)
with check_col:
    st.button("Check", type="primary", icon=":material/checklist:", on_click=check_pasted,
              key=SCOPE.key("check"), help="Checks the job IDs in the box.")  # fmt: skip
if connection.demo:
    st.button("Check the demo jobs (and one unknown ID)", on_click=use_batch,
              args=(DEMO_BATCH_IDS,), key=SCOPE.key("demo"))  # fmt: skip

problem = take_input_problem()
if problem:
    render_input_error(problem)
    st.stop()
try:
    project_id, organization_id = scope_ids()
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()

batch = current_batch()
if batch is None:
    st.info("Paste job IDs or upload a list, then press Check.", icon=":material/checklist:")
    st.stop()
render_input_report(batch)
if not batch.jobs:
    st.stop()

keys = batch_keys(connection, batch.jobs, project_id, organization_id)
rows = session_rows(keys)


def check(wanted: list[BatchKey], *, force: bool = False) -> None:
    """Fetch these rows, showing progress and the rows so far, then clear both."""
    progress = BatchProgress(f"Checking {count_text(len(wanted), 'job')}…")

    def show(done: int, slowed: int) -> None:
        arrived = batch_frame([rows[key] for key in keys if key in rows], datetime.now(UTC))
        progress.show(done / len(wanted), progress_text(done, len(wanted), slowed), arrived)

    fill_rows(connection, rows, wanted, force=force, on_progress=show)
    progress.clear()


watch = Stopwatch()
if todo := [key for key in keys if key not in rows]:
    check(todo)
not_fetched = sum(rows[key].failed for key in keys)
audit_on_change("batch_started", (tuple(batch.ids), project_id, organization_id),
                job_ids=batch.ids, base_url=connection.base_url,
                outcome=f"not_fetched:{not_fetched}" if not_fetched else "ok",
                ms=watch.ms)  # fmt: skip
if retry_asked() and (failed := [key for key in keys if rows[key].failed]):
    check(failed, force=True)
interval = refresh_every(rows.values())
batch_token = hashlib.sha256(",".join(batch.ids).encode()).hexdigest()[:12]


@gated_fragment(run_every=interval)
def batch_results(batch: JobList) -> None:
    if due := [key for key in keys if rows[key].due(time.time())]:
        note = st.empty()  # drawn to while waiting, so a click is noticed at once

        def say(done: int, _slowed: int) -> None:
            note.caption(f"Checking {count_text(len(due), 'running job')} again: {done:,} done")

        # Forced: the run page's schedule decides, not how long the cache keeps the row.
        fill_rows(connection, rows, due, force=True, on_progress=say)
        note.empty()
    if refresh_every(rows.values()) != interval:
        st.rerun()  # a run turned final, or another is due sooner: restart the timer
    with page_guard():  # a timer-driven fragment rerun does not pass through app.py's guard
        ordered = [rows[key] for key in keys]
        frame = batch_frame(ordered, datetime.now(UTC))
        choice = render_batch_table(
            frame,
            with_page_links(frame, st.context.url),
            outcome_counts(ordered),
            failed=sum(row.failed for row in ordered),
            scope=SCOPE.for_run(batch_token),
        )
        if not shareable(batch):
            st.text(
                f"This batch has {len(batch.jobs):,} job IDs: too many to share as a link "
                f"(a link carries up to {MAX_LINKED_IDS}). Share the CSV instead."
            )
        if choice.open_job is not None:
            # Only the job: the run page's project and organization boxes share this page's
            # keys, so they carry over (and Streamlit refuses to set a bound parameter).
            st.switch_page("pages/run.py", query_params={"job_id": choice.open_job})
        if choice.retry:
            ask_retry()
            st.rerun()  # the whole page: it shows the progress of the retry


batch_results(batch)
