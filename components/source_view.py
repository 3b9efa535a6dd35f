"""The source view drawn: which field and page (bound to `?field=&page=`), the cited page
with its boxes, a legend, a row per box with its matching text, and the download."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.download_audit import reported
from components.error_panel import render_api_error
from components.safe_text import escape_markdown
from components.scope import Scope
from run_inspector.api.errors import ApiError
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.share_link import FIELD_PARAM, PAGE_PARAM
from run_inspector.source.view import BoxRow, SourcePage


@dataclass(frozen=True)
class SourceChoice:
    field: str | None
    page: int | None
    all_fields: bool


def render_source_controls(
    fields: Sequence[str],
    pages_of: Callable[[str | None], Sequence[int]],
    step: Callable[[Sequence[int], int], None],
    scope: Scope,
    listing: tuple[int, int] | None = None,
) -> SourceChoice:
    """The field (one of those with a cited page) and the page (one it cites); Previous and
    Next move through the field's cited pages (`step(pages, -1)`, `step(pages, 1)`).
    `listing`: (listed, cited) when the box lists only the first `listed` of `cited` fields.

    Until a field is picked only its box is drawn: the rest would do nothing yet, and each
    widget the run page first shows costs its paint time (measured in docs/performance.md).
    """
    field_col, page_col, nav_col = st.columns([5, 2, 3], vertical_alignment="bottom")
    with field_col:
        field = st.selectbox(
            "Field",
            fields,
            index=None,
            key=FIELD_PARAM,
            bind="query-params",
            placeholder="Pick a field with a citation to see its page",
            help="The source file is fetched only once a field is picked.",
        )
    if listing is not None:
        listed, cited = listing
        st.caption(f"The list holds the first {listed:,} cited fields of {cited:,}. For "
                   "another, select its row in the data table and press Show on page.")  # fmt: skip
    if field is None:
        return SourceChoice(None, None, all_fields=False)
    pages = pages_of(field)
    with page_col:
        page = st.selectbox("Page", pages, index=None, key=PAGE_PARAM, bind="query-params",
                            placeholder="first cited")  # fmt: skip
    with nav_col, st.container(horizontal=True):
        st.button("Previous", icon=":material/chevron_left:", key=scope.key("source-prev"),
                  on_click=step, args=(pages, -1), disabled=len(pages) < 2)  # fmt: skip
        st.button("Next", icon=":material/chevron_right:", key=scope.key("source-next"),
                  on_click=step, args=(pages, 1), disabled=len(pages) < 2)  # fmt: skip
    all_fields = st.toggle("All fields on this page", key=scope.run_key("source-all"),
                           help="Every field cited on this page, one colour each.")  # fmt: skip
    return SourceChoice(field, page, all_fields)


def show_field_on_page(field: str) -> None:
    """“Show on page” from the field table: that field, on its first cited page (the boxes
    are bound to the URL, so the link follows)."""
    st.session_state[FIELD_PARAM] = field
    st.session_state[PAGE_PARAM] = None


def field_shown(field: str) -> bool:
    """Whether the source view's field box holds `field`."""
    return bool(st.session_state.get(FIELD_PARAM) == field)


def render_source_page(
    drawn: SourcePage, file_name: str, scope: Scope, job_ids: Sequence[str] = ()
) -> None:
    """The page drawn, or the sentence saying why it cannot be. `job_ids`: the run's, for
    the audit trail."""
    view = drawn.view
    if view is None:
        st.text(drawn.problem or "The page could not be drawn.")
        if drawn.rows:
            _render_rows(drawn.rows, scope)
        return
    image_col, side_col = st.columns([3, 2])
    with image_col:
        st.image(view.png, alt=view.alt, width="stretch", output_format="PNG")
    with side_col:
        st.caption(f"Page {view.page} of {view.page_count}")
        for note in view.notes:  # notes name fields as the run sent them: plain text
            st.text(f"⚠ {note}")
        legend = pd.DataFrame(
            [(entry.field, entry.colour_name, entry.boxes) for entry in view.legend],
            columns=["Field", "Colour", "Boxes"],
        )
        st.dataframe(legend, hide_index=True, width="stretch", key=scope.key("source-legend"))
        _render_rows(view.rows, scope)
        st.download_button("Download this page (PNG)", data=reported(view.png, job_ids),
                           file_name=file_name,
                           mime="image/png", on_click="ignore", icon=":material/download:",
                           key=scope.key("source-png"))  # fmt: skip


def render_source_problem(problem: Exception | None) -> None:
    """Why the source file could not be fetched: the API's own error, or the download's
    sentence (it names the host at most)."""
    if problem is None:
        return
    if isinstance(problem, ApiError):
        render_api_error(problem)
    else:
        st.warning(escape_markdown(str(problem)), icon=":material/cloud_off:")


@contextmanager
def download_progress(every_s: float = 0.25) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar for the download, redrawn at most every `every_s` (a 100 MB file
    arrives in about 1,600 pieces), gone once it is done."""
    bar = st.progress(0.0, text="Fetching the source file…")
    shown = [0.0]

    def show(received: int, total: int | None) -> None:
        now = time.monotonic()
        if now - shown[0] < every_s:
            return
        shown[0] = now
        fraction = min(received / total, 1.0) if total else 0.0
        bar.progress(fraction, text=f"Fetching the source file… {received / 1e6:,.1f} MB")

    try:
        yield show
    finally:
        bar.empty()


def _render_rows(rows: Sequence[BoxRow], scope: Scope) -> None:
    frame = pd.DataFrame(
        [(row.field, row.box or EMPTY, row.matching_text, row.note) for row in rows],
        columns=["Field", "Box", "Matching text", "Note"],
    )
    st.dataframe(frame, hide_index=True, width="stretch", key=scope.key("source-rows"))
