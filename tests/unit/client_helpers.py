"""What the v1 and v2 client tests share: a stand-in for sleep, a recording transport, and a
maker of clients pointed at the fake API that closes them afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from run_inspector.api.client import LlamaCloudClient
from tests.conftest import TEST_API_KEY

QUICK = httpx.Timeout(5.0, connect=1.0)
MakeClient = Callable[..., LlamaCloudClient]


class Sleeps(list[float]):
    """Stands in for time.sleep: records how long the client would have slept."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class RecordingTransport(httpx.BaseTransport):
    """A real HTTP transport that also keeps each request exactly as it goes on the wire."""

    def __init__(self) -> None:
        self.urls: list[httpx.URL] = []
        self._inner = httpx.HTTPTransport()

    @property
    def raw_paths(self) -> list[bytes]:
        """Path and query of each request, percent-encoded as sent."""
        return [url.raw_path for url in self.urls]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@contextmanager
def client_maker(server_url: str, sleeps: Sleeps) -> Iterator[MakeClient]:
    """Makes clients for `server_url` (quick timeouts, recorded sleeps); closes them after."""
    made: list[LlamaCloudClient] = []

    def make(api_key: str = TEST_API_KEY, base_url: str | None = None, **kwargs: Any):
        kwargs.setdefault("timeout", QUICK)
        kwargs.setdefault("sleep", sleeps)
        client = LlamaCloudClient(api_key, base_url or server_url, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
