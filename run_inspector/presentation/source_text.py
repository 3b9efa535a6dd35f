"""Says which API generation a view shows and where it came from."""

from __future__ import annotations

from typing import Final

from run_inspector.model.extraction import ApiVersion

VERSION_LABELS: Final[dict[ApiVersion, str]] = {
    "v1": "v1 extraction run",
    "v2": "Extract v2 job",
}


def source_text(api_version: ApiVersion, answered_by: str | None) -> str:
    """Like "Extract v2 job, answered by https://api.cloud.llamaindex.ai"."""
    label = VERSION_LABELS[api_version]
    return f"{label}, answered by {answered_by}" if answered_by else label
