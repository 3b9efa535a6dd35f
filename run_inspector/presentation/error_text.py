"""Words for a failure to get a run: a title, a full sentence for a page, a few for a table row.

The errors carry facts (status, what was asked, attempts, waits); only this module turns them
into advice, so the run page and a batch table describe one failure the same way.
"""

from __future__ import annotations

from typing import Final

from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RequestKind
from run_inspector.api.file_content import requested_file_id
from run_inspector.references.ids import MAX_SHOWN_ID_CHARS, canonical_uuid

# (title, short form); looked up along the class hierarchy, so a file beats a response.
_NAMES: Final[dict[type[ApiError], tuple[str, str]]] = {
    errors.InvalidIdError: ("Invalid ID", "invalid ID"),
    errors.NoSourceFileError: ("No source file", "no source file"),
    errors.AuthenticationError: ("API key rejected", "key rejected"),
    errors.PermissionDeniedError: ("No access", "no access"),
    errors.NotFoundError: ("Run not found", "not found"),
    errors.BadRequestError: ("Request rejected", "rejected"),
    errors.ConflictError: ("Conflict", "conflict"),
    errors.RateLimitedError: ("Rate limited", "rate limited"),
    errors.ServerError: ("LlamaCloud server error", "server error"),
    errors.ApiConnectionError: ("Cannot reach LlamaCloud", "cannot connect"),
    errors.ApiTimeoutError: ("LlamaCloud timed out", "timed out"),
    errors.InvalidRunFileError: ("Not a valid run file", "not a run file"),
    errors.InvalidResponseError: ("Unexpected answer from LlamaCloud", "bad answer"),
    errors.ReadingFailedError: ("Could not read the answer", "not read"),
}


# What each kind of request reads, as a sentence names it.
_WHAT: Final[dict[RequestKind, str]] = {
    "v1_run": "extraction run",
    "v2_job": "Extract v2 job",
    "saved_configuration": "saved configuration",
    "agents": "list of extraction agents",
    "v1_runs": "list of an agent's runs",
    "v2_jobs": "list of Extract v2 jobs",
    "file_content": "download link for the source file",
}
# Whose organization a key must come from to see what was asked for.
_OWNERS: Final[dict[RequestKind, str]] = {
    "v1_run": "the run's",
    "v2_job": "the job's",
    "saved_configuration": "the run's",
    "agents": "that",
    "v1_runs": "the agent's",
    "v2_jobs": "that",
    "file_content": "the file's",
}
# What a list request asked LlamaCloud to do, as a sentence says it.
_LISTING: Final[dict[RequestKind, str]] = {
    "agents": "list the extraction agents",
    "v1_runs": "list the agent's runs",
    "v2_jobs": "list the Extract v2 jobs",
}
_SCOPE_NAMES: Final = {"project_id": "project ID", "organization_id": "organization ID"}


_NOT_FOUND_TITLES: Final[dict[RequestKind, str]] = {
    "v2_job": "Job not found",
    "saved_configuration": "Configuration not found",
    "agents": "List not found",
    "v1_runs": "Agent not found",
    "v2_jobs": "List not found",
    "file_content": "Source file not found",
}


def error_title(error: ApiError) -> str:
    if isinstance(error, errors.NotFoundError) and _kind(error) in _NOT_FOUND_TITLES:
        return _NOT_FOUND_TITLES[_kind(error)]
    names = _names(error)
    return names[0] if names is not None else "Request failed"


def error_short(error: ApiError) -> str:
    """A few lower-case words for a table cell, e.g. "not found" or "timed out"."""
    if isinstance(error, errors.BadRequestError) and (refused := _refused_scope(error)):
        return f"{_SCOPE_NAMES[refused[0]]} refused"
    names = _names(error)
    if names is not None:
        return names[1]
    return f"HTTP {error.status_code}" if error.status_code is not None else "failed"


def _names(error: ApiError) -> tuple[str, str] | None:
    for cls in type(error).__mro__:
        if cls in _NAMES:
            return _NAMES[cls]
    return None


def error_sentence(error: ApiError) -> str:
    """The sentence a page shows, saying how many attempts were made when there were retries."""
    sentence = _sentence(error)
    if error.attempts > 1:
        return f"{sentence} (Tried {error.attempts} times.)"
    return sentence


def _kind(error: ApiError) -> RequestKind:
    if isinstance(error, errors.InvalidIdError):
        return error.kind
    return error.request.kind if error.request is not None else "v1_run"


def _sentence(error: ApiError) -> str:
    status = error.status_code
    what = _WHAT[_kind(error)]
    match error:
        case errors.InvalidIdError(value=value, kind="v2_job"):
            return f"{value!r} is not a job ID. Paste the job's ID, which starts with ext-."
        case errors.InvalidIdError(value=value, kind="v1_runs"):
            return (
                f"{_shown(value)!r} is not an extraction agent ID. Pick the agent from the "
                "list, or paste its UUID."
            )
        case errors.InvalidIdError(value=value, kind="file_content"):
            return (
                f"{_shown(value)!r} is not a file ID LlamaCloud can serve: file IDs are UUIDs "
                "or start with dfl-."
            )
        case errors.InvalidIdError(value=value):
            return f"{value!r} is not a job ID. Paste the job's UUID."
        case errors.NoSourceFileError(file_input=value):
            return (
                f"This job ran on a parse job ({_shown(value)}), which has no source file to fetch."
            )
        case errors.AuthenticationError():
            return (
                "LlamaCloud rejected the API key (401). Check the key in the sidebar, "
                "LLAMA_CLOUD_API_KEY or secrets.toml, and that it was issued for this region."
            )
        case errors.PermissionDeniedError():
            return (
                "This API key has no access to that project or organization (403). Check the "
                f"project and organization IDs, or use a key from {_OWNERS[_kind(error)]} "
                "organization."
            )
        case errors.NotFoundError():
            return _not_found(error)
        case errors.BadRequestError() if _refused_scope(error):
            return _refused_scope_sentence(error)
        case errors.BadRequestError() if _kind(error) in errors.LIST_KINDS:
            return _refused_list_sentence(error)
        case errors.BadRequestError():
            return (
                f"LlamaCloud rejected the request (HTTP {status}). Check the job, project and "
                "organization IDs."
            )
        case errors.ConflictError():
            return "LlamaCloud reported a conflict (409). Try Refresh in a moment."
        case errors.RateLimitedError(retry_after=wait):
            when = f"in about {wait:.0f} s" if wait is not None else "in a minute"
            return f"LlamaCloud is rate limiting this API key (429). Try again {when}."
        case errors.ServerError():
            report = _report(_kind(error))
            return (
                f"LlamaCloud answered with a server error (HTTP {status}). "
                f"Try Refresh in a minute; if it persists, report {report} to LlamaCloud."
            )
        case errors.ApiConnectionError(request=request):
            where = request.base_url if request is not None else "LlamaCloud"
            return (
                f"Could not connect to {where}. Check the base URL or region in the "
                "sidebar (LLAMA_CLOUD_BASE_URL) and this server's network."
            )
        case errors.ApiTimeoutError(request=request, phase=phase, limit_seconds=limit):
            where = f" at {request.base_url}" if request is not None else ""
            within = f"within {limit:g} s" if limit is not None else "in time"
            return (
                f"LlamaCloud{where} did not {phase} {within}. "
                "Try Refresh in a minute; if it keeps happening, check LlamaCloud's status."
            )
        case errors.InvalidRunFileError(body=body):
            return (
                f"This file is not a valid extraction run ({len(body.problems)} problem(s), "
                "listed below with its text)."
            )
        case errors.InvalidResponseError(body=body):
            return (
                f"LlamaCloud answered, but not with a valid {what} "
                f"({len(body.problems)} problem(s), listed below with the raw body)."
            )
        case errors.ReadingFailedError():
            return (
                f"LlamaCloud answered, but this app failed while reading the {what}. The "
                f"details went to the server log; please report {_which_id(_kind(error))}."
            )
        case _ if status is not None:
            return f"LlamaCloud answered with HTTP {status}."
        case _:
            return "The request to LlamaCloud failed."


def _not_found(error: ApiError) -> str:
    request = error.request
    job = f" for job {request.job_id}" if request is not None else ""
    # The same job ID in the other region, or in a project the key does not default to, is
    # the usual cause; naming the base URL lets a reader spot the wrong region.
    asking = f" (this app is asking {request.base_url})" if request is not None else ""
    kind = _kind(error)
    if kind in errors.LIST_KINDS and request is not None:
        return _list_not_found(request)
    if kind == "file_content" and request is not None:
        return _file_not_found(request)
    if kind == "saved_configuration" and request is not None:
        return (
            f"The saved configuration that job {request.job_id} names was not found at "
            f"{request.base_url} (404)."
        )
    if kind == "v2_job":
        # A v2 job exists from the moment it is created, so "still queued" is no cause here.
        return (
            f"No Extract v2 job was found{job} (404). It may belong to another project or "
            f"organization, or may live in the other region{asking}."
        )
    return (
        f"No extraction run was found{job} (404). The job may still be queued, may belong to "
        f"another project or organization, or may live in the other region{asking}."
    )


def _report(kind: RequestKind) -> str:
    """What to give LlamaCloud to look into a server error."""
    return "the time and filters" if kind in errors.LIST_KINDS else _which_id(kind)


def _which_id(kind: RequestKind) -> str:
    return "the file ID" if kind == "file_content" else "the job ID"


def _file_not_found(request: errors.RunRequest) -> str:
    # The client asks the older endpoint after a 404 from the beta one, so a 404 here is
    # both endpoints' answer.
    file_id = requested_file_id(request) or ""
    return (
        f"LlamaCloud found no source file {_shown(file_id)} (404). It may have been "
        "deleted, may belong to another project or organization, or may live in the other "
        f"region (this app is asking {request.base_url})."
    )


def _list_not_found(request: errors.RunRequest) -> str:
    if request.kind == "v1_runs":
        agent = request.query_value("extraction_agent_id") or ""
        return (
            f"LlamaCloud found no extraction agent {agent} (404). It may belong to another "
            "project or organization, or may live in the other region (this app is asking "
            f"{request.base_url})."
        )
    # A 404 on a list's own path means the server has no such list: wrong base URL, or a
    # server from before Extract v2.
    return (
        f"{request.base_url} has no {_WHAT[request.kind]} (404 on {request.path}). "
        "Check the base URL or region in the sidebar."
    )


def _refused_list_sentence(error: errors.BadRequestError) -> str:
    """A list's filters or paging refused: which ones, when the API said."""
    said = f"LlamaCloud refused to {_LISTING[_kind(error)]} (HTTP {error.status_code})."
    if not error.rejected_parameters:
        return f"{said} Check the filters and the page size."
    names = ", ".join(f"`{name}`" for name in error.rejected_parameters)
    return f"{said} It refused {names}: check those values."


def _refused_scope(error: errors.BadRequestError) -> list[str]:
    """The project / organization parameters the API refused (when the request sent them)."""
    if error.request is None:
        return []
    return [name for name in error.rejected_parameters if name in _SCOPE_NAMES]


def _refused_scope_sentence(error: errors.BadRequestError) -> str:
    request = error.request
    assert request is not None  # _refused_scope found parameters only in a request
    sent = {"project_id": request.project_id, "organization_id": request.organization_id}
    refused = [(name, sent[name] or "") for name in _refused_scope(error)]
    what = " and ".join(f"the {_SCOPE_NAMES[name]} {_shown(value)}" for name, value in refused)
    said = f"LlamaCloud refused {what} ({error.status_code})"
    if all(canonical_uuid(value) for _, value in refused):
        return f"{said}. Check it against the project and organization in LlamaCloud."
    # The API declares UUIDs there while showing `prj-…` IDs in its answers; some servers
    # may take only the declared form.
    return (
        f"{said}: this server may accept only UUIDs there. Paste the UUID form, or leave "
        "the field empty."
    )


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN_ID_CHARS else value[:MAX_SHOWN_ID_CHARS] + "…"
