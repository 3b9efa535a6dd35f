"""The project and organization boxes, bound to the URL under their plain names, which the
run, runs and batch pages share (so a value follows from one page to the next)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def render_scope_inputs(
    project_col: DeltaGenerator,
    org_col: DeltaGenerator,
    on_change: Callable[[str, str], None],
) -> None:
    """`on_change(key, what)` runs when a box changes (it keeps links and keys out)."""
    for column, key, label, what in (
        (project_col, "project_id", "Project ID", "project ID"),
        (org_col, "organization_id", "Organization ID", "organization ID"),
    ):
        with column:
            st.text_input(f"{label} (optional)", key=key, bind="query-params",
                          on_change=on_change, args=(key, what))  # fmt: skip
