"""Unit-test fixtures: one fake LlamaCloud API on a real socket for the whole session, and
clients pointed at it.

Tests that store jobs in it use IDs of their own, so they never see each other's; tests
that change its behaviour (a 422 mode) set it back when they end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from run_inspector.api.client import LlamaCloudClient
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, serve
from tests.conftest import OTHER_API_KEY, TEST_API_KEY
from tests.unit.client_helpers import MakeClient, Sleeps, client_maker


@pytest.fixture(scope="session")
def api() -> FakeLlamaCloud:
    return FakeLlamaCloud(api_keys={TEST_API_KEY, OTHER_API_KEY})


@pytest.fixture(scope="session")
def server(api: FakeLlamaCloud) -> Iterator[RunningServer]:
    running = serve(api)
    yield running
    running.stop()


@pytest.fixture
def uuid_only_api(api: FakeLlamaCloud) -> Iterator[FakeLlamaCloud]:
    """The shared fake, for one test, taking only UUIDs as project and organization IDs."""
    api.uuid_scope_ids = True
    yield api
    api.uuid_scope_ids = False


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(server: RunningServer, sleeps: Sleeps) -> Iterator[MakeClient]:
    with client_maker(server.base_url, sleeps) as make:
        yield make


@pytest.fixture
def client(make_client: MakeClient) -> LlamaCloudClient:
    return make_client()
