"""The v1 run's ExtractConfig as config rows: value, the API's default, and notes.

The defaults, known values and deprecations are the v1 API reference's; v2 has its own.
"""

from __future__ import annotations

from typing import Any, Final

# Re-exported: tests and pages name the note by the module of the version they read.
from run_inspector.adapters.config_rows import UNKNOWN_FIELD_NOTE as UNKNOWN_FIELD_NOTE
from run_inspector.adapters.config_rows import ConfigReference, config_rows, system_prompt_text
from run_inspector.model.extraction import ConfigRow
from run_inspector.wire.tolerant import ReadPart
from run_inspector.wire.v1_run import (
    CHUNK_MODES,
    EXTRACTION_MODES,
    EXTRACTION_TARGETS,
    PRIORITIES,
    ExtractConfig,
)

# The API's defaults, in the order the API reference lists the fields; None means "unset".
CONFIG_DEFAULTS: Final[dict[str, Any]] = {
    "chunk_mode": "PAGE",
    "citation_bbox": False,
    "cite_sources": False,
    "confidence_scores": False,
    "extract_model": None,
    "extraction_mode": "BALANCED",
    "extraction_target": "PER_DOC",
    "high_resolution_mode": False,
    "invalidate_cache": False,
    "multimodal_fast_mode": False,
    "num_pages_context": None,
    "page_range": None,
    "parse_model": None,
    "priority": None,
    "system_prompt": None,
    "use_reasoning": False,
}

PARSE_MODELS: Final = (
    "openai-gpt-4o",
    "openai-gpt-4o-mini",
    "openai-gpt-4-1",
    "openai-gpt-4-1-mini",
    "openai-gpt-4-1-nano",
    "openai-gpt-5",
    "openai-gpt-5-mini",
    "openai-gpt-5-nano",
    "openai-text-embedding-3-large",
    "openai-text-embedding-3-small",
    "openai-whisper-1",
    "anthropic-sonnet-3.5",
    "anthropic-sonnet-3.5-v2",
    "anthropic-sonnet-3.7",
    "anthropic-sonnet-4.0",
    "anthropic-sonnet-4.5",
    "anthropic-haiku-3.5",
    "anthropic-haiku-4.5",
    "gemini-2.5-flash",
    "gemini-3.0-pro",
    "gemini-2.5-pro",
    "gemini-2.0-flash",
    "gemini-2.0-flash-lite",
    "gemini-2.5-flash-lite",
    "gemini-1.5-flash",
    "gemini-1.5-pro",
)

# extract_model is left out: the API accepts any string there, so no value is unknown.
KNOWN_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "chunk_mode": CHUNK_MODES,
    "extraction_mode": EXTRACTION_MODES,
    "extraction_target": EXTRACTION_TARGETS,
    "parse_model": PARSE_MODELS,
    "priority": PRIORITIES,
}

DEPRECATED_NOTES: Final = {
    "citation_bbox": "deprecated: same as cite_sources",
    "multimodal_fast_mode": "deprecated",
}
V1_CONFIG: Final = ConfigReference(CONFIG_DEFAULTS, KNOWN_VALUES, DEPRECATED_NOTES)


def v1_config_rows(config: ReadPart[ExtractConfig]) -> tuple[ConfigRow, ...]:
    """One row per field: the documented ones in reference order, then any the API added."""
    return config_rows(config, V1_CONFIG)


def v1_system_prompt(config: ExtractConfig) -> str | None:
    return system_prompt_text(config.system_prompt)
