"""Typed failures to get a run, carrying facts only: what was asked, what came back, how often.

Wording them for people is presentation/error_text.py's job, so a page and a table row can say
the same failure at different lengths. `str()` is a short technical line for logs; it holds no
API detail and never the API key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from run_inspector.wire.invalid_body import InvalidBody

# What a request reads: a v1 run (by its job), an Extract v2 job, or the saved configuration
# a v2 job names (then `job_id` is still the job's, and `path` names the configuration);
# or a list: the v1 extraction agents, one agent's v1 runs, or Extract v2 jobs (then
# `job_id` is empty and `query` holds the list's filters and paging); or the download link
# of a run's source file (then `job_id` is empty and `path` names the file, see
# api/file_content.py).
RequestKind = Literal[
    "v1_run", "v2_job", "saved_configuration", "agents", "v1_runs", "v2_jobs", "file_content"
]
LIST_KINDS: Final[frozenset[RequestKind]] = frozenset({"agents", "v1_runs", "v2_jobs"})


@dataclass(frozen=True)
class RunRequest:
    """What was asked for, and where: the job, its optional scope, the base URL and path."""

    job_id: str
    base_url: str
    path: str
    project_id: str | None = None
    organization_id: str | None = None
    kind: RequestKind = "v1_run"
    # `expand` values, each sent as its own `expand=` query key (v2 only).
    expand: tuple[str, ...] = ()
    # A list's own query values (filters, paging), sent in this order; a name may repeat.
    query: tuple[tuple[str, str], ...] = ()

    def query_value(self, name: str) -> str | None:
        """The last value sent for `name` among the list's own query values, if any."""
        return next((value for key, value in reversed(self.query) if key == name), None)


class ApiError(Exception):
    """Base of every failure to get a run. `detail` is the API's own text, key already hidden."""

    def __init__(
        self,
        request: RunRequest | None = None,
        *,
        status_code: int | None = None,
        detail: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__()
        self.request = request
        self.status_code = status_code
        self.detail = detail
        self.attempts = attempts  # the client sets the final count once retries are over

    def facts(self) -> list[str]:
        """Short technical notes for logs; subclasses add their own facts."""
        notes = [] if self.status_code is None else [f"HTTP {self.status_code}"]
        if self.request is not None:
            notes.append(f"GET {self.request.base_url}{self.request.path}")
        if self.attempts != 1:
            notes.append(f"attempts={self.attempts}")
        return notes

    def __str__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.facts())})"

    def __repr__(self) -> str:
        return str(self)


class InvalidIdError(ApiError):
    """An ID that would change the request (a job ID naming another path, an agent ID that is
    not a UUID); refused before anything is sent. `kind` says what the ID was for."""

    def __init__(self, value: str, *, kind: RequestKind = "v1_run") -> None:
        super().__init__()
        self.value = value
        self.kind = kind

    def facts(self) -> list[str]:
        return [f"value={self.value!r}"] + ([] if self.kind == "v1_run" else [f"kind={self.kind}"])


class NoSourceFileError(ApiError):
    """A job whose input is a parse job (`pjb-…`), not a file: it has no source file to fetch.
    Refused before anything is sent; `file_input` is the ID as given."""

    def __init__(self, file_input: str) -> None:
        super().__init__()
        self.file_input = file_input

    def facts(self) -> list[str]:
        return [f"file_input={self.file_input!r}"]


class AuthenticationError(ApiError):
    """401: the API key was not accepted."""


class PermissionDeniedError(ApiError):
    """403: the key may not see that project or organization."""


class NotFoundError(ApiError):
    """404: no run for that job where and as this key asked."""


class BadRequestError(ApiError):
    """400 or 422: the API refused what was asked.

    `rejected_parameters` names the query parameters the API's validation errors point at
    (their `loc` is `["query", name, ...]`), limited to the names this request sent, in the
    order the API listed them: e.g. ("project_id",) when a server takes only UUIDs there.
    `rejected_expand` names the `expand` values among them that the errors point at (by
    position in the request, or by the input they quote), when they say which.
    """

    def __init__(
        self,
        request: RunRequest | None = None,
        *,
        status_code: int | None = None,
        detail: str | None = None,
        attempts: int = 1,
        rejected_parameters: tuple[str, ...] = (),
        rejected_expand: tuple[str, ...] = (),
    ) -> None:
        super().__init__(request, status_code=status_code, detail=detail, attempts=attempts)
        self.rejected_parameters = rejected_parameters
        self.rejected_expand = rejected_expand

    def facts(self) -> list[str]:
        notes = super().facts()
        if self.rejected_parameters:
            notes.append(f"rejected={','.join(self.rejected_parameters)}")
        if self.rejected_expand:
            notes.append(f"rejected_expand={','.join(self.rejected_expand)}")
        return notes


class ConflictError(ApiError):
    """409 that did not clear on retry."""


class RateLimitedError(ApiError):
    """429 that did not clear; `retry_after` is the wait the API asked for, in seconds."""

    def __init__(
        self,
        request: RunRequest | None = None,
        *,
        retry_after: float | None = None,
        status_code: int | None = 429,
        detail: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(request, status_code=status_code, detail=detail, attempts=attempts)
        self.retry_after = retry_after

    def facts(self) -> list[str]:
        return [*super().facts(), f"retry_after={self.retry_after}"]


class ServerError(ApiError):
    """5xx that did not clear on retry."""


class ApiConnectionError(ApiError):
    """No connection to the base URL; `cause` names the transport failure."""

    def __init__(
        self, request: RunRequest | None = None, *, cause: str | None = None, attempts: int = 1
    ) -> None:
        super().__init__(request, attempts=attempts)
        self.cause = cause

    def facts(self) -> list[str]:
        return [*super().facts(), f"cause={self.cause}"]


class ApiTimeoutError(ApiError):
    """No connection or no answer within `limit_seconds` (None when no limit was set)."""

    def __init__(
        self,
        request: RunRequest | None = None,
        *,
        phase: Literal["connect", "answer"],
        limit_seconds: float | None,
        attempts: int = 1,
    ) -> None:
        super().__init__(request, attempts=attempts)
        self.phase = phase
        self.limit_seconds = limit_seconds

    def facts(self) -> list[str]:
        return [*super().facts(), f"phase={self.phase}", f"limit_seconds={self.limit_seconds}"]


class InvalidResponseError(ApiError):
    """The API answered with success, but the body is not a valid run."""

    def __init__(
        self, request: RunRequest | None = None, *, body: InvalidBody, attempts: int = 1
    ) -> None:
        super().__init__(request, attempts=attempts)
        self.body = body

    def facts(self) -> list[str]:
        return [*super().facts(), f"problems={len(self.body.problems)}"]


class ReadingFailedError(ApiError):
    """The API answered, but this app failed while reading the answer (a bug: the details
    went to the server log). A batch turns such a failure into one row's error."""


class InvalidRunFileError(InvalidResponseError):
    """An uploaded file that is not a run: the same problems list, no request, no API to blame."""

    def __init__(self, *, body: InvalidBody, size_bytes: int | None = None) -> None:
        super().__init__(None, body=body)
        self.size_bytes = size_bytes

    def facts(self) -> list[str]:
        return [*super().facts(), f"size_bytes={self.size_bytes}"]
