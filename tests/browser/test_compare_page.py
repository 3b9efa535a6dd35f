"""The compare page in Chromium: a link opens the comparison (checked with axe), the swap
puts the other order in the URL, a side that is not found shows its error, "only
differences" hides equal rows, and comparisons open from the runs page and the run page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from run_inspector.demo.history import INVOICE_AGENT_ID
from run_inspector.demo.samples import (
    DEMO_COMPARE_PAIR,
    DEMO_PROJECT_ID,
    DEMO_SAMPLES,
    DEMO_UNKNOWN_JOB_ID,
)
from tests.browser.conftest import AppServer, open_app, select_row, wait_for_app

pytestmark = pytest.mark.browser

INVOICE = DEMO_SAMPLES[2].job_id  # v1
HOSPITALS_V2 = DEMO_SAMPLES[9].job_id  # v2, per_table_row


def test_a_link_opens_the_comparison_and_swap_updates_the_url(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, f"{demo_app.url}/compare?a={INVOICE}&b={HOSPITALS_V2}")
    expect(page.get_by_text("Summary to paste into a ticket")).to_be_visible()
    expect(page.get_by_text("Unknown whether the file is the same")).to_be_visible()
    expect(page.get_by_text("extraction_mode ↔ tier, parse_tier").first).to_be_attached()

    page.get_by_role("button", name="Swap").click()
    wait_for_app(page)

    expect(page).to_have_url(re.compile(f"[?&]a={HOSPITALS_V2}&b={INVOICE}(&|$)"))
    expect(page.get_by_role("textbox", name="Run A: job ID")).to_have_value(HOSPITALS_V2)


def test_a_side_not_found_shows_its_error(page: Page, demo_app: AppServer) -> None:
    open_app(page, f"{demo_app.url}/compare?a={INVOICE}&b={DEMO_UNKNOWN_JOB_ID}")
    expect(page.get_by_text("Run B could not be loaded")).to_be_visible()
    expect(page.get_by_text("Run A could not be loaded")).to_have_count(0)


def test_two_rows_selected_on_the_runs_page_open_their_comparison(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, f"{demo_app.url}/runs?agent_id={INVOICE_AGENT_ID}&project_id={DEMO_PROJECT_ID}")
    grid = page.locator("[data-testid='stDataFrame']").first
    select_row(page, grid, 0)
    expect(page.get_by_role("button", name="Compare")).to_be_disabled()
    select_row(page, grid, 1)

    page.get_by_role("button", name="Compare").click()
    wait_for_app(page)

    expect(page).to_have_url(re.compile(r"/compare\?a=[0-9a-f-]{36}&b=[0-9a-f-]{36}"))
    expect(page).to_have_url(re.compile(f"[?&]a_project_id={DEMO_PROJECT_ID}(&|$)"))
    expect(page.get_by_text("Summary to paste into a ticket")).to_be_visible()
    verdict = page.get_by_text(re.compile(r"^(Same file|Different files|Unknown whether)"))
    expect(verdict).to_be_visible()


def test_only_differences_hides_equal_rows(page: Page, demo_app: AppServer) -> None:
    before, after = DEMO_COMPARE_PAIR
    open_app(page, f"{demo_app.url}/compare?a={before}&b={after}")
    shown_of = page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ fields$"))
    differing, total = _counts(shown_of.inner_text())
    assert 0 < differing < total  # the equal rows are hidden by default

    page.get_by_text("Only differences").click()
    wait_for_app(page)

    expect(shown_of).to_have_text(f"{total:,} of {total:,} fields")
    page.get_by_role("textbox", name="Filter fields").fill("supplier")
    page.keyboard.press("Enter")
    wait_for_app(page)
    filtered, _ = _counts(shown_of.inner_text())
    assert 0 < filtered < total


def test_the_previous_run_on_the_file_opens_from_the_run_page(
    page: Page, demo_app: AppServer
) -> None:
    before, after = DEMO_COMPARE_PAIR
    open_app(page, demo_app.at(f"job_id={after}"))
    page.get_by_role("button", name="Compare with…").click()
    page.get_by_role("button", name="The previous run of this agent on this file").click()
    wait_for_app(page)

    expect(page).to_have_url(re.compile(f"/compare\\?a={before}&b={after}"))
    expect(page.get_by_text("Same file (by file ID).")).to_be_visible()
    expect(page.get_by_text("extraction_mode", exact=True)).to_be_attached()


def _counts(text: str) -> tuple[int, int]:
    shown, total = re.findall(r"[\d,]+", text)
    return int(shown.replace(",", "")), int(total.replace(",", ""))
