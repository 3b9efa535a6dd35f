"""The source view in Chromium on the demo invoice: picking a cited field shows its page with
its box, and a link with `field` and `page` reopens it (checked with axe)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from run_inspector.demo.samples import DEMO_SOURCE_JOB_ID
from tests.browser.conftest import AppServer, open_app, wait_for_app

pytestmark = pytest.mark.browser


def test_picking_a_field_shows_its_page_and_the_link_reopens_it(
    page: Page, demo_app: AppServer
) -> None:
    open_app(page, demo_app.at(f"job_id={DEMO_SOURCE_JOB_ID}"))
    field = page.get_by_role("combobox", name="Field")
    field.click()
    page.keyboard.type("total")  # the list is long: narrow it as a person would
    page.get_by_role("option", name="total", exact=True).click()
    wait_for_app(page)

    image = page.get_by_role("img", name="Page 2 of 2 of the source, with total drawn: 1 box.")
    expect(image).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]field=total(&|$)"))
    box = image.bounding_box()
    assert box is not None
    assert box["width"] > 300  # the page itself, not an icon

    open_app(page, demo_app.at(f"job_id={DEMO_SOURCE_JOB_ID}&field=payment_terms&page=2"))
    expect(
        page.get_by_role("img", name="Page 2 of 2 of the source, with payment_terms drawn: 1 box.")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_text("A box of payment_terms leaves the page", exact=False)).to_be_visible()
