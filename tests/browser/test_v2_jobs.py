"""Extract v2 jobs in Chromium: an ext- link opens whole, a running job refreshes itself to
done, a cancelled one is never fetched again, and demo mode shows v2 jobs without a key."""

from __future__ import annotations

import json
import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    AppServer,
    FakeApi,
    gridcell,
    open_app,
    screenshot,
    status_badge,
    wait_for_app,
)
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.browser

RECEIPT = json.loads((DEMO_DATA / "v2" / "receipt_completed_per_doc.json").read_text())
RUNNING_SECONDS = 3.0


def new_job_id() -> str:
    return f"ext-{uuid.uuid4()}"


def test_an_ext_link_opens_the_job_with_data_beside_its_schema(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    open_app(page, live_app.at(f"job_id={RECEIPT['id']}&project_id={RECEIPT['project_id']}"))

    expect(status_badge(page)).to_have_text("Completed")
    expect(page.get_by_text(f"Extract v2 job, answered by {live_api.base_url}")).to_be_visible()
    expect(page.get_by_role("heading", name="Extracted data", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Schema", level=2)).to_be_visible()
    expect(gridcell(page, "Noisebridge").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    expect(page.get_by_text("Credits", exact=True)).to_be_visible()
    share = page.get_by_text(f"?job_id={RECEIPT['id']}&project_id={RECEIPT['project_id']}")
    expect(share).to_be_visible()
    screenshot(page, "v2-job")


def test_a_running_job_refreshes_itself_until_it_completes(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    job_id = new_job_id()
    running = json.loads((DEMO_DATA / "v2" / "invoice_running.json").read_text())
    completed = json.loads((DEMO_DATA / "v2" / "invoice_completed.json").read_text())
    live_api.app.add_cycling_v2_job(
        job_id,
        running | {"id": job_id},
        completed | {"id": job_id},
        done_after_s=RUNNING_SECONDS,
    )

    open_app(page, live_app.at(f"job_id={job_id}"))
    expect(status_badge(page)).to_have_text("Running")

    # Polled every 2 s while young: no click, no reload.
    expect(status_badge(page)).to_have_text("Completed", timeout=20_000)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Extracted data", level=2)).to_be_visible()


def test_a_cancelled_job_is_fetched_once_and_never_again(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    job_id = new_job_id()
    live_api.app.add_v2_job(RECEIPT | {"id": job_id, "status": "CANCELLED"})

    open_app(page, live_app.at(f"job_id={job_id}"))
    expect(status_badge(page)).to_have_text("Cancelled")
    time.sleep(5)  # longer than the fastest polling interval (2 s)
    slider = page.get_by_role("slider", name="Confidence threshold")
    slider.focus()
    slider.press("ArrowLeft")  # a rerun of the page
    wait_for_app(page)

    assert len(live_api.app.requests_for(job_id)) == 1


def test_demo_mode_shows_v2_jobs_without_a_key(page: Page, demo_app: AppServer) -> None:
    open_app(page, demo_app.at())
    expect(page.get_by_text("Extract v2 jobs", exact=True)).to_be_visible()

    page.get_by_role("button", name="Hospital directory · per_table_row rows", exact=True).click()
    wait_for_app(page)

    expect(status_badge(page)).to_have_text("Completed")
    expect(page.get_by_text("Extract v2 job, answered by the bundled demo samples")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]job_id=ext-aeb6465f-46c9-4039-97b4-0bfa4aeee865"))
