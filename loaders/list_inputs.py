"""The runs page's paging state: a numbered page (v1) or a cursor and its way back (v2).

The page number and the v2 cursor live in the URL, so a link reopens the same page; the
cursors that led there live in the session, for "Previous". A link opened fresh has no
way back, so "Previous" becomes "First page".
"""

from __future__ import annotations

import streamlit as st

from run_inspector.references.ids import normalize_optional_id

PAGE_KEY = "page"
CURSOR_PARAM = "page_token"
BACK_KEY = "runs-previous_tokens"


def requested_page() -> int:
    """The page the URL asks for (1 when none or nonsense)."""
    try:
        page = int(str(st.query_params.get(PAGE_KEY, "1")))
    except ValueError:
        return 1
    return max(page, 1)


def remember_page(widget_key: str) -> None:
    """The paging widget's choice goes to the URL, which the next run fetches by.

    The widget is not bound to `page` itself: its key names the list it pages, so another
    list starts a widget of its own, and nothing writes a widget's state behind its back.
    """
    st.query_params[PAGE_KEY] = str(st.session_state[widget_key])


def restart_paging() -> None:
    """Another list (filter, size, agent, API): start from its first page."""
    st.query_params.pop(PAGE_KEY, None)
    st.query_params.pop(CURSOR_PARAM, None)
    st.session_state[BACK_KEY] = []


def next_page(current: str | None, following: str) -> None:
    st.session_state[BACK_KEY] = [*st.session_state.get(BACK_KEY, []), current or ""]
    st.query_params[CURSOR_PARAM] = following


def previous_page() -> None:
    back = list(st.session_state.get(BACK_KEY, []))
    earlier = back.pop() if back else ""
    st.session_state[BACK_KEY] = back
    if earlier:
        st.query_params[CURSOR_PARAM] = earlier
    else:
        st.query_params.pop(CURSOR_PARAM, None)


def first_page() -> None:
    st.session_state[BACK_KEY] = []
    st.query_params.pop(CURSOR_PARAM, None)


def has_way_back() -> bool:
    return bool(st.session_state.get(BACK_KEY))


AGENT_PARAM = "agent_id"


def linked_agent() -> str | None:
    """The agent the URL names, if it is a UUID (anything else is not sent anywhere)."""
    try:
        return normalize_optional_id(st.query_params.get(AGENT_PARAM), what="agent ID")
    except ValueError:
        return None


def choose_agent(widget_key: str) -> None:
    """The picked agent's ID goes to the URL, and its list starts at the first page."""
    chosen = st.session_state.get(widget_key)
    if chosen:
        st.query_params[AGENT_PARAM] = str(chosen)
    else:
        st.query_params.pop(AGENT_PARAM, None)
    restart_paging()


API_PARAM = "api"


def linked_api() -> str:
    """ "v2" when the URL asks for the v2 job list, else "v1"."""
    return "v2" if st.query_params.get(API_PARAM) == "v2" else "v1"


def choose_api(widget_key: str) -> None:
    st.query_params[API_PARAM] = str(st.session_state.get(widget_key) or "v1")
    restart_paging()
