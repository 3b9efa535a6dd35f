"""Last line of defence: an unexpected failure becomes a calm sentence, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

logger = logging.getLogger("run_inspector")

UNEXPECTED_FAILURE = (
    "Something went wrong while drawing this part of the page. The details went to the "
    "server log. Try Refresh; if it keeps happening, report the job ID."
)


@contextmanager
def page_guard() -> Iterator[None]:
    # st.stop() and st.rerun() raise BaseException subclasses, so they pass through untouched.
    try:
        yield
    except Exception:
        logger.exception("Unexpected failure while rendering")
        st.error(UNEXPECTED_FAILURE, icon=":material/report:")
