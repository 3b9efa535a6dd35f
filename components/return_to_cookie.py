"""Writes (or deletes) the return-to cookie in the browser: a tiny script-only component that
runs in the app's own page (no iframe) and draws nothing.

The cookie is SameSite=Lax (sent on the provider's redirect back, a top-level navigation),
Path=/ (so the app's websocket sees it), Secure on https, and read by Python only through
st.context.cookies, in the session after sign-in.
"""

from __future__ import annotations

import streamlit as st

from run_inspector.access.return_to import COOKIE_MAX_AGE_S, COOKIE_NAME

_WRITE_COOKIE_JS = """
export default function ({ data }) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${data.name}=${encodeURIComponent(data.value)}; Path=/; `
    + `Max-Age=${data.max_age}; SameSite=Lax${secure}`;
}
"""
_cookie_writer = st.components.v2.component("run_inspector_return_to", js=_WRITE_COOKIE_JS)


def remember_target(target: str, key: str) -> None:
    """Keep `target` (a relative path of this app) for the session after sign-in."""
    _cookie_writer(
        data={"name": COOKIE_NAME, "value": target, "max_age": COOKIE_MAX_AGE_S},
        key=key,
        height=0,
    )


def forget_target(key: str) -> None:
    _cookie_writer(data={"name": COOKIE_NAME, "value": "", "max_age": 0}, key=key, height=0)
