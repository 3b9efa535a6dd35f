"""Browser fixtures: system Chromium, the fake LlamaCloud API and `streamlit run` servers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.streamlit_process import running_streamlit
from run_inspector.demo.samples import demo_fake_api
from run_inspector.fake_api import FakeLlamaCloud, serve
from tests.conftest import TEST_API_KEY

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Tall enough that a whole run page fits: Streamlit scrolls inside its own container, so
# `full_page=True` alone would only capture the first screen.
VIEWPORT = {"width": 1500, "height": 2400}
APP_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class FakeApi:
    app: FakeLlamaCloud
    base_url: str


@dataclass(frozen=True)
class AppServer:
    url: str
    log: Path

    def at(self, query: str = "") -> str:
        """The app's root URL with `query` (without the leading "?")."""
        return f"{self.url}/?{query}" if query else f"{self.url}/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture(scope="session")
def live_api() -> Iterator[FakeApi]:
    """The demo runs behind the fake API on a real socket, readable with TEST_API_KEY."""
    app = demo_fake_api(api_keys={TEST_API_KEY})
    server = serve(app)
    yield FakeApi(app, server.base_url)
    server.stop()


@pytest.fixture(scope="session")
def live_app(live_api: FakeApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app configured with TEST_API_KEY and the fake API as its base URL."""
    env = {"LLAMA_CLOUD_API_KEY": TEST_API_KEY, "LLAMA_CLOUD_BASE_URL": live_api.base_url}
    with streamlit_server(env, tmp_path_factory.mktemp("live-app") / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app with no API key: demo mode on the bundled samples."""
    with streamlit_server({}, tmp_path_factory.mktemp("demo-app") / "streamlit.log") as server:
        yield server


@pytest.fixture(autouse=True)
def _no_exception_left(page: Page) -> Iterator[None]:
    """Whatever a test did, the page it ends on shows no Streamlit exception box."""
    yield
    if page.url.startswith("http"):
        expect(page.locator("[data-testid='stException']")).to_have_count(0)


@contextmanager
def streamlit_server(extra_env: Mapping[str, str], log_path: Path) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free port until the block ends; fails with its log."""
    with ExitStack() as stack:
        try:
            process = stack.enter_context(running_streamlit(extra_env, log_path))
        except RuntimeError as exc:  # it did not start: fail with its log
            pytest.fail(str(exc))
        yield AppServer(process.url, log_path)


def status_badge(page: Page) -> Locator:
    """The run's status badge (the header also carries schema and confidence badges)."""
    return page.locator("[data-testid='stMarkdown'] .stMarkdownBadge").filter(
        has_text=re.compile(r"^(Created|Pending|Success|Error)$")
    )


def wait_for_app(page: Page) -> None:
    """Wait until the script has run and rendered, and check that it raised nothing."""
    app = page.locator("[data-testid='stApp']")
    app_selector = "[data-testid='stApp']"
    page.wait_for_selector(
        f"{app_selector}[data-test-connection-state='CONNECTED']", timeout=APP_TIMEOUT_MS
    )
    page.wait_for_selector(
        f"{app_selector}[data-test-script-state='notRunning']", timeout=APP_TIMEOUT_MS
    )
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=APP_TIMEOUT_MS)
    expect(app).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as test-artifacts/<name>.png and return the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
