"""The few facts of one fetched job that a batch row shows, small enough to keep hundreds.

A batch never keeps the whole run: only its status, times, file, error and, once the run
is final (so they will not change), how many schema problems and low-confidence fields the
run page would report for it, counted by the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from run_inspector.analysis.run_report import build_run_report
from run_inspector.model.extraction import ApiVersion, Extraction, Status
from run_inspector.model.json_text import first_line
from run_inspector.model.status import is_final

# The run page's confidence slider starts here too.
DEFAULT_CONFIDENCE_THRESHOLD: Final = 0.5


@dataclass(frozen=True)
class JobFacts:
    api_version: ApiVersion
    status: Status
    created_at: datetime | None
    updated_at: datetime | None
    # v1: the file's name, else its ID; v2: the file input (a `dfl-` file or `pjb-` parse job).
    file_label: str | None
    error: str | None  # the first line of the run's own error, as sent
    # Counted once the run is final; None before, when the schema was not checked, and (for
    # low confidence) when the run has no confidence scores.
    schema_problems: int | None = None
    # The run page's words for it, e.g. "conforms to schema" or "schema not checked: …".
    schema_summary: str | None = None
    low_confidence: int | None = None


def job_facts(extraction: Extraction, threshold: float = DEFAULT_CONFIDENCE_THRESHOLD) -> JobFacts:
    """The facts of a fetched job; the run's report is built only when the run is final."""
    facts = JobFacts(
        api_version=extraction.api_version,
        status=extraction.status,
        created_at=extraction.created_at,
        updated_at=extraction.updated_at,
        file_label=extraction.file_label,
        error=first_line(extraction.error),
    )
    if not is_final(extraction.status.status_class):
        return facts
    report = build_run_report(extraction)
    conformance = report.conformance
    return replace(
        facts,
        schema_problems=len(conformance.problems) if conformance.checked else None,
        schema_summary=conformance.summary,
        # No scores at all (confidence was not asked for) is not "all fields confident".
        low_confidence=report.low_confidence_count(threshold) if report.confidences.size else None,
    )
