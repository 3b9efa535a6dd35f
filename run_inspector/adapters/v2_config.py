"""An Extract v2 configuration as config rows: value, the API's default, and notes.

The defaults, known values, old names and removals are the v2 API reference's; v1 has its own.
"""

from __future__ import annotations

from typing import Any, Final

from run_inspector.adapters.config_rows import ConfigReference, Renamed, config_rows
from run_inspector.model.extraction import ConfigRow
from run_inspector.wire.tolerant import ReadPart
from run_inspector.wire.v2_job import V2_EXTRACTION_TARGETS, V2_TIERS, ExtractConfiguration

# The API's defaults, in the order the API reference lists the fields; None means "unset".
V2_CONFIG_DEFAULTS: Final[dict[str, Any]] = {
    "tier": "cost_effective",
    "extraction_target": "per_doc",
    "version": "latest",
    "cite_sources": False,
    "confidence_scores": False,
    "parse_tier": None,
    "parse_config_id": None,
    "target_pages": None,
    "max_pages": None,
    "system_prompt": None,
    "disable_cache": None,
    "spreadsheet_mode": None,
    "sheet_names": None,
}
V2_KNOWN_VALUES: Final = {"tier": V2_TIERS, "extraction_target": V2_EXTRACTION_TARGETS}
V2_RENAMED: Final = {"extract_version": Renamed("version", "before 2026-06")}
V2_REMOVED: Final = {"lang": "removed from the API in 2026-04"}
V2_RESOLVED: Final = {"version": 'the API reports the version "latest" resolved to'}


# What a setting is about (ConfigRow.topic), in the words V1_TOPICS uses for its v1
# counterpart, so that a comparison can line a v2 job up with a v1 run. Settings the v1
# reference has nothing like have no topic: version, parse_config_id, max_pages (a limit,
# not v1's num_pages_context), spreadsheet_mode and sheet_names.
V2_TOPICS: Final = {
    # Both stand for v1's extraction_mode (migration guide), which maps to them only loosely.
    "tier": "mode",
    "parse_tier": "mode",
    "extraction_target": "target",
    "system_prompt": "system prompt",
    "cite_sources": "citations",
    "confidence_scores": "confidence scores",
    # v1's page_range: the same 1-based page list ("1,3,5-7") under another name.
    "target_pages": "pages",
    # v1's invalidate_cache: either way the run ignores a cached result instead of reusing it.
    "disable_cache": "cache",
}

V2_CONFIG: Final = ConfigReference(
    V2_CONFIG_DEFAULTS,
    V2_KNOWN_VALUES,
    renamed=V2_RENAMED,
    removed=V2_REMOVED,
    resolved=V2_RESOLVED,
    topics=V2_TOPICS,
)


def v2_config_rows(config: ReadPart[ExtractConfiguration]) -> tuple[ConfigRow, ...]:
    """One row per documented field in reference order, then old, removed and unknown ones."""
    return config_rows(config, V2_CONFIG)


def v2_version(config: ExtractConfiguration) -> str | None:
    """The version the configuration names, under its current name or its old one."""
    version = config.version if config.version is not None else config.extract_version
    return version if version and version.strip() else None
