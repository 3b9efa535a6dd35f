"""Lays out one built run view: status, numbers, data beside schema, problems, config, file, raw."""

from __future__ import annotations

import streamlit as st

from components.config_panel import render_config
from components.data_schema_panel import render_data_and_schema
from components.file_panel import render_file
from components.problems_panel import render_problems
from components.raw_panel import render_raw
from components.report_header import render_report_header
from components.scope import Scope
from components.status_panel import render_status
from components.view_controls import render_view_controls
from run_inspector.loading.run_view import RunView


def render_run(view: RunView, scope: Scope, runs_page: str | None = None) -> None:
    """`scope` names this view's keys: two views with different scopes can share a page.

    `runs_page` is the runs page to link related runs to, when the app has one.
    """
    run_scope = scope.for_run(view.run_token)
    render_status(view.status, view.source, view.origin, view.other_fields)
    if view.related is not None and runs_page is not None:
        st.page_link(runs_page, label=view.related.label,
                     query_params=dict(view.related.query))  # fmt: skip
    query, threshold = render_view_controls(scope)
    render_report_header(view.report, view.usage, view.usage_note, view.metadata_problem, threshold)
    render_data_and_schema(view, query, threshold, run_scope)
    render_problems(view.report.conformance)
    config_col, file_col = st.columns(2, border=True, gap="medium")
    with config_col:
        render_config(
            view.config.view(),
            view.extraction.system_prompt,
            view.config_problem,
            view.configuration_note,
        )
    with file_col:
        render_file(view.file)
    render_raw(view.report, view.body, scope)
