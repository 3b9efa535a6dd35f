"""The run page's "Compare with…" in AppTest, against the fake API: a typed job opens as A
beside this run; the previous run of the agent on the same file (v1) or the previous job on
the same file input (v2) opens as A; when there is none, or the scan was cut, it says so."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from run_inspector.demo.samples import DEMO_SAMPLES, demo_run_bytes
from run_inspector.fake_api import FakeLlamaCloud
from tests.apptest.conftest import page_text
from tests.conftest import demo_run

OTHER_KEY = "run-{job}-compare-other"
PREVIOUS_KEY = "run-{job}-compare-previous"


def v1_run(agent: str, file_id: str, day: int, **changes: Any) -> dict[str, Any]:
    run = demo_run("invoice_schema_problems")
    run.update(
        id=str(uuid.uuid4()),
        job_id=str(uuid.uuid4()),
        extraction_agent_id=agent,
        file_id=file_id,
        created_at=f"2026-11-{day:02d}T09:00:00Z",
        updated_at=f"2026-11-{day:02d}T09:01:00Z",
        **changes,
    )
    run["file"] = {**run["file"], "id": file_id}
    return run


def store(api: FakeLlamaCloud, *runs: dict[str, Any]) -> list[str]:
    for run in runs:
        api.add_run(run)
    return [run["job_id"] for run in runs]


def open_previous(open_app: Callable[..., AppTest], job: str) -> AppTest:
    at = open_app(job_id=job)
    return at.button(key=PREVIOUS_KEY.format(job=job)).click().run()


def opened_comparison(at: AppTest) -> tuple[str, str]:
    assert "Compare runs" in [t.value for t in at.title]
    return at.query_params["a"], at.query_params["b"]


def test_a_typed_job_opens_as_a_beside_this_run(demo_app: Callable[..., AppTest]) -> None:
    this, other = DEMO_SAMPLES[2].job_id, DEMO_SAMPLES[0].job_id
    at = demo_app(job_id=this)
    at.text_input(key=OTHER_KEY.format(job=this)).set_value(f"  {other.upper()} ")
    at.button[[b.label for b in at.button].index("Compare")].click().run()

    assert opened_comparison(at) == (other, this)


def test_a_typed_text_that_is_no_job_id_says_so(demo_app: Callable[..., AppTest]) -> None:
    this = DEMO_SAMPLES[2].job_id
    at = demo_app(job_id=this)
    at.text_input(key=OTHER_KEY.format(job=this)).set_value("not-an-id")
    at.button[[b.label for b in at.button].index("Compare")].click().run()

    assert at.query_params["job_id"] == this  # still on the run page
    assert "That job ID is neither a v1 UUID" in page_text(at)


def test_the_previous_v1_run_on_the_same_file_opens_as_a(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    agent, file_id = str(uuid.uuid4()), str(uuid.uuid4())
    _older, previous, this, _later = store(
        fake_api,
        v1_run(agent, file_id, 3),
        v1_run(agent, file_id, 9),
        v1_run(agent, file_id, 20),
        v1_run(agent, file_id, 25),
    )
    store(fake_api, v1_run(agent, str(uuid.uuid4()), 15))  # another file, in between

    at = open_previous(live_app, this)

    assert opened_comparison(at) == (previous, this)
    listings = fake_api.requests_to("/api/v1/extraction/runs")
    (listing,) = [r for r in listings if r.query["extraction_agent_id"] == agent]
    assert listing.query["limit"] == "100"


def test_no_earlier_run_on_the_file_says_so_and_stays(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    agent = str(uuid.uuid4())
    (this,) = store(fake_api, v1_run(agent, str(uuid.uuid4()), 20))

    at = open_previous(live_app, this)

    assert at.query_params["job_id"] == this
    assert "No earlier run of this agent on this file among its 1 run." in page_text(at)


def test_a_scan_cut_at_100_runs_says_so(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    agent, file_id = str(uuid.uuid4()), str(uuid.uuid4())
    (this,) = store(fake_api, v1_run(agent, file_id, 20))
    store(fake_api, *(v1_run(agent, str(uuid.uuid4()), 10) for _ in range(110)))

    at = open_previous(live_app, this)

    assert at.query_params["job_id"] == this
    text = page_text(at)
    assert "among the 100 of its runs searched; it has 111, so the search stopped there" in text


def test_the_previous_v2_job_on_the_same_file_input_opens_as_a(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    template = json.loads(demo_run_bytes(DEMO_SAMPLES[8]))
    file_input = f"dfl-{uuid.uuid4()}"
    jobs = []
    for day in (5, 12, 19):
        job = template | {"id": f"ext-{uuid.uuid4()}", "file_input": file_input,
                          "created_at": f"2026-11-{day:02d}T09:00:00Z"}  # fmt: skip
        fake_api.add_v2_job(job)
        jobs.append(job["id"])
    _, previous, this = jobs

    at = open_previous(live_app, this)

    assert opened_comparison(at) == (previous, this)
    listings = fake_api.requests_to("/api/v2/extract")
    (listing,) = [r for r in listings if r.query.get("file_input") == file_input]
    assert listing.query["created_at_on_or_before"] == "2026-11-19T09:00:00Z"


def test_a_run_found_by_a_cut_scan_is_offered_not_opened(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    agent, file_id = str(uuid.uuid4()), str(uuid.uuid4())
    previous, this = store(fake_api, v1_run(agent, file_id, 9), v1_run(agent, file_id, 20))
    store(fake_api, *(v1_run(agent, str(uuid.uuid4()), 10) for _ in range(100)))

    at = open_previous(live_app, this)

    assert at.query_params["job_id"] == this  # a later run may be among those not read
    assert "so a later one may be among the rest" in page_text(at)
    (link,) = [p for p in at.get("page_link") if p.proto.label == "Compare with that run"]
    assert link.proto.query_string == f"a={previous}&b={this}"
