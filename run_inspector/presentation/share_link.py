"""Builds the shareable link to a run page from the app's own URL and the run's IDs."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlencode, urlsplit, urlunsplit

# The run link's query names of the source page shown, which its two boxes are bound to.
FIELD_PARAM: Final = "field"
PAGE_PARAM: Final = "page"


def share_link(
    app_url: str,
    job_id: str,
    project_id: str | None,
    organization_id: str | None,
    field: str | None = None,
    page: int | None = None,
) -> str:
    """The app URL with only job_id, project_id and organization_id in its query, and the
    source page shown (`field`, `page`) when there is one.

    Everything else in the original query and fragment is dropped, and so is any
    user:password@ part, because people paste API keys into URLs and links get forwarded.
    """
    parts = urlsplit(app_url)
    host = parts.netloc.rpartition("@")[2]
    params = (
        ("job_id", job_id),
        ("project_id", project_id),
        ("organization_id", organization_id),
        (FIELD_PARAM, field),
        (PAGE_PARAM, str(page) if page else None),
    )
    query = urlencode([(name, value) for name, value in params if value])
    # The run page is the app's root: under a base path st.context.url gives it without its
    # trailing slash (`/inspector`), and a link to that is redirected, or not served, by a
    # proxy that routes `/inspector/`.
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return urlunsplit((parts.scheme, host, path, query, ""))
