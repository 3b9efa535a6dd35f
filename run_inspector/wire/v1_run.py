"""Pydantic models of an extraction run, as `GET /api/v1/extraction/runs/by-job/{id}` returns it.

Every field is optional and each part (the run's own fields, its config, its file) is a
model of its own, read field by field (wire/tolerant.py): one odd value is reported at its
field instead of hiding the whole run. The adapter decides what a run cannot do without.
"""

from __future__ import annotations

from typing import Final

from pydantic import StrictBool, StrictInt

from run_inspector.wire.json_types import DateTimeText, JsonValue, OpenModel

# Enum-like fields are plain strings so that a value the API adds later is kept and shown
# rather than rejected; these tuples say which values the reference documents today. What a
# status means is not the wire's business: model/status.py classifies it.
EXTRACTION_TARGETS: Final = ("PER_DOC", "PER_PAGE", "PER_TABLE_ROW")
EXTRACTION_MODES: Final = ("FAST", "BALANCED", "PREMIUM", "MULTIMODAL")
CHUNK_MODES: Final = ("PAGE", "SECTION")
PRIORITIES: Final = ("low", "medium", "high", "critical")

# Fields the API reference marks required: a run without them is odd, and flagged so.
REQUIRED_RUN_FIELDS: Final = (
    "id",
    "config",
    "data_schema",
    "extraction_agent_id",
    "from_ui",
    "project_id",
    "status",
)
REQUIRED_FILE_FIELDS: Final = ("id", "name", "project_id")


# The parts of a run read on their own: config and file by their models below, the rest as JSON.
RUN_SECTIONS: Final = ("config", "file", "data", "data_schema", "extraction_metadata")


class ExtractRun(OpenModel):
    """The run's own fields, without RUN_SECTIONS."""

    id: str | None = None
    job_id: str | None = None
    extraction_agent_id: str | None = None
    project_id: str | None = None
    file_id: str | None = None
    status: str | None = None
    created_at: DateTimeText | None = None
    updated_at: DateTimeText | None = None
    error: str | None = None
    from_ui: StrictBool | None = None


class ExtractConfig(OpenModel):
    chunk_mode: str | None = None
    citation_bbox: StrictBool | None = None
    cite_sources: StrictBool | None = None
    confidence_scores: StrictBool | None = None
    extract_model: str | None = None
    extraction_mode: str | None = None
    extraction_target: str | None = None
    high_resolution_mode: StrictBool | None = None
    invalidate_cache: StrictBool | None = None
    multimodal_fast_mode: StrictBool | None = None
    num_pages_context: StrictInt | None = None
    page_range: str | None = None
    parse_model: str | None = None
    priority: str | None = None
    system_prompt: str | None = None
    use_reasoning: StrictBool | None = None


class File(OpenModel):
    id: str | None = None
    name: str | None = None
    project_id: str | None = None
    created_at: DateTimeText | None = None
    data_source_id: str | None = None
    expires_at: DateTimeText | None = None
    external_file_id: str | None = None
    file_size: StrictInt | None = None
    file_type: str | None = None
    last_modified_at: DateTimeText | None = None
    permission_info: JsonValue = None
    purpose: str | None = None
    resource_info: JsonValue = None
    updated_at: DateTimeText | None = None
