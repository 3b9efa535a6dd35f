"""The fake LlamaCloud API's list routes, on a real socket: agents, an agent's runs, v2 jobs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from run_inspector.fake_api import FakeLlamaCloud, RunningServer
from run_inspector.fake_api.lists import page_token
from tests.conftest import OTHER_API_KEY, TEST_API_KEY
from tests.unit.list_samples import agent, new_agent_id, new_file_input, v1_run, v2_job

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
AGENTS_PATH = "/api/v1/extraction/extraction-agents"
RUNS_PATH = "/api/v1/extraction/runs"
JOBS_PATH = "/api/v2/extract"


@pytest.fixture
def http(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        yield client


def ids(items: list[dict[str, Any]], key: str = "id") -> list[Any]:
    return [item[key] for item in items]


def loc_of(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 422
    return [error["loc"] for error in response.json()["detail"]]


# --- agents ------------------------------------------------------------------------------------


def test_agents_are_a_bare_list_filtered_by_project(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    project, other = f"prj-{new_agent_id()}", f"prj-{new_agent_id()}"
    mine = agent(new_agent_id(), "Mine", project)
    theirs = agent(new_agent_id(), "Theirs", other)
    hidden = agent(new_agent_id(), "Another key's", project)
    for sent in (mine, theirs):
        api.add_agent(sent)
    api.add_agent(hidden, api_keys={OTHER_API_KEY})

    everything = http.get(AGENTS_PATH).json()
    of_project = http.get(AGENTS_PATH, params={"project_id": project}).json()

    assert isinstance(everything, list)
    assert {mine["id"], theirs["id"]} <= set(ids(everything))
    assert hidden["id"] not in ids(everything)
    assert of_project == [mine]


def test_an_agent_needs_an_id(api: FakeLlamaCloud) -> None:
    with pytest.raises(ValueError, match="no id"):
        api.add_agent({"name": "nameless"})


# --- an agent's runs ---------------------------------------------------------------------------


def test_runs_come_in_stored_order_with_default_paging_and_total(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    agent_id = new_agent_id()
    runs = [v1_run(agent_id, i) for i in (3, 1, 2)]  # not in time order: none is promised
    for run in runs:
        api.add_run(run)
    api.add_run(v1_run(new_agent_id()))  # another agent's

    page = http.get(RUNS_PATH, params={"extraction_agent_id": agent_id}).json()

    assert ids(page["items"]) == ids(runs)
    assert page["items"][0] == runs[0]  # whole runs, data included
    assert (page["total"], page["skip"], page["limit"]) == (3, 0, 25)


def test_runs_page_by_skip_and_limit_and_filter_by_status(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    agent_id = new_agent_id()
    runs = [v1_run(agent_id, i, status="ERROR" if i % 2 else "SUCCESS") for i in range(5)]
    for run in runs:
        api.add_run(run)

    second = http.get(RUNS_PATH, params={"extraction_agent_id": agent_id, "skip": 2, "limit": 2})
    failed = http.get(RUNS_PATH, params={"extraction_agent_id": agent_id, "status": "ERROR"})
    one = http.get(RUNS_PATH, params={"extraction_agent_id": agent_id, "run_id": runs[4]["id"]})

    assert ids(second.json()["items"]) == ids(runs[2:4])
    assert (second.json()["total"], second.json()["skip"], second.json()["limit"]) == (5, 2, 2)
    assert ids(failed.json()["items"]) == ids([runs[1], runs[3]])
    assert failed.json()["total"] == 2
    assert ids(one.json()["items"]) == [runs[4]["id"]]


def test_runs_of_another_key_are_not_listed(api: FakeLlamaCloud, http: httpx.Client) -> None:
    agent_id = new_agent_id()
    api.add_run(v1_run(agent_id), api_keys={OTHER_API_KEY})

    page = http.get(RUNS_PATH, params={"extraction_agent_id": agent_id}).json()

    assert page == {"items": [], "total": 0, "skip": 0, "limit": 25}


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({}, ["query", "extraction_agent_id"]),
        ({"extraction_agent_id": "agent-1"}, ["query", "extraction_agent_id"]),
        ({"limit": 101}, ["query", "limit"]),
        ({"limit": 0}, ["query", "limit"]),
        ({"skip": -1}, ["query", "skip"]),
        ({"skip": "two"}, ["query", "skip"]),
    ],
)
def test_a_run_query_the_api_would_refuse_gets_fastapis_422(
    http: httpx.Client, params: dict[str, Any], loc: list[str]
) -> None:
    query = {"extraction_agent_id": new_agent_id(), **params} if params else {}

    assert loc_of(http.get(RUNS_PATH, params=query)) == [loc]


# --- v2 jobs -----------------------------------------------------------------------------------


@pytest.fixture
def file_jobs(api: FakeLlamaCloud) -> tuple[str, list[dict[str, Any]]]:
    """5 jobs on a new file input, stored oldest last (the list sorts them itself)."""
    file_input = new_file_input()
    jobs = [v2_job(file_input, i, status="FAILED" if i == 1 else "COMPLETED") for i in range(5)]
    for job in reversed(jobs):
        api.add_v2_job(job)
    return file_input, jobs


def test_jobs_come_newest_first_a_page_at_a_time_until_a_null_token(
    http: httpx.Client, file_jobs: tuple[str, list[dict[str, Any]]]
) -> None:
    file_input, jobs = file_jobs
    pages, token = [], None
    while True:
        query: dict[str, Any] = {"file_input": file_input, "page_size": 2}
        page = http.get(JOBS_PATH, params=query | ({"page_token": token} if token else {}))
        pages.append(page.json())
        token = pages[-1]["next_page_token"]
        if token is None:
            break

    newest_first = ids(jobs)[::-1]
    assert [ids(p["items"]) for p in pages] == [
        newest_first[:2],
        newest_first[2:4],
        newest_first[4:],
    ]
    assert [p["total_size"] for p in pages] == [None, None, None]
    assert pages[0]["next_page_token"] == page_token(2)


def test_the_default_page_holds_25_and_a_total_comes_only_when_asked(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    file_input = new_file_input()
    for i in range(26):
        api.add_v2_job(v2_job(file_input, i))

    page = http.get(JOBS_PATH, params={"file_input": file_input, "include_total": "true"}).json()

    assert len(page["items"]) == 25
    assert page["total_size"] == 26
    assert page["next_page_token"] == page_token(25)


def test_jobs_filter_by_status_configuration_times_and_ids(
    http: httpx.Client, file_jobs: tuple[str, list[dict[str, Any]]]
) -> None:
    file_input, jobs = file_jobs

    def listed(**params: Any) -> list[str]:
        return ids(http.get(JOBS_PATH, params={"file_input": file_input, **params}).json()["items"])

    assert listed(status="FAILED") == [jobs[1]["id"]]
    assert listed(configuration_id=jobs[0]["configuration_id"]) == ids(jobs)[::-1]
    assert listed(configuration_id="cfg-other") == []
    assert listed(
        created_at_on_or_after="2026-08-01T11:01:00+02:00",
        created_at_on_or_before="2026-08-01T09:03:00",  # no zone: UTC
    ) == [jobs[3]["id"], jobs[2]["id"], jobs[1]["id"]]
    assert listed(job_ids=[jobs[0]["id"], jobs[4]["id"]]) == [jobs[4]["id"], jobs[0]["id"]]


def test_a_job_from_before_file_input_is_found_by_its_old_name(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    file_input = new_file_input()
    job = v2_job(file_input)
    job["document_input_value"] = job.pop("file_input")
    api.add_v2_job(job)

    assert ids(http.get(JOBS_PATH, params={"file_input": file_input}).json()["items"]) == [
        job["id"]
    ]


def test_listed_jobs_hide_parts_not_expanded(api: FakeLlamaCloud, http: httpx.Client) -> None:
    file_input = new_file_input()
    api.add_v2_job(v2_job(file_input))

    bare = http.get(JOBS_PATH, params={"file_input": file_input}).json()["items"][0]
    expanded = http.get(
        JOBS_PATH, params={"file_input": file_input, "expand": "configuration"}
    ).json()["items"][0]

    assert (bare["configuration"], bare["extract_metadata"]) == (None, None)
    assert "usage" not in bare  # a single job's part only
    assert bare["extract_result"] is not None
    assert expanded["configuration"]["tier"] == "agentic"


def test_a_cycling_job_is_listed_as_it_is_now(api: FakeLlamaCloud, http: httpx.Client) -> None:
    file_input = new_file_input()
    running, completed = v2_job(file_input, status="RUNNING"), v2_job(file_input)
    completed["id"] = running["id"]
    clock = [0.0]
    api.add_cycling_v2_job(
        running["id"],
        running,
        completed,
        done_after_s=10,
        restart_after_s=60,
        clock=lambda: clock[0],
    )

    def status() -> str:
        page = http.get(JOBS_PATH, params={"file_input": file_input}).json()
        return str(page["items"][0]["status"])

    first = status()
    clock[0] = 11.0
    assert (first, status()) == ("RUNNING", "COMPLETED")


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"page_size": 101}, ["query", "page_size"]),
        ({"page_size": 0}, ["query", "page_size"]),
        ({"page_token": "not-a-token"}, ["query", "page_token"]),
        ({"page_token": page_token(0)[:-2] + "x"}, ["query", "page_token"]),
        ({"created_at_on_or_after": "yesterday"}, ["query", "created_at_on_or_after"]),
        ({"include_total": "maybe"}, ["query", "include_total"]),
        ({"expand": "usage"}, ["query", "expand", 0]),
    ],
)
def test_a_job_query_the_api_would_refuse_gets_fastapis_422(
    http: httpx.Client, params: dict[str, Any], loc: list[Any]
) -> None:
    assert loc_of(http.get(JOBS_PATH, params=params)) == [loc]


def test_list_routes_need_a_key_like_every_route(server: RunningServer) -> None:
    for path in (AGENTS_PATH, RUNS_PATH, JOBS_PATH):
        response = httpx.get(server.base_url + path, headers={"Authorization": "Bearer nope"})
        assert response.status_code == 401


def test_a_stored_body_that_is_no_job_is_not_listed(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    api.add_v2_job(b"<html>broken</html>", job_id=f"ext-{new_agent_id()}")

    response = http.get(JOBS_PATH, params={"page_size": 100})

    assert response.status_code == 200
    assert all(isinstance(item, dict) for item in json.loads(response.content)["items"])
