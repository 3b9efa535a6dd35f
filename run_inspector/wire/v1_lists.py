"""Pydantic models of the v1 list endpoints: the extraction agents and a page of an agent's runs.

`GET /api/v1/extraction/extraction-agents` answers a bare list of agents;
`GET /api/v1/extraction/runs` a page `{items, total, skip, limit}` whose items are whole runs
(wire/v1_run.py). As elsewhere every field is optional and read field by field.
"""

from __future__ import annotations

from typing import Final

from pydantic import StrictInt

from run_inspector.wire.json_types import DateTimeText, OpenModel

# The parts of an agent a list has no use for: read as JSON, never by these models.
AGENT_SECTIONS: Final = ("data_schema", "config")


class ExtractAgent(OpenModel):
    """One agent of the list, without AGENT_SECTIONS."""

    id: str | None = None
    name: str | None = None
    project_id: str | None = None
    created_at: DateTimeText | None = None
    updated_at: DateTimeText | None = None


# Read apart from ExtractRunPage: each item is a run.
RUN_PAGE_SECTIONS: Final = ("items",)
# Fields the API reference marks required on a page of runs (besides `items`).
REQUIRED_PAGING_FIELDS: Final = ("total", "skip", "limit")


class ExtractRunPage(OpenModel):
    """`GET /api/v1/extraction/runs`, without its items."""

    total: StrictInt | None = None
    skip: StrictInt | None = None
    limit: StrictInt | None = None
