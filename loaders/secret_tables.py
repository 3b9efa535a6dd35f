"""Tables of `.streamlit/secrets.toml` (`[auth]`, `[access]`), read afresh on every run: no
secrets file, or no such table, is None."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError


def secret_table(name: str) -> Mapping[str, Any] | None:
    try:
        table = st.secrets.get(name)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None
    return table if isinstance(table, Mapping) else None


def sign_in_configured() -> bool:
    """Whether sign-in is on: an `[auth]` table exists (complete or not)."""
    return secret_table("auth") is not None
