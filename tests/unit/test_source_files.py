"""A source file fetched by file ID: its link from the files API, the download without the
key, an expired link said as such, and the cache: one download per file, kept a while,
bounded in bytes, failures kept briefly."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.errors import NotFoundError
from run_inspector.fake_api import FakeLlamaCloud, ScriptedResponse
from run_inspector.loading.source_files import (
    SOURCE_ERROR_TTL_SECONDS,
    SourceCache,
    SourceExpiredError,
    SourceKey,
    fetch_source,
)
from run_inspector.source.download import LOOPBACK_DOWNLOADS_ENV, SourceHttpError

PDF = b"%PDF-1.7\n" + b"x" * 1000


@pytest.fixture(autouse=True)
def _loopback_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOPBACK_DOWNLOADS_ENV, "1")  # the fake API's files are on 127.0.0.1


def key_for(file_id: str) -> SourceKey:
    return SourceKey("fingerprint", "http://fake", file_id)


def test_a_file_is_fetched_through_its_link_without_the_key(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = str(uuid.uuid4())
    api.add_file(file_id, PDF)
    progress: list[tuple[int, int | None]] = []

    content = fetch_source(client, key_for(file_id), on_progress=lambda *p: progress.append(p))

    assert content == PDF
    assert not api.file_fetches()[-1].sent_credentials
    assert progress[-1] == (len(PDF), len(PDF))


def test_an_expired_link_says_so(client: LlamaCloudClient, api: FakeLlamaCloud) -> None:
    file_id = str(uuid.uuid4())
    api.add_file(file_id, PDF)
    later = datetime.now(UTC) + timedelta(days=1)

    with pytest.raises(SourceExpiredError, match="already expired"):
        fetch_source(client, key_for(file_id), now=lambda: later)


def test_one_download_per_file_while_kept_then_again(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    clock = [0.0]
    cache = SourceCache(timer=lambda: clock[0], ttl_seconds=900)
    file_id = str(uuid.uuid4())
    api.add_file(file_id, PDF)
    key = key_for(file_id)

    def fetch() -> bytes:
        return fetch_source(client, key)

    first, second = cache.get(key, fetch), cache.get(key, fetch)
    assert first is second
    assert first.content == PDF
    clock[0] = 901
    assert cache.get(key, fetch) is not first
    assert len(api.requests_for_file(file_id)) == 2


def test_a_failure_is_kept_briefly(client: LlamaCloudClient) -> None:
    clock = [0.0]
    cache = SourceCache(timer=lambda: clock[0])
    key = key_for(str(uuid.uuid4()))  # no such file

    failed = cache.get(key, lambda: fetch_source(client, key))
    assert isinstance(failed.problem, NotFoundError)
    assert cache.get(key, lambda: fetch_source(client, key)) is failed
    clock[0] = SOURCE_ERROR_TTL_SECONDS + 1
    assert cache.get(key, lambda: fetch_source(client, key)) is not failed


def test_the_cache_is_bounded_in_bytes() -> None:
    cache = SourceCache(max_bytes=2_500)
    fetched: list[str] = []

    def fetch(name: str) -> bytes:
        fetched.append(name)
        return b"y" * 1_000

    for name in ("a", "b", "c", "a"):
        key = key_for(name)
        cache.get(key, partial(fetch, name))

    # Three files of 1,000 bytes do not fit in 2,500: the oldest was let go, and fetched again.
    assert fetched == ["a", "b", "c", "a"]


def test_a_busy_file_server_is_asked_again_as_the_api_would_be(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = str(uuid.uuid4())
    api.add_file(file_id, PDF)
    api.script_file_fetch(
        file_id, ScriptedResponse(503), ScriptedResponse(429, headers={"Retry-After": "2"})
    )
    slept: list[float] = []

    content = fetch_source(client, key_for(file_id), sleep=slept.append)

    assert content == PDF
    assert len(slept) == 2
    assert slept[1] == 2.0  # its Retry-After


def test_a_refused_link_is_not_asked_again(client: LlamaCloudClient, api: FakeLlamaCloud) -> None:
    file_id = str(uuid.uuid4())
    api.add_file(file_id, PDF)
    api.script_file_fetch(
        file_id, ScriptedResponse(403, "<Error><Code>AccessDenied</Code></Error>")
    )
    slept: list[float] = []

    with pytest.raises(SourceHttpError) as refused:
        fetch_source(client, key_for(file_id), sleep=slept.append)
    assert refused.value.expired
    assert slept == []
