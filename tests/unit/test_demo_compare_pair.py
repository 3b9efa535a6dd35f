"""The demo's compare pair, read through the real adapter and reports: one invoice before and
after its agent's schema and mode changed shows every kind of difference the compare page has."""

from __future__ import annotations

import httpx
import pytest

from run_inspector.analysis.comparison import Comparison, compare_runs
from run_inspector.analysis.run_report import RunReport, build_run_report
from run_inspector.demo.history import AGENT_NAMES, COMPARE_AGENT_ID
from run_inspector.demo.samples import (
    DEMO_API_KEY,
    DEMO_BASE_URL,
    DEMO_COMPARE_FILES,
    DEMO_COMPARE_PAIR,
    DEMO_PROJECT_ID,
    demo_fake_api,
)
from run_inspector.model.field_path import FieldPath
from tests.conftest import demo_run, read_v1

SKU_KEY = FieldPath.parse("line_items[].sku")
AGENTS_PATH = "/api/v1/extraction/extraction-agents"
RUNS_PATH = "/api/v1/extraction/runs"


def report(file_name: str) -> RunReport:
    extraction = read_v1(demo_run(file_name.removesuffix(".json")))
    assert extraction.unreadable == {}, file_name
    return build_run_report(extraction)


@pytest.fixture(scope="module")
def reports() -> tuple[RunReport, RunReport]:
    a, b = (report(name) for name in DEMO_COMPARE_FILES)
    return a, b


def compare(reports: tuple[RunReport, RunReport], key: FieldPath | None = None) -> Comparison:
    return compare_runs(*reports, key)


def rows(comparison: Comparison) -> dict[str, tuple[str, bool, str, str]]:
    frame = comparison.data.frame.view()
    return {
        field: (state, whitespace, a, b)
        for field, state, whitespace, a, b in frame[
            ["Field", "State", "Whitespace only", "A", "B"]
        ].itertuples(index=False)
    }


def test_the_pair_is_one_agents_runs_of_one_file_b_after_a(
    reports: tuple[RunReport, RunReport],
) -> None:
    a, b = (r.extraction for r in reports)
    assert (a.job_id, b.job_id) == DEMO_COMPARE_PAIR
    assert a.agent_id == b.agent_id == COMPARE_AGENT_ID
    assert COMPARE_AGENT_ID in AGENT_NAMES
    assert a.created_at is not None
    assert b.created_at is not None
    assert a.created_at < b.created_at
    comparison = compare(reports)
    assert (comparison.file.verdict, comparison.file.by) == ("same", "file ID")
    assert not comparison.provisional


def test_the_demo_api_lists_the_agent_and_both_its_runs() -> None:
    transport = httpx.WSGITransport(app=demo_fake_api())
    headers = {"Authorization": f"Bearer {DEMO_API_KEY}"}
    with httpx.Client(transport=transport, base_url=DEMO_BASE_URL, headers=headers) as http:
        agents = http.get(AGENTS_PATH, params={"project_id": DEMO_PROJECT_ID}).json()
        runs = http.get(RUNS_PATH, params={"extraction_agent_id": COMPARE_AGENT_ID}).json()
        by_job = [http.get(f"{RUNS_PATH}/by-job/{job_id}") for job_id in DEMO_COMPARE_PAIR]

    assert COMPARE_AGENT_ID in {agent["id"] for agent in agents}
    assert [run["job_id"] for run in runs["items"]] == list(DEMO_COMPARE_PAIR)
    assert [response.status_code for response in by_job] == [200, 200]


def test_the_mode_and_citations_changed_in_the_config(
    reports: tuple[RunReport, RunReport],
) -> None:
    changes = {(c.field, c.a, c.b) for c in compare(reports).config}
    assert changes == {
        ("extraction_mode", "BALANCED", "MULTIMODAL"),
        ("cite_sources", "false", "true"),
    }


def test_the_schema_changed_every_way_but_a_removal(reports: tuple[RunReport, RunReport]) -> None:
    changes = {(c.path.render(), c.kind): (c.a, c.b) for c in compare(reports).schema}
    assert changes[("purchase_order", "added")] == ("", "string, nullable")
    assert changes[("total", "type changed")] == ("string", "number")
    assert changes[("issue_date", "description changed")][0] == "Issue date"
    assert changes[("currency", "enum values added")] == ("", '"CHF"')
    assert changes[("due_date", "required changed")] == ("optional", "required")
    assert not any(kind == "removed" for _, kind in changes)


def test_the_data_shows_every_state(reports: tuple[RunReport, RunReport]) -> None:
    comparison = compare(reports, SKU_KEY)
    found = rows(comparison)
    assert found["invoice_number"] == ("equal", False, "RE-2025-10487", "RE-2025-10487")
    assert found["issue_date"] == ("changed", False, "2025-10-03", "2025-10-08")
    assert found["total"] == ("changed type", False, "524.20", "524.2")
    assert found["supplier.address"][:2] == ("changed", True)
    assert found["purchase_order"] == ("only in B", False, "", "PO-2025-0912")
    assert found["due_date"][0] == "null in one"
    assert comparison.data.counts["only in A"] == 0
    assert comparison.data.notes == ()


def test_confidences_rise_and_only_b_cites_pages(reports: tuple[RunReport, RunReport]) -> None:
    frame = compare(reports).data.frame.view().set_index("Field")
    issue_date = frame.loc["issue_date"]
    assert (issue_date["A confidence"], issue_date["B confidence"]) == (0.46, 0.96)
    assert issue_date["Confidence change"] == pytest.approx(0.5)
    assert (issue_date["A pages"], issue_date["B pages"]) == ("", "1")
    assert frame.loc["total", "B pages"] == "2"
    comparison = compare(reports)
    assert (comparison.a_counts.low_confidence, comparison.b_counts.low_confidence) == (1, 0)
    assert comparison.a_counts.schema_problems == comparison.b_counts.schema_problems == 0


def test_pairing_line_items_by_sku_differs_from_pairing_by_position(
    reports: tuple[RunReport, RunReport],
) -> None:
    by_index = rows(compare(reports))
    by_sku = rows(compare(reports, SKU_KEY))

    # By position, B's added staples line lines up against A's delivery line.
    assert by_index["line_items[2].sku"] == ("changed", False, "DEL-STD", "STP-24-6")
    assert by_index["line_items[3].sku"][0] == "only in B"
    # By SKU, the delivery lines pair up and only the staples are new.
    assert by_sku["line_items[sku=DEL-STD].sku"] == ("equal", False, "DEL-STD", "DEL-STD")
    assert by_sku["line_items[sku=STP-24-6].sku"] == ("only in B", False, "", "STP-24-6")
    assert (
        compare(reports).data.counts["changed"] > compare(reports, SKU_KEY).data.counts["changed"]
    )
