"""The Open JSON page in Chromium: a run's file opens in the same views as a fetched run."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AppServer, alert, open_app, status_badge, wait_for_app
from tests.conftest import DEMO_DATA, SAMPLES

pytestmark = pytest.mark.browser


def test_an_uploaded_run_opens_and_a_file_that_is_not_a_run_says_so(
    page: Page, demo_app: AppServer, tmp_path: Path
) -> None:
    open_app(page, f"{demo_app.url}/open-json")
    expect(page.get_by_role("heading", name="Open a run's JSON", level=1)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    upload = page.get_by_role("region", name="Run or job JSON file").get_by_test_id(
        "stFileUploaderDropzoneInput"
    )

    upload.set_input_files(DEMO_DATA / "invoice_schema_problems.json")

    expect(status_badge(page)).to_have_text("Success")
    expect(page.get_by_text("Opened from an uploaded file at")).to_be_visible()
    expect(page.get_by_role("heading", name="Schema problems", level=2)).to_be_visible()
    wait_for_app(page)

    not_a_run = tmp_path / "not-a-run.json"
    not_a_run.write_text('{"id": 1}', encoding="utf-8")
    upload.set_input_files(not_a_run)

    expect(alert(page, "not a valid extraction run")).to_be_visible()
    expect(status_badge(page)).to_have_count(0)
    wait_for_app(page)


def test_a_v2_job_and_a_v2_list_response_open_and_say_what_they_are(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, f"{demo_app.url}/open-json")
    upload = page.get_by_role("region", name="Run or job JSON file").get_by_test_id(
        "stFileUploaderDropzoneInput"
    )

    upload.set_input_files(DEMO_DATA / "v2" / "hospitals_per_table_row.json")

    expect(page.get_by_text("Found an Extract v2 job.")).to_be_visible()
    expect(status_badge(page)).to_have_text("Completed")
    wait_for_app(page)

    upload.set_input_files(SAMPLES / "v2" / "01_list_response_stainless_fixture.json")

    expect(page.get_by_text("Found an Extract v2 job list (1 job).")).to_be_visible()
    expect(page.get_by_text("Extract v2 job", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Extracted data", level=2)).to_be_visible()
    wait_for_app(page)
