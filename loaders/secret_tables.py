"""Tables of `.streamlit/secrets.toml` (`[auth]`, `[access]`), read afresh on every run.

No secrets file, or no such table, is None. A file that exists but cannot be read (a TOML
syntax error, perhaps mid-edit), or a table name holding something else, is a
SecretsProblem: the sign-in gate then keeps everyone out rather than taking sign-in as off.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import config as st_config
from streamlit.errors import StreamlitSecretNotFoundError


class SecretsProblem(Exception):
    """`str()` is one sentence for the page and the log (it never quotes the file)."""


def secret_table(name: str) -> Mapping[str, Any] | None:
    try:
        table = st.secrets.get(name)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        if any(Path(path).is_file() for path in _secrets_files()):
            raise SecretsProblem(
                "secrets.toml exists but could not be read (is its TOML valid?)."
            ) from None
        return None
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise SecretsProblem(f"[{name}] in secrets.toml must be a table.")
    return table


def sign_in_configured() -> bool:
    """Whether sign-in is on: an `[auth]` table exists (complete or not), or the secrets
    cannot be read (then the gate must run, and keeps everyone out)."""
    try:
        return secret_table("auth") is not None
    except SecretsProblem:
        return True


def _secrets_files() -> list[str]:
    files = st_config.get_option("secrets.files")
    return [str(path) for path in files] if isinstance(files, list) else []
