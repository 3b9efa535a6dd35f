"""A v1 extraction run (`/api/v1/extraction/runs/by-job/{id}`) as the neutral Extraction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from run_inspector.adapters.v1_config import v1_config_rows, v1_system_prompt
from run_inspector.model.extraction import (
    PER_DOC,
    Extraction,
    FieldMetadata,
    FileFacts,
    Status,
    Unreadable,
    UsageFigure,
    read_only,
)
from run_inspector.model.field_metadata import (
    entries_error,
    field_metadata_by_path,
    items_field_metadata,
    whole_number,
)
from run_inspector.model.json_text import json_text
from run_inspector.model.status import StatusClass, classify
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
NO_STATUS: Final = "the run has no status"
UNSENT_REQUIRED: Final = "not sent, though the API always sends it"
NULL_REQUIRED: Final = "null, though the API always sends a value"
# v1 usage keys and the neutral names of the figures they hold.
USAGE_FIGURES: Final = (
    ("num_pages_extracted", "pages_extracted"),
    ("num_document_tokens", "document_tokens"),
    ("num_output_tokens", "output_tokens"),
)
# File fields under their neutral names (FileFacts), where the two differ.
FILE_FIELD_NAMES: Final = {"id": "file_id", "file_size": "size_bytes"}


def extraction_from_v1(payload: Mapping[str, Any]) -> Extraction | str:
    """The run as an Extraction, or why it cannot be one (no usable run or job ID)."""
    own = read_part(ExtractRun, {k: v for k, v in payload.items() if k not in RUN_SECTIONS})
    run = own.model
    if not (run.id or "").strip() and not (run.job_id or "").strip():
        return NO_ID
    unreadable: dict[str, Unreadable] = {
        _RUN_FIELD_NAMES.get(name, name): Unreadable(aside.sent, aside.problem)
        for name, aside in own.set_aside.items()
        if name != "status"
    }
    _flag_missing(payload, REQUIRED_RUN_FIELDS, _RUN_FIELD_NAMES, unreadable)
    config = read_part(ExtractConfig, payload.get("config"))
    if WHOLE_PART in config.set_aside:
        unreadable["config"] = _unreadable(config, WHOLE_PART)
    config_rows = () if "config" in unreadable else v1_config_rows(config)
    schema = payload.get("data_schema")
    if not isinstance(schema, Mapping):
        if schema is not None:
            unreadable["schema"] = Unreadable(schema, "should be an object (a JSON Schema)")
        schema = {}
    data = payload.get("data")
    if data is not None and not isinstance(data, dict | list):
        unreadable["data"] = Unreadable(data, "should be an object or a list")
        data = None
    extraction_metadata = payload.get("extraction_metadata")
    if extraction_metadata is not None and not isinstance(extraction_metadata, Mapping):
        unreadable["metadata"] = Unreadable(extraction_metadata, "should be an object")
        extraction_metadata = None
    return Extraction(
        api_version="v1",
        status=_status(own),
        job_id=_id(run.job_id),
        run_id=_id(run.id),
        project_id=run.project_id,
        agent_id=run.extraction_agent_id,
        file_id=run.file_id,
        created_at=run.created_at,
        updated_at=run.updated_at,
        error=run.error or None,
        target=_target(config.model.extraction_target),
        config=config_rows,
        system_prompt=v1_system_prompt(config.model),
        schema=schema,
        data=data,
        metadata=_field_metadata(extraction_metadata, data),
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


def _flag_missing(
    sent: Mapping[str, Any],
    required: tuple[str, ...],
    neutral_names: Mapping[str, str],
    unreadable: dict[str, Unreadable],
) -> None:
    """Flag each required field that was not sent or was null (status has its own flag)."""
    for name in required:
        if name != "status" and sent.get(name) is None:
            problem = NULL_REQUIRED if name in sent else UNSENT_REQUIRED
            unreadable.setdefault(neutral_names.get(name, name), Unreadable(None, problem, True))


def _id(value: str | None) -> str | None:
    """An ID, or None when blank: a blank ID names nothing and must not key anything."""
    return value.strip() if value and value.strip() else None


def _status(own: ReadPart[ExtractRun]) -> Status:
    aside = own.set_aside.get("status")
    if aside is not None:
        return Status(json_text(aside.sent), StatusClass.UNKNOWN, aside.problem)
    word = own.model.status
    if word is None:
        return Status("", StatusClass.UNKNOWN, NO_STATUS)
    return Status(word, classify(word))


def _target(sent: str | None) -> str:
    """The target in v1 spelling; a missing one is the API's default."""
    return sent.strip().upper() if sent and sent.strip() else PER_DOC


def _unreadable(part: ReadPart[Any], name: str) -> Unreadable:
    aside = part.set_aside[name]
    return Unreadable(aside.sent, aside.problem)


def _field_metadata(extraction_metadata: Mapping[str, Any] | None, data: Any) -> FieldMetadata:
    if not extraction_metadata:
        return FieldMetadata()
    entries = extraction_metadata.get("field_metadata")
    outer = extraction_metadata.get("error")
    error = entries_error(entries) or (outer if isinstance(outer, str) and outer.strip() else None)
    if not isinstance(data, list):
        document = field_metadata_by_path(entries, data)
        return FieldMetadata(document=read_only(document), error=error)
    items = tuple(read_only(meta) for meta in items_field_metadata(entries, data))
    return FieldMetadata(items=items, error=error)


def _usage(extraction_metadata: Mapping[str, Any] | None) -> tuple[UsageFigure, ...]:
    usage = extraction_metadata.get("usage") if extraction_metadata else None
    if not isinstance(usage, Mapping):
        return ()
    return tuple(UsageFigure(name, whole_number(usage.get(key))) for key, name in USAGE_FIGURES)


def _file(sent: Any, unreadable: dict[str, Unreadable]) -> FileFacts | None:
    if sent is None:
        return None
    part = read_part(File, sent)
    if WHOLE_PART in part.set_aside:
        unreadable["file"] = _unreadable(part, WHOLE_PART)
        return None
    file = part.model
    flagged = {
        FILE_FIELD_NAMES.get(name, name): Unreadable(aside.sent, aside.problem)
        for name, aside in part.set_aside.items()
    }
    _flag_missing(sent, REQUIRED_FILE_FIELDS, FILE_FIELD_NAMES, flagged)
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
