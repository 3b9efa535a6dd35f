"""A citation's boxes placed on a rendered page: scaled from the page's size in points to
pixels, and checked, since no LlamaCloud page states the boxes' frame.

Boxes are taken as PDF points with the origin at the page's top left and y pointing down
(as public examples draw them). A box that leaves the page, or a citation whose page size
has another shape than the page rendered, is flagged rather than silently drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from run_inspector.model.field_metadata import BoundingBox, Citation, PageSize

# Boxes this far past the page's edge (in points) still count as on it: rounding in the
# parser's own numbers.
EDGE_TOLERANCE_PT: Final = 1.0
# Relative difference in width/height ratio above which the citation's page size is taken
# to describe another page than the one rendered.
ASPECT_TOLERANCE: Final = 0.02
# Far past any page drawn: where a box that runs off to infinity is drawn (then clamped).
MAX_PIXEL: Final = 1_000_000.0


@dataclass(frozen=True)
class PixelBox:
    """A box on the rendered image, in whole pixels (edges rounded outwards), numbered from
    1 in the citation's order; `outside` when the box leaves the page."""

    number: int
    left: int
    top: int
    right: int
    bottom: int
    outside: bool


@dataclass(frozen=True)
class PlacedCitation:
    boxes: tuple[PixelBox, ...]
    # The citation's page size has another shape than the rendered page.
    aspect_mismatch: bool
    # The citation gave no page size: the rendered page's own size was used.
    assumed_page_size: bool


def place_boxes(
    citation: Citation, image_size: tuple[int, int], page_size_pt: tuple[float, float]
) -> PlacedCitation:
    """`image_size`: the rendered page in pixels; `page_size_pt`: its size in points, used
    when the citation says none. Each box is scaled by the image size over the citation's
    page size."""
    width_px, height_px = image_size
    page = citation.page_size or PageSize(*page_size_pt)
    scale_x, scale_y = width_px / page.width, height_px / page.height
    boxes = tuple(
        _placed(number, box, page, scale_x, scale_y)
        for number, box in enumerate(citation.boxes, start=1)
    )
    return PlacedCitation(
        boxes=boxes,
        aspect_mismatch=citation.page_size is not None
        and aspect_differs(citation.page_size, width_px, height_px),
        assumed_page_size=citation.page_size is None,
    )


def aspect_differs(page: PageSize, width_px: int, height_px: int) -> bool:
    cited = page.width / page.height
    rendered = width_px / height_px
    return not math.isfinite(cited) or abs(cited - rendered) / rendered > ASPECT_TOLERANCE


def outside_page(box: BoundingBox, page: PageSize) -> bool:
    """Whether the box leaves the page (or has no area): a sign that the frame is not the
    one assumed, e.g. y measured from the bottom."""
    tolerance = EDGE_TOLERANCE_PT
    return (
        not all(math.isfinite(n) for n in (box.x + box.w, box.y + box.h))
        or box.w <= 0
        or box.h <= 0
        or box.x < -tolerance
        or box.y < -tolerance
        or box.x + box.w > page.width + tolerance
        or box.y + box.h > page.height + tolerance
    )


def _placed(
    number: int, box: BoundingBox, page: PageSize, scale_x: float, scale_y: float
) -> PixelBox:
    return PixelBox(
        number=number,
        left=_pixel(box.x * scale_x, math.floor),
        top=_pixel(box.y * scale_y, math.floor),
        right=_pixel((box.x + box.w) * scale_x, math.ceil),
        bottom=_pixel((box.y + box.h) * scale_y, math.ceil),
        outside=outside_page(box, page),
    )


def _pixel(value: float, rounding: Callable[[float], int]) -> int:
    """A coordinate in whole pixels, held within ±MAX_PIXEL so a huge or infinite number
    from the run (1e308, a page 1e-320 wide) is drawn at the edge, not raised."""
    if math.isnan(value):
        return 0
    return rounding(min(max(value, -MAX_PIXEL), MAX_PIXEL))


def cited_pages(citations: Sequence[Citation]) -> tuple[int, ...]:
    """The pages a field's citations name, in order, each once (pages below 1 left out)."""
    pages = (c.page for c in citations if c.page is not None and c.page >= 1)
    return tuple(dict.fromkeys(pages))
