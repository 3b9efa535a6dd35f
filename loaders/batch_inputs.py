"""The batch page's input: pasted IDs, an uploaded list, or a link's `job_ids`.

The text area is not bound to the URL (500 IDs do not fit in a link): the page itself
writes `job_ids` when a batch starts, up to 50 IDs, and reads a link's list back into the
text area. The batch being checked is kept apart from the text area, so typing in it does
not start anything until "Check".
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from run_inspector.references.job_list import JobList, parse_job_file, parse_job_text

LINK_PARAM: Final = "job_ids"
MAX_LINKED_IDS: Final = 50
MAX_FILE_MB: Final = 2
TEXT_KEY: Final = "batch-ids"
FILE_KEY: Final = "batch-file"
_CURRENT: Final = "batch-current"
_LINKED: Final = "batch-linked"  # the `job_ids` value the current batch came from or wrote


def take_linked_batch() -> None:
    """A link's `job_ids` (a new one: opened, or the browser went back) becomes the batch."""
    value = st.query_params.get(LINK_PARAM)
    if not value or value == st.session_state.get(_LINKED):
        return
    batch = parse_job_text(value)
    st.session_state[TEXT_KEY] = "\n".join(batch.ids)
    # The address bar keeps only the checked IDs (never junk or a pasted key), up to 50.
    _start(batch)


def check_pasted() -> None:
    """ "Check": the text area's IDs become the batch."""
    _start(parse_job_text(st.session_state.get(TEXT_KEY) or ""))


def take_file() -> None:
    """An uploaded list becomes the batch, and its IDs fill the text area to edit."""
    uploaded = st.session_state.get(FILE_KEY)
    if uploaded is None:
        return
    batch = parse_job_file(uploaded.getvalue(), uploaded.name)
    st.session_state[TEXT_KEY] = "\n".join(batch.ids)
    _start(batch)


def use_batch(ids: str) -> None:
    """Start a batch of these IDs (the demo's button)."""
    st.session_state[TEXT_KEY] = ids.replace(",", "\n")
    _start(parse_job_text(ids))


def current_batch() -> JobList | None:
    batch = st.session_state.get(_CURRENT)
    return batch if isinstance(batch, JobList) else None


def shareable(batch: JobList) -> bool:
    return 0 < len(batch.jobs) <= MAX_LINKED_IDS


def _start(batch: JobList) -> None:
    st.session_state[_CURRENT] = batch
    if shareable(batch):
        value = ",".join(batch.ids)
        st.query_params[LINK_PARAM] = value
        st.session_state[_LINKED] = value
    else:
        st.query_params.pop(LINK_PARAM, None)
        st.session_state[_LINKED] = None
