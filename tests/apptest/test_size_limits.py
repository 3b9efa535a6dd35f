"""Huge and deeply nested runs open without a crash, with a note saying what was cut."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud
from tests.apptest.conftest import frames, page_text
from tests.conftest import demo_run

RECEIPT = demo_run("receipt_per_doc_bounding_boxes")
HUNDRED_MB = 100 * 1024 * 1024


def test_a_100_mb_run_opens_with_its_long_value_cut_and_the_raw_view_capped(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    run = {**RECEIPT, "data": {**RECEIPT["data"], "summary": "x" * HUNDRED_MB}}
    body = json.dumps(run).encode()
    assert len(body) > HUNDRED_MB
    at = live_app(job_id=fake_api.add_run(body, job_id=RECEIPT["job_id"]))
    at.session_state["run-raw_json"] = True  # open "Raw run JSON", which renders only when open
    at.run()

    assert not at.exception
    assert not at.error
    summary = str(frames(at)[0].set_index("Field").loc["summary", "Value"])
    assert summary.startswith("xxx")
    assert summary.endswith("…")
    assert len(summary) == 200
    assert f"The run is {len(body):,} bytes; the first 200,000 are shown" in page_text(at)


def test_data_nested_1000_levels_is_capped_with_a_note(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    deep = "1"
    for _ in range(1000):
        deep = '{"n": ' + deep + "}"
    body = json.dumps({**RECEIPT, "data": {"deep": "DEEP"}}).replace('"DEEP"', deep).encode()
    at = live_app(job_id=fake_api.add_run(body, job_id=RECEIPT["job_id"]))

    assert not at.exception
    text = page_text(at)
    assert "deep.n.n.n.n.n.n.n is nested too deeply for the table and is shown as JSON." in text
    value = str(frames(at)[0].set_index("Field").loc["deep.n.n.n.n.n.n.n", "Value"])
    assert value.startswith('{"n": {"n": ')
    assert "schema not checked" in text or "schema problem" in text


def test_nesting_beyond_what_json_can_read_is_an_invalid_body_not_a_crash(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    body = b'{"id": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    at = live_app(job_id=fake_api.add_run(body, job_id=RECEIPT["job_id"]))

    assert not at.exception
    assert "nested too deeply to read as JSON" in page_text(at)
