"""A citation's boxes on a rendered page: scaled from points to pixels with edges rounded
outwards, numbered, and flagged when a box leaves the page or the citation's page size has
another shape than the page drawn."""

from __future__ import annotations

import pytest

from run_inspector.model.field_metadata import BoundingBox, Citation, PageSize
from run_inspector.source.boxes import PixelBox, cited_pages, outside_page, place_boxes

A4 = PageSize(595.0, 842.0)  # points
A4_AT_150_DPI = (1240, 1754)  # 595 × 150/72, 842 × 150/72, rounded
A4_PT = (595.0, 842.0)


def cite(*boxes: BoundingBox, page_size: PageSize | None = A4, page: int = 1) -> Citation:
    return Citation(page, "text", len(boxes), boxes, page_size)


def test_boxes_scale_by_the_image_over_the_page_size_with_edges_rounded_outwards() -> None:
    page = PageSize(100.0, 200.0)  # drawn at 200 × 400 px: twice the points
    placed = place_boxes(cite(BoundingBox(10.2, 20.7, 30.1, 5.05), page_size=page), (200, 400),
                         (100.0, 200.0))  # fmt: skip

    # 20.4 → 20, 41.4 → 41 (down); 80.6 → 81, 51.5 → 52 (up): the box never shrinks.
    assert placed.boxes == (PixelBox(1, 20, 41, 81, 52, outside=False),)
    assert not placed.aspect_mismatch
    assert not placed.assumed_page_size


def test_an_a4_box_lands_where_150_dpi_puts_it() -> None:
    (box,) = place_boxes(cite(BoundingBox(72.0, 144.0, 72.0, 36.0)), A4_AT_150_DPI, A4_PT).boxes
    # One inch in, two down, one wide, half high: 150 px per inch (up to the rounding of
    # the page's own pixel size).
    assert (box.left, box.top, box.right, box.bottom) == (150, 299, 301, 375)


def test_boxes_are_numbered_in_the_citations_order() -> None:
    boxes = (BoundingBox(10, 10, 5, 5), BoundingBox(20, 20, 5, 5), BoundingBox(30, 30, 5, 5))
    placed = place_boxes(cite(*boxes), A4_AT_150_DPI, A4_PT)
    assert [b.number for b in placed.boxes] == [1, 2, 3]


@pytest.mark.parametrize(
    ("box", "outside"),
    [
        (BoundingBox(0, 0, 595, 842), False),  # the whole page
        (BoundingBox(-0.5, 841.0, 10, 1.5), False),  # within the tolerance
        (BoundingBox(500, 800, 100, 10), True),  # past the right edge
        (BoundingBox(10, 835, 10, 20), True),  # past the bottom: y from the bottom?
        (BoundingBox(-5, 10, 10, 10), True),
        (BoundingBox(10, 10, 0, 10), True),  # no area
        (BoundingBox(10, 10, 10, -3), True),
    ],
)
def test_a_box_that_leaves_the_page_is_flagged(box: BoundingBox, outside: bool) -> None:
    assert outside_page(box, A4) is outside
    (placed,) = place_boxes(cite(box), A4_AT_150_DPI, A4_PT).boxes
    assert placed.outside is outside


def test_a_page_size_of_another_shape_than_the_page_drawn_is_flagged() -> None:
    letter = PageSize(612.0, 792.0)  # wider than A4 for its height
    assert place_boxes(cite(page_size=letter), A4_AT_150_DPI, A4_PT).aspect_mismatch
    # The same shape at another scale (the parser's units) is no mismatch.
    double = PageSize(1190.0, 1684.0)
    assert not place_boxes(cite(page_size=double), A4_AT_150_DPI, A4_PT).aspect_mismatch


def test_without_a_page_size_the_rendered_pages_own_size_is_used_and_said() -> None:
    placed = place_boxes(cite(BoundingBox(0, 0, 595, 842), page_size=None), (1240, 1754), A4_PT)
    assert placed.assumed_page_size
    assert not placed.aspect_mismatch
    (box,) = placed.boxes
    assert (box.left, box.top, box.right, box.bottom) == (0, 0, 1240, 1754)


def test_cited_pages_in_order_once_each_without_impossible_pages() -> None:
    citations = [cite(page=3), cite(page=1), cite(page=3), cite(page=0), cite(page=-2)]
    citations.append(Citation(None, None, 0))
    assert cited_pages(citations) == (3, 1)


@pytest.mark.parametrize(
    ("box", "page_size"),
    [
        (BoundingBox(1e308, 10, 1e308, 10), PageSize(595.0, 842.0)),
        (BoundingBox(10, 10, 10, 10), PageSize(1e-320, 842.0)),
        (BoundingBox(-1e308, -1e308, 5, 5), PageSize(595.0, 842.0)),
    ],
)
def test_a_box_or_page_of_absurd_size_is_flagged_not_raised(
    box: BoundingBox, page_size: PageSize
) -> None:
    placed = place_boxes(cite(box, page_size=page_size), A4_AT_150_DPI, A4_PT)
    (pixel,) = placed.boxes
    assert pixel.outside or placed.aspect_mismatch
