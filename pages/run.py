"""The run page: a job ID, bound to `?job_id=`, opens one extraction run whole."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from components.compare_with import render_compare_with, render_compare_with_outcome
from components.demo_banner import render_demo_banner
from components.error_panel import render_api_error, render_input_error
from components.page_guard import page_guard
from components.run_view import render_run
from components.scope import Scope
from components.scope_inputs import render_scope_inputs
from components.share_link import render_share_link
from components.source_view import (
    download_progress,
    render_source_controls,
    render_source_page,
    render_source_problem,
)
from loaders.audit import Stopwatch, audit_on_change
from loaders.compare_with import follow_compare_with, previous_label
from loaders.data_access import load_run, read_settings, session_connection
from loaders.navigation import require_app
from loaders.run_inputs import (
    keep_out_links_and_keys,
    open_job,
    scope_ids,
    seed,
    seed_scope,
    take_apart_pasted_link,
    take_input_problem,
)
from loaders.sign_in import gated_fragment
from loaders.source_view import (
    chosen_fields,
    load_source,
    run_token,
    source_choice_given,
    source_key,
    source_page,
    step_cited_page,
)
from run_inspector.analysis.polling import poll_interval
from run_inspector.api.errors import NotFoundError
from run_inspector.demo.samples import (
    DEFAULT_DEMO_JOB_ID,
    DEMO_BATCH_IDS,
    DEMO_COMPARE_PAIR,
    DEMO_SAMPLES,
    DEMO_SOURCE_FIELD,
    DEMO_SOURCE_JOB_ID,
)
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.loading.run_view import build_run_view
from run_inspector.presentation.file_summary import expiry_state
from run_inspector.presentation.share_link import share_link
from run_inspector.references.job_reference import parse_job_reference
from run_inspector.source.field_list import list_cited_fields

require_app()  # before anything is drawn: see loaders/navigation.py

# The inputs bound to the URL keep their plain names (job_id, …) so links keep working;
# everything the run's components make is scoped.
SCOPE = Scope("run")

connection = session_connection()
if connection.demo:
    seed("job_id", DEFAULT_DEMO_JOB_ID)
else:
    settings = read_settings()
    seed_scope(settings.project_id, settings.organization_id)

st.title("Run Inspector", anchor=False)
job_col, project_col, org_col, refresh_col = st.columns([4, 3, 3, 1.3], vertical_alignment="bottom")
with job_col:
    st.text_input(
        "Job ID",
        key="job_id",
        bind="query-params",
        placeholder="182bd5e5-6e1a-… or ext-…",
        on_change=take_apart_pasted_link,
        help="A v1 run's job UUID, an Extract v2 job ID (ext-…), or a whole share link.",
    )
render_scope_inputs(project_col, org_col, keep_out_links_and_keys)
with refresh_col:
    refresh = st.button("Refresh", icon=":material/refresh:", help="Fetch the run again now.")

if connection.demo:
    render_demo_banner(
        DEMO_SAMPLES,
        st.session_state.get("job_id", ""),
        open_job,
        SCOPE,
        DEMO_BATCH_IDS,
        DEMO_COMPARE_PAIR,
        (DEMO_SOURCE_JOB_ID, DEMO_SOURCE_FIELD),
    )

input_problem = take_input_problem()
if input_problem:
    render_input_error(input_problem)
    st.stop()
try:
    job = parse_job_reference(st.session_state.get("job_id"))
    project_id, organization_id = scope_ids()
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()

answered_by = "the bundled demo samples" if connection.demo else connection.base_url
# st.context.url is unset outside a browser session (AppTest); a relative link still works.
shown_field, shown_page = source_choice_given()
render_share_link(share_link(st.context.url or "/", job.job_id, project_id, organization_id,
                             shown_field, shown_page))  # fmt: skip
watch = Stopwatch()
first = load_run(connection, job, project_id, organization_id, force=refresh)
audit_on_change("run_opened", (job.job_id, project_id, organization_id), again=refresh,
                job_ids=[job.job_id], api_version=job.api_version, base_url=connection.base_url,
                error=first.error, ms=watch.ms)  # fmt: skip
if first.extraction is not None:
    run_scope = SCOPE.for_run(job.job_id)
    choice = render_compare_with(run_scope, previous_label(first.extraction))
    outcome = follow_compare_with(choice.other_job, choice.previous, connection,
                                  first.extraction, project_id, organization_id,
                                  note_key=run_scope.run_key("previous-note"))  # fmt: skip
    render_compare_with_outcome(outcome.problem, outcome.error, outcome.note, outcome.compare)
interval = poll_interval(first.extraction)


@gated_fragment(run_every=interval)
def live_run() -> None:
    loaded = load_run(connection, job, project_id, organization_id)
    if poll_interval(loaded.extraction) != interval:
        st.rerun()  # the run turned final, or polling backs off: restart the timer
    if loaded.error is not None:
        render_api_error(loaded.error)
        return
    with page_guard():  # a timer-driven fragment rerun does not pass through app.py's guard
        view = build_run_view(loaded, interval, answered_by=answered_by)
        if view is not None:
            render_run(view, SCOPE, runs_page="pages/runs.py")


live_run()


def show_source(loaded: LoadedRun) -> None:
    """The cited page of a field, with its boxes: fetched only once a field is picked."""
    extraction = loaded.extraction
    fields = loaded.derived("cited-fields", list_cited_fields)
    if extraction is None or not fields.cited:
        return
    st.header("Source page", anchor=False)
    scope = SCOPE.for_run(job.job_id)
    choice = render_source_controls(fields.options(source_choice_given()[0]), fields.pages_of,
                                    step_cited_page, scope, fields.listing)  # fmt: skip
    if choice.field is None:
        return
    if not extraction.file_id:
        st.text("This run names no source file, so its pages cannot be drawn.")
        return
    expires_at = extraction.file.expires_at if extraction.file is not None else None
    if expiry_state(expires_at, datetime.now(UTC)) == "expired":
        st.text("The source file has expired: LlamaCloud no longer keeps it, so its pages "
                "cannot be drawn.")  # fmt: skip
        return
    key = source_key(connection, extraction.file_id, project_id, organization_id)
    watch = Stopwatch()
    with download_progress() as progress:
        source = load_source(connection, key, progress)
    audit_on_change("source_viewed", (job.job_id, choice.field, choice.page, choice.all_fields),
                    job_ids=[job.job_id], api_version=job.api_version,
                    base_url=connection.base_url, error=source.problem, ms=watch.ms)  # fmt: skip
    if source.problem is not None or source.content is None:
        if connection.demo and isinstance(source.problem, NotFoundError):
            st.text("The demo serves the source file of one run only: open “Invoice · source "
                    "page (PDF)” in the banner above.")  # fmt: skip
            return
        render_source_problem(source.problem)
        return
    drawn_fields, page = chosen_fields(fields, choice.field, choice.page, choice.all_fields)
    drawn = source_page(source.content, source.digest, fields.cited, drawn_fields, page,
                        run_token(loaded))  # fmt: skip
    render_source_page(drawn, f"{job.job_id}-page-{page}.png", scope, (job.job_id,))


if first.extraction is not None:
    with page_guard():
        show_source(first)
