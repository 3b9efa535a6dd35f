"""The run page's "Compare with…": another job ID, or the run before this one on its file."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.error_panel import render_api_error, render_input_error
from components.scope import Scope
from run_inspector.api.errors import ApiError


@dataclass(frozen=True)
class CompareWithChoice:
    """What the person asked for on this run: a job ID typed (and sent), or the previous run."""

    other_job: str | None
    previous: bool


def render_compare_with(scope: Scope, previous_label: str) -> CompareWithChoice:
    """`scope` is the run's, so a job typed for one run is not offered for the next."""
    with st.popover("Compare with…", icon=":material/compare_arrows:"):
        with st.form(scope.run_key("compare-with"), border=False, enter_to_submit=True):
            other = st.text_input(
                "Another run's job ID",
                key=scope.run_key("compare-other"),
                placeholder="182bd5e5-6e1a-… or ext-…",
                help="It opens as A (usually the run that worked), beside this run as B.",
            )
            sent = st.form_submit_button("Compare", icon=":material/compare_arrows:")
        previous = st.button(previous_label, key=scope.run_key("compare-previous"),
                             icon=":material/history:")  # fmt: skip
    typed = (other or "").strip()
    return CompareWithChoice(typed if sent and typed else None, previous)


def render_compare_with_outcome(
    problem: str | None,
    error: ApiError | None,
    note: str | None,
    compare: dict[str, str] | None,
) -> None:
    """Why the comparison did not open, when it did not: a typed ID that is not one, the
    list's error, or what the search for the previous run found (`compare`: the comparison
    with the run it found, to open anyway)."""
    if problem:
        render_input_error(problem)
    if error is not None:
        render_api_error(error)
    if note:
        st.text(note)  # it names the file as the API sent it: plain text
    if compare:
        st.page_link("pages/compare.py", label="Compare with that run",
                     icon=":material/compare_arrows:", query_params=compare)  # fmt: skip
