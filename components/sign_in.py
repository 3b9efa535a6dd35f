"""What a person sees at the gate: the sign-in page, the "no access" page, a configuration
that keeps everyone out, and (once in) who they are in the sidebar.

The email comes from the identity provider, so it is shown as plain text only. Sign-in and
sign-out act in the buttons' callbacks, which run first in the next run, whichever script
that run starts from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

SIGN_IN_KEY = "gate-sign-in"
SIGN_OUT_KEY = "gate-sign-out"


def render_sign_in(problem: str | None, note: str | None, on_sign_in: Callable[[], None]) -> None:
    """`problem`: why sign-in cannot work right now (the provider is down); `note`: why the
    person must sign in again."""
    st.title("Run Inspector", anchor=False)
    st.text("Sign in with your company account to inspect extraction runs.")
    if note:
        st.text(note)
    if problem:
        st.warning(problem, icon=":material/cloud_off:")
    st.button("Sign in", key=SIGN_IN_KEY, type="primary", disabled=problem is not None,
              icon=":material/login:", on_click=on_sign_in)  # fmt: skip


def render_no_access(
    email: str, reason: str, how_to_fix: str | None, on_sign_out: Callable[[], None]
) -> None:
    st.title("No access", anchor=False)
    st.text("You are signed in as:")
    st.code(email or "(no email address)", language=None)
    st.text(f"{reason} Ask whoever runs this app to add you, or sign in with another account.")
    if how_to_fix:
        st.text(how_to_fix)
    st.button("Sign out", key=SIGN_OUT_KEY, icon=":material/logout:", on_click=on_sign_out)


def render_misconfigured(problems: Sequence[str]) -> None:
    st.title("Sign-in is not set up correctly", anchor=False)
    st.text("Nobody can enter until this is fixed in the server's configuration:")
    for problem in problems:
        st.text(f"• {problem}")


def render_signed_in_user(email: str, on_sign_out: Callable[[], None]) -> None:
    with st.sidebar:
        st.caption("Signed in as")
        st.text(email)
        st.button("Sign out", key=SIGN_OUT_KEY, icon=":material/logout:", on_click=on_sign_out)
