"""The compare page in AppTest on the demo runs: a link opens a comparison, the same job and
a missing side are said, swap exchanges the sides, and "only differences" hides equal rows."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import loaders.compare_runs as compare_runs_module
from components.safe_text import WORD_JOINER
from run_inspector.analysis.comparison import Comparison, compare_runs
from run_inspector.analysis.run_report import RunReport
from run_inspector.demo.samples import (
    DEMO_COMPARE_PAIR,
    DEMO_SAMPLES,
    DEMO_UNKNOWN_JOB_ID,
    demo_run_bytes,
)
from run_inspector.fake_api import FakeLlamaCloud
from run_inspector.loading.run_cache import PENDING_TTL_SECONDS
from run_inspector.model.field_path import FieldPath
from tests.apptest.conftest import (
    APP_PATH,
    APP_TIMEOUT,
    failures_shown,
    frames,
    page_text,
    shown,
)
from tests.conftest import demo_run

COMPARE_PAGE = "pages/compare.py"
INVOICE = DEMO_SAMPLES[2].job_id  # v1, PER_DOC, data that breaks its schema
CAPACITOR = DEMO_SAMPLES[0].job_id  # v1, PER_DOC
HOSPITALS_V2 = DEMO_SAMPLES[9].job_id  # v2, per_table_row


def open_compare(**query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    at.switch_page(COMPARE_PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def data_table(at: AppTest) -> pd.DataFrame:
    (table,) = [f for f in frames(at) if "State" in f.columns]
    return table


def test_a_link_opens_the_comparison_with_its_summary_and_differences() -> None:
    at = open_compare(a=INVOICE, b=HOSPITALS_V2)

    assert not failures_shown(at)
    text = page_text(at)
    assert "config values" in text
    assert "schema fields" in text
    assert "extraction_mode ↔ tier, parse_tier" in text  # v1 mode beside v2 tier
    assert "Unknown whether the file is the same" in text  # a v1 and a v2 job
    (summary,) = [c.value for c in at.code]
    assert summary.startswith(tuple("0123456789"))
    assert f"A: {INVOICE}; B: {HOSPITALS_V2}" in summary


def test_only_differences_hides_equal_rows_until_turned_off(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    before, after = str(uuid.uuid4()), str(uuid.uuid4())
    run = demo_run("invoice_schema_problems")
    fake_api.add_run(run | {"job_id": before})
    fake_api.add_run(run | {"job_id": after, "data": {**run["data"], "currency": "EUR"}})
    at = open_compare(a=before, b=after)
    assert data_table(at)[["Field", "State", "A", "B"]].values.tolist() == [
        ["currency", "changed", "EURO", "EUR"]
    ]
    requests = len(fake_api.requests)

    at.toggle(key="compare-only").set_value(False).run()

    states = data_table(at)["State"].tolist()
    assert states.count("changed") == 1
    assert states.count("equal") == len(states) - 1 > 10
    assert len(fake_api.requests) == requests  # a toggle fetches nothing


def test_swap_exchanges_the_sides_in_the_url() -> None:
    at = open_compare(a=INVOICE, b=CAPACITOR, a_project_id="prj-one")
    at.button(key="compare-swap").click().run()

    assert (at.query_params["a"], at.query_params["b"]) == (CAPACITOR, INVOICE)
    assert at.query_params["b_project_id"] == "prj-one"
    assert "a_project_id" not in at.query_params or not at.query_params["a_project_id"]


def test_the_same_job_on_both_sides_says_so() -> None:
    at = open_compare(a=INVOICE, b=INVOICE.upper())
    assert "A and B are the same job" in page_text(at)


def test_a_side_that_cannot_be_loaded_shows_its_error() -> None:
    at = open_compare(a=INVOICE, b=DEMO_UNKNOWN_JOB_ID)
    text = page_text(at)
    assert "Run B could not be loaded" in text
    assert "Run A could not be loaded" not in text
    assert any("not found" in e.value.lower() for e in at.error)
    # The run that did load is still shown, with a way to open it on its own.
    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert facts.set_index("Run").loc["A", "Job"] == INVOICE
    (link,) = [p for p in at.get("page_link") if p.proto.label == "Open run A on its own"]
    assert link.proto.query_string == f"job_id={INVOICE}"


def test_a_bad_key_or_id_says_which() -> None:
    assert "A:" in page_text(open_compare(a="nope", b=INVOICE))
    at = open_compare(a=INVOICE, b=CAPACITOR, key="line_items")
    assert "Align items by a field" in page_text(at)


def upload(at: AppTest, side: str, name: str, content: bytes) -> AppTest:
    return (
        at.file_uploader(key=f"compare-{side}-file").upload(name, content, "application/json").run()
    )


def test_an_uploaded_run_stands_in_for_a_side() -> None:
    at = open_compare(b=INVOICE)
    run = demo_run("invoice_schema_problems")
    last_week = run | {"data": {**run["data"], "currency": "EUR"}}
    upload(at, "a", "last-week.json", json.dumps(last_week).encode())

    assert not failures_shown(at)
    assert data_table(at)[["Field", "State", "A", "B"]].values.tolist() == [
        ["currency", "changed", "EUR", "EURO"]
    ]
    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert [facts.set_index("Run").loc[side, "Source"] for side in "AB"] == [
        "uploaded: last-week.json",
        "fetched by job ID",
    ]
    (summary,) = [c.value for c in at.code]
    assert f"A: {INVOICE}, uploaded as last-week.json; B: {INVOICE})" in summary
    assert "does not carry an uploaded file" in page_text(at)
    assert at.button(key="compare-swap").disabled  # an upload cannot change sides


def test_an_upload_that_is_not_a_run_shows_its_error_beside_the_other_run() -> None:
    at = upload(open_compare(a=INVOICE), "b", "notes.json", b'["not", "a", "run"]')

    text = page_text(at)
    assert "Run B could not be loaded" in text
    assert "Run A could not be loaded" not in text
    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert facts.set_index("Run").loc["A", "Job"] == INVOICE


def test_an_uploaded_job_list_asks_which_job_stands_for_the_side() -> None:
    receipt = json.loads(demo_run_bytes(DEMO_SAMPLES[8]))
    hospitals = json.loads(demo_run_bytes(DEMO_SAMPLES[9]))
    listing = {"items": [receipt, hospitals], "next_page_token": None}
    at = upload(open_compare(a=HOSPITALS_V2), "b", "jobs.json", json.dumps(listing).encode())

    assert "A and B are the same job" not in page_text(at)
    (picker,) = at.selectbox
    assert picker.label == "Run B: job from the uploaded list"
    picker.set_value(1).run()

    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert facts.set_index("Run").loc["B", "Job"] == hospitals["id"]
    assert "same job" in page_text(at)


def test_a_key_offered_by_the_schemas_pairs_items_by_it_until_position_is_picked() -> None:
    before, after = DEMO_COMPARE_PAIR
    at = open_compare(a=before, b=after)
    offered = [shown(b.label) for b in at.button if (b.key or "").startswith("compare-pair-")]
    assert offered[:2] == ["line_items[].sku", "line_items[].description"]
    assert "Array items pair by position" in page_text(at)

    at.button(key="compare-pair-line_items[].sku").click().run()

    assert at.query_params["key"] == "line_items[].sku"
    assert "Items of line_items pair by line_items[].sku" in page_text(at)
    items = [f for f in data_table(at)["Field"] if f.startswith("line_items")]
    assert items
    assert all(f.startswith("line_items[sku=") for f in items)

    at.button(key="compare-pair-by-position").click().run()

    assert not at.query_params.get("key")
    assert "Array items pair by position" in page_text(at)


def test_toggles_and_the_filter_never_rebuild_the_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[str | None] = []

    def counted(a: RunReport, b: RunReport, key: FieldPath | None = None) -> Comparison:
        builds.append(key.render() if key else None)
        return compare_runs(a, b, key)

    monkeypatch.setattr(compare_runs_module, "compare_runs", counted)
    before, after = DEMO_COMPARE_PAIR
    at = open_compare(a=before, b=after)
    at.toggle(key="compare-only").set_value(False).run()
    at.text_input(key="compare-filter").set_value("line_items").run()
    at.run()

    assert builds == [None]
    at.button(key="compare-pair-line_items[].sku").click().run()  # another pairing: built once
    at.toggle(key="compare-only").set_value(True).run()
    assert builds == [None, "line_items[].sku"]


def test_a_side_not_final_makes_the_comparison_provisional_until_it_is(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    done, later = str(uuid.uuid4()), str(uuid.uuid4())
    run = demo_run("invoice_schema_problems")
    fake_api.add_run(run | {"job_id": done})
    fake_api.add_run(run | {"job_id": later, "status": "PENDING", "data": None})
    at = open_compare(a=done, b=later)
    assert (
        "Provisional: a run is not final yet; this page checks it again until final."
        in page_text(at)
    )

    fake_api.add_run(run | {"job_id": later})  # it finishes
    time.sleep(PENDING_TTL_SECONDS + 0.1)  # what the page waits before checking again
    at.run()

    assert "Provisional" not in page_text(at)
    assert data_table(at).empty  # the same invoice on both sides: no data field differs


def test_a_key_field_named_like_markdown_is_offered_as_plain_text(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    name = "[sku](https://evil.example)"
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": {
        "type": "object", "properties": {name: {"type": "string"}}}}}}  # fmt: skip
    run = demo_run("invoice_schema_problems") | {"data_schema": schema, "data": {"items": []}}
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    fake_api.add_run(run | {"job_id": a})
    fake_api.add_run(run | {"job_id": b})
    at = open_compare(a=a, b=b)

    (button,) = [b for b in at.button if (b.key or "").startswith("compare-pair-items")]
    assert "](" not in button.label  # escaped: no link is drawn
    path = FieldPath.parse("items[]").child(name).render()
    assert shown(button.label).replace(WORD_JOINER, "") == path  # what a person reads


def test_a_key_or_link_typed_into_a_box_never_stays_in_the_url() -> None:
    at = open_compare(a=INVOICE)
    at.text_input(key="b").set_value("llx-" + "A" * 40).run()

    assert not at.query_params.get("b")
    assert "looked like a link or an API key" in page_text(at)
    at.text_input(key="a_project_id").set_value("https://example.com/?x=1").run()
    assert not at.query_params.get("a_project_id")


def test_a_share_link_pasted_for_a_side_fills_its_job_and_scope() -> None:
    at = open_compare(a=INVOICE)
    link = f"https://inspector.example/?job_id={CAPACITOR}&project_id=prj-one"
    at.text_input(key="b").set_value(link).run()

    assert at.query_params["b"] == CAPACITOR
    assert at.query_params["b_project_id"] == "prj-one"


def test_the_configured_project_is_both_sides_default(
    live_app: Callable[..., AppTest],
    fake_api: FakeLlamaCloud,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = str(uuid.uuid4())
    monkeypatch.setenv("LLAMA_CLOUD_PROJECT_ID", project)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    run = demo_run("invoice_schema_problems")
    fake_api.add_run(run | {"job_id": a})
    fake_api.add_run(run | {"job_id": b})
    at = open_compare(a=a, b=b)

    assert not failures_shown(at)
    for job in (a, b):
        (request,) = fake_api.requests_for(job)
        assert request.query["project_id"] == project
    assert at.query_params["a_project_id"] == at.query_params["b_project_id"] == project


def test_refresh_fetches_both_runs_again(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    run = demo_run("invoice_schema_problems")
    fake_api.add_run(run | {"job_id": a})
    fake_api.add_run(run | {"job_id": b})
    at = open_compare(a=a, b=b)
    at.run()
    assert [len(fake_api.requests_for(job)) for job in (a, b)] == [1, 1]  # a rerun: cached

    at.button(key="compare-refresh").click().run()

    assert [len(fake_api.requests_for(job)) for job in (a, b)] == [2, 2]


def test_two_jobs_of_one_uploaded_list_compare_and_one_job_twice_says_so() -> None:
    receipt = json.loads(demo_run_bytes(DEMO_SAMPLES[8]))
    hospitals = json.loads(demo_run_bytes(DEMO_SAMPLES[9]))
    listing = json.dumps({"items": [receipt, hospitals], "next_page_token": None}).encode()
    at = upload(upload(open_compare(), "a", "jobs.json", listing), "b", "jobs.json", listing)
    assert "same uploaded run" in page_text(at)

    at.selectbox(key=f"compare-b-job-{hashlib.sha256(listing).hexdigest()[:16]}").set_value(1)
    at.run()

    assert "same uploaded run" not in page_text(at)
    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert [facts.set_index("Run").loc[side, "Job"] for side in "AB"] == [
        receipt["id"],
        hospitals["id"],
    ]


def test_an_uploaded_list_without_jobs_shows_why_beside_the_other_run() -> None:
    at = upload(
        open_compare(a=INVOICE), "b", "jobs.json", b'{"items": [], "next_page_token": null}'
    )

    text = page_text(at)
    assert "Run B could not be loaded" in text
    assert "the job list holds no jobs" in text
    (facts,) = [f for f in frames(at) if "Source" in f.columns]
    assert facts.set_index("Run").loc["A", "Job"] == INVOICE


def test_the_filter_finds_rows_paired_by_a_key_by_their_path() -> None:
    before, after = DEMO_COMPARE_PAIR
    at = open_compare(a=before, b=after, key="line_items[].sku")
    at.toggle(key="compare-only").set_value(False).run()
    at.text_input(key="compare-filter").set_value("line_items.quantity").run()

    fields = data_table(at)["Field"].tolist()
    assert fields
    assert all(f.startswith("line_items[sku=") and f.endswith("].quantity") for f in fields)
