"""The runs page: an agent's v1 runs, or the Extract v2 job list; every choice is in the URL."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import streamlit as st

from components.download_audit import reported
from components.error_panel import render_api_error, render_input_error
from components.runs_table import render_runs_table
from components.scope import Scope
from components.scope_inputs import render_scope_inputs
from loaders.audit import Stopwatch, audit_on_change
from loaders.data_access import session_connection
from loaders.list_inputs import (
    CURSOR_PARAM,
    choose_agent,
    choose_api,
    first_page,
    has_way_back,
    linked_agent,
    linked_api,
    next_page,
    previous_page,
    remember_page,
    requested_page,
    restart_paging,
)
from loaders.navigation import require_app
from loaders.run_inputs import keep_out_links_and_keys, scope_ids, take_input_problem
from loaders.run_lists import (
    ListScope,
    V1RunsQuery,
    V2JobsQuery,
    load_agents,
    load_v1_runs,
    load_v2_jobs,
)
from run_inspector.presentation.compare_link import compare_query
from run_inspector.presentation.csv_export import to_csv_bytes
from run_inspector.presentation.run_lists import (
    PAGE_SIZES,
    V1_STATUSES,
    V2_STATUSES,
    agent_labels,
    count_caption,
    end_of_day,
    keep_status,
    match_file,
    start_of_day,
)
from run_inspector.presentation.run_rows import LINK, run_rows

require_app()  # before anything is drawn: see loaders/navigation.py

SCOPE = Scope("runs")
ANY = "any status"


def bound_text(label: str, key: str, placeholder: str | None = None) -> str | None:
    """A filter box bound to the URL; a change starts the list from its first page."""
    value = st.text_input(
        label, key=key, bind="query-params", on_change=restart_paging, placeholder=placeholder
    )
    return value.strip() or None


connection = session_connection()
st.title("Runs", anchor=False)
# Not bound: a bound control writes its label to the URL; the URL holds "v1" or "v2".
api_key = SCOPE.key("api")
v2 = (
    st.segmented_control(
        "Which runs",
        ["v1", "v2"],
        default=linked_api(),
        required=True,
        format_func={"v1": "v1 runs of an agent", "v2": "Extract v2 jobs"}.__getitem__,
        key=api_key,
        on_change=choose_api,
        args=(api_key,),
    )
    == "v2"
)
project_col, org_col, size_col, refresh_col = st.columns(
    [3, 3, 2, 1.3], vertical_alignment="bottom"
)
render_scope_inputs(project_col, org_col, keep_out_links_and_keys)
with size_col:
    size = int(st.selectbox("Page size", PAGE_SIZES, key="page_size", bind="query-params",
                            on_change=restart_paging))  # fmt: skip
with refresh_col:
    refresh = st.button("Refresh", icon=":material/refresh:", help="List again now.")

problem = take_input_problem()
if problem:
    render_input_error(problem)
    st.stop()
try:
    scope = ListScope(*scope_ids())
except ValueError as exc:
    render_input_error(str(exc))
    st.stop()

statuses = V2_STATUSES if v2 else V1_STATUSES
filter_cols = st.columns(5 if v2 else 2, vertical_alignment="bottom")
with filter_cols[0]:
    if v2:
        agent_id = None
        file_input = bound_text("File input", "file_input", placeholder="dfl-… or pjb-…")
    else:
        linked = linked_agent()
        agents = load_agents(connection, scope, force=refresh)
        if agents.error is not None or agents.value is None:
            if agents.error is not None:
                render_api_error(agents.error)
            st.stop()
        names = agent_labels(agents.value[0], linked)
        # Not bound: a bound select box writes its label to the URL; the URL holds the ID.
        agent_key = SCOPE.key("agent")
        agent_id = st.selectbox("Extraction agent", list(names),
                                index=list(names).index(linked) if linked in names else None,
                                format_func=names.__getitem__, key=agent_key,
                                on_change=choose_agent, args=(agent_key,),
                                placeholder="Pick an agent")  # fmt: skip
with filter_cols[1]:
    status = st.selectbox("Status", statuses, format_func=lambda s: s or ANY, key="status",
                          bind="query-params", on_change=restart_paging) or None  # fmt: skip
if v2:
    with filter_cols[2]:
        configuration_id = bound_text("Saved configuration", "configuration_id")
    with filter_cols[3]:
        created_from = st.date_input("Created from (UTC)", value=None, key="created_from",
                                     bind="query-params", on_change=restart_paging)  # fmt: skip
    with filter_cols[4]:
        created_to = st.date_input("Created to (UTC)", value=None, key="created_to",
                                   bind="query-params", on_change=restart_paging)  # fmt: skip
    query = V2JobsQuery(
        size,
        st.query_params.get(CURSOR_PARAM) or None,
        status,
        configuration_id,
        file_input,
        start_of_day(created_from if not isinstance(created_from, tuple) else None),
        end_of_day(created_to if not isinstance(created_to, tuple) else None),
    )
    watch = Stopwatch()
    listed = load_v2_jobs(connection, scope, query, force=refresh)
    audit_on_change("runs_listed", (scope, query), again=refresh, api_version="v2",
                    base_url=connection.base_url, error=listed.error, ms=watch.ms)  # fmt: skip
else:
    if agent_id is None:
        st.info("Pick an extraction agent to list its runs.", icon=":material/table_rows:")
        st.stop()
    page_number = requested_page()
    v1_query = V1RunsQuery(agent_id, (page_number - 1) * size, size, status)
    watch = Stopwatch()
    listed = load_v1_runs(connection, scope, v1_query, force=refresh)
    audit_on_change("runs_listed", (scope, v1_query), again=refresh, api_version="v1",
                    base_url=connection.base_url, error=listed.error, ms=watch.ms)  # fmt: skip

if listed.error is not None or listed.value is None:
    if listed.error is not None:
        render_api_error(listed.error)
    st.stop()
page = listed.value
summaries, hidden = keep_status(page.summaries, status)
rows = run_rows(summaries, datetime.now(UTC), project_id=scope.project_id,
                organization_id=scope.organization_id)  # fmt: skip
file_part = st.text_input(
    "File contains",
    key="file_contains",
    bind="query-params",
    help="Narrows the rows shown on this page by file name or file input.",
)
shown = rows[match_file(rows, file_part)]
st.caption(count_caption(len(shown), page, v2=v2, hidden_by_status=hidden))
for note in page.problems:
    st.text(note)
selected = render_runs_table(shown, SCOPE.for_run(f"{listed.fetched_at}"))

with st.container(horizontal=True, vertical_alignment="center"):
    jobs = [str(shown.iloc[i]["Job ID"]) for i in selected if isinstance(shown.iloc[i][LINK], str)]
    if st.button("Open run", icon=":material/open_in_new:", disabled=len(jobs) != 1,
                 help="Opens the selected run (select one).", key=SCOPE.key("open")):  # fmt: skip
        # Only the job: the project and organization boxes carry over (same keys), and
        # Streamlit refuses to set a query parameter bound to a widget.
        st.switch_page("pages/run.py", query_params={"job_id": jobs[0]})
    # Newest first: the older of two selected runs is A, the one that (usually) worked.
    if st.button("Compare", icon=":material/compare_arrows:", disabled=len(jobs) != 2,
                 help="Compares the two selected runs.", key=SCOPE.key("compare")):  # fmt: skip
        st.switch_page("pages/compare.py", query_params=compare_query(
            jobs[1], jobs[0], scope.project_id, scope.organization_id))  # fmt: skip
    st.download_button("Page as CSV", data=reported(lambda: to_csv_bytes(shown),
                                                    [str(job) for job in shown["Job ID"]]),
                       file_name="runs.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:",
                       key=SCOPE.key("csv"))  # fmt: skip
    if v2:
        token = st.query_params.get(CURSOR_PARAM)
        if has_way_back():
            st.button("Previous", on_click=previous_page, key=SCOPE.key("previous"))
        elif token:
            st.button("First page", on_click=first_page, key=SCOPE.key("first"))
        if page.next_page_token:
            st.button("Next", on_click=next_page, args=(token, page.next_page_token),
                      key=SCOPE.key("next"))  # fmt: skip
if not v2 and page.total is not None:
    pages = max(1, math.ceil(page.total / size))
    widget_key = SCOPE.key(f"page-{agent_id}-{status}-{size}-{scope}")
    st.pagination(pages, default=min(page_number, pages), key=widget_key,
                  on_change=remember_page, args=(widget_key,))  # fmt: skip
