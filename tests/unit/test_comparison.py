"""A comparison whole: the file verdict, each side's counts, provisional, and the summary
a support engineer pastes into a ticket."""

from __future__ import annotations

import copy
from typing import Any

from run_inspector.analysis.comparison import compare_runs, file_match
from run_inspector.analysis.run_report import build_run_report
from run_inspector.model.extraction import Extraction, FileFacts, Status
from run_inspector.model.status import StatusClass
from run_inspector.presentation.compare_text import file_text, summary_text
from tests.conftest import demo_run, read_v1

DONE = Status("SUCCESS", StatusClass.DONE)


def run(file_id: str | None = None, **file: Any) -> Extraction:
    return Extraction("v1", DONE, job_id="j", file_id=file_id, file=FileFacts(**file))


def test_the_file_is_the_same_by_id_else_by_name_and_size_else_unknown() -> None:
    assert file_match(run("f1"), run("f1")).verdict == "same"
    assert file_match(run("f1"), run("f2")).verdict == "different"
    by_name = file_match(run(name="a.pdf", size_bytes=10), run(name="a.pdf", size_bytes=10))
    assert (by_name.verdict, by_name.by) == ("same", "name and size")
    assert file_match(run(name="a.pdf"), run(name="a.pdf")).verdict == "unknown"  # no size
    v2 = Extraction("v2", DONE, job_id="ext-1", file_id="dfl-1")
    cross = file_match(run("3f0c6f1e-0000-4000-8000-000000000001"), v2)
    assert cross.verdict == "unknown"  # v1 and v2 file IDs are not comparable
    assert "dfl-1" in file_text(cross)


def test_a_pair_with_one_changed_value_says_so_in_its_summary() -> None:
    a = demo_run("invoice_schema_problems")
    b = copy.deepcopy(a)
    b["data"]["currency"] = "EUR"
    b["job_id"] = "5d0c7c2e-3f7a-4b8e-9c61-2f4a9e7d1b99"
    comparison = compare_runs(build_run_report(read_v1(a)), build_run_report(read_v1(b)))

    assert comparison.config == ()
    assert comparison.schema == ()
    assert comparison.data.counts["changed"] == 1
    assert comparison.a_counts.schema_problems == 6
    assert comparison.b_counts.schema_problems == 5  # EUR is one of the allowed values
    assert not comparison.provisional
    text = summary_text(comparison)
    assert text.startswith("1 data field differs: data field: currency (EURO → EUR).")
    assert "data field: currency" in text


def test_a_run_not_final_makes_the_comparison_provisional() -> None:
    pending = read_v1(demo_run("receipt_pending"))
    done = read_v1(demo_run("capacitor_per_doc_confidence"))
    comparison = compare_runs(build_run_report(pending), build_run_report(done))
    assert comparison.provisional
    assert "Provisional" in summary_text(comparison)


def test_identical_runs_have_nothing_to_report() -> None:
    report = build_run_report(read_v1(demo_run("capacitor_per_doc_confidence")))
    text = summary_text(compare_runs(report, report))
    assert text.startswith("No config value, schema field or data field differs.")
