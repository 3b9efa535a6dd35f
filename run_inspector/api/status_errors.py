"""An HTTP error response turned into a typed error: its status, its detail, what it refused.

Only facts are kept: the API's detail text (cut, the key hidden) and, for a 400 or 422, which
of the query parameters this request sent the API's validation errors point at.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import httpx

from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.api.retry_policy import retry_after_seconds

MAX_DETAIL_CHARS: Final = 2_000

_STATUS_ERRORS: Final[dict[int, type[ApiError]]] = {
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
}


def status_error(response: httpx.Response, request: RunRequest) -> ApiError:
    """The typed error for a response that is not a success."""
    status = response.status_code
    payload = _json(response.text)
    detail = _detail(response, payload)
    if status == 429:
        return errors.RateLimitedError(
            request,
            retry_after=retry_after_seconds(response.headers),
            status_code=status,
            detail=detail,
        )
    if status in (400, 422):
        return errors.BadRequestError(
            request,
            status_code=status,
            detail=detail,
            rejected_parameters=_rejected_parameters(payload, sent_parameters(request)),
            rejected_expand=_rejected_expand(payload, request.expand if request else ()),
        )
    error_type = errors.ServerError if status >= 500 else _STATUS_ERRORS.get(status, ApiError)
    return error_type(request, status_code=status, detail=detail)


def sent_parameters(request: RunRequest) -> frozenset[str]:
    """The query parameter names a request sends."""
    named = {
        "project_id": request.project_id,
        "organization_id": request.organization_id,
        "expand": request.expand,
    }
    sent = {name for name, value in named.items() if value}
    return frozenset(sent | {name for name, _ in request.query})


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _detail(response: httpx.Response, payload: Any) -> str | None:
    """The API's `{"detail": ...}` text, else the start of the body, as plain text."""
    text = response.text.strip()
    if not text:
        return None
    if isinstance(payload, dict) and "detail" in payload:
        detail = payload["detail"]
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    # An API or proxy may echo the Authorization header; never carry the key into an error.
    key = response.request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if key:
        text = text.replace(key, "[API key hidden]")
    return text[:MAX_DETAIL_CHARS]


def _rejected_expand(payload: Any, sent: tuple[str, ...]) -> tuple[str, ...]:
    """The `expand` values this request sent that the validation errors point at.

    FastAPI names a repeated query value by its position (`["query", "expand", 2]`) and
    quotes it as `input`; either is enough. Values not sent are never kept.
    """
    detail = payload.get("detail") if isinstance(payload, dict) else None
    if not isinstance(detail, list):
        return ()
    values: list[str] = []
    for entry in detail:
        if not isinstance(entry, dict):
            continue
        loc = entry.get("loc")
        if not isinstance(loc, list) or loc[:2] != ["query", "expand"]:
            continue
        position = loc[2] if len(loc) > 2 else None
        quoted = entry.get("input")
        if (
            isinstance(position, int)
            and not isinstance(position, bool)
            and 0 <= position < len(sent)
        ):
            value: str | None = sent[position]
        else:
            value = quoted if isinstance(quoted, str) and quoted in sent else None
        if value is not None and value not in values:
            values.append(value)
    return tuple(values)


def _rejected_parameters(payload: Any, sent: frozenset[str]) -> tuple[str, ...]:
    """Names from FastAPI-style `{"detail": [{"loc": ["query", name, ...]}]}`, once each.

    Only names this request sent are kept, so nothing the server made up (or echoed) becomes
    a fact that a page would show.
    """
    detail = payload.get("detail") if isinstance(payload, dict) else None
    if not isinstance(detail, list):
        return ()
    names: list[str] = []
    for entry in detail:
        loc = entry.get("loc") if isinstance(entry, dict) else None
        if not isinstance(loc, Sequence) or isinstance(loc, str) or len(loc) < 2:
            continue
        where, name = loc[0], loc[1]
        if where == "query" and isinstance(name, str) and name in sent and name not in names:
            names.append(name)
    return tuple(names)
