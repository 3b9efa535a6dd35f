"""Sessions with different sidebar keys never share a cached run; the same key does."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from run_inspector.demo.samples import DEMO_BASE_URL
from run_inspector.fake_api import FakeLlamaCloud, serve
from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    AppServer,
    FakeApi,
    alert,
    gridcell,
    open_app,
    screenshot,
    status_badge,
    streamlit_server,
    wait_for_app,
)
from tests.conftest import OTHER_API_KEY, TEST_API_KEY, demo_run

pytestmark = pytest.mark.browser

JOB = str(uuid.uuid4())
NOT_FOUND = "No extraction run was found"
KEYS = (TEST_API_KEY, OTHER_API_KEY)


@pytest.fixture(scope="module")
def keyed_api() -> Iterator[FakeApi]:
    """A fake API of its own, so the request counts below are this module's alone."""
    app = FakeLlamaCloud(api_keys=set(KEYS))
    run = demo_run("receipt_per_doc_bounding_boxes")
    app.add_run(run, job_id=JOB, api_keys={TEST_API_KEY})
    server = serve(app)
    yield FakeApi(app, server.base_url)
    server.stop()


@pytest.fixture(scope="module")
def keyless_app(
    keyed_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServer]:
    """The app pointed at the fake API with no key configured: each session brings its own."""
    env = {"LLAMA_CLOUD_BASE_URL": keyed_api.base_url}
    log = tmp_path_factory.mktemp("keyless-app") / "streamlit.log"
    with streamlit_server(env, log) as server:
        yield server


def host(url: str) -> str:
    """The host:port of a URL (the app puts an invisible word joiner after "http:")."""
    return urlsplit(url).netloc


def key_field(page: Page) -> Locator:
    return page.get_by_label("API key for this session", exact=True)


def key_taken(page: Page) -> Locator:
    return page.get_by_text("Using the API key from this session.", exact=True)


def enter_key(page: Page, key: str) -> bool:
    """Type `key` in the sidebar and wait for the rerun; True when the app took it."""
    key_field(page).fill(key)
    key_field(page).press("Enter")
    # After the rerun the sidebar either says so, or the field is empty again (key dropped).
    dropped = page.locator("[data-testid='stSidebar'] input[type=password]:placeholder-shown")
    expect(key_taken(page).or_(dropped)).to_be_visible(timeout=10_000)
    return key_taken(page).is_visible()


def open_with_key(page: Page, app: AppServer, key: str | None) -> None:
    """Open the job, then (if any) type this session's key in the sidebar: a key typed
    before navigating would belong to a session the navigation ends."""
    open_app(page, app.at(f"job_id={JOB}"))
    if key is None:
        return
    assert enter_key(page, key), "the key typed in the sidebar was dropped"
    wait_for_app(page)


def html_besides_own_key_field(page: Page) -> str:
    """The page's HTML without the value React mirrors into the session's own key field."""
    return page.evaluate(
        """() => {
            const copy = document.documentElement.cloneNode(true);
            copy.querySelectorAll("input[type=password]").forEach(i => i.removeAttribute("value"));
            return copy.outerHTML;
        }"""
    )


def sent_with(api: FakeApi, key: str) -> int:
    return sum(r.headers.get("authorization") == f"Bearer {key}" for r in api.app.requests_for(JOB))


def test_keys_never_share_a_cached_run(
    page: Page,
    new_context: Callable[..., BrowserContext],
    keyless_app: AppServer,
    keyed_api: FakeApi,
) -> None:
    a, b, c = page, new_context().new_page(), new_context().new_page()

    open_with_key(a, keyless_app, TEST_API_KEY)
    expect(status_badge(a)).to_have_text("Success")
    expect(gridcell(a, "FACTURE ORIGINALE").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    assert sent_with(keyed_api, TEST_API_KEY) == 1
    screenshot(a, "session-a-key")

    open_with_key(b, keyless_app, OTHER_API_KEY)
    # Demo mode has its own not-found for this job: wait for the one from the fake API.
    expect(alert(b, NOT_FOUND)).to_contain_text(host(keyed_api.base_url))
    expect(status_badge(b)).to_have_count(0)
    expect(gridcell(b, "FACTURE ORIGINALE")).to_have_count(0)
    assert sent_with(keyed_api, OTHER_API_KEY) == 1, "B's load came from A's cache"
    screenshot(b, "session-b-other-key")

    sent_before_c = len(keyed_api.app.requests)
    open_with_key(c, keyless_app, None)
    expect(alert(c, "Demo mode")).to_be_visible()
    expect(alert(c, NOT_FOUND)).to_contain_text(host(DEMO_BASE_URL))
    expect(status_badge(c)).to_have_count(0)
    assert len(keyed_api.app.requests) == sent_before_c, "the demo session reached the API"
    assert {r.headers.get("authorization") for r in keyed_api.app.requests} == {
        f"Bearer {key}" for key in KEYS
    }

    d = new_context().new_page()
    open_with_key(d, keyless_app, TEST_API_KEY)
    expect(status_badge(d)).to_have_text("Success")
    expect(gridcell(d, "FACTURE ORIGINALE").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    assert sent_with(keyed_api, TEST_API_KEY) == 1, "the same key should reuse the cached run"
    expect(status_badge(a)).to_have_text("Success")  # A is unaffected by the others

    log = keyless_app.log.read_text(errors="replace")
    own = {"A": TEST_API_KEY, "B": OTHER_API_KEY, "C": None, "D": TEST_API_KEY}
    for name, shown in {"A": a, "B": b, "C": c, "D": d}.items():
        html, rest = shown.content(), html_besides_own_key_field(shown)
        for key in KEYS:
            assert key not in shown.url, f"{name}'s URL carries an API key"
            assert key not in log, "the server log carries an API key"
            assert key not in rest, f"{name}'s page shows an API key outside its key field"
            if key != own[name]:
                assert key not in html, f"{name}'s page carries another session's key"


def test_first_key_typed_is_taken(
    page: Page, keyed_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = {"LLAMA_CLOUD_BASE_URL": keyed_api.base_url}
    log = tmp_path_factory.mktemp("fresh-app") / "streamlit.log"
    with streamlit_server(env, log) as fresh:
        open_app(page, fresh.at(f"job_id={uuid.uuid4()}"))  # not JOB: keep its counts exact
        assert enter_key(page, OTHER_API_KEY), "the first key typed was dropped"
