"""A cited source file, downloaded once and kept a while: asked for by file ID through the
files API, then fetched from the presigned link it gives (never with the API key).

Files are kept about 15 minutes, at most 200 MB in all, keyed by credential fingerprint,
base URL and file ID; a failure is kept 20 s, so a page drawn again does not retry at once.
Nothing is downloaded until a person asks for a source page.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import httpx
from cachetools import TLRUCache
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.errors import ApiError
from run_inspector.api.retry_policy import MAX_RETRIES, backoff_seconds
from run_inspector.loading.key_locks import SharedCache
from run_inspector.source.download import SourceDownloadError, SourceHttpError, download_source

SOURCE_TTL_SECONDS: Final = 900.0
SOURCE_ERROR_TTL_SECONDS: Final = 20.0
MAX_SOURCE_CACHE_BYTES: Final = 200 * 1024**2
# Failures weigh this much, so a burst of them cannot push every kept file out.
_ERROR_WEIGHT: Final = 1024

Progress = Callable[[int, int | None], None]


class SourceExpiredError(Exception):
    """The files API gave a link that had already expired."""

    def __str__(self) -> str:
        return "The source file's download link had already expired: the file may be gone."


SourceProblem = ApiError | SourceDownloadError | SourceExpiredError


@dataclass(frozen=True)
class SourceKey:
    fingerprint: str
    base_url: str
    file_id: str
    project_id: str | None = None
    organization_id: str | None = None


@dataclass(frozen=True, eq=False)
class LoadedSource:
    """The file's bytes and their SHA-256 (hashed once, here), or why there are none; when
    (wall clock)."""

    content: bytes | None
    problem: SourceProblem | None
    fetched_at: float
    digest: str = ""


def fetch_source(
    client: LlamaCloudClient,
    key: SourceKey,
    *,
    transport: httpx.BaseTransport | None = None,
    on_progress: Progress | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The file behind `key.file_id`: its link from the files API, then the download, which
    a 429 or 5xx retries as the client retries the API. `transport`: the demo's in-process
    one (its files live beside its API)."""
    link = client.file_download(
        key.file_id, project_id=key.project_id, organization_id=key.organization_id
    )
    if link.is_expired(now()):
        raise SourceExpiredError
    retrying = Retrying(
        retry=retry_if_exception(lambda exc: isinstance(exc, SourceHttpError) and exc.retryable),
        stop=stop_after_attempt(MAX_RETRIES + 1),
        wait=_wait,
        sleep=sleep,
        reraise=True,
    )
    return retrying(download_source, link.url, transport=transport, on_progress=on_progress)


def _wait(state: RetryCallState) -> float:
    failed = state.outcome.exception() if state.outcome is not None else None
    retry_after = failed.retry_after_s if isinstance(failed, SourceHttpError) else None
    return backoff_seconds(state.attempt_number - 1, retry_after)


class SourceCache:
    """Thread-safe; concurrent asks for one file wait for a single download."""

    def __init__(
        self,
        max_bytes: int = MAX_SOURCE_CACHE_BYTES,
        ttl_seconds: float = SOURCE_TTL_SECONDS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        def weight(loaded: LoadedSource) -> int:
            return len(loaded.content) if loaded.content is not None else _ERROR_WEIGHT

        def time_to_use(_key: SourceKey, value: LoadedSource, now: float) -> float:
            return now + (ttl_seconds if value.problem is None else SOURCE_ERROR_TTL_SECONDS)

        entries: TLRUCache[SourceKey, LoadedSource] = TLRUCache(
            max_bytes, time_to_use, timer, getsizeof=weight
        )
        self._entries = SharedCache(entries, 64)

    def get(self, key: SourceKey, fetch: Callable[[], bytes]) -> LoadedSource:
        return self._entries.get(key, lambda: _load(fetch))


def _load(fetch: Callable[[], bytes]) -> LoadedSource:
    try:
        content = fetch()
        return LoadedSource(content, None, time.time(), hashlib.sha256(content).hexdigest())
    except (ApiError, SourceDownloadError, SourceExpiredError) as exc:
        return LoadedSource(None, exc, time.time())
