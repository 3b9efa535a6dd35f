"""The shared browser checks can fail: a panel that raises, a console error and an
inaccessible page are each reported, though the page guard shows only a calm sentence."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.streamlit_process import StreamlitProcess, running_streamlit
from components.page_guard import UNEXPECTED_FAILURE
from tests.browser.conftest import (
    axe_violations,
    check_accessibility,
    page_problems,
    server_log_problems,
    watch_console,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitProcess]:
    """A server the shared fixture does not watch: its failures are this module's to read."""
    log = tmp_path_factory.mktemp("broken-app") / "streamlit.log"
    with running_streamlit({}, log, script="tests/browser/apps/broken_panel.py") as server:
        yield server


@pytest.fixture
def unwatched_page(browser: Browser) -> Iterator[Page]:
    """A page outside the contexts the shared fixture checks."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_a_panel_that_raises_is_reported_from_page_log_and_console(
    unwatched_page: Page, broken_app: StreamlitProcess
) -> None:
    page = unwatched_page
    console: list[str] = []
    watch_console(page.context, console)
    log_start = broken_app.log_path.stat().st_size

    page.goto(broken_app.at())
    expect(page.get_by_text(UNEXPECTED_FAILURE)).to_be_visible()
    page.evaluate("console.error('raised on purpose')")

    assert page_problems(page) == [f"{page.url} shows the page guard's message"]
    assert log_problems_once_written(broken_app.log_path, log_start)[:2] == [
        "Unexpected failure while rendering",
        "Traceback (most recent call last):",
    ]
    assert [c.split(" (")[0] for c in console] == ["console error: raised on purpose"]


def log_problems_once_written(log: Path, start: int) -> list[str]:
    """The log's problem lines since `start`, once the traceback's last line is written."""
    deadline = time.monotonic() + 10
    while True:
        with log.open("rb") as file:
            file.seek(start)
            problems = server_log_problems(file.read().decode(errors="replace"))
        if (problems and problems[-1].startswith("TypeError")) or time.monotonic() > deadline:
            return problems
        time.sleep(0.1)


def test_log_lines_that_are_problems() -> None:
    log = "\n".join(
        [
            "2026-11-29 21:26:59.768 Uvicorn server started on 127.0.0.1:37601",
            "  You can now view your Streamlit app in your browser.",
            "  URL: http://127.0.0.1:37601",
            "2026-11-29 21:27:00.001 INFO    streamlit.web.server: a quiet line",
            "2026-11-29 21:27:01.002 WARNING streamlit.runtime.x: something Streamlit warns of",
            "the app's own warning, printed bare",
            "  Stopping...",
        ]
    )
    assert server_log_problems(log) == [
        "2026-11-29 21:27:01.002 WARNING streamlit.runtime.x: something Streamlit warns of",
        "the app's own warning, printed bare",
    ]


def test_an_inaccessible_page_fails_the_axe_check(unwatched_page: Page) -> None:
    page = unwatched_page
    page.set_content(
        "<html lang='en'><head><title>t</title></head><body><main>"
        "<h1>Title</h1><h3>Skipped a level</h3>"
        "<p style='color:#aaa;background:#fff'>faint text</p><button></button>"
        "</main></body></html>"
    )

    found = {v["id"]: [n["impact"] for n in v["nodes"]] for v in axe_violations(page)}
    assert found == {
        "color-contrast": ["serious"],
        "button-name": ["critical"],
        "heading-order": ["moderate"],
    }
    with pytest.raises(pytest.fail.Exception, match=r"(?s)button-name.*\[critical\] button"):
        check_accessibility(page)
