"""The demo's compare pair in AppTest: the run page's banner links to it, the compare page
shows its config, schema and data differences, the runs page lists it under its agent, and
both runs open on the run page."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from run_inspector.demo.history import COMPARE_AGENT_ID
from run_inspector.demo.samples import DEMO_COMPARE_PAIR
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT, frames, page_text

A, B = DEMO_COMPARE_PAIR
COMPARE_LABEL = "Or compare two runs: the same invoice before and after a schema and mode change"


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    (table,) = [f for f in frames(at) if column in f.columns]
    return table


def test_the_demo_banner_links_to_the_pair_on_the_compare_page(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app()

    (link,) = [p for p in at.get("page_link") if p.proto.label == COMPARE_LABEL]
    assert link.proto.page == "compare"
    assert link.proto.query_string == f"a={A}&b={B}"


def test_the_pair_shows_config_schema_and_data_differences() -> None:
    at = open_page("pages/compare.py", a=A, b=B)

    (summary,) = [c.value for c in at.code]
    assert summary.startswith("2 config values, 5 schema fields and 13 data fields differ")
    assert f"(A: {A}; B: {B})" in summary
    assert "Same file (by file ID)." in page_text(at)
    config = table_with(at, "Setting")
    assert config.values.tolist() == [
        ["cite_sources", "false", "true", ""],
        ["extraction_mode", "BALANCED", "MULTIMODAL", ""],
    ]
    schema = table_with(at, "Change")
    assert set(zip(schema["Field"], schema["Change"], strict=True)) == {
        ("purchase_order", "added"),
        ("issue_date", "description changed"),
        ("due_date", "required changed"),
        ("currency", "enum values added"),
        ("total", "type changed"),
        ("total", "description changed"),
    }
    data = table_with(at, "State").set_index("Field")
    total = [data.at["total", column] for column in ("State", "A", "B")]
    assert total == ["changed type", "524.20", "524.2"]
    assert data.at["supplier.address", "Whitespace only"]
    assert set(data["State"]) == {"changed", "changed type", "null in one", "only in B"}


def test_pairing_by_sku_leaves_only_the_new_line_item() -> None:
    at = open_page("pages/compare.py", a=A, b=B, key="line_items[].sku")

    data = table_with(at, "State").set_index("Field")
    line_items = data[data.index.str.startswith("line_items")]
    assert set(line_items["State"]) == {"only in B"}
    assert line_items.index.str.startswith("line_items[sku=STP-24-6]").all()


def test_the_runs_page_lists_the_pair_under_its_agent() -> None:
    at = open_page("pages/runs.py")
    at.selectbox(key="runs-agent").select(COMPARE_AGENT_ID).run()

    assert "2 of 2 runs" in page_text(at)
    runs = table_with(at, "Job ID")
    assert runs["Job ID"].tolist() == [B, A]  # newest first
    assert runs["File"].nunique() == 1


def test_both_runs_open_on_the_run_page(demo_app: Callable[..., AppTest]) -> None:
    for job_id in DEMO_COMPARE_PAIR:
        at = demo_app(job_id=job_id)
        assert [e.value for e in at.error] == [], job_id
        assert any("Krämer Bürobedarf GmbH" in f.to_string() for f in frames(at)), job_id
