"""The compare page's inputs drawn: a job ID per side (bound to the URL), a run JSON to upload
in its place, the swap, each side's project and organization, and the pairing key."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.safe_text import escape_markdown
from components.scope import Scope
from loaders.compare_inputs import KEY_PARAM, SIDES, scope_keys, swap_sides, upload_key


def render_side_inputs(scope: Scope) -> DeltaGenerator:
    """Returns the place under the pairing key where the keys to pick from go."""
    uploads = [side for side in SIDES if st.session_state.get(upload_key(side)) is not None]
    a_col, b_col, swap_col = st.columns([4, 4, 1], vertical_alignment="bottom")
    for column, side in ((a_col, "a"), (b_col, "b")):
        with column:
            st.text_input(f"Run {side.upper()}: job ID", key=side, bind="query-params",
                          placeholder="182bd5e5-6e1a-… or ext-…",
                          disabled=side in uploads,
                          help="Not used while a run JSON is uploaded for this side."
                          if side in uploads else None)  # fmt: skip
    with swap_col:
        # An upload cannot be moved to the other uploader, so swapping waits until it is gone.
        st.button("Swap", icon=":material/swap_horiz:", on_click=swap_sides,
                  key=scope.key("swap"), disabled=bool(uploads),
                  help="Remove the uploaded file to swap." if uploads else None)  # fmt: skip
    with st.expander("Or upload a run's JSON for a side", expanded=bool(uploads)):
        st.caption(
            "E.g. last week's output attached to the ticket: it stands in for that side's job "
            "ID. The file stays on this server, in memory, and is not part of the page's link."
        )
        for column, side in zip(st.columns(2), SIDES, strict=True):
            with column:
                st.file_uploader(f"Run {side.upper()}: run or job JSON", type=["json"],
                                 key=upload_key(side))  # fmt: skip
    with st.expander("Projects and organizations"):
        for column, side in zip(st.columns(2), SIDES, strict=True):
            project_key, org_key = scope_keys(side)
            with column:
                st.text_input(f"{side.upper()}: project ID (optional)", key=project_key,
                              bind="query-params")  # fmt: skip
                st.text_input(f"{side.upper()}: organization ID (optional)", key=org_key,
                              bind="query-params")  # fmt: skip
    with st.expander("How to pair array items", expanded=bool(st.query_params.get(KEY_PARAM))):
        st.text_input("Pair array items by (optional)", key=KEY_PARAM, bind="query-params",
                      placeholder="line_items[].sku, or [].page for a per-page run",
                      help="By default items pair by position.")  # fmt: skip
        return st.container()


def render_pairing_keys(
    slot: DeltaGenerator,
    keys: Sequence[str],
    current: str,
    pick: Callable[[str], None],
    scope: Scope,
) -> None:
    """The fields both runs' schemas offer as keys, one click each, and back to position."""
    if not keys:
        return
    with slot:
        st.caption("Fields that can pair items")
        with st.container(horizontal=True, wrap=True):
            for key in keys:
                chosen = key == current
                # Field names come from the runs' schemas: a button label renders Markdown.
                st.button(escape_markdown(key), key=scope.key(f"pair-{key}"), on_click=pick,
                          args=(key,),
                          type="primary" if chosen else "secondary",
                          icon=":material/check:" if chosen else None)  # fmt: skip
            if current:
                st.button("By position", key=scope.key("pair-by-position"), on_click=pick,
                          args=("",))  # fmt: skip


def render_job_picker(side: str, labels: Sequence[str], key: str) -> int:
    """For an uploaded list response: which of its jobs stands for the side."""
    picked: int = st.selectbox(
        f"Run {side.upper()}: job from the uploaded list",
        range(len(labels)),
        format_func=labels.__getitem__,
        key=key,
    )
    return picked
