"""Shared fixtures: the fake LlamaCloud API on a real 127.0.0.1 socket, and sample runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from run_inspector.fake_api import FakeLlamaCloud, RunningServer, serve

TEST_API_KEY = "llx-test-key-0123456789"
OTHER_API_KEY = "llx-other-key-9876543210"
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"
DEMO_DATA = Path(__file__).parent.parent / "run_inspector" / "demo" / "data"


@pytest.fixture
def fake_api() -> FakeLlamaCloud:
    return FakeLlamaCloud(api_keys={TEST_API_KEY, OTHER_API_KEY})


@pytest.fixture
def fake_server(fake_api: FakeLlamaCloud) -> Iterator[RunningServer]:
    server = serve(fake_api)
    yield server
    server.stop()


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def demo_run(name: str) -> dict[str, Any]:
    """A bundled demo run (a complete ExtractRun) by file stem."""
    return load_json(DEMO_DATA / f"{name}.json")
