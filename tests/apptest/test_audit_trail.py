"""The audit trail in AppTest on the demo (sign-in off, so the user is "anonymous"): one line
per action a person takes, whatever reruns or polls follow, and a line again only when they
open something else or ask again."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from run_inspector.demo.history import INVOICE_AGENT_ID
from run_inspector.demo.samples import (
    DEMO_BATCH_IDS,
    DEMO_COMPARE_PAIR,
    DEMO_SAMPLES,
    DEMO_SOURCE_JOB_ID,
)
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT
from tests.conftest import audit_lines


def actions(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    return [(line["action"], tuple(line["job_ids"])) for line in audit_lines(path)]


def open_page(script: str = "app.py", **query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    if script != "app.py":
        at.switch_page(script)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_opening_a_run_is_one_line_whatever_the_reruns(audit_file: Path) -> None:
    first, second = DEMO_SAMPLES[0].job_id, DEMO_SAMPLES[2].job_id
    at = open_page(job_id=first)
    at.run()
    at.run()
    assert actions(audit_file) == [("run_opened", (first,))]

    at.text_input(key="job_id").set_value(second).run()
    at.run()
    next(b for b in at.button if b.label == "Refresh").click().run()

    assert actions(audit_file) == [
        ("run_opened", (first,)),
        ("run_opened", (second,)),
        ("run_opened", (second,)),  # Refresh: asked again
    ]
    line = audit_lines(audit_file)[0]
    assert (line["user"], line["api_version"], line["outcome"]) == ("anonymous", "v1", "ok")
    assert isinstance(line["ms"], float)
    assert len(line["session"]) == 16
    assert line["session"] == audit_lines(audit_file)[1]["session"]


def test_an_unknown_job_says_how_it_went(audit_file: Path) -> None:
    open_page(job_id="00000000-0000-4000-8000-00000000dead")
    (line,) = audit_lines(audit_file)
    assert (line["action"], line["outcome"]) == ("run_opened", "404")


def test_listing_runs_is_one_line_per_list(audit_file: Path) -> None:
    at = open_page("pages/runs.py")
    at.selectbox(key="runs-agent").select(INVOICE_AGENT_ID).run()
    at.run()
    assert [a for a, _ in actions(audit_file)] == ["runs_listed"]
    assert audit_lines(audit_file)[0]["api_version"] == "v1"


def test_a_batch_is_one_line_naming_its_jobs(audit_file: Path) -> None:
    at = open_page("pages/batch.py", job_ids=DEMO_BATCH_IDS)
    at.run()
    ((action, job_ids),) = actions(audit_file)
    assert action == "batch_started"
    assert job_ids == tuple(DEMO_BATCH_IDS.split(","))
    assert audit_lines(audit_file)[0]["outcome"] == "not_fetched:1"  # the demo's unknown ID


def test_a_comparison_is_one_line_naming_both_jobs(audit_file: Path) -> None:
    a, b = DEMO_COMPARE_PAIR
    at = open_page("pages/compare.py", a=a, b=b)
    at.run()
    assert actions(audit_file) == [("compared", (a, b))]


def test_a_source_page_is_one_line_per_field_and_page(audit_file: Path) -> None:
    at = open_page(job_id=DEMO_SOURCE_JOB_ID, field="total")
    at.run()
    at.selectbox(key="field").set_value("issue_date").run()

    assert actions(audit_file) == [
        ("run_opened", (DEMO_SOURCE_JOB_ID,)),
        ("source_viewed", (DEMO_SOURCE_JOB_ID,)),
        ("source_viewed", (DEMO_SOURCE_JOB_ID,)),
    ]
