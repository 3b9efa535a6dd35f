"""The source view built for the demo invoice: the cited fields, one field's boxes on its
page with alt text and matching text, every field on a page in its own colour, and what is
said of a misplaced box or a citation without one."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from run_inspector.adapters.reading import read_any_body
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_metadata import Citation
from run_inspector.model.field_path import FieldPath
from run_inspector.source.boxes import place_boxes
from run_inspector.source.drawing import colour_of
from run_inspector.source.render_worker import PageRenderer, RenderedPage
from run_inspector.source.view import (
    BoxRow,
    build_source_view,
    citation_rows,
    cited_fields,
    fields_on_page,
)

A4_PT = (595.2756, 841.8898)
SOURCE = Path(__file__).resolve().parents[2] / "run_inspector" / "demo" / "data" / "source"


@pytest.fixture(scope="module")
def run() -> Extraction:
    read = read_any_body((SOURCE / "northwind_invoice_run.json").read_bytes())
    assert isinstance(read, Extraction)
    return read


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[int, RenderedPage]]:
    renderer = PageRenderer(time_limit_s=10)
    pdf = (SOURCE / "northwind_invoice.pdf").read_bytes()
    yield {page: renderer.render(pdf, "pdf", page) for page in (1, 2)}
    renderer.close()


def path(text: str) -> FieldPath:
    return FieldPath.parse(text)


def test_every_cited_field_is_listed_in_the_runs_order(run: Extraction) -> None:
    cited = [p.render() for p in cited_fields(run)]
    assert cited[:4] == ["supplier.name", "supplier.vat_id", "invoice_number", "issue_date"]
    assert "line_items[2].amount" in cited
    assert "payment_terms" in cited


def test_one_field_on_its_page(run: Extraction, pages: dict[int, RenderedPage]) -> None:
    cited = cited_fields(run)
    view = build_source_view(cited, [path("total")], 2, pages[2])

    assert view.alt == "Page 2 of 2 of the source, with total drawn: 1 box."
    assert view.rows == (BoxRow("total", "1", "Total due: GBP 413.04", ""),)
    assert view.notes == ()
    (citation,) = cited[path("total")]
    (box,) = place_boxes(citation, (pages[2].width_px, pages[2].height_px), A4_PT).boxes
    drawn = Image.open(io.BytesIO(view.png)).convert("RGB")
    assert drawn.getpixel(((box.left + box.right) // 2, box.top - 2)) == colour_of(0)


def test_the_misplaced_box_is_said(run: Extraction, pages: dict[int, RenderedPage]) -> None:
    view = build_source_view(cited_fields(run), [path("payment_terms")], 2, pages[2])

    (row,) = view.rows
    assert row.note == "leaves the page"
    (note,) = view.notes
    assert note.startswith("A box of payment_terms leaves the page")


def test_all_fields_on_a_page_each_in_its_colour(
    run: Extraction, pages: dict[int, RenderedPage]
) -> None:
    cited = cited_fields(run)
    fields = fields_on_page(cited, 1)
    view = build_source_view(cited, fields, 1, pages[1])

    assert len(fields) == 13  # supplier ×2, number, date, three line items × 3
    assert len({entry.colour for entry in view.legend[:7]}) == 7
    assert view.alt == "Page 1 of 2 of the source, with 13 fields drawn: 13 boxes."


def test_a_citation_without_a_box_is_listed_as_such(pages: dict[int, RenderedPage]) -> None:
    cited = {path("note"): (Citation(1, "see overleaf", 0),)}
    view = build_source_view(cited, [path("note")], 1, pages[1])

    assert view.rows == (BoxRow("note", "", "see overleaf", "cited without a box"),)
    assert view.alt == "Page 1 of 2 of the source, with note drawn: 0 boxes."


def test_with_every_field_drawn_each_number_is_one_box(
    run: Extraction, pages: dict[int, RenderedPage]
) -> None:
    cited = cited_fields(run)
    view = build_source_view(cited, fields_on_page(cited, 1), 1, pages[1])

    numbers = [row.box for row in view.rows]
    assert numbers == [str(n) for n in range(1, 14)]
    assert [row.field for row in view.rows][:2] == ["supplier.name", "supplier.vat_id"]


def test_a_page_that_cannot_be_drawn_lists_its_citations_counting_their_boxes() -> None:
    one = Citation(page=2, matching_text="Total due", bounding_box_count=1)
    none = Citation(page=2, matching_text="see overleaf", bounding_box_count=0)
    three = Citation(page=2, matching_text="a table", bounding_box_count=3)
    other_page = Citation(page=1, matching_text="elsewhere", bounding_box_count=1)
    cited = {path("total"): (one, other_page), path("note"): (none, three)}

    rows = citation_rows(cited, [path("total"), path("note")], 2)

    assert [(row.field, row.matching_text, row.note) for row in rows] == [
        ("total", "Total due", "1 box"),
        ("note", "see overleaf", "cited without a box"),
        ("note", "a table", "3 boxes"),
    ]
