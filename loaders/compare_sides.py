"""One side of a comparison as a run: fetched through the run cache, or read from an upload.

Either way a side is a `LoadedRun` with a key that says where it sits: a fetched run's run
cache key, or the uploaded content's hash (and which job of a list response was picked), so
the comparison cache treats an upload like any other run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loaders.compare_inputs import Side, SideInput, UploadedSide
from loaders.data_access import load_run, run_key
from run_inspector.analysis.comparison import side_counts
from run_inspector.analysis.job_facts import DEFAULT_CONFIDENCE_THRESHOLD
from run_inspector.analysis.pairing_keys import item_keys
from run_inspector.analysis.polling import poll_interval
from run_inspector.analysis.run_report import build_run_report
from run_inspector.loading.run_cache import LoadedRun, RunKey
from run_inspector.loading.uploaded import UploadedFile
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import is_final
from run_inspector.presentation.compare_text import SideFacts
from run_inspector.settings import Connection

# Uploads are nobody's credentials and no server's: they share one namespace of keys.
UPLOADED: str = "uploaded"


@dataclass(frozen=True, eq=False)
class SideRun:
    key: RunKey
    loaded: LoadedRun
    # The uploaded file's name; None for a run fetched from LlamaCloud.
    uploaded_name: str | None = None

    @property
    def live(self) -> bool:
        """Whether fetching again could change it (an uploaded copy never changes)."""
        return self.uploaded_name is None


def fetched_side(connection: Connection, side: SideInput, *, force: bool = False) -> SideRun:
    return SideRun(
        run_key(connection, side.job, side.project_id, side.organization_id),
        load_run(connection, side.job, side.project_id, side.organization_id, force=force),
    )


def uploaded_side(side: UploadedSide, read: UploadedFile, picked: int | None) -> SideRun:
    """`picked`: the job chosen from a list response (`read.jobs`), None for a single run."""
    loaded = read.loaded
    if picked is not None and read.jobs:
        loaded = read.jobs[picked].loaded
    if loaded is None:  # read_uploaded gives every file a run, a job list, or the reason
        raise ValueError("an uploaded file read as neither a run nor a job list")
    job = f"sha256:{side.digest}" + ("" if picked is None else f"#{picked}")
    return SideRun(RunKey(UPLOADED, UPLOADED, job), loaded, side.file_name)


def side_run(
    connection: Connection, side: Side, uploaded: SideRun | None, *, force: bool = False
) -> SideRun:
    """A side as it is now: its upload (read once), else its run through the run cache."""
    if uploaded is not None:
        return uploaded
    if not isinstance(side, SideInput):
        raise TypeError("an uploaded side is read with uploaded_side")
    return fetched_side(connection, side, force=force)


def checked_every(runs: Iterable[SideRun]) -> float | None:
    """How often the page checks the sides again: the sooner of the live sides' polling
    intervals (an uploaded copy never changes); None once nothing can."""
    intervals = [poll_interval(run.loaded.extraction) for run in runs if run.live]
    return min((i for i in intervals if i), default=None)


def waiting_sides(runs: Iterable[SideRun]) -> tuple[list[SideRun], list[SideRun]]:
    """The sides that are not final yet: those checked again, and uploaded copies (which stay
    as they were saved)."""
    waiting = [run for run in runs if run.loaded.extraction is not None
               and not is_final(run.loaded.extraction.status.status_class)]  # fmt: skip
    return [r for r in waiting if r.live], [r for r in waiting if not r.live]


def lone_side_facts(label: str, run: SideRun) -> SideFacts | None:
    """The facts of a side shown alone (the other failed); its report is the run's own,
    shared with the run page. None when it holds no run."""
    extraction = run.loaded.extraction
    if extraction is None:
        return None
    report = run.loaded.derived("report", build_run_report)
    counts = side_counts(report, DEFAULT_CONFIDENCE_THRESHOLD)
    return SideFacts(label, extraction, counts, run.uploaded_name)


def side_keys(run: SideRun) -> tuple[FieldPath, ...]:
    """The fields that can pair this side's array items (from its report, built once)."""
    if run.loaded.extraction is None:
        return ()
    report = run.loaded.derived("report", build_run_report)
    return run.loaded.derived("pairing-keys", lambda _: item_keys(report))


def live_job_ids(*sides: SideRun) -> list[str]:
    """The job IDs of the sides fetched from LlamaCloud (an uploaded copy names none)."""
    return [side.key.job_id for side in sides if side.live]
