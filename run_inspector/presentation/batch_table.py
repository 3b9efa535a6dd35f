"""The batch table: one row per job, in the order given, and the counts above it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from urllib.parse import urljoin

import pandas as pd

from run_inspector.analysis.conformance import NO_DATA_REASON
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD
from run_inspector.loading.batch_rows import BatchRow
from run_inspector.model.json_text import EMPTY, count_text
from run_inspector.model.status import StatusClass
from run_inspector.presentation.error_text import error_sentence, error_short
from run_inspector.presentation.run_rows import LINK, NOTE, run_link, status_words, when_text
from run_inspector.presentation.status_summary import duration_text
from run_inspector.references.job_list import MAX_BATCH_IDS, JobList

SCHEMA_PROBLEMS: Final = "Schema problems"
LOW_CONFIDENCE: Final = f"Below {DEFAULT_CONFIDENCE_THRESHOLD:.0%} confidence"
BATCH_COLUMNS: Final = (
    "Job ID",
    LINK,
    "Version",
    "Status",
    "Created",
    "Duration",
    "File",
    SCHEMA_PROBLEMS,
    LOW_CONFIDENCE,
    "Error",
    NOTE,
)
# How the counts above the table name each kind of run.
_OUTCOMES: Final = {
    StatusClass.DONE: "done",
    StatusClass.FAILED: "failed",
    StatusClass.STOPPED: "cancelled",
    StatusClass.WAITING: "running",
    StatusClass.UNKNOWN: "unknown status",
}
NOT_FINAL_NOTE: Final = "counted once the run is final"
NO_SCORES_NOTE: Final = "no confidence scores"


def outcome(row: BatchRow) -> str:
    """What the counts call this row: a status class, or the short words of a fetch failure."""
    if row.error is not None:
        return error_short(row.error)
    if row.facts is None:
        return "not checked"
    return _OUTCOMES[row.facts.status.status_class]


def outcome_counts(rows: Sequence[BatchRow]) -> list[tuple[str, int]]:
    """Each outcome and how many rows have it, the most common first."""
    return Counter(outcome(row) for row in rows).most_common()


def counts_text(rows: Sequence[BatchRow]) -> str:
    """E.g. "31 done, 4 failed, 3 not found, 2 running"."""
    return ", ".join(f"{count:,} {name}" for name, count in outcome_counts(rows))


def input_report(batch: JobList) -> str:
    """E.g. "40 job IDs (12 v1, 28 v2). 2 duplicates dropped. 1 entry is not a job ID…"."""
    if batch.jobs:
        v1 = sum(job.api_version == "v1" for job in batch.jobs)
        parts = [
            f"{count_text(len(batch.jobs), 'job ID')} ({v1:,} v1, {len(batch.jobs) - v1:,} v2)."
        ]
    else:
        parts = ["No job IDs found: a job ID is a v1 UUID or an Extract v2 ext-… ID."]
    if batch.duplicates:
        parts.append(f"{count_text(batch.duplicates, 'duplicate')} dropped.")
    if batch.over_limit:
        parts.append(
            f"{count_text(batch.over_limit, 'more ID')} left out: a batch checks at most "
            f"{MAX_BATCH_IDS:,}."
        )
    if batch.rejected_count == 1:
        parts.append("1 entry is not a job ID and was not sent.")
    elif batch.rejected_count:
        parts.append(f"{batch.rejected_count:,} entries are not job IDs and were not sent.")
    return " ".join(parts)


def progress_text(done: int, total: int, rate_limited: int) -> str:
    """E.g. "120 of 500 checked", and whether LlamaCloud asked the batch to slow down."""
    text = f"{done:,} of {total:,} checked"
    if rate_limited:
        times = "once" if rate_limited == 1 else f"{rate_limited:,} times"
        text += f"; slowed down: LlamaCloud asked to wait (429) {times}"
    return text


def batch_frame(rows: Sequence[BatchRow], now: datetime) -> pd.DataFrame:
    """The rows as given (the batch's own order); links keep each row's project and org."""
    records = [_record(row, now) for row in rows]
    frame = pd.DataFrame(records, columns=list(BATCH_COLUMNS))
    return frame.astype({SCHEMA_PROBLEMS: "Int64", LOW_CONFIDENCE: "Int64"})


def with_page_links(frame: pd.DataFrame, page_url: str | None) -> pd.DataFrame:
    """The table with each run link made whole from the page's own address, for a CSV that
    is passed on (a relative link means nothing outside the app); as it is without one."""
    if not page_url:
        return frame
    whole = frame.copy()
    whole[LINK] = [
        urljoin(page_url, link) if isinstance(link, str) else link for link in frame[LINK]
    ]
    return whole


def _record(row: BatchRow, now: datetime) -> dict[str, object]:
    key = row.key
    facts = row.facts
    record: dict[str, object] = {
        "Job ID": key.job.job_id,
        LINK: run_link(key.job.job_id, key.project_id, key.organization_id),
        "Version": key.job.api_version,
        "Status": EMPTY,
        "Created": EMPTY,
        "Duration": EMPTY,
        "File": EMPTY,
        "Error": "",
        SCHEMA_PROBLEMS: None,
        LOW_CONFIDENCE: None,
        NOTE: "",
    }
    if row.error is not None:
        record["Status"] = error_short(row.error)
        record["Error"] = error_sentence(row.error)
        return record
    if facts is None:
        return record
    record.update(
        {
            "Status": status_words(facts.status),
            "Created": when_text(facts.created_at),
            "Duration": duration_text(facts, now),
            "File": facts.file_label or EMPTY,
            "Error": facts.error or "",
            SCHEMA_PROBLEMS: facts.schema_problems,
            LOW_CONFIDENCE: facts.low_confidence,
            NOTE: _note(row),
        }
    )
    return record


def _note(row: BatchRow) -> str:
    facts = row.facts
    if facts is None:
        return ""
    if facts.schema_summary is None:
        return NOT_FINAL_NOTE
    notes = [] if facts.schema_problems is not None else [facts.schema_summary]
    if facts.low_confidence is None and not facts.schema_summary.endswith(NO_DATA_REASON):
        notes.append(NO_SCORES_NOTE)  # (a run with no data says so already)
    return "; ".join(notes)
