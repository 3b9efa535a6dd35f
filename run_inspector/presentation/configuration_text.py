"""Words for where a v2 job's settings came from: its saved configuration, or why not shown."""

from __future__ import annotations

from typing import Final

from run_inspector.model.extraction import Extraction, SavedConfiguration

MAY_HAVE_CHANGED: Final = "; the job may have run with an earlier version"
NOT_SHOWN: Final = "so this job's settings and schema are not shown"


def saved_configuration_text(extraction: Extraction) -> str | None:
    """A sentence on the saved configuration the settings were read from; None if none was.

    Like "Settings from saved configuration Invoices, version 3." The configuration is read
    as it is now, so unless the job reports the same version the sentence says it may differ.
    """
    saved = extraction.saved_configuration
    if saved is None:
        return None
    if saved.problem is not None:
        failed = (
            f"Saved configuration {saved.configuration_id} could not be loaded ({saved.problem})"
        )
        # The job may still have carried settings of its own.
        return f"{failed}." if extraction.config else f"{failed}, {NOT_SHOWN}."
    name = saved.name if saved.name and saved.name.strip() else saved.configuration_id
    version = f", version {saved.version}" if saved.version else ""
    caveat = "" if _same_version(saved) else MAY_HAVE_CHANGED
    return f"Settings from saved configuration {name}{version}{caveat}."


def _same_version(saved: SavedConfiguration) -> bool:
    if saved.version is None or saved.job_version is None:
        return False
    return saved.version.strip() == saved.job_version.strip()
