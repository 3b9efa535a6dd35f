"""The run page in Chromium: deep links, the bound Job ID, layout, demo mode, errors, no key."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from run_inspector.demo.samples import DEMO_SAMPLES
from run_inspector.fake_api import ScriptedResponse
from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    VIEWPORT,
    AppServer,
    FakeApi,
    alert,
    gridcell,
    open_app,
    screenshot,
    status_badge,
    wait_for_app,
)
from tests.conftest import TEST_API_KEY, demo_run

pytestmark = pytest.mark.browser

SAMPLES = {sample.title: sample for sample in DEMO_SAMPLES}
CAPACITOR = SAMPLES["Capacitor datasheet · PER_DOC · confidence"]
HOSPITALS = SAMPLES["Hospital list · PER_TABLE_ROW"]
RUN_PATH = "/api/v1/extraction/runs/by-job/"


def job_input(page: Page) -> Locator:
    return page.get_by_label("Job ID", exact=True)


def panel(page: Page, heading: str) -> Locator:
    """The bordered column whose section heading is `heading`."""
    return page.locator("[data-testid='stColumn']").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def data_cells(page: Page) -> Locator:
    return panel(page, "Extracted data").locator("[role=gridcell]")


def expect_data_cell(page: Page, text: str) -> list[str]:
    """Wait until the extracted-data grid has a cell reading exactly `text`; return all cells."""
    cell = gridcell(panel(page, "Extracted data"), text)
    expect(cell.first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    return data_cells(page).all_text_contents()


def share_link(page: Page) -> Locator:
    return page.locator("[data-testid='stText']").filter(has_text=re.compile(r"\?job_id="))


def url_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def job_id_in_url(job_id: str) -> re.Pattern[str]:
    return re.compile(rf"[?&]job_id={re.escape(job_id)}(&|$)")


def test_shared_link_opens_the_run_with_the_server_key(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    open_app(page, live_app.at(f"job_id={CAPACITOR.job_id}"))

    expect(job_input(page)).to_have_value(CAPACITOR.job_id)
    expect(status_badge(page)).to_have_text("Success")
    expect(status_badge(page)).to_be_visible()
    assert "82 mm" in expect_data_cell(page, "82 mm")
    requests = [r for r in live_api.app.requests_for(CAPACITOR.job_id) if r.method == "GET"]
    assert requests, "the app never asked the API for the run"
    assert {r.path for r in requests} == {RUN_PATH + CAPACITOR.job_id}
    assert {r.headers.get("authorization") for r in requests} == {f"Bearer {TEST_API_KEY}"}


def test_project_and_organization_reach_the_api(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    # Fresh IDs: this run key cannot come from the app's cache, so the request is this test's.
    project_id, organization_id = str(uuid.uuid4()), str(uuid.uuid4())
    query = f"job_id={CAPACITOR.job_id}&project_id={project_id}&organization_id={organization_id}"
    open_app(page, live_app.at(query))

    expect(status_badge(page)).to_have_text("Success")
    expect(page.get_by_label("Project ID (optional)")).to_have_value(project_id)
    expect(page.get_by_label("Organization ID (optional)")).to_have_value(organization_id)
    sent = [r.query for r in live_api.app.requests_for(CAPACITOR.job_id)]
    assert {"project_id": project_id, "organization_id": organization_id} in sent
    expect(share_link(page)).to_contain_text(f"project_id={project_id}")


def test_typed_job_id_updates_the_url_and_the_url_reopens_it(
    page: Page, live_app: AppServer, new_context: Callable[..., BrowserContext]
) -> None:
    open_app(page, live_app.at(f"job_id={CAPACITOR.job_id}"))
    expect_data_cell(page, "82 mm")

    job_input(page).fill(HOSPITALS.job_id)
    job_input(page).press("Enter")

    expect(page).to_have_url(job_id_in_url(HOSPITALS.job_id))
    wait_for_app(page)
    expect_data_cell(page, "Alameda Hospital")
    assert url_params(page.url)["job_id"] == [HOSPITALS.job_id]
    expect(share_link(page)).to_contain_text(f"job_id={HOSPITALS.job_id}")

    other = new_context().new_page()
    open_app(other, page.url)
    expect(job_input(other)).to_have_value(HOSPITALS.job_id)
    cells = expect_data_cell(other, "Alameda Hospital")
    assert "82 mm" not in cells


def test_data_and_schema_sit_side_by_side(page: Page, live_app: AppServer) -> None:
    open_app(page, live_app.at(f"job_id={CAPACITOR.job_id}"))
    expect_data_cell(page, "82 mm")
    data_heading = page.get_by_role("heading", name="Extracted data", exact=True)
    schema_heading = page.get_by_role("heading", name="Schema", exact=True)
    expect(data_heading).to_be_visible()
    expect(schema_heading).to_be_visible()
    screenshot(page, "side-by-side")

    data_box, schema_box = data_heading.bounding_box(), schema_heading.bounding_box()
    data_col, schema_col = (
        panel(page, "Extracted data").bounding_box(),
        panel(page, "Schema").bounding_box(),
    )
    assert data_box is not None
    assert schema_box is not None
    assert data_col is not None
    assert schema_col is not None
    assert abs(data_box["y"] - schema_box["y"]) < 8, (data_box, schema_box)
    assert abs(data_col["y"] - schema_col["y"]) < 8, (data_col, schema_col)
    assert schema_col["x"] >= data_col["x"] + data_col["width"], (data_col, schema_col)
    # Both are real panels, not slivers: each gets a good part of the window's width.
    # The data side is wider (3:2) since it carries more columns.
    assert data_col["width"] > schema_col["width"] > 0.25 * VIEWPORT["width"]


def test_demo_mode_without_a_key(page: Page, demo_app: AppServer) -> None:
    open_app(page, demo_app.at())

    expect(alert(page, "Demo mode")).to_be_visible()
    expect(job_input(page)).to_have_value(DEMO_SAMPLES[0].job_id)
    expect(status_badge(page)).to_be_visible()
    expect(share_link(page)).to_contain_text(f"job_id={DEMO_SAMPLES[0].job_id}")
    expect_data_cell(page, "82 mm")
    screenshot(page, "demo-mode")

    page.get_by_role("button", name=HOSPITALS.title).click()

    expect(job_input(page)).to_have_value(HOSPITALS.job_id)
    wait_for_app(page)
    cells = expect_data_cell(page, "Alameda Hospital")
    assert "82 mm" not in cells
    expect(share_link(page)).to_contain_text(f"job_id={HOSPITALS.job_id}")
    screenshot(page, "demo-sample-link")


def test_demo_mode_puts_the_first_sample_in_the_url(page: Page, demo_app: AppServer) -> None:
    open_app(page, demo_app.at())
    expect(job_input(page)).to_have_value(DEMO_SAMPLES[0].job_id)
    expect(page).to_have_url(job_id_in_url(DEMO_SAMPLES[0].job_id), timeout=2_000)


def test_demo_sample_button_puts_its_job_in_the_url(page: Page, demo_app: AppServer) -> None:
    open_app(page, demo_app.at(f"job_id={CAPACITOR.job_id}"))
    page.get_by_role("button", name=HOSPITALS.title).click()
    expect(job_input(page)).to_have_value(HOSPITALS.job_id)
    wait_for_app(page)
    expect(page).to_have_url(job_id_in_url(HOSPITALS.job_id), timeout=2_000)


def test_api_key_never_reaches_the_browser(page: Page, live_app: AppServer) -> None:
    open_app(page, live_app.at(f"job_id={CAPACITOR.job_id}"))
    expect_data_cell(page, "82 mm")
    page.get_by_text("Raw run JSON").click()  # render the collapsed JSON too
    expect(page.locator("[data-testid='stExpanderDetails'] [data-testid='stCode']")).to_be_visible()
    wait_for_app(page)

    link = share_link(page)
    expect(link).to_contain_text(f"job_id={CAPACITOR.job_id}")
    assert TEST_API_KEY not in link.inner_text()
    assert TEST_API_KEY not in page.url
    assert TEST_API_KEY not in page.content()
    assert TEST_API_KEY not in live_app.log.read_text(errors="replace")


def test_unknown_job_shows_a_clear_error(page: Page, live_app: AppServer) -> None:
    missing = str(uuid.uuid4())
    open_app(page, live_app.at(f"job_id={missing}"))

    not_found = alert(page, "No extraction run was found")
    expect(not_found).to_be_visible()
    expect(not_found).to_contain_text(missing)
    expect(status_badge(page)).to_have_count(0)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert "Traceback" not in page.locator("[data-testid='stApp']").inner_text()
    screenshot(page, "not-found")


def test_pending_run_refreshes_itself_until_it_is_final(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    job = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    pending = {**demo_run("receipt_pending"), "job_id": job, "created_at": now, "updated_at": now}
    done = {**demo_run("receipt_per_doc_bounding_boxes"), "job_id": job}
    live_api.app.add_run(done, job_id=job)
    live_api.app.script(job, ScriptedResponse(200, json.dumps(pending).encode()))

    page.goto(live_app.at(f"job_id={job}"))  # the pending state lasts 2 s: look first
    expect(status_badge(page)).to_have_text("Pending")
    expect(page.get_by_text("not final yet, checking again every 2 s")).to_be_visible()
    wait_for_app(page)

    # Nobody touches the page: the fragment's timer fetches again and the run turns final.
    expect(status_badge(page)).to_have_text("Success", timeout=15_000)
    expect_data_cell(page, "FACTURE ORIGINALE")
    assert len(live_api.app.requests_for(job)) == 2
