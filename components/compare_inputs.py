"""The compare page's inputs drawn: a job ID per side (bound to the URL), swap and refresh,
and three small panels: a run JSON to upload in a side's place, each side's project and
organization, and the field that pairs array items."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.safe_text import escape_markdown
from components.scope import Scope
from run_inspector.presentation.compare_link import KEY_PARAM, SIDES, scope_keys


@dataclass(frozen=True)
class InputCallbacks:
    """What the boxes run when they change: `job(side)` for a side's job box (a pasted link
    fills the side), `scope(key, what)` for a project or organization box."""

    job: Callable[[str], None]
    scope: Callable[[str, str], None]
    swap: Callable[[], None]


def upload_key(scope: Scope, side: str) -> str:
    return scope.key(f"{side}-file")


def render_side_inputs(
    scope: Scope, uploads: Collection[str], pairing: str, on: InputCallbacks
) -> tuple[bool, DeltaGenerator]:
    """`uploads`: the sides with a file uploaded; `pairing`: the key items pair by ("" for by
    position). Returns whether Refresh was pressed, and the place under the pairing key where
    the keys to pick from go."""
    a_col, b_col, swap_col = st.columns([4, 4, 1.2], vertical_alignment="bottom")
    for column, side in ((a_col, "a"), (b_col, "b")):
        with column:
            st.text_input(f"Run {side.upper()}: job ID", key=side, bind="query-params",
                          placeholder="182bd5e5-6e1a-… or ext-…", on_change=on.job,
                          args=(side,), disabled=side in uploads,
                          help="Not used while a run JSON is uploaded for this side."
                          if side in uploads else "A job ID or a run's share link.")  # fmt: skip
    with swap_col:
        # An upload cannot be moved to the other uploader, so swapping waits until it is gone.
        st.button("Swap", icon=":material/swap_horiz:", on_click=on.swap,
                  key=scope.key("swap"), disabled=bool(uploads),
                  help="Remove the uploaded file to swap." if uploads else None)  # fmt: skip
    with st.container(horizontal=True):
        _render_uploads(scope, uploads)
        _render_scopes(on.scope)
        # The key comes from the URL, which anyone can write: the label renders Markdown.
        shown = escape_markdown(pairing) if pairing else "by position"
        with st.popover(f"Pair array items: {shown}", icon=":material/join_inner:"):
            st.text_input("Pair array items by (optional)", key=KEY_PARAM, bind="query-params",
                          placeholder="line_items[].sku, or [].name for a per-row run",
                          help="By default items pair by position.")  # fmt: skip
            slot = st.container()
        refresh = st.button("Refresh", icon=":material/refresh:", key=scope.key("refresh"),
                            help="Fetch both runs again now.")  # fmt: skip
    return refresh, slot


def _render_uploads(scope: Scope, uploads: Collection[str]) -> None:
    sides = ", ".join(side.upper() for side in SIDES if side in uploads)
    label = f"Upload a run's JSON ({sides} uploaded)" if sides else "Upload a run's JSON"
    with st.popover(label, icon=":material/upload_file:"):
        st.caption(
            "E.g. last week's output attached to the ticket: it stands in for that side's job "
            "ID. The file stays on this server, in memory, and is not part of the page's link."
        )
        for side in SIDES:
            st.file_uploader(f"Run {side.upper()}: run or job JSON", type=["json"],
                             key=upload_key(scope, side))  # fmt: skip


def _render_scopes(on_change: Callable[[str, str], None]) -> None:
    with st.popover("Projects and organizations", icon=":material/folder_shared:"):
        for side in SIDES:
            project_key, org_key = scope_keys(side)
            for key, label, what in (
                (project_key, "project ID", "project ID"),
                (org_key, "organization ID", "organization ID"),
            ):
                st.text_input(f"{side.upper()}: {label} (optional)", key=key,
                              bind="query-params", on_change=on_change,
                              args=(key, what))  # fmt: skip


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
                          args=(key,), type="primary" if chosen else "secondary",
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
