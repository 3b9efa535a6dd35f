"""Reading one Extract v2 job: what to expand, a server that refuses `usage`, its saved config.

The client's retrying GET is passed in, so this module adds only what v2 needs on top:
- every part is asked for (`expand=configuration&expand=extract_metadata&expand=usage`);
- a server that answers 422 to `expand=usage` (older than 2026-08) is asked once more without
  it, and remembered per base URL for the life of the process, so later jobs skip it at once;
- a job that names a saved configuration but came without one gets it fetched, and a failure
  there becomes a short fact beside the job rather than an error instead of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Final
from urllib.parse import quote

from run_inspector.adapters.reading import read_json_object, read_v2_job
from run_inspector.adapters.v2_job import V2Context, saved_configuration_id
from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.model.extraction import Extraction
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import parse_json

USAGE: Final = "usage"
V2_JOB_EXPAND: Final = ("configuration", "extract_metadata", USAGE)
V2_JOB_PATH: Final = "/api/v2/extract/"
SAVED_CONFIGURATION_PATH: Final = "/api/v1/beta/configurations/"
# quote() keeps dots, and httpx would resolve these as path segments.
# IDs that quote() leaves as they are and httpx would resolve as path steps (`..`).
PATH_CHANGING_IDS: Final = frozenset({"", ".", ".."})

Get = Callable[[RunRequest], bytes]

_refusing_usage: set[str] = set()
_refusing_usage_lock = threading.Lock()


def refuses_usage(base_url: str) -> bool:
    """Whether the server at `base_url` has refused `expand=usage` in this process."""
    with _refusing_usage_lock:
        return base_url.rstrip("/") in _refusing_usage


def remember_refuses_usage(base_url: str) -> None:
    with _refusing_usage_lock:
        _refusing_usage.add(base_url.rstrip("/"))


def forget_usage_refusals() -> None:
    """Forget every server that refused `usage`; only tests need to (it lasts the process)."""
    with _refusing_usage_lock:
        _refusing_usage.clear()


def job_request(
    base_url: str, job_id: str, *, project_id: str | None, organization_id: str | None
) -> RunRequest:
    """The request for one job, expanding all parts this server is known to accept."""
    if job_id in PATH_CHANGING_IDS:
        raise errors.InvalidIdError(job_id, kind="v2_job")
    skip = {USAGE} if refuses_usage(base_url) else set()
    return RunRequest(
        job_id=job_id,
        base_url=base_url,
        path=V2_JOB_PATH + quote(job_id, safe=""),
        project_id=project_id or None,
        organization_id=organization_id or None,
        kind="v2_job",
        expand=tuple(part for part in V2_JOB_EXPAND if part not in skip),
    )


def fetch_job(get: Get, request: RunRequest) -> tuple[RunRequest, bytes]:
    """The job's bytes, and the request that got them (without `usage` if it was refused)."""
    try:
        return request, get(request)
    except errors.BadRequestError as exc:
        if not _refused_usage(exc, request):
            raise
    without_usage = replace(request, expand=tuple(p for p in request.expand if p != USAGE))
    body = get(without_usage)
    # Remembered only once the server answers without it: then `usage` was the problem.
    remember_refuses_usage(request.base_url)
    return without_usage, body


def read_job(get: Get, request: RunRequest, body: bytes) -> Extraction:
    """The job read into an Extraction, its saved configuration fetched first if needed."""
    payload = read_json_object(body)
    if isinstance(payload, InvalidBody):
        raise errors.InvalidResponseError(request, body=payload)
    saved, problem = _saved_configuration(get, request, payload)
    context = V2Context(
        saved_configuration=saved,
        saved_configuration_problem=problem,
        usage_refused=USAGE not in request.expand,
    )
    read = read_v2_job(body, payload, context)
    if isinstance(read, InvalidBody):
        raise errors.InvalidResponseError(request, body=read)
    return read


def _refused_usage(error: errors.BadRequestError, request: RunRequest) -> bool:
    """A 422 on `expand` that names `usage`, or names no value at all (then `usage`, the
    newest, is the likely one; the retry without it tells)."""
    if error.status_code != 422 or USAGE not in request.expand:
        return False
    if "expand" not in error.rejected_parameters:
        return False
    return not error.rejected_expand or USAGE in error.rejected_expand


def _saved_configuration(
    get: Get, job: RunRequest, payload: Mapping[str, Any]
) -> tuple[Mapping[str, Any] | None, str | None]:
    """The saved configuration's JSON, or why there is none; (None, None) if none is needed."""
    config_id = saved_configuration_id(payload)
    if config_id is None:
        return None, None
    if config_id in PATH_CHANGING_IDS:
        return None, "not a usable configuration ID"
    request = replace(
        job,
        path=SAVED_CONFIGURATION_PATH + quote(config_id, safe=""),
        kind="saved_configuration",
        expand=(),
    )
    try:
        body = get(request)
    except ApiError as exc:
        return None, _problem(exc)
    parsed = parse_json(body)
    if isinstance(parsed, InvalidBody):
        return None, "the answer is not JSON"
    if not isinstance(parsed, Mapping):
        return None, "the answer is not a JSON object"
    return parsed, None


def _problem(error: ApiError) -> str:
    """A few words of fact (not advice) on why the saved configuration could not be fetched."""
    if error.status_code is not None:
        return f"HTTP {error.status_code}"
    if isinstance(error, errors.ApiTimeoutError):
        return "timed out"
    if isinstance(error, errors.ApiConnectionError):
        return "no connection"
    return type(error).__name__
