"""The target kept across sign-in: one of this app's own pages with its query, or nothing."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from run_inspector.access.return_to import (
    MAX_TARGET_CHARS,
    ReturnTo,
    parse_return_to,
    target_text,
)

PAGES = {"", "runs", "batch", "compare", "open-json"}


@pytest.mark.parametrize(
    ("url_path", "query"),
    [
        ("", (("job_id", "ext-1"), ("field", "line_items[0].sku"), ("page", "2"))),
        ("compare", (("a", "x"), ("b", "y z"), ("b", "2"))),
        ("runs", (("api", "v2"),)),
        ("batch", ()),
    ],
)
def test_a_page_and_its_query_come_back_whole(
    url_path: str, query: tuple[tuple[str, str], ...]
) -> None:
    written = quote(target_text(url_path, query), safe="")  # as the page's script writes it
    assert parse_return_to(written, PAGES) == ReturnTo(url_path, query)


def test_the_home_page_alone_is_home() -> None:
    read = parse_return_to("/", PAGES)
    assert read is not None
    assert read.is_home


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "//evil.example/compare",
        "https://evil.example/compare",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        quote("//evil.example", safe=""),
        "/nope",
        "compare",
        "/compare#x",
        "/compare/../compare",
        "/compare/",
        "/" + "a" * MAX_TARGET_CHARS,
        "javascript:alert(1)",
    ],
)
def test_anything_but_one_of_the_apps_pages_is_refused(raw: str | None) -> None:
    assert parse_return_to(raw, PAGES) is None
