"""The run's status: badge, error, times, ids, and when the page last checked."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from run_inspector.presentation.status_summary import StatusSummary

IDS_PER_ROW = 3


def badge_text(label: str) -> str:
    """Badges render Markdown and show escapes literally, so they get plain words only."""
    plain = re.sub(r"[^\w .-]+", " ", label).strip()
    return plain[:40] or "Unknown"


def render_status(
    summary: StatusSummary,
    source: str,
    checked_text: str,
    other_fields: tuple[tuple[str, str], ...],
) -> None:
    with st.container(border=True):
        st.text(source)  # plain text: it names a base URL, which must not become a link
        with st.container(horizontal=True, vertical_alignment="center"):
            st.badge(badge_text(summary.badge_label), color=summary.badge_color)
            if summary.status_problem:
                sent = f"{summary.status} " if summary.status else ""
                st.text(f"status: {sent}({summary.status_problem})")
            elif badge_text(summary.badge_label) != summary.badge_label:
                st.text(f"status: {summary.status}")  # the exact value the badge simplifies
            st.text(f"Created {summary.created_text}")
            st.text(f"Updated {summary.updated_text}")
            st.text(summary.duration_text)
        st.caption(checked_text)
        if summary.error:
            st.error("**The run failed with this error:**", icon=":material/error:")
            st.code(summary.error, language=None, wrap_lines=True)
        # Three per row keeps a whole UUID visible; plain text keeps the syntax highlighter
        # that code blocks load out of the first paint.
        for start in range(0, len(summary.ids), IDS_PER_ROW):
            columns = st.columns(IDS_PER_ROW)
            for column, (label, value) in zip(
                columns, summary.ids[start : start + IDS_PER_ROW], strict=False
            ):
                with column:
                    st.caption(label)
                    st.text(value)
        if other_fields:
            st.caption("Other fields: unknown to this app, or unreadable, shown as sent")
            frame = pd.DataFrame(other_fields, columns=["Field", "Value"])
            st.dataframe(frame, hide_index=True, width="stretch", height="content")
