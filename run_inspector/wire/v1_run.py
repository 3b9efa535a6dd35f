"""Pydantic models of an extraction run, as `GET /api/v1/extraction/runs/by-job/{id}` returns it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

# Enum-like fields are plain strings so that a value the API adds later is kept and shown
# rather than rejected; these tuples say which values the reference documents today. What a
# status means is not the wire's business: model/status.py classifies it.
EXTRACTION_TARGETS: Final = ("PER_DOC", "PER_PAGE", "PER_TABLE_ROW")
EXTRACTION_MODES: Final = ("FAST", "BALANCED", "PREMIUM", "MULTIMODAL")
CHUNK_MODES: Final = ("PAGE", "SECTION")
PRIORITIES: Final = ("low", "medium", "high", "critical")

JsonValue = dict[str, Any] | list[Any] | str | int | float | bool | None


class _OpenModel(BaseModel):
    """Keeps unknown fields (readable through `model_extra`) instead of dropping them."""

    model_config = ConfigDict(extra="allow", frozen=True)


class ExtractConfig(_OpenModel):
    chunk_mode: str | None = None
    citation_bbox: bool | None = None
    cite_sources: bool | None = None
    confidence_scores: bool | None = None
    extract_model: str | None = None
    extraction_mode: str | None = None
    extraction_target: str | None = None
    high_resolution_mode: bool | None = None
    invalidate_cache: bool | None = None
    multimodal_fast_mode: bool | None = None
    num_pages_context: int | None = None
    page_range: str | None = None
    parse_model: str | None = None
    priority: str | None = None
    system_prompt: str | None = None
    use_reasoning: bool | None = None


class File(_OpenModel):
    id: str
    name: str
    project_id: str
    created_at: datetime | None = None
    data_source_id: str | None = None
    expires_at: datetime | None = None
    external_file_id: str | None = None
    file_size: int | None = None
    file_type: str | None = None
    last_modified_at: datetime | None = None
    permission_info: JsonValue = None
    purpose: str | None = None
    resource_info: JsonValue = None
    updated_at: datetime | None = None


class ExtractRun(_OpenModel):
    id: str
    config: ExtractConfig
    data_schema: dict[str, Any]
    extraction_agent_id: str
    from_ui: bool
    project_id: str
    status: str
    created_at: datetime | None = None
    # A list target sends a list of objects; items are left loose so that one odd item
    # cannot hide the whole run behind a validation error.
    data: dict[str, Any] | list[Any] | None = None
    error: str | None = None
    extraction_metadata: dict[str, Any] | None = None
    file: File | None = None
    file_id: str | None = None
    job_id: str | None = None
    updated_at: datetime | None = None

    @property
    def extraction_target(self) -> str:
        return self.config.extraction_target or "PER_DOC"
