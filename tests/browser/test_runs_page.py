"""The runs page in Chromium (demo mode): links reopen the same list and page, filters go to
the URL, a selected run opens, and v2 pages go forward by cursor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from run_inspector.demo.history import INVOICE_AGENT_ID
from run_inspector.demo.samples import DEMO_PROJECT_ID
from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    AppServer,
    FakeApi,
    open_app,
    screenshot,
    select_row,
    status_badge,
    streamlit_server,
    wait_for_app,
)
from tests.conftest import TEST_API_KEY

pytestmark = pytest.mark.browser


def runs_grid(page: Page) -> Locator:
    return page.locator("[data-testid='stDataFrame']").first


def first_file(page: Page) -> str:
    cell = runs_grid(page).locator("[role=gridcell]").filter(has_text=re.compile(r"^facture-"))
    expect(cell.first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    return str(cell.first.text_content())


def test_a_list_link_opens_the_same_page_of_the_same_list(page: Page, demo_app: AppServer) -> None:
    open_app(page, f"{demo_app.url}/runs?agent_id={INVOICE_AGENT_ID}")
    expect(page.get_by_text("25 of 60 runs, newest first within this page")).to_be_visible()
    page.get_by_role("button", name="Page 2", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    on_page_two = first_file(page)
    link = page.url
    screenshot(page, "runs-page")

    colleague = page.context.new_page()
    open_app(colleague, link)
    expect(colleague.get_by_text("25 of 60 runs")).to_be_visible()
    assert first_file(colleague) == on_page_two
    colleague.close()


def test_filters_go_to_the_url_and_a_selected_run_opens(page: Page, demo_app: AppServer) -> None:
    # With a project ID: it is bound to a box on both pages, and must carry over to the run.
    open_app(page, f"{demo_app.url}/runs?agent_id={INVOICE_AGENT_ID}&project_id={DEMO_PROJECT_ID}")
    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="ERROR", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]status=ERROR(&|$)"))

    select_row(page, runs_grid(page), 0)
    page.get_by_role("button", name="Open run").click()
    wait_for_app(page)

    # Streamlit addresses the default page by its name once switched to: /run?job_id=….
    expect(page).to_have_url(re.compile(r"/(run)?\?job_id=[0-9a-f-]{36}"))
    expect(page).to_have_url(re.compile(f"[?&]project_id={DEMO_PROJECT_ID}(&|$)"))
    expect(status_badge(page)).to_have_text("Error")


def test_v2_jobs_page_by_cursor_and_an_opened_link_offers_the_first_page(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, f"{demo_app.url}/runs?api=v2")
    expect(page.get_by_text("25 jobs on this page, newest first.")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]page_token="))
    expect(page.get_by_role("button", name="Previous")).to_be_visible()

    colleague = page.context.new_page()
    open_app(colleague, page.url)
    expect(colleague.get_by_role("button", name="First page")).to_be_visible()
    colleague.close()


def test_a_runs_link_opened_first_on_a_fresh_server_uses_the_servers_key(
    page: Page, live_api: FakeApi, tmp_path: Path
) -> None:
    # Until app.py has run once, Streamlit runs pages/runs.py alone for /runs: without the
    # sidebar's connection, which would list the demo's runs (loaders/navigation.py).
    env = {"LLAMA_CLOUD_API_KEY": TEST_API_KEY, "LLAMA_CLOUD_BASE_URL": live_api.base_url}
    with streamlit_server(env, tmp_path / "streamlit.log") as fresh:
        open_app(page, f"{fresh.url}/runs?agent_id={INVOICE_AGENT_ID}&status=ERROR")

        expect(page.get_by_text("Using the API key from the server configuration.")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^\d+ of \d+ runs, newest first"))).to_be_visible()
        assert live_api.app.requests_to("/api/v1/extraction/runs")
