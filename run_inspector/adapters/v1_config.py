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

# What a setting is about (ConfigRow.topic), in the words V2_TOPICS uses for its v2
# counterpart, so that a comparison can line a v1 run up with a v2 job. Settings the v2
# reference has nothing like have no topic: chunk_mode, use_reasoning, high_resolution_mode,
# priority, num_pages_context, parse_model, extract_model and the deprecated ones.
V1_TOPICS: Final = {
    # v2 splits it into tier and parse_tier: the migration guide maps them only loosely.
    "extraction_mode": "mode",
    "extraction_target": "target",
    "system_prompt": "system prompt",
    # Not citation_bbox, its deprecated synonym: two rows against one cannot be compared.
    "cite_sources": "citations",
    "confidence_scores": "confidence scores",
    # v2's target_pages: the same 1-based page list ("1,3,5-7") under another name.
    "page_range": "pages",
    # v2's disable_cache: either way the run ignores a cached result instead of reusing it.
    "invalidate_cache": "cache",
}

V1_CONFIG: Final = ConfigReference(
    CONFIG_DEFAULTS,
    KNOWN_VALUES,
    DEPRECATED_NOTES,
    topics=V1_TOPICS,
)


def v1_config_rows(config: ReadPart[ExtractConfig]) -> tuple[ConfigRow, ...]:
    """One row per field: the documented ones in reference order, then any the API added."""
    return config_rows(config, V1_CONFIG)


def v1_system_prompt(config: ExtractConfig) -> str | None:
    return system_prompt_text(config.system_prompt)
