"""Shared fixtures: the fake LlamaCloud API on a real 127.0.0.1 socket, a real OpenID Connect
provider (oidc-provider-mock) for sign-in, and sample runs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.streamlit_process import free_port
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
    """A real OpenID Connect provider (oidc-provider-mock) in its own process on this
    machine, for the whole session: its base URL, on `localhost` (another site than the app
    on 127.0.0.1, as a real provider is). Seed a person with `PUT {url}/users/<sub>` and a
    JSON body of claims. Its own process keeps pytest's warning filters out of its code."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://localhost:{port}"
        try:
            _wait_for_discovery(url, process, log_path)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_discovery(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the OIDC provider stopped:\n" + log_path.read_text(errors="replace"))
        try:
            if httpx.get(f"{url}/.well-known/openid-configuration", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("the OIDC provider did not start:\n" + log_path.read_text(errors="replace"))


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
