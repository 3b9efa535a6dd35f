"""Pydantic models of an Extract v2 job (`GET /api/v2/extract/{id}`) and its saved configuration.

Like the v1 models, every field is optional and each part is read field by field
(wire/tolerant.py), so one odd value is flagged at its field. The JSON parts (the schema,
the result, the field metadata, usage) are read apart from these models. Old field names
the API has renamed or removed are modelled too: jobs and files from before the change
still carry them.
"""

from __future__ import annotations

from typing import Final

from pydantic import StrictBool, StrictInt

from run_inspector.wire.json_types import DateTimeText, JsonValue, OpenModel

# As in wire/v1_run.py, enum-like fields are plain strings; these are the documented values.
V2_EXTRACTION_TARGETS: Final = ("per_doc", "per_page", "per_table_row")
V2_TIERS: Final = ("cost_effective", "agentic", "agentic_plus", "turbo")
# Fields the API reference marks required on a job.
REQUIRED_JOB_FIELDS: Final = (
    "id",
    "status",
    "created_at",
    "updated_at",
    "project_id",
    "file_input",
)
# Keys only a v2 job has (v1 runs say `data`, `data_schema`, `file`, `extraction_metadata`).
V2_ONLY_KEYS: Final = ("extract_result", "extract_metadata", "file_input", "document_input_value")
V2_JOB_ID_PREFIX: Final = "ext-"

# The parts of a job read on their own, apart from ExtractV2Job.
JOB_SECTIONS: Final = ("configuration", "extract_result", "extract_metadata", "metadata", "usage")


class ExtractV2Job(OpenModel):
    """The job's own fields, without JOB_SECTIONS."""

    id: str | None = None
    status: str | None = None
    created_at: DateTimeText | None = None
    updated_at: DateTimeText | None = None
    project_id: str | None = None
    file_input: str | None = None
    # The name of file_input before 2026-04.
    document_input_value: str | None = None
    configuration_id: str | None = None
    error_message: str | None = None


# Read as JSON apart from ExtractConfiguration.
CONFIGURATION_SECTIONS: Final = ("data_schema",)


class ExtractConfiguration(OpenModel):
    """A job's configuration, or a saved extract configuration's `parameters`."""

    tier: str | None = None
    extraction_target: str | None = None
    version: str | None = None
    # The name of version before 2026-06.
    extract_version: str | None = None
    cite_sources: StrictBool | None = None
    confidence_scores: StrictBool | None = None
    parse_tier: str | None = None
    parse_config_id: str | None = None
    target_pages: str | None = None
    max_pages: StrictInt | None = None
    system_prompt: str | None = None
    disable_cache: StrictBool | None = None
    # Its type is documented nowhere this app could find: kept as sent.
    spreadsheet_mode: JsonValue = None
    sheet_names: list[str] | None = None
    # Removed from the API in 2026-04.
    lang: str | None = None
    # Set in a saved configuration's parameters ("extract_v2").
    product_type: str | None = None


# The part of a job's extract_metadata read by this model; the field metadata and the older
# usage are JSON.
EXTRACT_METADATA_SECTIONS: Final = ("field_metadata", "usage")


class ExtractJobMetadata(OpenModel):
    parse_job_id: str | None = None
    parse_tier: str | None = None


# Read apart from SavedConfigurationResponse, as an ExtractConfiguration.
SAVED_CONFIGURATION_SECTIONS: Final = ("parameters",)


class SavedConfigurationResponse(OpenModel):
    """`GET /api/v1/beta/configurations/{id}`, without its parameters."""

    id: str | None = None
    name: str | None = None
    product_type: str | None = None
    # A version text ("latest", a date) or, perhaps, a revision number: neither is documented.
    version: str | StrictInt | None = None
    created_at: DateTimeText | None = None
    updated_at: DateTimeText | None = None


# Read apart from ExtractV2JobList: each item may be read as a job.
LIST_SECTIONS: Final = ("items",)
PAGING_KEYS: Final = ("next_page_token", "total_size")


class ExtractV2JobList(OpenModel):
    """`GET /api/v2/extract`, without its items."""

    next_page_token: str | None = None
    total_size: StrictInt | None = None
