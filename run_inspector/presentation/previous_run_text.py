"""The sentence the run page shows about the previous run on the same file: which one it is,
or why there is none, and whether the search saw every run it could have."""

from __future__ import annotations

from run_inspector.loading.previous_run import PreviousRun
from run_inspector.presentation.time_format import format_utc


def previous_run_sentence(previous: PreviousRun) -> str:
    """One plain sentence, like "The previous run of this agent on this file, from
    2026-08-01 09:03:00 UTC."."""
    if previous.missing is not None:
        return _missing_sentence(previous)
    if previous.api_version == "v1":
        return _v1_sentence(previous)
    return _v2_sentence(previous)


def _missing_sentence(previous: PreviousRun) -> str:
    noun = "run" if previous.api_version == "v1" else "job"
    if previous.missing == "agent":
        return f"This {noun} names no agent, so there is no history to search."
    if previous.missing == "file":
        what = "file" if previous.api_version == "v1" else "file input"
        return f"This {noun} names no {what}, so there is no earlier {noun} on it to find."
    return f"This {noun} has no created time, so there is no telling which {noun}s came before it."


def _v1_sentence(previous: PreviousRun) -> str:
    searched = f"the {previous.scanned:,} of its runs searched"
    # The list may not say how many runs the agent has; a full page then may not be all.
    more = "it may have more" if previous.total is None else f"it has {previous.total:,}"
    if previous.job_id is None:
        if previous.cut:
            return (
                f"No earlier run of this agent on this file among {searched}; {more}, so the "
                "search stopped there."
            )
        return f"No earlier run of this agent on this file among its {_count(previous.scanned)}."
    created = format_utc(previous.created_at)
    if previous.cut:
        # The v1 list has no documented order: a later one may be among the runs not searched.
        return (
            f"The latest earlier run of this agent on this file among {searched}, from "
            f"{created}; {more}, so a later one may be among the rest."
        )
    return f"The previous run of this agent on this file, from {created}."


def _v2_sentence(previous: PreviousRun) -> str:
    on_file = f"on this file ({previous.file_id})"
    if previous.job_id is not None:
        return f"The previous Extract v2 job {on_file}, from {format_utc(previous.created_at)}."
    if previous.cut:
        return (
            f"No earlier Extract v2 job {on_file} among the {_count(previous.scanned, 'job')} "
            "listed up to this one; the search stopped there."
        )
    return f"No earlier Extract v2 job {on_file}."


def _count(number: int, noun: str = "run") -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
