"""The whole run as JSON, with downloads of the run and of its data as CSV."""

from __future__ import annotations

import streamlit as st

from run_inspector.models import ExtractRun
from run_inspector.views.csv_export import to_csv_bytes
from run_inspector.views.data_tables import DataTables


def render_raw(run: ExtractRun, tables: DataTables) -> None:
    job = run.job_id or run.id
    with st.container(horizontal=True):
        st.download_button(
            "Download run JSON",
            data=lambda: run.model_dump_json(indent=2).encode(),
            file_name=f"run-{job}.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "Download data CSV",
            data=lambda: to_csv_bytes(tables.main),
            file_name=f"data-{job}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            disabled=tables.kind == "empty",
        )
    with st.expander("Raw run JSON"):
        st.json(run.model_dump(mode="json"), expanded=2)
