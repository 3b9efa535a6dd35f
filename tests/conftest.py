"""Shared fixtures: the fake LlamaCloud API on a real 127.0.0.1 socket, a real OpenID Connect
provider (oidc-provider-mock) for sign-in, and sample runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.oidc_provider import running_oidc_provider
from run_inspector.adapters.v1_run import extraction_from_v1
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, serve
from run_inspector.model.extraction import Extraction

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


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OpenID Connect provider for the whole session: its base URL (see
    bench/oidc_provider.py). Its own process keeps pytest's warning filters out of its code."""
    log_path = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    try:
        with running_oidc_provider(log_path) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


def audit_lines(path: Path) -> list[dict[str, Any]]:
    """The audit trail written to `path` (RUN_INSPECTOR_AUDIT_LOG), one record per line."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def demo_run(name: str) -> dict[str, Any]:
    """A bundled demo run (a complete ExtractRun) by file stem."""
    return load_json(DEMO_DATA / f"{name}.json")


def make_run(
    data: Any,
    schema: dict[str, Any],
    *,
    target: str = "PER_DOC",
    extraction_metadata: dict[str, Any] | None = None,
    config: dict[str, Any] | None = None,
) -> Extraction:
    """A minimal successful run around `data` and `schema`, read as the API would send it."""
    return read_v1(
        {
            "id": "3f0c6f1e-0000-4000-8000-000000000001",
            "config": {**(config or {}), "extraction_target": target},
            "data_schema": schema,
            "extraction_agent_id": "3f0c6f1e-0000-4000-8000-000000000002",
            "from_ui": False,
            "project_id": "3f0c6f1e-0000-4000-8000-000000000003",
            "status": "SUCCESS",
            "data": data,
            "extraction_metadata": extraction_metadata,
        }
    )


def read_v1(payload: dict[str, Any]) -> Extraction:
    """A v1 run's JSON read by the v1 adapter; fails the test if the adapter refuses it."""
    read = extraction_from_v1(payload)
    assert isinstance(read, Extraction), read
    return read
