"""The whole run as JSON, and downloads: run, data, field table, schema and problems."""

from __future__ import annotations

import json

import streamlit as st

from run_inspector.views.conformance import problems_frame
from run_inspector.views.csv_export import to_csv_bytes
from run_inspector.views.run_report import RunReport, data_export, field_export


def render_raw(report: RunReport) -> None:
    run = report.run
    job = run.job_id or run.id
    # Files are built only when clicked (callable data, on_click="ignore"): no rerun, no cost.
    with st.container(horizontal=True, wrap=True):
        st.download_button(
            "Run JSON",
            data=lambda: run.model_dump_json(indent=2).encode(),
            file_name=f"run-{job}.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "Data CSV",
            data=lambda: to_csv_bytes(data_export(report)),
            file_name=f"data-{job}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            disabled=report.kind == "empty",
        )
        st.download_button(
            "Field table CSV",
            data=lambda: to_csv_bytes(field_export(report)),
            file_name=f"fields-{job}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table_rows:",
            disabled=report.kind == "empty",
            help="Every field with its value, schema, confidence, citations and problems.",
        )
        st.download_button(
            "Schema JSON",
            data=lambda: json.dumps(run.data_schema, indent=2, ensure_ascii=False).encode(),
            file_name=f"schema-{job}.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/schema:",
        )
        st.download_button(
            "Problems CSV",
            data=lambda: to_csv_bytes(problems_frame(report.conformance)),
            file_name=f"problems-{job}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/rule:",
            disabled=not report.conformance.problems,
        )
    with st.expander("Raw run JSON"):
        st.json(run.model_dump(mode="json"), expanded=2)
