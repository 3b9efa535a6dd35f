"""The v1 run's ExtractConfig as config rows: value, the API's default, and notes.

The defaults, known values and deprecations are the v1 API reference's; v2 has its own.
"""

from __future__ import annotations

from typing import Any, Final

from run_inspector.model.extraction import ConfigRow, Unreadable
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
UNKNOWN_VALUE_NOTE: Final = "unknown value"
UNKNOWN_FIELD_NOTE: Final = "not in the API reference"


def v1_config_rows(config: ReadPart[ExtractConfig]) -> tuple[ConfigRow, ...]:
    """One row per field: the documented ones in reference order, then any the API added."""
    rows = []
    for name, default in CONFIG_DEFAULTS.items():
        aside = config.set_aside.get(name)
        if aside is not None:
            unreadable = Unreadable(aside.sent, aside.problem)
            note = DEPRECATED_NOTES.get(name, "")
            rows.append(ConfigRow(name, None, default, True, False, note, unreadable))
            continue
        value = getattr(config.model, name)
        changed = is_changed(name, value)
        rows.append(ConfigRow(name, value, default, True, changed, _note(name, value)))
    extra = config.model.model_extra or {}
    rows += [ConfigRow(name, value, note=UNKNOWN_FIELD_NOTE) for name, value in extra.items()]
    return tuple(rows)


def v1_system_prompt(config: ExtractConfig) -> str | None:
    """The whole system prompt, or None when the run has none (real runs send "")."""
    prompt = config.system_prompt
    return prompt if prompt and prompt.strip() else None


def is_changed(name: str, value: object) -> bool:
    """True when a documented field is set to something other than the API's default."""
    if _is_unset(value):
        return False
    default = CONFIG_DEFAULTS[name]
    # `type` keeps a JSON 1 from matching a default of true.
    return type(value) is not type(default) or value != default


def _note(name: str, value: object) -> str:
    if name in DEPRECATED_NOTES:
        return DEPRECATED_NOTES[name]
    known = KNOWN_VALUES.get(name)
    if known is not None and not _is_unset(value) and value not in known:
        return UNKNOWN_VALUE_NOTE
    return ""


def _is_unset(value: object) -> bool:
    # Real runs send "" for an empty system prompt; it means the same as null.
    return value is None or value == ""
