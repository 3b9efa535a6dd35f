"""One batch row per job: what was asked (the key) and what came back (facts or an error)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from run_inspector.analysis.job_facts import JobFacts
from run_inspector.api.errors import ApiError
from run_inspector.references.job_reference import JobReference


@dataclass(frozen=True)
class BatchKey:
    """A job as one credential asks for it: rows are never shared between keys or servers."""

    fingerprint: str
    base_url: str
    job: JobReference
    project_id: str | None = None
    organization_id: str | None = None


@dataclass(frozen=True)
class BatchRow:
    key: BatchKey
    facts: JobFacts | None
    error: ApiError | None
    checked_at: float  # wall-clock seconds
    # While the run is not final: seconds until it is checked again (the run page's schedule).
    next_check_s: float | None = None

    @property
    def failed(self) -> bool:
        """The job could not be fetched (not: the job itself failed)."""
        return self.error is not None

    def due(self, now: float) -> bool:
        """Whether a run that was still going is due to be checked again."""
        return self.next_check_s is not None and now >= self.checked_at + self.next_check_s


def refresh_every(rows: Iterable[BatchRow]) -> float | None:
    """How often the batch looks for due rows: the shortest wait of a run still going."""
    waits = [row.next_check_s for row in rows if row.next_check_s is not None]
    return min(waits) if waits else None
