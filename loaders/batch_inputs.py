"""The batch page's input: pasted IDs, an uploaded list, or a link's `job_ids`.

The text area is not bound to the URL (500 IDs do not fit in a link): the page itself
writes `job_ids` when a batch starts, up to 50 IDs, and reads a link's list back into the
text area. The batch being checked is kept apart from the text area, so typing in it does
not start anything until "Check".
"""

from __future__ import annotations

import re
from typing import Final

import streamlit as st

from run_inspector.references.ids import API_KEY_PREFIX
from run_inspector.references.job_list import JobList, parse_job_file, parse_job_text

LINK_PARAM: Final = "job_ids"
MAX_LINKED_IDS: Final = 50
MAX_FILE_MB: Final = 2
TEXT_KEY: Final = "batch-ids"
FILE_KEY: Final = "batch-file"
_CURRENT: Final = "batch-current"
_LINKED: Final = "batch-linked"  # the `job_ids` value the current batch came from or wrote
# Streamlit forgets a widget's value when another page runs; this copy brings it back.
_KEPT_TEXT: Final = "batch-ids-kept"
_KEY_LIKE: Final = re.compile(rf"\S*{re.escape(API_KEY_PREFIX)}\S*", re.IGNORECASE)


def restore_batch() -> None:
    """Called first: a new link's `job_ids` (opened, or the browser went back) becomes the
    batch; coming back from another page, the box and the link come back with the batch."""
    value = st.query_params.get(LINK_PARAM)
    if value and value != st.session_state.get(_LINKED):
        _start(parse_job_text(value))
        return
    if TEXT_KEY not in st.session_state and _KEPT_TEXT in st.session_state:
        st.session_state[TEXT_KEY] = st.session_state[_KEPT_TEXT]
    batch = current_batch()
    if not value and batch is not None:
        _link(batch)


def remember_text() -> None:
    """The box's on_change: keep a copy of what was typed, for a return to the page; an API
    key pasted by mistake is not kept."""
    typed = st.session_state.get(TEXT_KEY) or ""
    st.session_state[_KEPT_TEXT] = _KEY_LIKE.sub("", typed)


def check_pasted() -> None:
    """ "Check": the box's IDs become the batch (and the box shows the IDs it checked)."""
    _start(parse_job_text(st.session_state.get(TEXT_KEY) or ""))


def take_file() -> None:
    """An uploaded list becomes the batch, and its IDs fill the box to edit."""
    uploaded = st.session_state.get(FILE_KEY)
    if uploaded is not None:
        _start(parse_job_file(uploaded.getvalue(), uploaded.name))


def use_batch(ids: str) -> None:
    """Start a batch of these IDs (the demo's button)."""
    _start(parse_job_text(ids))


def current_batch() -> JobList | None:
    batch = st.session_state.get(_CURRENT)
    return batch if isinstance(batch, JobList) else None


def shareable(batch: JobList) -> bool:
    return 0 < len(batch.jobs) <= MAX_LINKED_IDS


def _start(batch: JobList) -> None:
    """The batch to check. The box and the address bar then hold only its checked IDs
    (never junk or a pasted key), the address bar only up to MAX_LINKED_IDS of them."""
    st.session_state[_CURRENT] = batch
    text = "\n".join(batch.ids)
    st.session_state[TEXT_KEY] = text
    st.session_state[_KEPT_TEXT] = text
    _link(batch)


def _link(batch: JobList) -> None:
    if shareable(batch):
        value = ",".join(batch.ids)
        st.query_params[LINK_PARAM] = value
        st.session_state[_LINKED] = value
    else:
        st.query_params.pop(LINK_PARAM, None)
        st.session_state[_LINKED] = None
