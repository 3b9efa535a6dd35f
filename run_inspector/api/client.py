"""HTTP client for the LlamaCloud extraction API: auth, timeouts, retries and typed errors.

It reads a v1 run by its job and an Extract v2 job (see v2_jobs.py for what v2 adds),
lists v1 agents, an agent's v1 runs and v2 jobs (see lists.py), and asks for a source
file's download link (see file_content.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import quote

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception

from run_inspector.adapters.list_bodies import AgentList
from run_inspector.adapters.reading import read_v1_body
from run_inspector.api import errors, file_content, lists, v2_jobs
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.api.request_gate import RequestGate
from run_inspector.api.retry_policy import (
    MAX_RETRIES,
    backoff_seconds,
    retry_after_seconds,
    should_retry_status,
)
from run_inspector.api.status_errors import MAX_DETAIL_CHARS as MAX_DETAIL_CHARS
from run_inspector.api.status_errors import status_error
from run_inspector.model.extraction import Extraction
from run_inspector.model.file_download import FileDownload
from run_inspector.model.run_summary import RunPage
from run_inspector.wire.invalid_body import InvalidBody

US_BASE_URL: Final = "https://api.cloud.llamaindex.ai"
EU_BASE_URL: Final = "https://api.cloud.eu.llamaindex.ai"
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
USER_AGENT: Final = "run-inspector/0.1"


@dataclass(frozen=True)
class FetchedRun:
    """A run or job read into an Extraction, and the exact bytes it came from (to download)."""

    extraction: Extraction
    body: bytes


def make_http_pool(
    base_url: str,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
) -> httpx.Client:
    """Pooled connections to one base URL, holding no credentials, so sessions can share it."""
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        timeout=timeout,
        transport=transport,
        follow_redirects=False,
    )


class LlamaCloudClient:
    """Talks to one base URL with one API key; cheap to create per request over a shared pool.

    The key is sent per request rather than stored in the pool, so a pool kept in a cache
    shared by sessions never holds a key.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = US_BASE_URL,
        *,
        http: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
        rate_limit_retries: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        gate: RequestGate | None = None,
    ) -> None:
        """`rate_limit_retries` (default `max_retries`) is how often a 429 is retried; a
        batch rides out a longer storm than one page would, but not a longer outage.
        `gate`, when given, is shared with the other clients of a batch: every request
        waits for a slot in it, and tells it of each 429 and each other answer."""
        self.base_url = base_url.rstrip("/")
        self._auth = {"Authorization": f"Bearer {api_key}"}
        self._max_retries = max_retries
        self._rate_limit_retries = max_retries if rate_limit_retries is None else rate_limit_retries
        self._sleep = sleep
        self._gate = gate
        self._owns_http = http is None
        self._http = http or make_http_pool(self.base_url, transport=transport, timeout=timeout)
        self._timeout = self._http.timeout

    def __repr__(self) -> str:
        return f"LlamaCloudClient(base_url={self.base_url!r})"

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def get_run_by_job(
        self, job_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> Extraction:
        """`GET /api/v1/extraction/runs/by-job/{job_id}`, retried like the official SDK."""
        return self.fetch_run_by_job(
            job_id, project_id=project_id, organization_id=organization_id
        ).extraction

    def fetch_run_by_job(
        self, job_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> FetchedRun:
        """Like get_run_by_job, also returning the exact response body."""
        if job_id in v2_jobs.PATH_CHANGING_IDS:
            raise errors.InvalidIdError(job_id)
        request = RunRequest(
            job_id=job_id,
            base_url=self.base_url,
            path=f"/api/v1/extraction/runs/by-job/{quote(job_id, safe='')}",
            project_id=project_id or None,
            organization_id=organization_id or None,
        )
        body = self._get(request)
        read = read_v1_body(body)
        if isinstance(read, InvalidBody):
            raise errors.InvalidResponseError(request, body=read)
        return FetchedRun(read, body)

    def fetch_v2_job(
        self, job_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> FetchedRun:
        """`GET /api/v2/extract/{job_id}` with every part expanded, retried like v1.

        A server that refuses `expand=usage` is asked again without it (and skipped from then
        on); a saved configuration the job names but did not include is fetched as well.
        `body` is the job's exact bytes.
        """
        request = v2_jobs.job_request(
            self.base_url, job_id, project_id=project_id, organization_id=organization_id
        )
        request, body = v2_jobs.fetch_job(self._get, request)
        return FetchedRun(v2_jobs.read_job(self._get, request, body), body)

    def list_agents(
        self, *, project_id: str | None = None, organization_id: str | None = None
    ) -> AgentList:
        """`GET /api/v1/extraction/extraction-agents`: the agents, and what could not be read."""
        request = lists.agents_request(
            self.base_url, project_id=project_id, organization_id=organization_id
        )
        return lists.read_agents(request, self._get(request))

    def list_v1_runs(
        self,
        agent_id: str,
        *,
        skip: int = 0,
        limit: int = lists.DEFAULT_PAGE_SIZE,
        status: str | None = None,
        project_id: str | None = None,
        organization_id: str | None = None,
    ) -> RunPage:
        """`GET /api/v1/extraction/runs`: one page of an agent's runs, as summaries."""
        request = lists.v1_runs_request(
            self.base_url,
            agent_id,
            skip=skip,
            limit=limit,
            status=status,
            project_id=project_id,
            organization_id=organization_id,
        )
        return lists.read_v1_runs(request, self._get(request))

    def list_v2_jobs(
        self,
        *,
        page_size: int = lists.DEFAULT_PAGE_SIZE,
        page_token: str | None = None,
        status: str | None = None,
        configuration_id: str | None = None,
        file_input: str | None = None,
        created_from: datetime | None = None,
        created_to: datetime | None = None,
        project_id: str | None = None,
        organization_id: str | None = None,
    ) -> RunPage:
        """`GET /api/v2/extract`: one page of jobs, newest first, as summaries (with their tier)."""
        request = lists.v2_jobs_request(
            self.base_url,
            page_size=page_size,
            page_token=page_token,
            status=status,
            configuration_id=configuration_id,
            file_input=file_input,
            created_from=created_from,
            created_to=created_to,
            project_id=project_id,
            organization_id=organization_id,
        )
        return lists.read_v2_jobs(request, self._get(request))

    def file_download(
        self, file_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> FileDownload:
        """`GET /api/v1/beta/files/{file_id}/content`, or the older `/api/v1/files/{id}/content`
        after a 404: a presigned link to the source file, retried like a run.

        `file_id` is a v1 file's UUID or a v2 `dfl-` ID; a v2 parse job (`pjb-…`) raises
        NoSourceFileError and any other ID InvalidIdError, both before anything is sent.
        The link is fetched without this client (and without its key).
        """
        return file_content.fetch_file_download(
            self._get,
            self.base_url,
            file_id,
            project_id=project_id,
            organization_id=organization_id,
        )

    def _get(self, request: RunRequest) -> bytes:
        # A list of pairs, so each `expand` value goes out as its own `expand=` key.
        params: list[tuple[str, str | int | float | bool | None]]
        params = [("expand", part) for part in request.expand]
        params += request.query
        params += [
            (name, value)
            for name, value in (
                ("project_id", request.project_id),
                ("organization_id", request.organization_id),
            )
            if value
        ]
        attempts = 0

        def attempt() -> bytes:
            nonlocal attempts
            attempts += 1
            try:
                with self._gate.slot() if self._gate is not None else nullcontext() as epoch:
                    response = self._http.get(request.path, params=params, headers=self._auth)
            except httpx.TimeoutException as exc:
                raise _Retryable(self._timeout_error(exc, request)) from None
            except httpx.TransportError as exc:
                raise _Retryable(
                    errors.ApiConnectionError(request, cause=type(exc).__name__)
                ) from None
            self._report_pace(response, epoch)
            if response.is_success:
                return response.content
            error = status_error(response, request)
            if should_retry_status(response.status_code, response.headers):
                raise _Retryable(error, retry_after=retry_after_seconds(response.headers))
            raise error

        # 429s and other failures each have their own budget: a batch rides out a long 429
        # storm, yet a 503 after two 429s is still retried as on any page.
        failures = {True: 0, False: 0}  # keyed by "was it a 429"

        def stop(state: RetryCallState) -> bool:
            exc = state.outcome.exception() if state.outcome else None
            limited = isinstance(exc, _Retryable) and isinstance(exc.error, errors.RateLimitedError)
            failures[limited] += 1
            return failures[limited] > (self._rate_limit_retries if limited else self._max_retries)

        retrying = Retrying(
            stop=stop,
            retry=retry_if_exception(lambda exc: isinstance(exc, _Retryable)),
            wait=_wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retryable as exc:
            given_up = exc.error
        except ApiError as exc:
            exc.attempts = attempts
            raise
        # Raised outside the handler, so the error does not hold the _Retryable (and through
        # it this call's frames) as its context.
        given_up.attempts = attempts
        raise given_up

    def _report_pace(self, response: httpx.Response, epoch: int | None) -> None:
        if self._gate is None or epoch is None:
            return
        if response.status_code == 429:
            self._gate.rate_limited(retry_after_seconds(response.headers), epoch)
        else:
            self._gate.succeeded(epoch)

    def _timeout_error(self, exc: httpx.TimeoutException, request: RunRequest) -> ApiError:
        if isinstance(exc, httpx.ConnectTimeout):
            return errors.ApiTimeoutError(
                request, phase="connect", limit_seconds=self._timeout.connect
            )
        return errors.ApiTimeoutError(request, phase="answer", limit_seconds=self._timeout.read)


class _Retryable(Exception):
    def __init__(self, error: ApiError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    retry_after = exc.retry_after if isinstance(exc, _Retryable) else None
    return backoff_seconds(state.attempt_number - 1, retry_after)
