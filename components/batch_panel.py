"""The batch page's parts: what the input held, the counts, the table while it fills."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.download_audit import reported
from components.runs_table import render_runs_table
from components.scope import Scope
from components.table_styles import fitted_height
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.batch_table import LOW_CONFIDENCE, SCHEMA_PROBLEMS, input_report
from run_inspector.presentation.csv_export import to_csv_bytes
from run_inspector.presentation.run_rows import LINK, NOTE
from run_inspector.references.job_list import JobList

_TEXT = st.column_config.TextColumn


def render_input_report(batch: JobList) -> None:
    """How many jobs the batch holds, and what of the input was left out and why."""
    st.text(input_report(batch))
    if batch.rejected:
        with st.expander(f"Entries left out ({batch.rejected_count:,})"):
            frame = pd.DataFrame(
                [(entry.shown, entry.reason) for entry in batch.rejected],
                columns=["Entry", "Why"],
            )
            st.dataframe(frame, hide_index=True, width="stretch")
            if batch.rejected_count > len(batch.rejected):
                st.text(f"The first {len(batch.rejected):,} are listed.")


def render_counts(counts: Sequence[tuple[str, int]]) -> None:
    """One figure per outcome, e.g. 31 done, 4 failed, 3 not found."""
    with st.container(horizontal=True, wrap=True):
        for name, count in counts:
            st.metric(name, f"{count:,}", width="content")


class BatchProgress:
    """A progress bar and, below it, the rows that have arrived, while a batch is fetched."""

    def __init__(self, starting: str) -> None:
        self._bar = st.progress(0.0, text=starting)
        self._preview = st.empty()

    def show(self, fraction: float, text: str, arrived: pd.DataFrame) -> None:
        self._bar.progress(fraction, text=text)
        with self._preview:
            render_batch_preview(arrived)

    def clear(self) -> None:
        self._bar.empty()
        self._preview.empty()


def render_batch_preview(rows: pd.DataFrame) -> None:
    """The rows that have arrived, while the rest are fetched: no selection, no key."""
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=fitted_height(len(rows), max_rows=25),
        column_order=[c for c in rows.columns if c != LINK],
        column_config=BATCH_COLUMN_CONFIG,
        placeholder=EMPTY,  # not "None": a count not made yet, or a row that has none
    )


# The batch's own columns, for this preview and for the runs table that follows it.
BATCH_COLUMN_CONFIG = {
    "Status": _TEXT(width="small"),
    "Version": _TEXT(width="small"),
    "Error": _TEXT(width="large"),
    SCHEMA_PROBLEMS: st.column_config.NumberColumn(
        help="Problems against the run's JSON schema; counted once the run is final."
    ),
    LOW_CONFIDENCE: st.column_config.NumberColumn(
        help="Fields the extractor was less confident of; counted once the run is final."
    ),
    NOTE: _TEXT(width="medium"),
}


@dataclass(frozen=True)
class BatchChoice:
    """What the person asked for below the table: a run to open, or failed rows to retry."""

    open_job: str | None = None
    retry: bool = False


def render_batch_table(
    frame: pd.DataFrame,
    csv_frame: pd.DataFrame,
    counts: Sequence[tuple[str, int]],
    failed: int,
    scope: Scope,
) -> BatchChoice:
    """The counts, the table (rows selectable) and its actions; returns what was clicked.

    `csv_frame` is what the download holds: the table, with links that work outside the app.
    """
    render_counts(counts)
    selected = render_runs_table(frame, scope, BATCH_COLUMN_CONFIG)
    jobs = [str(frame.iloc[i]["Job ID"]) for i in selected]
    with st.container(horizontal=True, vertical_alignment="center"):
        open_run = st.button(
            "Open run",
            icon=":material/open_in_new:",
            disabled=len(jobs) != 1,
            help="Opens the selected run (select one).",
            key=scope.key("open"),
        )
        retry = st.button(
            f"Retry failed rows ({failed:,} not fetched)",
            icon=":material/replay:",
            disabled=not failed,
            key=scope.key("retry"),
            help=(
                "Fetches again only the rows that could not be fetched (not found, no access, "
                "timed out…). Jobs that ran and failed are final: their rows stay."
            ),
        )
        st.download_button(
            "Table as CSV",
            data=reported(lambda: to_csv_bytes(csv_frame), [str(j) for j in frame["Job ID"]]),
            file_name="batch.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key=scope.key("csv"),
        )
    return BatchChoice(open_job=jobs[0] if open_run and len(jobs) == 1 else None, retry=retry)
