"""The runs page in AppTest on the demo's history: an agent's runs, paging, filters, v2 jobs."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from run_inspector.demo.history import INVOICE_AGENT_ID
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT, frames, page_text

RUNS_PAGE = "pages/runs.py"


def open_runs(**query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    at.switch_page(RUNS_PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def table(at: AppTest) -> pd.DataFrame:
    (runs,) = [f for f in frames(at) if "Job ID" in f.columns]
    return runs


def test_an_agents_runs_list_25_of_60_newest_first() -> None:
    at = open_runs()
    at.selectbox(key="runs-agent").select(INVOICE_AGENT_ID).run()

    assert not at.exception
    assert "25 of 60 runs, newest first within this page" in page_text(at)
    runs = table(at)
    assert len(runs) == 25
    created = runs["Created"].tolist()
    assert created == sorted(created, reverse=True)
    assert runs["Link"].str.startswith("./?job_id=").all()


def test_the_last_page_is_shorter_and_a_status_filter_keeps_only_that_status() -> None:
    at = open_runs()
    at.selectbox(key="runs-agent").select(INVOICE_AGENT_ID).run()
    at.query_params["page"] = "3"  # as a link, or the paging widget, sets it
    at.run()

    assert len(table(at)) == 10
    assert "10 of 60 runs" in page_text(at)

    at.selectbox(key="status").select("ERROR").run()

    runs = table(at)
    assert set(runs["Status"]) == {"Error"}
    assert runs["Error"].str.len().gt(0).all()
    assert f"{len(runs)} of {len(runs)} runs" in page_text(at)


def test_a_quick_filter_narrows_the_page_by_file() -> None:
    at = open_runs()
    at.selectbox(key="runs-agent").select(INVOICE_AGENT_ID).run()
    at.text_input(key="file_contains").input("0221").run()

    assert table(at)["File"].tolist() == ["facture-2025-0221.pdf"]


def test_v2_jobs_page_forward_and_back_by_cursor() -> None:
    at = open_runs()
    at.segmented_control(key="runs-api").set_value("v2").run()

    first = table(at)
    assert len(first) == 25
    assert "Previous" not in [b.label for b in at.button]

    next(b for b in at.button if b.label == "Next").click().run()
    second = table(at)
    assert set(second["Job ID"]).isdisjoint(first["Job ID"])
    assert "Previous" in [b.label for b in at.button]

    next(b for b in at.button if b.label == "Previous").click().run()
    assert table(at)["Job ID"].tolist() == first["Job ID"].tolist()


def test_a_v2_status_filter_goes_to_the_server() -> None:
    at = open_runs()
    at.segmented_control(key="runs-api").set_value("v2").run()
    at.selectbox(key="status").select("FAILED").run()

    runs = table(at)
    assert len(runs) > 0
    assert set(runs["Status"]) == {"Failed"}
