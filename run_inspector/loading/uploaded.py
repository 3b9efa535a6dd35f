"""An uploaded JSON file read once: a v1 run, a v2 job, or a v2 list response's jobs."""

from __future__ import annotations

import time
from dataclasses import dataclass

import orjson

from run_inspector.adapters.reading import read_any_body, read_v2_job
from run_inspector.adapters.v2_list import JobList
from run_inspector.api.errors import InvalidRunFileError
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.model.extraction import Extraction
from run_inspector.model.json_text import count_text
from run_inspector.presentation.source_text import VERSION_LABELS
from run_inspector.wire.invalid_body import InvalidBody


@dataclass(frozen=True)
class UploadedJob:
    """One job to pick from a list response: its label and what it opens."""

    label: str
    loaded: LoadedRun


@dataclass(frozen=True)
class UploadedFile:
    # What the file turned out to be, for a sentence: "an Extract v2 job", …; None if nothing.
    found: str | None
    # The run or job it holds, or the reason it holds none (a list response holds `jobs`).
    loaded: LoadedRun | None
    jobs: tuple[UploadedJob, ...] = ()
    list_problems: tuple[str, ...] = ()


def read_uploaded(content: bytes) -> UploadedFile:
    read = read_any_body(content)
    if isinstance(read, JobList):
        jobs = tuple(_list_item(index, item) for index, item in enumerate(read.items))
        found = f"an Extract v2 job list ({count_text(len(jobs), 'job')})"
        if not jobs:  # nothing to open: said the way a file that is not a run is
            empty = InvalidBody(text=content.decode(errors="replace"),
                                problems=("the job list holds no jobs",))  # fmt: skip
            return UploadedFile(found, _refused(empty, len(content)), (), read.problems)
        return UploadedFile(found, None, jobs, read.problems)
    if isinstance(read, InvalidBody):
        return UploadedFile(None, _refused(read, len(content)))
    found = "an " if read.api_version == "v2" else "a "
    return UploadedFile(found + VERSION_LABELS[read.api_version], _loaded(read, content))


def _list_item(index: int, item: object) -> UploadedJob:
    body = orjson.dumps(item)
    read = read_v2_job(body, item) if isinstance(item, dict) else None
    if isinstance(read, Extraction):
        label = f"{index}: {read.reference} · {read.status.word or 'no status'}"
        return UploadedJob(label, _loaded(read, body))
    refused = read if isinstance(read, InvalidBody) else None
    if refused is None:
        refused = InvalidBody(text=body.decode(errors="replace"), problems=("not an object",))
    return UploadedJob(f"{index}: not a job", _refused(refused, len(body)))


def _loaded(extraction: Extraction, body: bytes) -> LoadedRun:
    return LoadedRun(extraction=extraction, error=None, fetched_at=time.time(), body=body)


def _refused(body: InvalidBody, size: int) -> LoadedRun:
    error = InvalidRunFileError(body=body, size_bytes=size)
    return LoadedRun(extraction=None, error=error, fetched_at=time.time())
