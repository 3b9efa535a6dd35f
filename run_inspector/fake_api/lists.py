"""What the fake LlamaCloud API answers on its list routes, and how it checks their queries.

- `GET /api/v1/extraction/extraction-agents`: a bare list of agents, filtered by
  `project_id` when given (`include_default` is accepted and ignored).
- `GET /api/v1/extraction/runs?extraction_agent_id=`: the agent's runs in the order they were
  stored (the API documents none), paged by `skip` (default 0) and `limit` (default 25,
  1 to 100), with `total`; filters `status` and `run_id`.
- `GET /api/v2/extract`: jobs newest first (by `created_at`; jobs without a readable one
  last), paged by `page_size` (default 25, 1 to 100) and an opaque `page_token` (the offset,
  base64-encoded), `next_page_token` null on the last page; filters `status`,
  `configuration_id`, `file_input` (also matching the older `document_input_value`),
  `created_at_on_or_after` / `created_at_on_or_before` (ISO 8601; a time without a zone is
  UTC) and `job_ids` (repeatable). `total_size` is null unless `include_total=true`, as the
  API fills it "only when specifically requested". `expand` works as on one job, except that
  `usage` is refused: the API takes it on a single job only.

A query the real API would refuse gets FastAPI's 422 `{"detail": [{"loc": ...}]}`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from run_inspector.fake_api.v2 import UUID_PATTERN, expanded_job

DEFAULT_PAGE_SIZE: Final = 25
MAX_PAGE_SIZE: Final = 100
_OFFSET_PREFIX: Final = "offset:"
_OLDEST: Final = datetime.min.replace(tzinfo=UTC)
_TRUE: Final = frozenset({"true", "1", "yes", "on", "t", "y"})
_FALSE: Final = frozenset({"false", "0", "no", "off", "f", "n"})

Query = Mapping[str, Sequence[str]]
ListAnswer = tuple[int, bytes | dict[str, Any]]


def agents_answer(agents: Sequence[Mapping[str, Any]], query: Query) -> ListAnswer:
    project = _last(query, "project_id")
    shown = [a for a in agents if project is None or a.get("project_id") == project]
    return 200, json.dumps(shown).encode()


def v1_runs_errors(query: Query) -> list[dict[str, Any]]:
    errors = []
    agent = _last(query, "extraction_agent_id")
    if agent is None:
        errors.append(_error("missing", "extraction_agent_id", "Field required", None))
    elif not UUID_PATTERN.fullmatch(agent):
        errors.append(
            _error("uuid_parsing", "extraction_agent_id", "Input should be a valid UUID", agent)
        )
    errors += _int_errors(query, "skip", minimum=0)
    errors += _int_errors(query, "limit", minimum=1, maximum=MAX_PAGE_SIZE)
    return errors


def v1_runs_answer(runs: Sequence[tuple[bytes, Mapping[str, Any]]], query: Query) -> ListAnswer:
    """`runs`: each stored run's bytes and JSON, in the order stored."""
    agent = (_last(query, "extraction_agent_id") or "").lower()
    status, run_id = _last(query, "status"), _last(query, "run_id")
    matching = [
        body
        for body, run in runs
        if str(run.get("extraction_agent_id", "")).lower() == agent
        and status in (None, run.get("status"))
        and run_id in (None, run.get("id"))
    ]
    skip = int(_last(query, "skip") or 0)
    limit = int(_last(query, "limit") or DEFAULT_PAGE_SIZE)
    paging = json.dumps({"total": len(matching), "skip": skip, "limit": limit})
    items = b", ".join(matching[skip : skip + limit])
    return 200, b'{"items": [' + items + b"], " + paging[1:].encode()


def v2_jobs_errors(query: Query) -> list[dict[str, Any]]:
    errors = _int_errors(query, "page_size", minimum=1, maximum=MAX_PAGE_SIZE)
    token = _last(query, "page_token")
    if token is not None and _offset(token) is None:
        errors.append(_error("value_error", "page_token", "Value error, invalid page token", token))
    for name in ("created_at_on_or_after", "created_at_on_or_before"):
        value = _last(query, name)
        if value is not None and _moment(value) is None:
            message = "Input should be a valid datetime"
            errors.append(_error("datetime_from_date_parsing", name, message, value))
    flag = _last(query, "include_total")
    if flag is not None and flag.lower() not in _TRUE | _FALSE:
        errors.append(
            _error("bool_parsing", "include_total", "Input should be a valid boolean", flag)
        )
    return errors


def v2_jobs_answer(bodies: Sequence[bytes], query: Query) -> ListAnswer:
    """`bodies`: each stored job as it is now; those that are not JSON objects are not listed."""
    jobs = [(body, job) for body in bodies if isinstance(job := try_json(body), dict)]
    matching = sorted(
        (pair for pair in jobs if _matches(pair[1], query)),
        key=lambda pair: _moment(pair[1].get("created_at")) or _OLDEST,
        reverse=True,
    )
    size = int(_last(query, "page_size") or DEFAULT_PAGE_SIZE)
    token = _last(query, "page_token")
    offset = _offset(token) if token is not None else 0
    start = offset or 0
    page = matching[start : start + size]
    expand = list(query.get("expand", []))
    items = b", ".join(expanded_job(body, expand, knows_usage=False) for body, _ in page)
    more = start + size < len(matching)
    include_total = (_last(query, "include_total") or "").lower() in _TRUE
    paging = {
        "next_page_token": page_token(start + size) if more else None,
        "total_size": len(matching) if include_total else None,
    }
    return 200, b'{"items": [' + items + b"], " + json.dumps(paging)[1:].encode()


def page_token(offset: int) -> str:
    """The opaque token of the page that starts at `offset`."""
    return base64.urlsafe_b64encode(f"{_OFFSET_PREFIX}{offset}".encode()).decode()


def _matches(job: Mapping[str, Any], query: Query) -> bool:
    for name in ("status", "configuration_id"):
        value = _last(query, name)
        if value is not None and job.get(name) != value:
            return False
    file_input = _last(query, "file_input")
    if file_input is not None and file_input not in (
        job.get("file_input"),
        job.get("document_input_value"),
    ):
        return False
    job_ids = query.get("job_ids")
    if job_ids and job.get("id") not in job_ids:
        return False
    created = _moment(job.get("created_at"))
    after, before = (
        _moment(_last(query, n)) for n in ("created_at_on_or_after", "created_at_on_or_before")
    )
    if (after or before) and created is None:
        return False
    return created is None or (
        (after is None or created >= after) and (before is None or created <= before)
    )


def _int_errors(
    query: Query, name: str, *, minimum: int, maximum: int | None = None
) -> list[dict[str, Any]]:
    value = _last(query, name)
    if value is None:
        return []
    try:
        number = int(value)
    except ValueError:
        message = "Input should be a valid integer, unable to parse string as an integer"
        return [_error("int_parsing", name, message, value)]
    if number < minimum:
        message = f"Input should be greater than or equal to {minimum}"
        return [_error("greater_than_equal", name, message, value)]
    if maximum is not None and number > maximum:
        message = f"Input should be less than or equal to {maximum}"
        return [_error("less_than_equal", name, message, value)]
    return []


def _error(kind: str, name: str, message: str, value: str | None) -> dict[str, Any]:
    return {"type": kind, "loc": ["query", name], "msg": message, "input": value}


def _last(query: Query, name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _offset(token: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        return None
    number = text.removeprefix(_OFFSET_PREFIX)
    if not text.startswith(_OFFSET_PREFIX) or not (number.isascii() and number.isdigit()):
        return None
    return int(number)


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def try_json(body: bytes) -> Any:
    """The body's JSON, or None: the fake also stores deliberately broken bodies."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None
