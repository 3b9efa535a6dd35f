"""The source view's data for the run page: the file downloaded once per file ID and kept,
each page rendered once in the worker and kept, then the asked-for boxes drawn on it.

Caches are shared by sessions and keyed by credential fingerprint, base URL and file ID (an
uploaded source by its content's hash). Nothing is fetched until a field is asked for.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Final

import httpx
import streamlit as st
from cachetools import LRUCache, TLRUCache

from loaders.data_access import client_for, demo_files_transport
from loaders.run_inputs import given_before_drawn
from run_inspector.loading.key_locks import SharedCache
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.loading.source_files import (
    LoadedSource,
    Progress,
    SourceCache,
    SourceKey,
    fetch_source,
)
from run_inspector.model.field_metadata import Citation
from run_inspector.model.field_path import FieldPath
from run_inspector.presentation.share_link import FIELD_PARAM, PAGE_PARAM
from run_inspector.settings import Connection
from run_inspector.source.boxes import cited_pages
from run_inspector.source.field_list import CitedFields
from run_inspector.source.file_type import sniff
from run_inspector.source.render_worker import PageRenderer, RenderedPage, RenderError
from run_inspector.source.view import (
    SourcePage,
    SourceView,
    build_source_view,
    citation_rows,
    fields_on_page,
)

MAX_RENDERED_BYTES: Final = 100 * 1024**2
MAX_DRAWN_BYTES: Final = 100 * 1024**2
# Pages are drawn at most this big: an A4 page at 150 dpi is 2.2 megapixels, and boxes are
# drawn (and the page encoded again) in the server's own process.
MAX_PAGE_PIXELS: Final = 8_000_000
# A page that could not be drawn is tried again after this long (it may have been load).
RENDER_FAILURE_TTL_SECONDS: Final = 20.0
RENDER_TTL_SECONDS: Final = 3600.0


@st.cache_resource(show_spinner=False)
def _sources() -> SourceCache:
    return SourceCache()


def _stop(renderer: PageRenderer) -> None:
    renderer.close()


# A renderer let go of (a cleared cache) stops its worker process with it.
@st.cache_resource(show_spinner=False, on_release=_stop)
def _renderer() -> PageRenderer:
    return PageRenderer(max_pixels=MAX_PAGE_PIXELS)


@st.cache_resource(show_spinner=False)
def _views() -> SharedCache[tuple[str, int, tuple[FieldPath, ...], str], SourceView]:
    """Pages with boxes drawn, by file, page, fields and run: a rerun draws nothing."""
    entries: LRUCache[tuple[str, int, tuple[FieldPath, ...], str], SourceView] = LRUCache(
        MAX_DRAWN_BYTES, getsizeof=lambda view: len(view.png)
    )
    return SharedCache(entries, 64)


@st.cache_resource(show_spinner=False)
def _pages() -> SharedCache[tuple[str, int], RenderedPage | RenderError]:
    def weight(page: RenderedPage | RenderError) -> int:
        return len(page.png) if isinstance(page, RenderedPage) else 1024

    def time_to_use(_key: object, page: RenderedPage | RenderError, now: float) -> float:
        kept = RENDER_TTL_SECONDS if isinstance(page, RenderedPage) else RENDER_FAILURE_TTL_SECONDS
        return now + kept

    entries: TLRUCache[tuple[str, int], RenderedPage | RenderError] = TLRUCache(
        MAX_RENDERED_BYTES, time_to_use, time.monotonic, getsizeof=weight
    )
    return SharedCache(entries, 64)


def source_key(
    connection: Connection, file_id: str, project_id: str | None, organization_id: str | None
) -> SourceKey:
    return SourceKey(
        connection.fingerprint, connection.base_url, file_id, project_id, organization_id
    )


def load_source(
    connection: Connection, key: SourceKey, on_progress: Progress | None = None
) -> LoadedSource:
    client = client_for(connection)
    transport: httpx.BaseTransport | None = demo_files_transport() if connection.demo else None
    return _sources().get(
        key, lambda: fetch_source(client, key, transport=transport, on_progress=on_progress)
    )


def source_page(
    content: bytes,
    content_key: str,
    cited: dict[FieldPath, tuple[Citation, ...]],
    fields: Sequence[FieldPath],
    page: int,
    run_token: str,
) -> SourcePage:
    """`content`: the source file's bytes (fetched or uploaded), `content_key` what names
    them in the page caches (their hash, or an upload's own ID), both worked out once per
    file, not per rerun; `run_token` names the run `cited` comes from."""
    kind = sniff(content)
    rows = citation_rows(cited, fields, page)
    if kind.drawable is None:
        return SourcePage(None, f"This source ({kind.label}) cannot be drawn; its citations "
                                "of this page are listed below.", rows)  # fmt: skip
    drawable = kind.drawable

    def render() -> RenderedPage | RenderError:
        try:
            return _renderer().render(content, drawable, page)
        except RenderError as exc:
            return exc

    rendered = _pages().get((content_key, page), render)
    if isinstance(rendered, RenderError):
        return SourcePage(None, str(rendered), rows)
    view = _views().get(
        (content_key, page, tuple(fields), run_token),
        lambda: build_source_view(cited, fields, page, rendered),
    )
    return SourcePage(view, None)


def step_cited_page(pages: Sequence[int], delta: int) -> None:
    """Previous / Next: the field's cited page before or after the one shown (bound, so the
    URL follows), wrapping around."""
    if not pages:
        return
    shown = st.session_state.get(PAGE_PARAM)
    index = pages.index(shown) if shown in pages else 0
    st.session_state[PAGE_PARAM] = pages[(index + delta) % len(pages)]


def run_token(loaded: LoadedRun) -> str:
    """Names one fetch of a run, for the drawn-page cache (a run fetched again is another)."""
    extraction = loaded.extraction
    reference = extraction.reference if extraction is not None else ""
    return f"{reference}@{loaded.fetched_at}"


def chosen_fields(
    fields: CitedFields, field_text: str, page: int | None, all_fields: bool
) -> tuple[list[FieldPath], int]:
    """The fields to draw and the page: the one picked (or every field on its page) on the
    page picked, else on its first cited page."""
    field = fields.path_of(field_text)
    if field is None:  # the box offers cited fields only
        raise ValueError(f"not a cited field: {field_text!r}")
    shown = page or cited_pages(fields.cited[field])[0]
    return (fields_on_page(fields.cited, shown) if all_fields else [field]), shown


def source_choice_given() -> tuple[str | None, int | None]:
    """The source view's field and page as given, before their boxes are drawn (then from
    the URL), for the share link."""
    field, page = given_before_drawn(FIELD_PARAM), given_before_drawn(PAGE_PARAM)
    try:
        number = int(page) if isinstance(page, int | str) else None
    except ValueError:
        number = None
    return (field if isinstance(field, str) and field else None), number
