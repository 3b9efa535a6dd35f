"""The batch page in Chromium: a link of mixed v1 and v2 IDs with a 404 and a 403 shows the
right counts and rows, its CSV is the table with formulas neutralised, and the run page's
demo banner opens the demo batch. Every state is checked with axe once the table is drawn."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from run_inspector.demo.samples import DEMO_BATCH_IDS, DEMO_UNKNOWN_JOB_ID
from run_inspector.fake_api import ScriptedResponse
from run_inspector.presentation.batch_table import BATCH_COLUMNS
from run_inspector.presentation.csv_export import FORMULA_PREFIXES
from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    AppServer,
    FakeApi,
    wait_for_app,
)
from tests.conftest import DEMO_DATA, demo_run

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots
RUN_LINK = "./?job_id="
FORMULA = '=HYPERLINK("https://evil.example/x","Open")'
RECEIPT = json.loads((DEMO_DATA / "v2" / "receipt_completed_per_doc.json").read_text())


@dataclass(frozen=True)
class LiveBatch:
    """Fresh job IDs on the session's fake API, in the order the link gives them."""

    done_v1: str
    done_v2: str
    failed_v1: str  # the run itself failed, with an error that looks like a formula
    missing_v1: str  # 404: never stored
    denied_v2: str  # 403: scripted

    @property
    def ids(self) -> list[str]:
        return [self.done_v1, self.denied_v2, self.failed_v1, self.missing_v1, self.done_v2]

    @property
    def statuses(self) -> list[str]:
        return ["Success", "no access", "Error", "not found", "Completed"]

    def url(self, app: AppServer) -> str:
        return f"{app.url}/batch?job_ids={','.join(self.ids)}"


@pytest.fixture(scope="module")
def live_batch(live_api: FakeApi) -> LiveBatch:
    batch = LiveBatch(
        done_v1=str(uuid.uuid4()),
        done_v2=f"ext-{uuid.uuid4()}",
        failed_v1=str(uuid.uuid4()),
        missing_v1=str(uuid.uuid4()),
        denied_v2=f"ext-{uuid.uuid4()}",
    )
    api = live_api.app
    api.add_run(demo_run("capacitor_per_doc_confidence") | {"job_id": batch.done_v1})
    api.add_run(demo_run("datasheet_error") | {"job_id": batch.failed_v1, "error": FORMULA})
    api.add_v2_job(RECEIPT | {"id": batch.done_v2})
    # A 403 for each session that may ask (a failure stays in the shared row cache 20 s).
    denied = ScriptedResponse(403, {"detail": "This key may not read that project."})
    api.script(batch.denied_v2, *[denied] * 4)
    return batch


# --- Reading the page -----------------------------------------------------------------------


def batch_grid(page: Page) -> Locator:
    """The batch table (the only st.dataframe once the preview is gone)."""
    return page.locator("[data-testid='stDataFrame']").last


def column_cells(grid: Locator, name: str) -> Locator:
    """The cells under the header `name` in the hidden accessible grid."""
    header = grid.locator("[role=columnheader]").filter(has_text=re.compile(rf"^{name}$"))
    expect(header).to_have_count(1, timeout=GRID_TIMEOUT_MS)
    index = header.get_attribute("aria-colindex")
    return grid.locator(f"[role=gridcell][aria-colindex='{index}']")


def column_texts(grid: Locator, name: str, rows: int) -> list[str]:
    cells = column_cells(grid, name)
    expect(cells).to_have_count(rows, timeout=GRID_TIMEOUT_MS)
    return [text.strip() for text in cells.all_text_contents()]


def metrics(page: Page) -> dict[str, int]:
    """The counts above the table: label -> figure."""
    shown = {}
    for metric in page.locator("[data-testid='stMetric']").all():
        label = metric.locator("[data-testid='stMetricLabel']").inner_text().strip()
        value = metric.locator("[data-testid='stMetricValue']").inner_text().strip()
        shown[label] = int(value.replace(",", ""))
    return shown


def shot(page: Page, name: str) -> None:
    """A full-page screenshot in /tmp/shots, only when SHOTS=1 (CI does not set it)."""
    if os.environ.get("SHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def job_ids(grid: Locator, rows: int) -> list[str]:
    """The Job ID column: the accessible grid reads each link cell as its href."""
    links = column_texts(grid, "Job ID", rows)
    assert all(link.startswith(RUN_LINK) for link in links), links
    return [link.removeprefix(RUN_LINK) for link in links]


def wait_for_table(page: Page) -> Locator:
    """Wait until every row is checked and the table drawn, then check the page with axe."""
    # The buttons below the table come with it, after the preview is gone.
    expect(page.get_by_role("button", name="Table as CSV", exact=True)).to_be_visible(
        timeout=20_000
    )
    wait_for_app(page)
    grid = batch_grid(page)
    expect(grid.locator("[role=gridcell]").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    return grid


def open_batch(page: Page, url: str) -> Locator:
    page.goto(url)
    return wait_for_table(page)


# --- Tests ----------------------------------------------------------------------------------


def test_a_batch_link_shows_counts_and_each_rows_status_and_its_csv_is_the_table(
    page: Page, live_app: AppServer, live_batch: LiveBatch
) -> None:
    """One page load for both halves: the table a person reads, then the CSV they download."""
    page.add_init_script("delete window.showSaveFilePicker")
    grid = open_batch(page, live_batch.url(live_app))

    expect(page.get_by_text("5 job IDs (3 v1, 2 v2).", exact=True)).to_be_visible()
    assert metrics(page) == {"done": 2, "failed": 1, "not found": 1, "no access": 1}
    shown_ids = job_ids(grid, 5)
    assert shown_ids == live_batch.ids
    assert column_texts(grid, "Version", 5) == ["v1", "v2", "v1", "v1", "v2"]
    shown_statuses = column_texts(grid, "Status", 5)
    assert shown_statuses == live_batch.statuses
    expect(page.get_by_role("button", name="Retry failed rows (2 not fetched)")).to_be_enabled()
    shot(page, "batch-live")

    with page.expect_download() as download:
        page.get_by_role("button", name="Table as CSV", exact=True).click()

    assert download.value.suggested_filename == "batch.csv"
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(BATCH_COLUMNS)
    assert [row["Job ID"] for row in rows] == shown_ids == live_batch.ids
    assert [row["Status"] for row in rows] == shown_statuses
    # Whole links, from the page's address: the CSV is what is passed on past 50 IDs.
    assert [row["Link"] for row in rows] == [f"{live_app.url}/?job_id={job}" for job in shown_ids]
    by_job = {row["Job ID"]: row for row in rows}
    assert by_job[live_batch.failed_v1]["Error"] == "'" + FORMULA
    assert "(404)" in by_job[live_batch.missing_v1]["Error"]
    assert "(403)" in by_job[live_batch.denied_v2]["Error"]
    risky = [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_PREFIXES)]
    assert risky == [], f"cells a spreadsheet runs as formulas: {risky}"


def test_the_demo_banner_opens_the_demo_batch(page: Page, demo_app: AppServer) -> None:
    page.goto(demo_app.at())  # the run page, with its demo banner
    page.get_by_role("link", name=re.compile(r"^Or check them all at once")).click()
    grid = wait_for_table(page)
    expect(page).to_have_url(re.compile(r"/batch\?job_ids="))
    ids = DEMO_BATCH_IDS.split(",")

    assert job_ids(grid, len(ids)) == ids
    statuses = dict(zip(ids, column_texts(grid, "Status", len(ids)), strict=True))
    assert statuses[DEMO_UNKNOWN_JOB_ID] == "not found"
    counts = metrics(page)
    assert sum(counts.values()) == 14
    assert counts["not found"] == 1
    shot(page, "batch-demo")


def test_retry_fetches_only_the_rows_that_could_not_be_fetched(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    done, flaky = str(uuid.uuid4()), f"ext-{uuid.uuid4()}"
    api = live_api.app
    api.add_run(demo_run("capacitor_per_doc_confidence") | {"job_id": done})
    api.add_v2_job(RECEIPT | {"id": flaky})
    api.script(flaky, ScriptedResponse(403, {"detail": "Not yet."}))  # once, then readable
    grid = open_batch(page, f"{live_app.url}/batch?job_ids={done},{flaky}")
    assert column_texts(grid, "Status", 2) == ["Success", "no access"]
    asked_before = len(api.requests)

    page.get_by_role("button", name="Retry failed rows (1 not fetched)").click()
    expect(page.get_by_role("button", name="Retry failed rows (0 not fetched)")).to_be_disabled(
        timeout=20_000
    )
    grid = wait_for_table(page)

    # The grid's cells are redrawn a moment after the rerun that retried: wait for them.
    expect(column_cells(grid, "Status")).to_have_text(
        ["Success", "Completed"], timeout=GRID_TIMEOUT_MS
    )
    assert metrics(page) == {"done": 2}
    assert [r.path.rsplit("/", 1)[-1] for r in api.requests[asked_before:]] == [flaky]
