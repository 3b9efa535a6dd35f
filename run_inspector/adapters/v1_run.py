"""A v1 extraction run (`/api/v1/extraction/runs/by-job/{id}`) as the neutral Extraction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from run_inspector.adapters import common
from run_inspector.adapters.usage import UsageKey, usage_figures
from run_inspector.adapters.v1_config import v1_config_rows, v1_system_prompt
from run_inspector.model.extraction import (
    Extraction,
    FileFacts,
    Unreadable,
    UsageFigure,
    read_only,
)
from run_inspector.model.field_metadata import whole_number
from run_inspector.wire.tolerant import WHOLE_PART, ReadPart, read_part
from run_inspector.wire.v1_run import (
    REQUIRED_FILE_FIELDS,
    REQUIRED_RUN_FIELDS,
    RUN_SECTIONS,
    ExtractConfig,
    ExtractRun,
    File,
)

NO_ID: Final = "it has neither a run ID (`id`) nor a job ID (`job_id`)"
# v1 usage keys and the neutral names of the figures they hold.
USAGE_FIGURES: Final[tuple[UsageKey, ...]] = (
    ("num_pages_extracted", "pages_extracted", whole_number),
    ("num_document_tokens", "document_tokens", whole_number),
    ("num_output_tokens", "output_tokens", whole_number),
)
# File fields under their neutral names (FileFacts), where the two differ.
FILE_FIELD_NAMES: Final = {"id": "file_id", "file_size": "size_bytes"}


def read_run_fields(payload: Mapping[str, Any]) -> ReadPart[ExtractRun] | str:
    """The run's own fields (not its sections), or why it is no run (no usable run or job ID)."""
    own = read_part(ExtractRun, {k: v for k, v in payload.items() if k not in RUN_SECTIONS})
    if common.usable_id(own.model.id) is None and common.usable_id(own.model.job_id) is None:
        return NO_ID
    return own


def extraction_from_v1(payload: Mapping[str, Any]) -> Extraction | str:
    """The run as an Extraction, or why it cannot be one (no usable run or job ID)."""
    own = read_run_fields(payload)
    if isinstance(own, str):
        return own
    run = own.model
    unreadable = common.set_aside_fields(own, _RUN_FIELD_NAMES, skip=("status",))
    common.flag_missing(payload, REQUIRED_RUN_FIELDS, _RUN_FIELD_NAMES, unreadable)
    config = read_part(ExtractConfig, payload.get("config"))
    if WHOLE_PART in config.set_aside:
        unreadable["config"] = common.whole_part_unreadable(config, WHOLE_PART)
    config_rows = () if "config" in unreadable else v1_config_rows(config)
    schema = common.schema_part(payload.get("data_schema"), unreadable)
    data = common.data_part(payload.get("data"), unreadable)
    extraction_metadata = common.object_part(
        payload.get("extraction_metadata"), "metadata", unreadable
    )
    entries = extraction_metadata.get("field_metadata") if extraction_metadata else None
    return Extraction(
        api_version="v1",
        status=common.read_status(own),
        job_id=common.usable_id(run.job_id),
        run_id=common.usable_id(run.id),
        project_id=run.project_id,
        agent_id=run.extraction_agent_id,
        file_id=run.file_id,
        created_at=run.created_at,
        updated_at=run.updated_at,
        error=run.error or None,
        target=common.target_in_v1_spelling(config.model.extraction_target),
        config=config_rows,
        system_prompt=v1_system_prompt(config.model),
        schema=schema,
        data=data,
        metadata=common.field_metadata(
            entries, data, common.first_error(entries, extraction_metadata)
        ),
        usage=_usage(extraction_metadata),
        file=_file(payload.get("file"), unreadable),
        extra=tuple((run.model_extra or {}).items()),
        unreadable=read_only(unreadable),
    )


# Run fields under their neutral names (Extraction), where the two differ.
_RUN_FIELD_NAMES: Final = {
    "id": "run_id",
    "extraction_agent_id": "agent_id",
    "data_schema": "schema",
}


def _usage(extraction_metadata: Mapping[str, Any] | None) -> tuple[UsageFigure, ...]:
    usage = extraction_metadata.get("usage") if extraction_metadata else None
    return usage_figures((usage,), USAGE_FIGURES, unsent_too=True)


def _file(sent: Any, unreadable: dict[str, Unreadable]) -> FileFacts | None:
    if sent is None:
        return None
    part = read_part(File, sent)
    if WHOLE_PART in part.set_aside:
        unreadable["file"] = common.whole_part_unreadable(part, WHOLE_PART)
        return None
    file = part.model
    flagged = common.set_aside_fields(part, FILE_FIELD_NAMES)
    common.flag_missing(sent, REQUIRED_FILE_FIELDS, FILE_FIELD_NAMES, flagged)
    return FileFacts(
        file_id=file.id,
        name=file.name,
        file_type=file.file_type,
        size_bytes=file.file_size,
        created_at=file.created_at,
        last_modified_at=file.last_modified_at,
        expires_at=file.expires_at,
        data_source_id=file.data_source_id,
        external_file_id=file.external_file_id,
        purpose=file.purpose,
        project_id=file.project_id,
        permission_info=file.permission_info,
        resource_info=file.resource_info,
        extra=tuple((file.model_extra or {}).items()),
        unreadable=read_only(flagged),
    )
