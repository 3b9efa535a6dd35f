"""AppTest fixtures: a clean cache per test and the app pointed at the fake API or demo mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import RunningServer
from tests.conftest import TEST_API_KEY

APP_TIMEOUT = 30
APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def _clean_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "LLAMA_CLOUD_API_KEY",
        "LLAMA_CLOUD_BASE_URL",
        "LLAMA_CLOUD_PROJECT_ID",
        "LLAMA_CLOUD_ORGANIZATION_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def live_app(fake_server: RunningServer, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """An AppTest of app.py talking to the fake API with the test key, opened at these params."""
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", TEST_API_KEY)
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", fake_server.base_url)
    return open_app


@pytest.fixture
def demo_app() -> Callable[..., AppTest]:
    return open_app


def open_app(**query: str) -> AppTest:
    """app.py after its first run, opened at these URL query parameters."""
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()
