"""What an audit line says about how an action went: "ok", the HTTP status the API answered,
or the kind of failure (never its message, which may quote the API)."""

from __future__ import annotations

import re

from run_inspector.api.errors import ApiError


def outcome_of(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    if isinstance(error, ApiError) and error.status_code is not None:
        return str(error.status_code)
    name = type(error).__name__.removesuffix("Error") or "error"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
