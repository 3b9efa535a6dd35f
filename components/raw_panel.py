"""The whole run as JSON, and downloads: run, data, field table, schema and problems."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from components.download_audit import reported
from components.scope import Scope
from components.table_styles import fitted_code_height
from run_inspector.analysis.conformance import problems_frame
from run_inspector.analysis.run_report import RunReport, data_export, field_export
from run_inspector.presentation.csv_export import safe_file_part, to_csv_bytes
from run_inspector.presentation.raw_json import raw_json_text

JSON_MIME = "application/json"
CSV_MIME = "text/csv"


@dataclass(frozen=True)
class Download:
    label: str
    build: Callable[[], bytes]
    file_name: str
    mime: str
    icon: str
    disabled: bool = False
    help: str | None = None


def render_raw(report: RunReport, body: bytes, scope: Scope) -> None:
    """`body` is the run exactly as received; the download gives it back byte for byte."""
    extraction = report.extraction
    job = safe_file_part(extraction.reference)
    job_ids = (extraction.job_id,) if extraction.job_id else ()
    no_data = report.kind == "empty"
    downloads = (
        Download("Run JSON", lambda: body,
                 f"run-{job}.json", JSON_MIME, ":material/download:"),
        Download("Data CSV", lambda: to_csv_bytes(data_export(report)), f"data-{job}.csv",
                 CSV_MIME, ":material/table:", disabled=no_data),
        Download("Field table CSV", lambda: to_csv_bytes(field_export(report)),
                 f"fields-{job}.csv", CSV_MIME, ":material/table_rows:", disabled=no_data,
                 help="Every field with its value, schema, confidence, citations and problems."),
        Download("Schema JSON",
                 lambda: json.dumps(dict(extraction.schema), indent=2, ensure_ascii=False).encode(),
                 f"schema-{job}.json", JSON_MIME, ":material/schema:"),
        Download("Problems CSV", lambda: to_csv_bytes(problems_frame(report.conformance)),
                 f"problems-{job}.csv", CSV_MIME, ":material/rule:",
                 disabled=not report.conformance.problems),
    )  # fmt: skip
    # Files are built only when clicked (callable data, on_click="ignore"): no rerun, no cost.
    with st.container(horizontal=True, wrap=True):
        for item in downloads:
            st.download_button(
                item.label,
                data=reported(item.build, job_ids),
                file_name=item.file_name,
                mime=item.mime,
                on_click="ignore",
                key=scope.key(f"download-{item.label}"),
                icon=item.icon,
                disabled=item.disabled,
                help=item.help,
            )
    # Rendered only while open: a highlighted copy of a large body is costly in the browser.
    with st.expander("Raw run JSON", key=scope.key("raw_json"), on_change="rerun") as raw:
        if raw.open:
            text, note = raw_json_text(body)
            if note:
                st.caption(note)
            height = fitted_code_height(text, max_lines=30, height=600)
            # Plain, not highlighted: Streamlit's JSON token colours fail WCAG contrast (2.7:1
            # on its code background), and highlighting a large body is slow in the browser.
            st.code(text, language=None, wrap_lines=True, height=height)
