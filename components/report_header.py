"""The run's at-a-glance numbers: schema conformance, low-confidence fields and usage."""

from __future__ import annotations

import streamlit as st

from components.safe_text import escape_markdown
from run_inspector.analysis.run_report import RunReport


def render_report_header(
    report: RunReport,
    usage: tuple[tuple[str, str], ...],
    usage_note: str | None,
    metadata_problem: str | None,
    threshold: float,
) -> None:
    conformance = report.conformance
    low = report.low_confidence_count(threshold)
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        if not conformance.checked:
            st.badge(conformance.summary, icon=":material/help:", color="gray")
        elif conformance.problems:
            st.badge(conformance.summary, icon=":material/error:", color="red")
        else:
            st.badge(conformance.summary, icon=":material/check_circle:", color="green")
        if len(report.confidences):
            fields = "field" if low == 1 else "fields"
            st.badge(
                f"{low:,} {fields} below {threshold:.0%} confidence",
                icon=":material/warning:" if low else ":material/check_circle:",
                color="orange" if low else "green",
            )
        else:
            st.badge("no confidence scores", icon=":material/help:", color="gray")
        for label, number in usage:
            # A label may be a figure's name as the API sent it; st.metric renders Markdown.
            st.metric(escape_markdown(label), number, width="content")
    if usage_note is not None:
        st.caption(usage_note)  # the app's own sentence
    if metadata_problem is not None:
        st.warning("No usable field metadata:", icon=":material/warning:")
        st.code(metadata_problem, language=None, wrap_lines=True)
    metadata_error = report.extraction.metadata.error
    if metadata_error:
        st.warning(
            "The extractor reported an error in its field metadata:", icon=":material/warning:"
        )
        st.code(metadata_error, language=None, wrap_lines=True)
