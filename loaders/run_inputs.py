"""The run page's three ID boxes, bound to the URL: defaults, a pasted link, and what must
never stay in them (a link or an API key would sit in the address bar)."""

from __future__ import annotations

import streamlit as st

from run_inspector.presentation.share_link import FIELD_PARAM, PAGE_PARAM
from run_inspector.references.ids import normalize_optional_scope_id
from run_inspector.references.job_reference import parse_job_reference
from run_inspector.references.pasted_link import is_link_or_key, split_share_link

# A problem a callback found, shown once by the page on the rerun that follows.
INPUT_PROBLEM = "run-input_problem"


def open_job(job_id: str, field: str | None = None) -> None:
    """Bound keys change through session state, which also updates the URL. `field`: the
    source page to show (the other run's choice is forgotten)."""
    st.session_state["job_id"] = job_id
    forget_source_choice()
    if field:
        st.session_state[FIELD_PARAM] = field


def forget_source_choice() -> None:
    """Another run: the field and page of the source view were the last run's."""
    st.session_state[FIELD_PARAM] = None
    st.session_state[PAGE_PARAM] = None


def take_apart_pasted_link(
    job_key: str = "job_id",
    project_key: str = "project_id",
    organization_key: str = "organization_id",
) -> None:
    """A whole share link pasted into a job box fills it and its scope boxes from the link's
    query (the compare page names each side's boxes its own way).

    Only values that pass the ID checks are kept, so the address bar never carries a URL.
    """
    shared = split_share_link(st.session_state.get(job_key) or "")
    if job_key == "job_id":
        forget_source_choice()
    if shared is None:
        keep_out_links_and_keys(job_key, "job ID")
        return
    try:
        job = parse_job_reference(shared.job_id).job_id
        project = normalize_optional_scope_id(shared.project_id, what="project ID")
        organization = normalize_optional_scope_id(shared.organization_id, what="organization ID")
    except ValueError as exc:
        st.session_state[job_key] = ""
        st.session_state[INPUT_PROBLEM] = f"The pasted link cannot be opened. {exc}"
        return
    st.session_state[job_key] = job
    st.session_state[project_key] = project or ""
    st.session_state[organization_key] = organization or ""


def keep_out_links_and_keys(key: str, what: str) -> None:
    """A box bound to the URL must not carry a link or an API key there: it is emptied."""
    if is_link_or_key(st.session_state.get(key)):
        st.session_state[key] = ""
        st.session_state[INPUT_PROBLEM] = (
            f"That {what} looked like a link or an API key, so it was not kept (the box is "
            "tied to the address bar). Paste the ID itself."
        )


def seed(key: str, value: str | None) -> None:
    """Give a bound input its default before it exists, unless the URL or the session has one.

    Setting both session state and the URL makes the input show the value and the address
    bar carry it, so the view is shareable from the first load.
    """
    if value and key not in st.session_state and key not in st.query_params:
        st.session_state[key] = value
        st.query_params[key] = value


def take_input_problem() -> str | None:
    """The problem a box's callback left for this rerun, if any (then forgotten)."""
    problem = st.session_state.pop(INPUT_PROBLEM, None)
    return problem if isinstance(problem, str) else None


def seed_scope(
    project_id: str | None,
    organization_id: str | None,
    keys: tuple[str, str] = ("project_id", "organization_id"),
) -> None:
    """The configured project and organization, as the bound boxes' defaults (`keys`: the
    boxes, for a page that names them its own way)."""
    project_key, organization_key = keys
    seed(project_key, project_id)
    seed(organization_key, organization_id)


def scope_ids() -> tuple[str | None, str | None]:
    """The project and organization boxes, checked; ValueError with a sentence to show."""
    return (
        normalize_optional_scope_id(st.session_state.get("project_id"), what="project ID"),
        normalize_optional_scope_id(
            st.session_state.get("organization_id"), what="organization ID"
        ),
    )


def given_before_drawn(key: str) -> object:
    """A URL-bound box's value before the box is drawn in this run: the session's, else the
    URL's (a box fills session state from the URL only once it is drawn)."""
    return st.session_state.get(key, st.query_params.get(key))
