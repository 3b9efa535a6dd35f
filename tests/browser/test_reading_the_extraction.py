"""Reading a run in Chromium: schema problems, confidence, citations, filter, selections, CSVs."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    HEADER_PX,
    ROW_PX,
    AppServer,
    FakeApi,
    cell,
    column_cells,
    column_texts,
    grids,
    open_app,
    panel,
    row_of,
    screenshot,
    select_row,
    wait_for_app,
)

pytestmark = pytest.mark.browser

BROKEN_INVOICE = "7f9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d3f"
RECEIPT = "e1a3c5e7-b9d1-4f3a-8c5e-7a9b1d3f5c7e"
PER_PAGE_INVOICE = "2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a3b5c7d"
# invoice_schema_problems.json, as the validator words each problem.
SCHEMA_PROBLEMS = {
    "vendor.vat_id": "required field is missing",
    "issue_date": 'must be a valid date (got "31/02/2025")',
    "currency": 'must be one of "EUR", "USD", "GBP" (got "EURO")',
    "total": 'expected number, got string "1,234.50"',
    "notes": "not allowed by the schema (additionalProperties is false)",
    "line_items[1].quantity": 'expected integer, got string "two"',
}
# Confidences in that run: 0.22, 0.38, 0.41, 0.62, 0.74, 0.8, 0.88, 0.9, 0.93, … 0.99.


# --- Finding things on the page -----------------------------------------------------------


def confidence_badge(page: Page) -> Locator:
    return page.locator(".stMarkdownBadge").filter(has_text="confidence")


def problems_badge(page: Page) -> Locator:
    return page.locator(".stMarkdownBadge").filter(has_text="schema")


def scroll_to_columns(page: Page, grid: Locator, *names: str) -> None:
    """Scroll the canvas sideways until every header in `names` is in the accessible table."""
    box = grid.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + HEADER_PX + ROW_PX / 2)
    headers = grid.locator("[role=columnheader]")
    for _ in range(12):
        if set(names) <= set(headers.all_text_contents()):
            return
        page.mouse.wheel(120, 0)
        page.wait_for_timeout(250)
    pytest.fail(f"columns {names} never scrolled into view: {headers.all_text_contents()}")


def job_requests(live_api: FakeApi, job_id: str) -> int:
    return len(live_api.app.requests_for(job_id))


# --- Tests --------------------------------------------------------------------------------


def test_broken_invoice_shows_every_schema_problem(page: Page, live_app: AppServer) -> None:
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))

    expect(problems_badge(page)).to_have_text(re.compile(r"6 schema problems$"))
    expect(confidence_badge(page)).to_have_text(re.compile(r"\b3 fields below 50% confidence$"))

    listed = grids(page, "Schema problems").first
    expect(column_cells(listed, "Field")).to_have_count(6, timeout=GRID_TIMEOUT_MS)
    rows = dict(zip(column_texts(listed, "Field"), column_texts(listed, "Problem"), strict=True))
    assert rows == SCHEMA_PROBLEMS

    data = grids(page, "Extracted data").first
    for field, problem in SCHEMA_PROBLEMS.items():
        if "[" not in field:  # array items sit in their own table
            expect(cell(data, "Problems", row_of(data, field))).to_have_text(problem)
    expect(cell(data, "Problems", row_of(data, "line_items"))).to_have_text(
        "1 problem(s) in its items"
    )
    expect(cell(data, "Problems", row_of(data, "invoice_number"))).to_have_text("")
    screenshot(page, "schema-problems")


def test_threshold_recounts_without_fetching_again(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))
    expect(confidence_badge(page)).to_have_text(re.compile(r"\b3 fields below 50% confidence$"))
    before = job_requests(live_api, BROKEN_INVOICE)
    slider = page.get_by_role("slider", name="Confidence threshold")

    for _ in range(2):
        slider.press("ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", "40%")
    expect(confidence_badge(page)).to_have_text(re.compile(r"\b2 fields below 40% confidence$"))

    for _ in range(5):
        slider.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "65%")
    expect(confidence_badge(page)).to_have_text(re.compile(r"\b4 fields below 65% confidence$"))
    wait_for_app(page)
    assert job_requests(live_api, BROKEN_INVOICE) == before


def test_filter_narrows_data_and_schema_alike(
    page: Page, live_app: AppServer, live_api: FakeApi
) -> None:
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))
    before = job_requests(live_api, BROKEN_INVOICE)
    vendor_rows = ["vendor", "vendor.name", "vendor.vat_id"]

    box = page.get_by_role("textbox", name="Filter fields")
    box.fill("vendor")
    box.press("Enter")

    schema = grids(page, "Schema").first
    expect(column_cells(schema, "Field")).to_have_text(vendor_rows, timeout=GRID_TIMEOUT_MS)
    wait_for_app(page)
    assert job_requests(live_api, BROKEN_INVOICE) == before
    data = grids(page, "Extracted data").first
    expect(column_cells(data, "Field")).to_have_text(vendor_rows, timeout=GRID_TIMEOUT_MS)


def test_receipt_row_joins_value_confidence_and_citation(page: Page, live_app: AppServer) -> None:
    open_app(page, live_app.at(f"job_id={RECEIPT}"))
    data = grids(page, "Extracted data").first
    row = row_of(data, "document_type")

    expect(cell(data, "Value", row)).to_have_text("FACTURE ORIGINALE")
    # The canvas paints "72.5%" with a bar; the accessible cell carries the raw fraction.
    expect(cell(data, "Confidence", row)).to_have_text("0.725")
    scroll_to_columns(page, data, "Pages", "Cited text")
    expect(cell(data, "Pages", row)).to_have_text("1")
    expect(cell(data, "Cited text", row)).to_have_text("FACTURE ORIGINALE")
    page.mouse.wheel(-2_000, 0)

    select_row(page, data, row)
    detail = (
        panel(page, "Extracted data")
        .locator("[data-testid='stVerticalBlock']")
        .filter(has=page.get_by_text("Selected field", exact=True))
        .last
    )
    expect(detail).to_be_visible()
    expect(detail.get_by_text("Cited from (1)", exact=True)).to_be_visible()
    expect(detail.get_by_text("document_type", exact=True)).to_be_visible()
    citations = detail.locator("[data-testid='stDataFrame']")
    expect(cell(citations, "Page", 0)).to_have_text("1")
    expect(cell(citations, "Matching text", 0)).to_have_text("FACTURE ORIGINALE")
    screenshot(page, "citations")


def test_a_selection_belongs_to_its_run_and_is_gone_when_another_opens(
    page: Page, live_app: AppServer
) -> None:
    open_app(page, live_app.at(f"job_id={RECEIPT}"))
    data = grids(page, "Extracted data").first
    select_row(page, data, row_of(data, "document_type"))
    expect(page.get_by_text("Selected field", exact=True)).to_be_visible()

    job = page.get_by_role("textbox", name="Job ID")
    job.fill(BROKEN_INVOICE)
    job.press("Enter")
    expect(page.get_by_text("line_items (3 items)", exact=True)).to_be_visible()
    wait_for_app(page)

    expect(page.get_by_text("Selected field", exact=True)).to_have_count(0)
    expect(
        page.get_by_text("Select a row to see its whole value, citations and reasoning.").first
    ).to_be_visible()


def test_selecting_a_line_item_shows_its_fields_and_problem(
    page: Page, live_app: AppServer
) -> None:
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))
    expect(page.get_by_text("line_items (3 items)", exact=True)).to_be_visible()
    items = grids(page, "Extracted data").nth(1)
    expect(cell(items, "description", 1)).to_have_text("Croissant")

    select_row(page, items, 1)

    expect(page.get_by_text("line_items[1]", exact=True)).to_be_visible()
    item = grids(page, "Extracted data").nth(2)
    expect(column_cells(item, "Field")).to_have_text(
        ["line_items[1].description", "line_items[1].quantity", "line_items[1].unit_price"],
        timeout=GRID_TIMEOUT_MS,
    )
    expect(column_cells(item, "Value")).to_have_text(["Croissant", "two", "1.2"])
    expect(column_cells(item, "Problems")).to_have_text(
        ["", SCHEMA_PROBLEMS["line_items[1].quantity"], ""]
    )


def test_selecting_in_an_item_table_narrowed_by_index_opens_that_item(
    page: Page, live_app: AppServer
) -> None:
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))
    box = page.get_by_role("textbox", name="Filter fields")
    box.fill("line_items[2]")
    box.press("Enter")
    fields, items = grids(page, "Extracted data").first, grids(page, "Extracted data").nth(1)
    expect(column_cells(fields, "Field")).to_have_text(["line_items"], timeout=GRID_TIMEOUT_MS)
    expect(column_cells(items, "#")).to_have_text(["2"], timeout=GRID_TIMEOUT_MS)

    select_row(page, items, 0)

    expect(page.get_by_text("line_items[2]", exact=True)).to_be_visible()
    item = grids(page, "Extracted data").nth(2)
    expect(column_cells(item, "Field")).to_have_text(
        ["line_items[2].description", "line_items[2].quantity", "line_items[2].unit_price"],
        timeout=GRID_TIMEOUT_MS,
    )


def test_field_table_and_problems_downloads(page: Page, live_app: AppServer) -> None:
    page.add_init_script("delete window.showSaveFilePicker")
    open_app(page, live_app.at(f"job_id={BROKEN_INVOICE}"))

    with page.expect_download() as fields_download:
        page.get_by_role("button", name="Field table CSV").click()
    assert fields_download.value.suggested_filename == f"fields-{BROKEN_INVOICE}.csv"
    fields = read_csv(fields_download.value.path())
    assert fields.fieldnames is not None
    assert {"Field", "Value", "Confidence", "Cited text", "Problems"} <= set(fields.fieldnames)
    by_field = {row["Field"]: row for row in fields}
    assert by_field["issue_date"]["Confidence"] == "0.41"
    assert by_field["issue_date"]["Cited text"] == "Date : 31/02/2025"
    assert by_field["issue_date"]["Problems"] == SCHEMA_PROBLEMS["issue_date"]
    assert by_field["line_items[1].quantity"]["Confidence"] == "0.22"

    with page.expect_download() as problems_download:
        page.get_by_role("button", name="Problems CSV").click()
    problems = list(read_csv(problems_download.value.path()))
    assert len(problems) == 6
    assert {row["Field"]: row["Problem"] for row in problems} == SCHEMA_PROBLEMS


def test_per_page_run_shows_lowest_confidence_and_page_fields(
    page: Page, live_app: AppServer
) -> None:
    open_app(page, live_app.at(f"job_id={PER_PAGE_INVOICE}"))
    pages = grids(page, "Extracted data").first
    expect(cell(pages, "#", 0)).to_have_text("0")
    expect(cell(pages, "Lowest confidence", 0)).to_have_text("0.01")

    select_row(page, pages, 0)

    expect(page.get_by_text("Item 0", exact=True)).to_be_visible()
    fields = grids(page, "Extracted data").nth(1)
    expect(column_cells(fields, "Field")).to_have_text(
        ["hello", "nested.foo", "nested.bar"], timeout=GRID_TIMEOUT_MS
    )
    scroll_to_columns(page, fields, "Cited text")
    expect(column_cells(fields, "Cited text")).to_have_text(
        [
            "# Invoice Summary",
            "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            "BEV/WITH/BRID HOSP COVER FEB 17",
        ]
    )


def read_csv(path: Path) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
