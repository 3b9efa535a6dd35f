"""The source view in Chromium on the demo invoice: selecting a cited field's row and "Show on
page" draws its page with a box around exactly its matching text, and a link with `field` and
`page` reopens a page (each checked with axe)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from run_inspector.demo.samples import DEMO_SOURCE_JOB_ID
from run_inspector.source.drawing import PALETTE
from tests.browser.conftest import (
    AppServer,
    grids,
    open_app,
    row_of,
    screenshot,
    select_row,
    wait_for_app,
)

pytestmark = pytest.mark.browser

RUN = (
    Path(__file__).resolve().parents[2]
    / "run_inspector/demo/data/source/northwind_invoice_run.json"
)
# What counts as ink: the PDF's text is black on white, antialiased at the edges.
INK_BELOW = 128
# How far around the box to look for ink that belongs to the same words.
NEIGHBOURHOOD_PX = 60


def test_show_on_page_draws_the_box_around_its_text_and_the_link_reopens_it(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, demo_app.at(f"job_id={DEMO_SOURCE_JOB_ID}"))
    data = grids(page, "Extracted data").first
    select_row(page, data, row_of(data, "total"))
    page.get_by_role("button", name="Show on page").click()
    wait_for_app(page)

    image = page.get_by_role("img", name="Page 2 of 2 of the source, with total drawn: 1 box.")
    expect(image).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]field=total(&|$)"))
    image.scroll_into_view_if_needed()
    screenshot(page, "source-page-total")
    src = image.get_attribute("src") or ""
    drawn = Image.open(io.BytesIO(page.request.get(urljoin(page.url, src)).body()))
    assert_box_surrounds_exactly_its_text(drawn, *cited_box("total"))

    open_app(page, demo_app.at(f"job_id={DEMO_SOURCE_JOB_ID}&field=payment_terms&page=2"))
    expect(
        page.get_by_role("img", name="Page 2 of 2 of the source, with payment_terms drawn: 1 box.")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_text("A box of payment_terms leaves the page", exact=False)).to_be_visible()


def cited_box(field: str) -> tuple[dict[str, float], dict[str, float]]:
    """The field's one bounding box in the demo run, and its page's dimensions (points)."""
    (citation,) = json.loads(RUN.read_text())["extraction_metadata"]["field_metadata"][field][
        "citation"
    ]
    (box,) = citation["bounding_boxes"]
    return box, citation["page_dimensions"]


def assert_box_surrounds_exactly_its_text(
    drawn: Image.Image, box: dict[str, float], page_size: dict[str, float]
) -> None:
    """The first colour's outline runs just outside the scaled box on all four sides, and the
    ink of the words nearby lies inside it: the box is where the text is, no more, no less."""
    scale_x = drawn.width / page_size["width"]
    scale_y = drawn.height / page_size["height"]
    left, right = box["x"] * scale_x, (box["x"] + box["w"]) * scale_x
    top, bottom = box["y"] * scale_y, (box["y"] + box["h"]) * scale_y
    rgb = np.asarray(drawn.convert("RGB"))  # [y, x, channel]
    blue = list(PALETTE[0])
    middle_x, middle_y = round((left + right) / 2), round((top + bottom) / 2)
    # The outline is a few pixels wide, drawn outside the box: look 2 px out.
    assert rgb[round(bottom) + 2, middle_x].tolist() == blue
    assert rgb[round(top) - 2, middle_x].tolist() == blue
    assert rgb[middle_y, round(left) - 2].tolist() == blue
    assert rgb[middle_y, round(right) + 2].tolist() == blue

    x0, y0 = round(left) - NEIGHBOURHOOD_PX, round(top) - NEIGHBOURHOOD_PX // 3
    near = rgb[y0 : round(bottom) + NEIGHBOURHOOD_PX // 3, x0 : round(right) + NEIGHBOURHOOD_PX]
    ys, xs = np.nonzero(near.max(axis=2) < INK_BELOW)
    assert xs.size, "no text near the box"
    assert x0 + xs.min() >= left - 1, (x0 + xs.min(), left)
    assert x0 + xs.max() <= right + 1, (x0 + xs.max(), right)
    assert y0 + ys.min() >= top - 1, (y0 + ys.min(), top)
    assert y0 + ys.max() <= bottom + 1, (y0 + ys.max(), bottom)
