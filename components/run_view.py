"""Lays out one loaded run: status, numbers, data beside schema, problems, config, file, raw."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from components.config_panel import render_config
from components.data_schema_panel import render_data_and_schema
from components.file_panel import render_file
from components.problems_panel import render_problems
from components.raw_panel import render_raw
from components.report_header import render_report_header
from components.status_panel import render_status
from components.view_controls import render_view_controls
from run_inspector.analysis.config_rows import config_rows, system_prompt_text
from run_inspector.analysis.run_report import build_run_report
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.presentation.file_summary import file_summary
from run_inspector.presentation.status_summary import checked_text, status_summary


def render_run(loaded: LoadedRun, poll_every: float | None, *, uploaded: bool = False) -> None:
    run = loaded.run
    if run is None:
        return
    now = datetime.now(UTC)
    fetched = datetime.fromtimestamp(loaded.fetched_at, UTC)
    origin = (
        f"Opened from an uploaded file at {fetched:%H:%M:%S} UTC."
        if uploaded
        else checked_text(fetched, now, poll_every)
    )
    render_status(status_summary(run, now), origin)
    report = loaded.derived("report", build_run_report)
    query, threshold = render_view_controls()
    render_report_header(report, threshold)
    render_data_and_schema(report, query, threshold)
    render_problems(report.conformance)
    config_col, file_col = st.columns(2, border=True, gap="medium")
    with config_col:
        config = loaded.derived("config_rows", lambda r: config_rows(r.config))
        render_config(config, system_prompt_text(run.config))
    with file_col:
        render_file(file_summary(run.file, now))
    render_raw(report, loaded.body)
