"""The `[auth]` section of secrets.toml, checked before anyone is offered sign-in.

Streamlit checks it only when `st.login()` runs, with a message naming internals. Here each
missing key is named as the person must write it, and the provider's discovery URL is found
for the reachability check. One provider: either flat keys in `[auth]`, or exactly one
`[auth.<name>]` table (then signed in with `st.login("<name>")`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

SHARED_KEYS: Final = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS: Final = ("client_id", "client_secret", "server_metadata_url")
CLIENT_KWARGS: Final = "client_kwargs"


@dataclass(frozen=True)
class AuthConfig:
    """`provider`: the `[auth.<name>]` table's name, None for flat keys."""

    provider: str | None
    metadata_url: str
    redirect_uri: str


@dataclass(frozen=True)
class ReadAuth:
    config: AuthConfig | None
    problems: tuple[str, ...] = ()


def read_auth(section: Mapping[str, Any]) -> ReadAuth:
    """The provider and the sentences naming what is missing (nobody enters until fixed)."""
    problems = [
        f"The [auth] section of secrets.toml has no {key}."
        for key in SHARED_KEYS
        if not _text(section.get(key))
    ]
    # `client_kwargs` (prompt, scope, …) is Streamlit's own table beside flat keys, not a
    # provider.
    tables = {
        name: value
        for name, value in section.items()
        if isinstance(value, Mapping) and name != CLIENT_KWARGS
    }
    if len(tables) > 1:
        names = ", ".join(f"[auth.{name}]" for name in sorted(tables))
        problems.append(f"secrets.toml names several providers ({names}); keep one.")
        return ReadAuth(None, tuple(problems))
    provider, keys = next(iter(tables.items())) if tables else (None, section)
    where = f"[auth.{provider}]" if provider is not None else "[auth]"
    if provider is not None and ("_" in provider or not provider):
        problems.append(f"The provider's name in {where} may not contain an underscore.")
    problems += [
        f"The {where} section of secrets.toml has no {key}."
        for key in PROVIDER_KEYS
        if not _text(keys.get(key))
    ]
    if problems:
        return ReadAuth(None, tuple(problems))
    return ReadAuth(
        AuthConfig(provider, _text(keys["server_metadata_url"]), _text(section["redirect_uri"]))
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
