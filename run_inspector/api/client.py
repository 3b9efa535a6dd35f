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

from run_inspector.adapters.reading import read_v1_body
from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.api.retry_policy import (
    MAX_RETRIES,
    backoff_seconds,
    retry_after_seconds,
    should_retry_status,
)
from run_inspector.model.extraction import Extraction
from run_inspector.wire.invalid_body import InvalidBody

US_BASE_URL: Final = "https://api.cloud.llamaindex.ai"
EU_BASE_URL: Final = "https://api.cloud.eu.llamaindex.ai"
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
MAX_DETAIL_CHARS: Final = 2_000
USER_AGENT: Final = "run-inspector/0.1"


@dataclass(frozen=True)
class FetchedRun:
    """A run read into an Extraction, and the exact bytes it came from (for the download)."""

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
    ) -> Extraction:
        """`GET /api/v1/extraction/runs/by-job/{job_id}`, retried like the official SDK."""
        return self.fetch_run_by_job(
            job_id, project_id=project_id, organization_id=organization_id
        ).extraction

    def fetch_run_by_job(
        self, job_id: str, *, project_id: str | None = None, organization_id: str | None = None
    ) -> FetchedRun:
        """Like get_run_by_job, also returning the exact response body."""
        if job_id in {"", ".", ".."}:  # quote() keeps dots; httpx would resolve them as `..`
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

    def _get(self, request: RunRequest) -> bytes:
        params = {
            k: v
            for k, v in (
                ("project_id", request.project_id),
                ("organization_id", request.organization_id),
            )
            if v
        }
        attempts = 0

        def attempt() -> bytes:
            nonlocal attempts
            attempts += 1
            try:
                response = self._http.get(request.path, params=params, headers=self._auth)
            except httpx.TimeoutException as exc:
                raise _Retryable(self._timeout_error(exc, request)) from None
            except httpx.TransportError as exc:
                raise _Retryable(
                    errors.ApiConnectionError(request, cause=type(exc).__name__)
                ) from None
            if response.is_success:
                return response.content
            error = _status_error(response, request)
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


_STATUS_ERRORS: Final[dict[int, type[ApiError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.BadRequestError,
}


def _status_error(response: httpx.Response, request: RunRequest) -> ApiError:
    status = response.status_code
    detail = _detail(response)
    if status == 429:
        return errors.RateLimitedError(
            request,
            retry_after=retry_after_seconds(response.headers),
            status_code=status,
            detail=detail,
        )
    error_type = errors.ServerError if status >= 500 else _STATUS_ERRORS.get(status, ApiError)
    return error_type(request, status_code=status, detail=detail)
