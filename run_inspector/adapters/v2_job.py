"""An Extract v2 job (`GET /api/v2/extract/{id}`) as the neutral Extraction.

A job comes in many shapes: parts are missing when the server ignored `expand`, older jobs
use older names (`document_input_value`, `extract_version`, usage under `extract_metadata`),
and the field metadata sits at one of several levels. The adapter reads them all; what it
cannot read is flagged where it belongs, as in the v1 adapter. The client tells it what it
learned besides the job (V2Context): the saved configuration it fetched, or why it could
not, and whether the server refused to report usage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from run_inspector.adapters import common
from run_inspector.adapters.config_rows import system_prompt_text
from run_inspector.adapters.usage import UsageKey, finite_number, usage_figures
from run_inspector.adapters.v2_config import v2_config_rows, v2_version
from run_inspector.model.extraction import (
    Extraction,
    FieldMetadata,
    FileFacts,
    SavedConfiguration,
    Unreadable,
    UsageFigure,
    read_only,
)
from run_inspector.model.field_metadata import whole_number
from run_inspector.wire.tolerant import WHOLE_PART, ReadPart, read_part
from run_inspector.wire.v2_job import (
    CONFIGURATION_SECTIONS,
    EXTRACT_METADATA_SECTIONS,
    JOB_SECTIONS,
    REQUIRED_JOB_FIELDS,
    SAVED_CONFIGURATION_SECTIONS,
    V2_JOB_ID_PREFIX,
    V2_ONLY_KEYS,
    ExtractConfiguration,
    ExtractJobMetadata,
    ExtractV2Job,
    SavedConfigurationResponse,
)

NO_JOB_ID: Final = "it has no job ID (`id`)"
NO_CONFIGURATION: Final = "not sent with the job"
UNREADABLE_CONFIGURATION: Final = "not readable: the configuration holding it is not an object"
SAVED_WITHOUT_PARAMETERS: Final = "its parameters are not an object"
# Usage keys, in every place a job has kept them, and the neutral names of their figures.
USAGE_FIGURES: Final[tuple[UsageKey, ...]] = (
    ("num_pages_extracted", "pages_extracted", whole_number),
    ("num_pages_billed", "pages_billed", whole_number),
    ("num_document_tokens", "document_tokens", whole_number),
    ("num_output_tokens", "output_tokens", whole_number),
    ("credits", "credits", finite_number),
    ("extract_credits", "extract_credits", finite_number),
    ("parse_credits", "parse_credits", finite_number),
)
# The levels of field_metadata: the document's entries, or one entry set per page or row.
DOCUMENT_LEVEL: Final = "document_metadata"
ITEM_LEVELS: Final = {"PER_PAGE": "page_metadata", "PER_TABLE_ROW": "row_metadata"}
_LEVELS: Final = (DOCUMENT_LEVEL, *ITEM_LEVELS.values())
_ITEM_ORDER: Final = (*ITEM_LEVELS.values(), DOCUMENT_LEVEL)
# Job fields under their neutral names (Extraction), where the two differ.
_JOB_FIELD_NAMES: Final = {"id": "job_id", "file_input": "file_id", "error_message": "error"}


@dataclass(frozen=True)
class V2Context:
    """What the client learned besides the job body."""

    # The saved configuration's JSON, fetched because the job came without `configuration`.
    saved_configuration: Mapping[str, Any] | None = None
    # Why it could not be fetched or read (a few words of fact).
    saved_configuration_problem: str | None = None
    # The server refused `expand=usage`, so credits are unknown.
    usage_refused: bool = False


# A job read on its own: nothing fetched besides it.
NO_CONTEXT: Final = V2Context()


def saved_configuration_id(payload: Mapping[str, Any]) -> str | None:
    """The saved configuration to fetch: one the job names but came without."""
    if payload.get("configuration") is not None:
        return None
    config_id = payload.get("configuration_id")
    return common.usable_id(config_id) if isinstance(config_id, str) else None


def looks_like_v2_job(payload: Mapping[str, Any]) -> bool:
    """True for a v2 job's JSON: an `ext-` ID, or a key only v2 jobs have."""
    job_id = payload.get("id")
    if isinstance(job_id, str) and job_id.strip().startswith(V2_JOB_ID_PREFIX):
        return True
    return any(key in payload for key in V2_ONLY_KEYS)


def extraction_from_v2(
    payload: Mapping[str, Any], context: V2Context = NO_CONTEXT
) -> Extraction | str:
    """The job as an Extraction, or why it cannot be one (no usable job ID)."""
    own = read_job_fields(payload)
    if isinstance(own, str):
        return own
    job = own.model
    unreadable = _own_unreadable(payload, own)
    config, schema = _configuration(payload, context, unreadable)
    data = common.data_part(payload.get("extract_result"), unreadable)
    target = common.target_in_v1_spelling(config.model.extraction_target if config else None)
    extract_metadata = common.object_part(payload.get("extract_metadata"), "metadata", unreadable)
    metadata_part = read_part(
        ExtractJobMetadata, _without(extract_metadata, EXTRACT_METADATA_SECTIONS)
    )
    job_metadata = common.object_part(payload.get("metadata"), "job_metadata", unreadable)
    usage = common.object_part(payload.get("usage"), "usage", unreadable)
    file_id = file_input(job)
    return Extraction(
        api_version="v2",
        status=common.read_status(own),
        job_id=common.usable_id(job.id),
        project_id=job.project_id,
        configuration_id=common.usable_id(job.configuration_id),
        file_id=file_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
        error=job.error_message or None,
        target=target,
        config=v2_config_rows(config) if config else (),
        system_prompt=system_prompt_text(config.model.system_prompt) if config else None,
        schema=schema,
        data=data,
        metadata=_field_metadata(extract_metadata, data, target),
        usage=_usage(usage, job_metadata, extract_metadata),
        file=_file(file_id, metadata_part, unreadable),
        saved_configuration=_saved_configuration(job, payload, context),
        usage_refused=context.usage_refused,
        extra=_extra(own, job_metadata),
        unreadable=read_only(unreadable),
    )


def read_job_fields(payload: Mapping[str, Any]) -> ReadPart[ExtractV2Job] | str:
    """The job's own fields (not its sections), or why it is no job (no usable job ID)."""
    own = read_part(ExtractV2Job, {k: v for k, v in payload.items() if k not in JOB_SECTIONS})
    return own if common.usable_id(own.model.id) is not None else NO_JOB_ID


def file_input(job: ExtractV2Job) -> str | None:
    """The file or parse job the job ran on, under its name since 2026-04 or the one before."""
    return common.usable_id(job.file_input) or common.usable_id(job.document_input_value)


def read_configuration(sent: Any) -> ReadPart[ExtractConfiguration]:
    """A configuration's fields, read apart from its schema (a job's, or saved parameters)."""
    return read_part(ExtractConfiguration, _without(sent, CONFIGURATION_SECTIONS))


def _own_unreadable(
    payload: Mapping[str, Any], own: ReadPart[ExtractV2Job]
) -> dict[str, Unreadable]:
    """The job's own odd fields; the old name of file_input stands for it when it is alone."""
    names = dict(_JOB_FIELD_NAMES)
    sent = payload
    if "file_input" not in payload and "document_input_value" in payload:
        names["document_input_value"] = "file_id"
        sent = {**payload, "file_input": payload["document_input_value"]}
    unreadable = common.set_aside_fields(own, names, skip=("status",))
    common.flag_missing(sent, REQUIRED_JOB_FIELDS, names, unreadable)
    return unreadable


def _configuration(
    payload: Mapping[str, Any], context: V2Context, unreadable: dict[str, Unreadable]
) -> tuple[ReadPart[ExtractConfiguration] | None, Mapping[str, Any]]:
    """The configuration the job ran with (its own, else the saved one fetched) and its schema."""
    sent = payload.get("configuration")
    if sent is None:
        sent = _saved_parameters(context)
    if sent is None:
        unreadable["config"] = Unreadable(None, NO_CONFIGURATION, missing=True)
        unreadable["schema"] = Unreadable(None, NO_CONFIGURATION, missing=True)
        return None, {}
    config = read_configuration(sent)
    if WHOLE_PART in config.set_aside:
        unreadable["config"] = common.whole_part_unreadable(config, WHOLE_PART)
        unreadable["schema"] = Unreadable(None, UNREADABLE_CONFIGURATION, missing=True)
        return None, {}
    common.flag_missing(sent, CONFIGURATION_SECTIONS, {"data_schema": "schema"}, unreadable)
    return config, common.schema_part(sent.get("data_schema"), unreadable)


def _saved_parameters(context: V2Context) -> Mapping[str, Any] | None:
    saved = context.saved_configuration
    parameters = saved.get("parameters") if saved is not None else None
    return parameters if isinstance(parameters, Mapping) else None


def _saved_configuration(
    job: ExtractV2Job, payload: Mapping[str, Any], context: V2Context
) -> SavedConfiguration | None:
    saved, problem = context.saved_configuration, context.saved_configuration_problem
    if saved is None and problem is None:
        return None
    response = read_part(SavedConfigurationResponse, _without(saved, SAVED_CONFIGURATION_SECTIONS))
    if problem is None and _saved_parameters(context) is None:
        problem = SAVED_WITHOUT_PARAMETERS
    own_configuration = payload.get("configuration")
    job_config = read_configuration(own_configuration)
    version = response.model.version
    return SavedConfiguration(
        configuration_id=common.usable_id(job.configuration_id)
        or common.usable_id(response.model.id)
        or "",
        name=response.model.name,
        version=str(version) if version is not None else None,
        job_version=v2_version(job_config.model),
        problem=problem,
    )


def _field_metadata(
    extract_metadata: Mapping[str, Any] | None, data: Any, target: str
) -> FieldMetadata:
    """Entries by field: of the document, or of each page or row of a list result."""
    levels = extract_metadata.get("field_metadata") if extract_metadata else None
    if not isinstance(levels, Mapping):
        return common.field_metadata(levels, data, common.first_error(extract_metadata))
    error = common.first_error(levels, levels.get(DOCUMENT_LEVEL), extract_metadata)
    fields = data if isinstance(data, Mapping) else {}
    if not any(level in levels and level not in fields for level in _LEVELS):
        return common.field_metadata(levels, data, error)  # entries sent without a level above them
    if not isinstance(data, list):
        return common.field_metadata(levels.get(DOCUMENT_LEVEL), data, error)
    # The target's own level first, then any other that has entries.
    order = sorted(_ITEM_ORDER, key=lambda level: level != ITEM_LEVELS.get(target))
    entries = next((levels[level] for level in order if levels.get(level)), None)
    return common.field_metadata(entries, data, error)


def _usage(
    usage: Mapping[str, Any] | None,
    job_metadata: Mapping[str, Any] | None,
    extract_metadata: Mapping[str, Any] | None,
) -> tuple[UsageFigure, ...]:
    # The newest place first: expand=usage, then metadata.usage, then the pre-2026-03 place.
    places = (
        usage,
        job_metadata.get("usage") if job_metadata else None,
        extract_metadata.get("usage") if extract_metadata else None,
    )
    return usage_figures(places, USAGE_FIGURES)


def _file(
    file_id: str | None,
    metadata_part: ReadPart[ExtractJobMetadata],
    unreadable: Mapping[str, Unreadable],
) -> FileFacts | None:
    """The file (or parse job) the job ran on, and the parse job it made of it."""
    flagged = {"file_id": unreadable["file_id"]} if "file_id" in unreadable else {}
    flagged |= common.set_aside_fields(metadata_part, {}, skip=("parse_tier",))
    parse_job_id = common.usable_id(metadata_part.model.parse_job_id)
    if file_id is None and parse_job_id is None and not flagged:
        return None
    return FileFacts(
        file_id=file_id,
        parse_job_id=parse_job_id,
        reported=("file_id", "parse_job_id"),
        unreadable=read_only(flagged),
    )


def _extra(
    own: ReadPart[ExtractV2Job], job_metadata: Mapping[str, Any] | None
) -> tuple[tuple[str, Any], ...]:
    """Unknown fields, and the job's custom metadata (what `metadata` holds besides usage)."""
    extra = list((own.model.model_extra or {}).items())
    custom = {k: v for k, v in (job_metadata or {}).items() if k != "usage"}
    if custom:
        extra.append(("metadata", custom))
    return tuple(extra)


def _without(part: Any, sections: tuple[str, ...]) -> Any:
    """A part without the sections read apart from its model (anything else as it was)."""
    if not isinstance(part, Mapping):
        return part
    return {k: v for k, v in part.items() if k not in sections}
