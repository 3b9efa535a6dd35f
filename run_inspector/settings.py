"""Where the connection comes from: environment, then secrets, then the sidebar; never the URL."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from run_inspector.api.client import EU_BASE_URL, US_BASE_URL

ENV_API_KEY: Final = "LLAMA_CLOUD_API_KEY"
ENV_BASE_URL: Final = "LLAMA_CLOUD_BASE_URL"
ENV_PROJECT_ID: Final = "LLAMA_CLOUD_PROJECT_ID"
ENV_ORGANIZATION_ID: Final = "LLAMA_CLOUD_ORGANIZATION_ID"
ENV_TIMEOUT: Final = "LLAMA_CLOUD_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS: Final = 60.0
REGIONS: Final = {"US": US_BASE_URL, "EU": EU_BASE_URL}

# Fingerprints are only compared inside this process, so a per-process salt keeps a cached
# key's fingerprint useless to anyone who reads it elsewhere.
_FINGERPRINT_SALT: Final = secrets.token_bytes(32)


@dataclass(frozen=True)
class Settings:
    """The configured defaults; the API key is left out of repr so it cannot reach a log."""

    api_key: str | None = field(repr=False)
    base_url: str
    project_id: str | None
    organization_id: str | None
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


def resolve_settings(env: Mapping[str, str], secrets_: Mapping[str, Any]) -> Settings:
    """The environment wins over `.streamlit/secrets.toml`; blank values count as unset."""

    def pick(name: str) -> str | None:
        for source in (env, secrets_):
            value = source.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    return Settings(
        api_key=pick(ENV_API_KEY),
        base_url=(pick(ENV_BASE_URL) or US_BASE_URL).rstrip("/"),
        project_id=pick(ENV_PROJECT_ID),
        organization_id=pick(ENV_ORGANIZATION_ID),
        timeout_seconds=_seconds(pick(ENV_TIMEOUT)),
    )


def _seconds(text: str | None) -> float:
    """A read timeout in seconds; anything unusable falls back to the SDK's 60 s."""
    try:
        value = float(text) if text else DEFAULT_TIMEOUT_SECONDS
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return value if 0 < value <= 600 else DEFAULT_TIMEOUT_SECONDS


def region_options(configured_base_url: str) -> dict[str, str]:
    """Region label -> base URL; a configured non-standard URL comes first, as configured."""
    options = dict(REGIONS)
    if configured_base_url not in options.values():
        options = {"Configured": configured_base_url, **options}
    return options


@dataclass(frozen=True)
class Connection:
    """What one session talks to. Only `fingerprint` may be used as a cache key."""

    base_url: str
    api_key: str = field(repr=False)
    demo: bool = False
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS

    @cached_property
    def fingerprint(self) -> str:
        message = f"{self.base_url}\0{self.api_key}".encode()
        return hmac.new(_FINGERPRINT_SALT, message, hashlib.sha256).hexdigest()[:32]
