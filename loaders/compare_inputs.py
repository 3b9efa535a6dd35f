"""The compare page's inputs: a job per side (bound to the URL) with its own project and
organization, or an uploaded run JSON in its place, and the field that pairs array items."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import streamlit as st

from loaders.run_inputs import given_before_drawn, seed_scope, take_apart_pasted_link
from run_inspector.model.field_path import ANY_ITEM, FieldPath
from run_inspector.presentation.compare_link import KEY_PARAM, SIDES, scope_keys
from run_inspector.references.ids import normalize_optional_scope_id
from run_inspector.references.job_reference import JobReference, parse_job_reference


@dataclass(frozen=True)
class SideInput:
    job: JobReference
    project_id: str | None
    organization_id: str | None


@dataclass(frozen=True)
class UploadedSide:
    """A run JSON uploaded for a side (the customer's "last week's output"); it stands in for
    the side's job ID while it is there. Equal when the content is."""

    file_name: str = field(compare=False)
    content: bytes = field(repr=False, compare=False)
    digest: str


Side = SideInput | UploadedSide


def swap_sides() -> None:
    """The swap button: A's job and scope go to B and back (bound keys, so the URL too)."""
    state = st.session_state
    for a_key, b_key in zip(("a", *scope_keys("a")), ("b", *scope_keys("b")), strict=True):
        state[a_key], state[b_key] = state.get(b_key, ""), state.get(a_key, "")


def take_apart_pasted_side(side: str) -> None:
    """A share link pasted into a side's job box fills that side's job and scope; a link of
    another kind, or an API key, is not kept (the box is tied to the address bar)."""
    take_apart_pasted_link(side, *scope_keys(side))


def seed_sides_scope(project_id: str | None, organization_id: str | None) -> None:
    """The configured project and organization, as both sides' defaults (as on the run page)."""
    for side in SIDES:
        seed_scope(project_id, organization_id, scope_keys(side))


def read_side(side: str, upload_key: str) -> Side | None:
    """One side's checked inputs (an uploaded file first), None when no job is given;
    ValueError with a sentence (naming the side) when one is not an ID."""
    uploaded = st.session_state.get(upload_key)
    if uploaded is not None:
        content = uploaded.getvalue()
        return UploadedSide(uploaded.name, content, hashlib.sha256(content).hexdigest())
    raw = (st.session_state.get(side) or "").strip()
    if not raw:
        return None
    project_key, org_key = scope_keys(side)
    name = side.upper()
    try:
        return SideInput(
            parse_job_reference(raw),
            normalize_optional_scope_id(st.session_state.get(project_key), what="project ID"),
            normalize_optional_scope_id(st.session_state.get(org_key), what="organization ID"),
        )
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def pick_key(text: str) -> None:
    """A pairing key picked from the offered ones ("" for by position); bound, so the URL
    follows."""
    st.session_state[KEY_PARAM] = text


def given_key_text() -> str:
    """The pairing key as given, before its box is drawn (then from the URL)."""
    text = given_before_drawn(KEY_PARAM)
    return text.strip() if isinstance(text, str) else ""


def read_key() -> FieldPath | None:
    """The field that pairs items (`line_items[].sku`, `[].page`), None for by index;
    ValueError when the text is not such a path."""
    text = (st.session_state.get(KEY_PARAM) or "").strip()
    if not text:
        return None
    try:
        path = FieldPath.parse(text)
    except ValueError:
        path = FieldPath()
    if len(path) < 2 or path[-2] is not ANY_ITEM or not isinstance(path[-1], str):
        raise ValueError(
            "Align items by a field of an array's items, written like line_items[].sku "
            "(or [].page for a per-page run)."
        )
    return path
