"""Many job IDs at once: what a person pastes or uploads for a batch, checked and de-duplicated.

Every entry goes through `parse_job_reference`; a run link counts as the job it names. What is
refused is kept for showing, cut short, and an API key pasted by mistake is never kept at all.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from run_inspector.references.ids import API_KEY_PREFIX, MAX_SHOWN_ID_CHARS
from run_inspector.references.job_reference import JobReference, parse_job_reference
from run_inspector.references.pasted_link import split_share_link

MAX_BATCH_IDS: Final = 500
MAX_LISTED_REJECTS: Final = 100  # rejected entries kept for showing; the rest are only counted

NOT_AN_ID: Final = "not a v1 UUID or an Extract v2 ext-… ID"
API_KEY: Final = "looks like an API key: left out, and not shown"

_SEPARATORS = re.compile(r"[\s,;]+")
_HEADER = re.compile(r"[A-Za-z][A-Za-z _]*")
# Chat tools, documents and JSON wrap IDs in these; whatever is left is still checked whole.
_WRAPPERS = "\"'`“”‘’()[]{}<>"
_SNIFF_CHARS = 8192


@dataclass(frozen=True, slots=True)
class RejectedEntry:
    """An entry that is not a job ID, as it may be shown, and why it was left out."""

    shown: str
    reason: str


@dataclass(frozen=True, slots=True)
class JobList:
    """The jobs of a batch, unique and in first-seen order, and what was left out."""

    jobs: tuple[JobReference, ...]
    duplicates: int
    rejected: tuple[RejectedEntry, ...]
    rejected_count: int
    over_limit: int

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(job.job_id for job in self.jobs)


def parse_job_text(text: str, *, limit: int = MAX_BATCH_IDS) -> JobList:
    """The jobs in pasted text: entries split on whitespace, commas and semicolons."""
    batch = _Batch(limit)
    for entry in _SEPARATORS.split(text):
        batch.add(entry)
    return batch.result()


def parse_job_file(content: bytes, file_name: str, *, limit: int = MAX_BATCH_IDS) -> JobList:
    """The jobs in an uploaded file: a `.csv` by its ID columns, anything else as text."""
    text = _decode(content)
    if file_name.lower().endswith(".csv"):
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
        except csv.Error:  # e.g. a field over the csv module's size limit
            return parse_job_text(text, limit=limit)
        return _parse_rows(rows, limit)
    return parse_job_text(_without_header(text), limit=limit)


def _without_header(text: str) -> str:
    """A text file's first line is left out when it is a header ("job_id", "Job ID"): words
    only. Anything else there (a mistyped ID, a key) is read, and listed if it is no ID."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _HEADER.fullmatch(lines[first].strip()):
        return text
    return "\n".join(lines[first + 1 :])


def _decode(content: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a BOM; read as latin-1 it would be junk.
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t").delimiter
    except csv.Error:  # one column, or nothing to tell the delimiters apart
        return ","


def _parse_rows(rows: Sequence[Sequence[str]], limit: int) -> JobList:
    id_columns = {i for row in rows for i, cell in enumerate(row) if _job_in(cell) is not None}
    batch = _Batch(limit)
    header_seen = False
    for row in rows:
        cells = [cell for i, cell in enumerate(row) if i in id_columns and _unwrap(cell)]
        if not header_seen and any(_unwrap(cell) for cell in row):
            header_seen = True
            cells = [cell for cell in cells if _job_in(cell) is not None]
        for cell in cells:
            batch.add(cell)
    return batch.result()


def _unwrap(entry: str) -> str:
    return entry.strip().strip(_WRAPPERS).strip()


def _job_in(entry: str) -> JobReference | None:
    """The job an entry names, itself or through a run link, else None."""
    value = _unwrap(entry)
    view = split_share_link(value)
    try:
        return parse_job_reference(view.job_id if view is not None else value)
    except ValueError:
        return None


def _rejected(entry: str) -> RejectedEntry:
    value = _unwrap(entry)
    view = split_share_link(value)
    # Only the link's job_id may be shown: its other parts can carry credentials.
    shown = view.job_id.strip() if view is not None else value
    # Anywhere, not only in front: `LLAMA_CLOUD_API_KEY=llx-…` from an .env file, or a link.
    if API_KEY_PREFIX in value.lower():
        return RejectedEntry(f"{API_KEY_PREFIX}…", API_KEY)
    if len(shown) > MAX_SHOWN_ID_CHARS:
        shown = shown[:MAX_SHOWN_ID_CHARS] + "…"
    return RejectedEntry(shown, NOT_AN_ID)


@dataclass(slots=True)
class _Batch:
    limit: int
    jobs: list[JobReference] = field(default_factory=list)
    seen: set[JobReference] = field(default_factory=set)
    duplicates: int = 0
    rejected: list[RejectedEntry] = field(default_factory=list)
    rejected_count: int = 0
    over_limit: int = 0

    def add(self, entry: str) -> None:
        if not _unwrap(entry):
            return
        job = _job_in(entry)
        if job is None:
            self.rejected_count += 1
            if len(self.rejected) < MAX_LISTED_REJECTS:
                self.rejected.append(_rejected(entry))
        elif job in self.seen:
            self.duplicates += 1
        else:
            self.seen.add(job)
            if len(self.jobs) < self.limit:
                self.jobs.append(job)
            else:
                self.over_limit += 1

    def result(self) -> JobList:
        return JobList(
            jobs=tuple(self.jobs),
            duplicates=self.duplicates,
            rejected=tuple(self.rejected),
            rejected_count=self.rejected_count,
            over_limit=self.over_limit,
        )
