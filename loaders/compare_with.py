"""Following the run page's "Compare with…": to the compare page with this run as B, or a
sentence saying why the previous run on this file was not found (kept for the run)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from loaders.previous_run import load_previous_run
from run_inspector.api.errors import ApiError
from run_inspector.model.extraction import Extraction
from run_inspector.presentation.compare_link import compare_query
from run_inspector.presentation.previous_run_text import previous_run_sentence
from run_inspector.references.job_reference import parse_job_reference
from run_inspector.settings import Connection


def previous_label(extraction: Extraction) -> str:
    if extraction.api_version == "v1":
        return "The previous run of this agent on this file"
    return "The previous job on this file"


def compare_with_job(typed: str, this_job: str, project_id: str | None,
                     organization_id: str | None) -> None:  # fmt: skip
    """Opens the comparison of the typed job (A) with this run (B), both in this run's
    project and organization; ValueError when the text is not a job ID."""
    other = parse_job_reference(typed)
    st.switch_page("pages/compare.py", query_params=compare_query(
        other.job_id, this_job, project_id, organization_id))  # fmt: skip


@dataclass(frozen=True)
class PreviousNote:
    """What the search for the previous run found, when it did not open the comparison: the
    sentence, and the comparison to open anyway when a run was found by a search that was cut
    (a later one may be among the runs not read)."""

    sentence: str
    compare: dict[str, str] | None = None


def compare_with_previous(
    connection: Connection,
    extraction: Extraction,
    note_key: str,
    project_id: str | None,
    organization_id: str | None,
) -> ApiError | None:
    """Opens the comparison with the previous run on this file when one was found by a
    search that read every candidate; else keeps a `PreviousNote` under `note_key`. The
    list's error, if it failed."""
    listed = load_previous_run(connection, extraction, project_id, organization_id)
    if listed.error is not None:
        return listed.error
    previous = listed.value
    if previous is None:
        return None
    query = None
    if previous.job_id is not None and extraction.reference:
        query = compare_query(previous.job_id, extraction.reference, project_id, organization_id)
        if not previous.cut:
            st.switch_page("pages/compare.py", query_params=query)
    st.session_state[note_key] = PreviousNote(previous_run_sentence(previous), query)
    return None


def previous_note(note_key: str) -> PreviousNote | None:
    """What the last search for the previous run of this run said, if it was asked for."""
    note = st.session_state.get(note_key)
    return note if isinstance(note, PreviousNote) else None


@dataclass(frozen=True)
class CompareWithOutcome:
    """What to show when the comparison did not open: a typed ID that is not one, the list's
    error, or what the search for the previous run found."""

    problem: str | None = None
    error: ApiError | None = None
    note: str | None = None
    # The comparison with the run the search found, to open anyway (see PreviousNote).
    compare: dict[str, str] | None = None


def follow_compare_with(
    other_job: str | None,
    previous: bool,
    connection: Connection,
    extraction: Extraction,
    project_id: str | None,
    organization_id: str | None,
    note_key: str,
) -> CompareWithOutcome:
    """Leaves for the compare page when it can (st.switch_page): with `other_job` typed, or
    with the previous run on this file when `previous` was asked for; else says why not."""
    problem = error = None
    try:
        if other_job is not None and extraction.reference:
            compare_with_job(other_job, extraction.reference, project_id, organization_id)
    except ValueError as exc:
        problem = str(exc)
    if previous:
        error = compare_with_previous(connection, extraction, note_key, project_id, organization_id)
    note = previous_note(note_key)
    if note is None:
        return CompareWithOutcome(problem, error)
    return CompareWithOutcome(problem, error, note.sentence, note.compare)
