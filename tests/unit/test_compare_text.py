"""The compare page's sentences: the pasted summary names only the parts that differ, and
the provisional and same-job notes say which side waits and why."""

from __future__ import annotations

import pytest

from run_inspector.analysis.comparison import compare_runs
from run_inspector.analysis.run_report import build_run_report
from run_inspector.model.extraction import Extraction, Status
from run_inspector.model.status import StatusClass
from run_inspector.presentation.compare_text import (
    provisional_text,
    same_job_text,
    summary_text,
)

DONE = Status("SUCCESS", StatusClass.DONE)


def run(data: dict[str, object], job: str) -> Extraction:
    return Extraction("v1", DONE, job_id=job, data=data)


@pytest.mark.parametrize(
    ("b_data", "head"),
    [
        ({"x": 1, "y": 2}, "No config value, schema field or data field differs."),
        ({"x": 9, "y": 2}, "1 data field differs: data field: x (1 → 9)."),
        ({"x": 9, "y": 8}, "2 data fields differ: data fields: x (1 → 9), y (2 → 8)."),
    ],
)
def test_the_summary_names_only_what_differs(b_data: dict[str, object], head: str) -> None:
    a = build_run_report(run({"x": 1, "y": 2}, "job-a"))
    b = build_run_report(run(b_data, "job-b"))
    assert summary_text(compare_runs(a, b)) == f"{head} (A: job-a; B: job-b)"


def test_provisional_says_which_side_waits_and_whether_it_is_checked() -> None:
    assert provisional_text(1, 0) == (
        "Provisional: a run is not final yet; this page checks it again until final."
    )
    assert provisional_text(0, 1) == (
        "Provisional: a run is not final yet; an uploaded copy stays as it was saved, before "
        "the run finished."
    )
    assert provisional_text(2, 0) == (
        "Provisional: both runs are not final yet; this page checks them again until final."
    )


def test_the_same_job_note_says_how_it_came_twice() -> None:
    assert same_job_text(True, True).endswith("in different projects or organizations.")
    assert same_job_text(False, True) == (
        "Both sides are the same job: one of them is an uploaded copy."
    )
    assert same_job_text(False, False) == "Both sides are copies of the same job, both uploaded."


def summary_of(a: dict[str, object], b: dict[str, object]) -> str:
    return summary_text(compare_runs(build_run_report(run(a, "a")), build_run_report(run(b, "b"))))


def test_the_summary_names_the_first_few_with_their_values_and_counts_the_rest() -> None:
    text = summary_of({f"f{i}": "x" for i in range(8)}, {f"f{i}": "y" for i in range(8)})
    assert text.startswith(
        "8 data fields differ: data fields: f0 (x → y), f1 (x → y), f2 (x → y), f3 (x → y), "
        "f4 (x → y) and 3 more."
    )


def test_the_summary_shows_each_value_on_one_short_line() -> None:
    text = summary_of({"note": "one\ntwo", "long": "a" * 50}, {"note": "one two", "long": "b" * 50})
    assert "note (one\\ntwo → one two, whitespace only)" in text
    assert f"long ({'a' * 31}… → {'b' * 31}…)" in text
