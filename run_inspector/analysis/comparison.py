"""Two runs compared whole: config, schema and data differences, the file, and the counts.

Built once per pair (and alignment key) from both runs' reports, then shared: toggles and
filters only look at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from run_inspector.analysis.config_diff import ConfigChange, config_diff
from run_inspector.analysis.data_diff import DataDiff, data_diff
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD
from run_inspector.analysis.run_report import RunReport
from run_inspector.analysis.schema_diff import SchemaChange, schema_diff
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import is_final

FileVerdict = Literal["same", "different", "unknown"]


@dataclass(frozen=True)
class FileMatch:
    """Whether both runs read the same file, and what says so ("file ID", "name and size")."""

    verdict: FileVerdict
    by: str
    a_file: str | None
    b_file: str | None


@dataclass(frozen=True)
class SideCounts:
    """One run's own figures: None when there is nothing to count."""

    schema_problems: int | None
    low_confidence: int | None


@dataclass(frozen=True, eq=False)
class Comparison:
    a: Extraction
    b: Extraction
    config: tuple[ConfigChange, ...]
    schema: tuple[SchemaChange, ...]
    data: DataDiff
    file: FileMatch
    a_counts: SideCounts
    b_counts: SideCounts
    threshold: float

    @property
    def provisional(self) -> bool:
        """Whether either run may still change (it is not final yet)."""
        return not (is_final(self.a.status.status_class) and is_final(self.b.status.status_class))

    @property
    def same_job(self) -> bool:
        return bool(self.a.reference) and self.a.reference == self.b.reference


def compare_runs(
    a: RunReport,
    b: RunReport,
    key: FieldPath | None = None,
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
) -> Comparison:
    return Comparison(
        a=a.extraction,
        b=b.extraction,
        config=config_diff(a.extraction, b.extraction),
        schema=schema_diff(_schema(a), _schema(b)),
        data=data_diff(a, b, key),
        file=file_match(a.extraction, b.extraction),
        a_counts=side_counts(a, threshold),
        b_counts=side_counts(b, threshold),
        threshold=threshold,
    )


def file_match(a: Extraction, b: Extraction) -> FileMatch:
    """By file ID (within one API generation: v1 and v2 IDs name files differently), else by
    name and size when both sides report both, else unknown: never "different" on a guess."""
    a_id, b_id = a.file_id, b.file_id
    if a.api_version == b.api_version and a_id and b_id:
        return FileMatch("same" if a_id == b_id else "different", "file ID", a_id, b_id)
    a_facts, b_facts = _name_and_size(a), _name_and_size(b)
    if a_facts is not None and b_facts is not None:
        verdict: FileVerdict = "same" if a_facts == b_facts else "different"
        return FileMatch(verdict, "name and size", a_id, b_id)
    return FileMatch("unknown", "", a_id, b_id)


def _name_and_size(extraction: Extraction) -> tuple[str, int] | None:
    file = extraction.file
    if file is None or not file.name or file.size_bytes is None:
        return None
    return file.name, file.size_bytes


def _schema(report: RunReport) -> dict[str, object] | None:
    extraction = report.extraction
    return None if "schema" in extraction.unreadable else dict(extraction.schema)


def side_counts(report: RunReport, threshold: float) -> SideCounts:
    """One run's schema problems and fields below the threshold (None: nothing to count)."""
    conformance = report.conformance
    return SideCounts(
        schema_problems=len(conformance.problems) if conformance.checked else None,
        low_confidence=(
            report.low_confidence_count(threshold) if report.confidences.size else None
        ),
    )
