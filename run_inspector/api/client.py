"""HTTP client for the LlamaCloud extraction API: auth, timeouts, retries and typed errors."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from run_inspector.api import errors
from run_inspector.api.errors import ApiError, InvalidBody
from run_inspector.api.retry_policy import (
    MAX_RETRIES,
    backoff_seconds,
    retry_after_seconds,
    should_retry_status,
)
from run_inspector.wire.parsing import parse_run
from run_inspector.wire.v1_run import ExtractRun

US_BASE_URL: Final = "https://api.cloud.llamaindex.ai"
EU_BASE_URL: Final = "https://api.cloud.eu.llamaindex.ai"
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
MAX_DETAIL_CHARS: Final = 2_000
USER_AGENT: Final = "run-inspector/0.1"


@dataclass(frozen=True)
class FetchedRun:
    """A parsed run and the exact bytes it came from (the download keeps those)."""

    run: ExtractRun
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
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = {"Authorization": f"Bearer {api_key}"}
        self._max_retries = max_retries
        self._sleep = sleep
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
    ) -> ExtractRun:
        """`GET /api/v1/extraction/runs/by-job/{job_id}`, retried like the official SDK."""
        return self.fetch_run_by_job(
            job_id, project_id=project_id, organization_id=organization_id
        ).run

    def fetch_run_by_job(
        self, job_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> FetchedRun:
        """Like get_run_by_job, also returning the exact response body."""
        if job_id in {"", ".", ".."}:  # quote() keeps dots; httpx would resolve them as `..`
            raise errors.InvalidIdError(f"{job_id!r} is not a job ID. Paste the job's UUID.")
        path = f"/api/v1/extraction/runs/by-job/{quote(job_id, safe='')}"
        params = {
            k: v for k, v in (("project_id", project_id), ("organization_id", organization_id)) if v
        }
        body = self._get(path, params, job_id=job_id)
        parsed = parse_run(body)
        if isinstance(parsed, InvalidBody):
            raise errors.InvalidResponseError(
                f"LlamaCloud answered, but not with a valid extraction run "
                f"({len(parsed.problems)} problem(s), listed below with the raw body).",
                body=parsed,
            )
        return FetchedRun(parsed, body)

    def _get(self, path: str, params: dict[str, str], *, job_id: str) -> bytes:
        attempts = 0

        def attempt() -> bytes:
            nonlocal attempts
            attempts += 1
            try:
                response = self._http.get(path, params=params, headers=self._auth)
            except httpx.TimeoutException as exc:
                raise _Retryable(self._timeout_error(exc)) from None
            except httpx.TransportError as exc:
                raise _Retryable(self._connection_error(exc)) from None
            if response.is_success:
                return response.content
            error = _status_error(response, job_id=job_id, base_url=self.base_url)
            if should_retry_status(response.status_code, response.headers):
                raise _Retryable(error, retry_after=retry_after_seconds(response.headers))
            raise error

        retrying = Retrying(
            stop=stop_after_attempt(self._max_retries + 1),
            retry=retry_if_exception(lambda exc: isinstance(exc, _Retryable)),
            wait=_wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retryable as exc:
            exc.error.attempts = attempts
            raise exc.error from None
        except ApiError as exc:
            exc.attempts = attempts
            raise

    def _timeout_error(self, exc: httpx.TimeoutException) -> ApiError:
        phase = "connect" if isinstance(exc, httpx.ConnectTimeout) else "answer"
        limit = self._timeout.connect if phase == "connect" else self._timeout.read
        return errors.ApiTimeoutError(
            f"LlamaCloud at {self.base_url} did not {phase} within {limit:g} s. "
            "Try Refresh in a minute; if it keeps happening, check LlamaCloud's status."
        )

    def _connection_error(self, exc: httpx.TransportError) -> ApiError:
        return errors.ApiConnectionError(
            f"Could not connect to {self.base_url}. Check the base URL or region in the "
            "sidebar (LLAMA_CLOUD_BASE_URL) and this server's network."
        )


class _Retryable(Exception):
    def __init__(self, error: ApiError, retry_after: float | None = None) -> None:
        super().__init__(error.reason)
        self.error = error
        self.retry_after = retry_after


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    retry_after = exc.retry_after if isinstance(exc, _Retryable) else None
    return backoff_seconds(state.attempt_number - 1, retry_after)


def _detail(response: httpx.Response) -> str | None:
    """The API's `{"detail": ...}` text, else the start of the body, as plain text."""
    text = response.text.strip()
    if not text:
        return None
    try:
        payload = json.loads(text)
    except ValueError:
        payload = None
    if isinstance(payload, dict) and "detail" in payload:
        detail = payload["detail"]
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    # An API or proxy may echo the Authorization header; never carry the key into an error.
    key = response.request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if key:
        text = text.replace(key, "[API key hidden]")
    return text[:MAX_DETAIL_CHARS]


def _status_error(response: httpx.Response, *, job_id: str, base_url: str) -> ApiError:
    status = response.status_code
    detail = _detail(response)
    common = {"status_code": status, "detail": detail}
    if status == 401:
        return errors.AuthenticationError(
            "LlamaCloud rejected the API key (401). Check the key in the sidebar, "
            "LLAMA_CLOUD_API_KEY or secrets.toml, and that it was issued for this region.",
            **common,
        )
    if status == 403:
        return errors.PermissionDeniedError(
            "This API key has no access to that project or organization (403). Check the "
            "project and organization IDs, or use a key from the run's organization.",
            **common,
        )
    if status == 404:
        return errors.NotFoundError(
            f"No extraction run was found for job {job_id} (404). The job may still be queued, "
            "may belong to another project or organization, or may live in the other region "
            f"(this app is asking {base_url}).",
            **common,
        )
    if status == 429:
        wait = retry_after_seconds(response.headers)
        when = f"in about {wait:.0f} s" if wait is not None else "in a minute"
        return errors.RateLimitedError(
            f"LlamaCloud is rate limiting this API key (429). Try again {when}.",
            retry_after=wait,
            **common,
        )
    if status >= 500:
        return errors.ServerError(
            f"LlamaCloud answered with a server error (HTTP {status}). "
            "Try Refresh in a minute; if it persists, report the job ID to LlamaCloud.",
            **common,
        )
    if status == 409:
        return errors.ConflictError(
            "LlamaCloud reported a conflict (409). Try Refresh in a moment.",
            **common,
        )
    if status in (400, 422):
        return errors.BadRequestError(
            f"LlamaCloud rejected the request (HTTP {status}). Check the job, project and "
            "organization IDs.",
            **common,
        )
    return errors.ApiError(f"LlamaCloud answered with HTTP {status}.", **common)
