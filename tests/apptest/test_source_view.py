"""The run page's source view in AppTest, on the demo invoice: nothing is fetched until a
field is asked for; a link with `field` opens its page with the boxes and alt text; the
misplaced box is said; all fields on the page; a run without a file says so."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from streamlit.testing.v1 import AppTest

from bench.generate_runs import line_items_run
from loaders.data_access import demo_files_transport
from run_inspector.adapters.reading import read_any_body
from run_inspector.demo.samples import DEMO_SAMPLES, DEMO_SOURCE_FILE_ID, DEMO_SOURCE_JOB_ID
from run_inspector.fake_api import FakeLlamaCloud
from run_inspector.model.extraction import Extraction
from run_inspector.source.download import LOOPBACK_DOWNLOADS_ENV
from run_inspector.source.field_list import MAX_LISTED_FIELDS, list_cited_fields
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT, page_text

SOURCE = Path(__file__).resolve().parents[2] / "run_inspector" / "demo" / "data" / "source"


def demo_api() -> FakeLlamaCloud:
    app = demo_files_transport().app
    assert isinstance(app, FakeLlamaCloud)
    return app


def image_alts(at: AppTest) -> list[str]:
    return [img.alt for image in at.get("image") for img in image.proto.imgs]


def test_nothing_is_fetched_until_a_field_is_asked_for(demo_app: Callable[..., AppTest]) -> None:
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID)

    assert "Source page" in [h.value for h in at.header]
    assert at.selectbox(key="field").value is None
    assert image_alts(at) == []
    assert demo_api().requests_for_file(DEMO_SOURCE_FILE_ID) == []


def test_a_link_with_a_field_opens_its_page_with_its_box(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID, field="total")

    assert image_alts(at) == ["Page 2 of 2 of the source, with total drawn: 1 box."]
    assert "Total due: GBP 413.04" in at.dataframe[-1].value["Matching text"].tolist()
    fetches = len(demo_api().file_fetches())
    at.run()  # a rerun draws from the caches
    assert len(demo_api().file_fetches()) == fetches


def test_the_misplaced_box_is_flagged(demo_app: Callable[..., AppTest]) -> None:
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID, field="payment_terms")

    assert "⚠ A box of payment_terms leaves the page" in page_text(at)
    assert at.dataframe[-1].value["Note"].tolist() == ["leaves the page"]


def test_all_fields_on_the_page_each_get_a_colour(demo_app: Callable[..., AppTest]) -> None:
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID, field="invoice_number")
    at.toggle(key=f"run-{DEMO_SOURCE_JOB_ID}-source-all").set_value(True).run()

    assert image_alts(at) == ["Page 1 of 2 of the source, with 13 fields drawn: 13 boxes."]
    legend = at.dataframe[-2].value
    assert legend["Colour"].tolist()[:3] == ["blue", "orange", "green"]


def test_a_run_with_no_citations_shows_no_source_section(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app(job_id=DEMO_SAMPLES[7].job_id)  # pending: nothing cited yet
    assert "Source page" not in [h.value for h in at.header]


def test_open_json_draws_the_page_from_a_source_uploaded_beside_the_run() -> None:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    at.switch_page("pages/open-json.py").run()
    run = (SOURCE / "northwind_invoice_run.json").read_bytes()
    at.file_uploader(key="open-json-file").upload("run.json", run, "application/json").run()
    pdf = (SOURCE / "northwind_invoice.pdf").read_bytes()
    at.file_uploader(key="open-json-source").upload("scan", pdf, "application/octet-stream")
    at.selectbox(key="field").set_value("issue_date").run()

    assert image_alts(at) == ["Page 1 of 2 of the source, with issue_date drawn: 1 box."]

    office = b"PK\x03\x04" + b"\0" * 100  # a .docx is a ZIP file
    at.file_uploader(key="open-json-source").upload("invoice.pdf", office, "application/pdf")
    at.run()
    assert image_alts(at) == []
    assert "This source (an Office document or other ZIP file) cannot be drawn" in page_text(at)
    # Its citation of that page is still listed.
    assert at.dataframe[-1].value["Matching text"].tolist() == ["Date: 2026-11-02"]


def test_another_run_forgets_the_field_and_the_share_link_carries_it(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID, field="total")
    assert "&field=total" in page_text(at)  # the share link

    invoice = DEMO_SAMPLES[2]
    at.button(key=f"run-demo-{invoice.job_id}").click().run()

    assert at.query_params["job_id"] == invoice.job_id
    assert at.selectbox(key="field").value is None
    assert image_alts(at) == []


def test_the_demo_banner_opens_the_source_run_on_a_field(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app()
    at.button(key="run-demo-source").click().run()

    assert at.query_params["job_id"] == DEMO_SOURCE_JOB_ID
    assert image_alts(at) == ["Page 2 of 2 of the source, with total drawn: 1 box."]


def test_another_demo_run_says_only_one_source_is_bundled(
    demo_app: Callable[..., AppTest],
) -> None:
    nvidia = DEMO_SAMPLES[1].job_id  # citations, but no bundled file
    at = demo_app(job_id=nvidia)
    field = at.selectbox(key="field")
    field.set_value(field.options[0]).run()

    assert "The demo serves the source file of one run only" in page_text(at)
    assert not at.error


def test_an_expired_file_says_so_and_asks_for_nothing(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    run = json.loads((SOURCE / "northwind_invoice_run.json").read_bytes())
    job_id, file_id = str(uuid.uuid4()), str(uuid.uuid4())
    run |= {"job_id": job_id, "id": str(uuid.uuid4()), "file_id": file_id}
    run["file"] = run["file"] | {"id": file_id, "expires_at": "2026-01-01T00:00:00Z"}
    fake_api.add_run(run)
    fake_api.add_file(file_id, (SOURCE / "northwind_invoice.pdf").read_bytes())

    at = live_app(job_id=job_id, field="total")

    assert "The source file has expired" in page_text(at)
    assert fake_api.requests_for_file(file_id) == []


def table_key(at: AppTest, suffix: str) -> str:
    """The run-scoped key of the table whose key ends in `-{suffix}`."""
    (key,) = [df.key for df in at.dataframe if df.key and df.key.endswith(f"-{suffix}")]
    return key


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    """Select a table's row (AppTest writes a table's selection through its key)."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def select_field(at: AppTest, key: str, field: str) -> AppTest:
    (table,) = [df for df in at.dataframe if df.key == key]
    return select_row(at, key, table.value["Field"].tolist().index(field))


def test_show_on_page_from_the_field_table_draws_that_fields_page(
    demo_app: Callable[..., AppTest],
) -> None:
    """AppTest runs the whole script on a click, fragment or not: the rerun out of the run
    page's fragment is checked in the browser (tests/browser/test_source_view.py)."""
    at = demo_app(job_id=DEMO_SOURCE_JOB_ID)
    fields = table_key(at, "fields")
    at = select_field(at, fields, "total")
    assert image_alts(at) == []  # selecting a row fetches nothing yet
    assert demo_api().requests_for_file(DEMO_SOURCE_FILE_ID) == []

    at.button(key=f"{fields}-show-on-page").click().run()

    assert at.selectbox(key="field").value == "total"
    assert at.query_params["field"] == "total"
    assert image_alts(at) == ["Page 2 of 2 of the source, with total drawn: 1 box."]
    assert "Picked under “Source page”, below." in page_text(at)


def test_show_on_page_from_a_list_results_item_names_the_item(
    demo_app: Callable[..., AppTest],
) -> None:
    """A list result's item rows name fields within the item; the source view needs `[i]…`."""
    per_page = DEMO_SAMPLES[4].job_id  # Invoice · PER_PAGE: one item per page, cited
    at = demo_app(job_id=per_page)
    records = table_key(at, "records")
    at = select_row(at, records, 0)
    (item,) = [df for df in at.dataframe if df.key == f"{records}-item"]
    cited = [f for f, p in zip(item.value["Field"], item.value["Pages"], strict=True) if p]
    at = select_field(at, f"{records}-item", cited[0])

    at.button(key=f"{records}-item-show-on-page").click().run()

    assert at.selectbox(key="field").value == f"[0].{cited[0]}"


# --- A live server that speaks the files API (the fake one, on 127.0.0.1) ---------------------

V2_RECEIPT = SOURCE.parents[1] / "data" / "v2" / "receipt_completed_per_doc.json"


def letter_pdf() -> bytes:
    """A one-page US Letter PDF (612 x 792 points), the page size the v2 receipt cites."""
    document = pdfium.PdfDocument.new()
    document.new_page(612, 792)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def store_northwind(fake_api: FakeLlamaCloud, pdf: bytes) -> tuple[str, str]:
    """The demo invoice's run as a new live run, its file served as `pdf`."""
    run = json.loads((SOURCE / "northwind_invoice_run.json").read_bytes())
    job_id, file_id = str(uuid.uuid4()), str(uuid.uuid4())
    run |= {"job_id": job_id, "id": str(uuid.uuid4()), "file_id": file_id}
    run["file"] = run["file"] | {"id": file_id}
    fake_api.add_run(run)
    fake_api.add_file(file_id, pdf)
    return job_id, file_id


@pytest.fixture
def loopback_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake file server is plain http on 127.0.0.1: allowed for tests only."""
    monkeypatch.setenv(LOOPBACK_DOWNLOADS_ENV, "1")


def test_a_live_runs_page_is_drawn_from_its_file_fetched_without_the_key(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, loopback_downloads: None
) -> None:
    job_id, file_id = store_northwind(fake_api, (SOURCE / "northwind_invoice.pdf").read_bytes())
    fetched_before = len(fake_api.file_fetches())

    at = live_app(job_id=job_id, field="total")

    assert image_alts(at) == ["Page 2 of 2 of the source, with total drawn: 1 box."]
    (asked,) = fake_api.requests_for_file(file_id)
    assert asked.path == f"/api/v1/beta/files/{file_id}/content"
    (fetched,) = fake_api.file_fetches()[fetched_before:]
    assert not fetched.sent_credentials


def test_a_live_v2_jobs_page_is_drawn_from_its_dfl_file(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, loopback_downloads: None
) -> None:
    job = json.loads(V2_RECEIPT.read_bytes())
    job_id, file_id = f"ext-{uuid.uuid4()}", f"dfl-{uuid.uuid4()}"
    job |= {"id": job_id, "file_input": file_id}
    fake_api.add_v2_job(job, job_id=job_id)
    fake_api.add_file(file_id, letter_pdf())

    at = live_app(job_id=job_id, field="total")

    assert image_alts(at) == ["Page 1 of 1 of the source, with total drawn: 1 box."]
    assert len(fake_api.requests_for_file(file_id)) == 1


@pytest.mark.expect_log(
    "run_inspector.source.render_worker", r"stopped and will be replaced: .*pdf_unreadable"
)
def test_a_corrupt_pdf_gives_a_sentence_and_the_next_file_is_drawn(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, loopback_downloads: None
) -> None:
    corrupt = b"%PDF-1.7\n" + bytes(range(256)) * 40
    broken_job, _ = store_northwind(fake_api, corrupt)

    at = live_app(job_id=broken_job, field="total")

    assert image_alts(at) == []
    assert "The PDF could not be read: it is damaged or not a PDF." in page_text(at)
    assert at.dataframe[-1].value["Matching text"].tolist() == ["Total due: GBP 413.04"]

    good_job, _ = store_northwind(fake_api, (SOURCE / "northwind_invoice.pdf").read_bytes())
    at = live_app(job_id=good_job, field="total")
    assert image_alts(at) == ["Page 2 of 2 of the source, with total drawn: 1 box."]


def read_extraction(body: bytes) -> Extraction:
    read = read_any_body(body)
    assert isinstance(read, Extraction)
    return read


def test_a_run_citing_thousands_of_fields_lists_a_few_and_still_opens_any(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    """Sending every cited field of 300 line items as options on each rerun slowed the page;
    the list holds the first ones, and a link (or Show on page) opens any other."""
    job_id = str(uuid.uuid4())
    fake_api.add_run(line_items_run(job_id, 300), job_id=job_id)
    last = "line_items[299].sku"

    at = live_app(job_id=job_id)

    assert len(at.selectbox(key="field").options) == MAX_LISTED_FIELDS
    assert f"The list holds the first {MAX_LISTED_FIELDS} cited fields of" in page_text(at)
    assert last not in at.selectbox(key="field").options

    at = live_app(job_id=job_id, field=last)
    assert at.selectbox(key="field").value == last
    assert at.selectbox(key="field").options[-1] == last
    cited = len(list_cited_fields(read_extraction(line_items_run(job_id, 300))).cited)
    assert (
        f"The list holds the first {MAX_LISTED_FIELDS} cited fields of {cited:,}. For another, "
        "select its row in the data table and press Show on page."
    ) in page_text(at)
