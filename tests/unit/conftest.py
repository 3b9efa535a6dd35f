"""Unit-test fixtures: one fake LlamaCloud API on a real socket for the whole session.

Tests that store jobs in it use IDs of their own, so they never see each other's; tests
that change its behaviour (a 422 mode) set it back when they end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from run_inspector.fake_api import FakeLlamaCloud, RunningServer, serve
from tests.conftest import OTHER_API_KEY, TEST_API_KEY


@pytest.fixture(scope="session")
def api() -> FakeLlamaCloud:
    return FakeLlamaCloud(api_keys={TEST_API_KEY, OTHER_API_KEY})


@pytest.fixture(scope="session")
def server(api: FakeLlamaCloud) -> Iterator[RunningServer]:
    running = serve(api)
    yield running
    running.stop()
