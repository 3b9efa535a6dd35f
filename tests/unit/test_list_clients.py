"""The list clients (agents, an agent's v1 runs, v2 jobs) against the fake API on a real socket.

Each test lists only what it stored (its own agent, or its own file input for v2), so the
session-wide fake serves every test at once; answers the fake would not give are scripted.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from run_inspector.api import errors
from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.lists import PAGING_STOPPED
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse
from run_inspector.model.run_summary import AgentSummary, RunPage
from run_inspector.model.status import StatusClass
from run_inspector.presentation.error_text import error_sentence, error_short, error_title
from tests.unit.client_helpers import MakeClient, Sleeps
from tests.unit.list_samples import (
    PROJECT_UUID,
    START,
    agent,
    new_agent_id,
    new_file_input,
    v1_run,
    v2_job,
)

AGENTS_PATH = "/api/v1/extraction/extraction-agents"
RUNS_PATH = "/api/v1/extraction/runs"
JOBS_PATH = "/api/v2/extract"
ORG_UUID = "66666666-7777-4888-9999-000000000000"
NOT_SENT = "not sent, though the API always sends it"


@pytest.fixture
def agent_runs(api: FakeLlamaCloud) -> tuple[str, list[dict[str, Any]]]:
    """A new agent with 7 runs; every third one (0, 3, 6) failed."""
    agent_id = new_agent_id()
    runs = [v1_run(agent_id, i, status="ERROR" if i % 3 == 0 else "SUCCESS") for i in range(7)]
    for run in runs:
        api.add_run(run)
    return agent_id, runs


@pytest.fixture
def file_jobs(api: FakeLlamaCloud) -> tuple[str, list[dict[str, Any]]]:
    """5 jobs on a new file input, created a minute apart; the odd ones failed."""
    file_input = new_file_input()
    jobs = [v2_job(file_input, i, status="FAILED" if i % 2 else "COMPLETED") for i in range(5)]
    for job in jobs:
        api.add_v2_job(job)
    return file_input, jobs


def run_queries(api: FakeLlamaCloud, agent_id: str) -> list[dict[str, list[str]]]:
    """The query of each run-list request for this agent, as the API received it."""
    return [
        r.query_lists
        for r in api.requests_to(RUNS_PATH)
        if r.query_lists.get("extraction_agent_id") == [agent_id]
    ]


def job_queries(api: FakeLlamaCloud, file_input: str) -> list[dict[str, list[str]]]:
    return [
        r.query_lists
        for r in api.requests_to(JOBS_PATH)
        if r.query_lists.get("file_input") == [file_input]
    ]


def json_body(value: Any) -> bytes:
    """A scripted body for any JSON value (a dict would be sent as JSON by itself)."""
    return json.dumps(value).encode()


def job_ids(page: RunPage) -> list[str | None]:
    return [summary.job_id for summary in page.summaries]


# --- v1: the agents ------------------------------------------------------------------------------


def test_agents_of_a_project_come_with_name_id_and_the_project_sent(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    project = f"prj-{new_agent_id()}"
    first, second = new_agent_id(), new_agent_id()
    api.add_agent(agent(first, "EU invoices", project))
    api.add_agent(agent(second, "Receipts", project))
    api.add_agent(agent(new_agent_id(), "Another project's agent"))

    agents, problems = client.list_agents(project_id=project, organization_id=ORG_UUID)

    assert agents == (
        AgentSummary(first, "EU invoices", project, datetime(2026, 7, 1, 8, tzinfo=UTC)),
        AgentSummary(second, "Receipts", project, datetime(2026, 7, 1, 8, tzinfo=UTC)),
    )
    assert problems == ()
    assert api.requests_to(AGENTS_PATH)[-1].query_lists == {
        "project_id": [project],
        "organization_id": [ORG_UUID],
    }


def test_no_agents_is_an_empty_list(client: LlamaCloudClient) -> None:
    assert client.list_agents(project_id=f"prj-{new_agent_id()}") == ((), ())


def test_odd_agents_become_problems_and_the_rest_are_listed(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    good, nameless, late = new_agent_id(), new_agent_id(), new_agent_id()
    api.script(
        AGENTS_PATH,
        ScriptedResponse(
            200,
            json_body(
                [
                    agent(good, "Invoices"),
                    "not an agent",
                    {"name": "no ID"},
                    {"id": nameless},
                    {**agent(late, "Late"), "created_at": "yesterday"},
                ]
            ),
        ),
    )

    agents, problems = client.list_agents()

    assert [(a.agent_id, a.name) for a in agents] == [
        (good, "Invoices"),
        (nameless, ""),
        (late, "Late"),
    ]
    assert agents[2].created_at is None
    assert problems == (
        "1 item left out: not a JSON object",
        "1 item left out: it has no agent ID (`id`)",
        f"{nameless}: `name` was not sent",
        f"{late}: `created_at` should be an ISO 8601 date-time text",
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (json_body({"items": []}), "the body is not a JSON list (of agents)"),
        (b"<html>Bad gateway</html>", "the body is not JSON"),
    ],
)
def test_an_agent_list_that_is_no_list_is_refused_whole(
    client: LlamaCloudClient, api: FakeLlamaCloud, body: Any, problem: str
) -> None:
    api.script(AGENTS_PATH, ScriptedResponse(200, body))

    with pytest.raises(errors.InvalidResponseError) as caught:
        client.list_agents()

    assert caught.value.body.problems[0].startswith(problem)
    assert error_sentence(caught.value) == (
        "LlamaCloud answered, but not with a valid list of extraction agents "
        "(1 problem(s), listed below with the raw body)."
    )


def test_a_refused_project_id_is_named_for_a_list_too(
    client: LlamaCloudClient, uuid_only_api: FakeLlamaCloud
) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        client.list_agents(project_id="prj-abc")

    assert caught.value.rejected_parameters == ("project_id",)
    assert error_short(caught.value) == "project ID refused"


# --- v1: an agent's runs -------------------------------------------------------------------------


def test_v1_pages_forward_and_back_by_skip_and_limit(
    client: LlamaCloudClient, api: FakeLlamaCloud, agent_runs: tuple[str, list[dict[str, Any]]]
) -> None:
    agent_id, runs = agent_runs

    pages = [client.list_v1_runs(agent_id, skip=skip, limit=3) for skip in (0, 3, 6, 3)]

    expected = [[r["job_id"] for r in runs[start : start + 3]] for start in (0, 3, 6, 3)]
    assert [job_ids(page) for page in pages] == expected
    assert [(p.total, p.skip, p.limit) for p in pages] == [(7, s, 3) for s in (0, 3, 6, 3)]
    assert len(pages[2].summaries) == 1  # the last page, shorter than the limit
    assert pages[3] == pages[1]
    assert all(p.problems == () and p.next_page_token is None for p in pages)
    assert run_queries(api, agent_id) == [
        {"extraction_agent_id": [agent_id], "skip": [str(skip)], "limit": ["3"]}
        for skip in (0, 3, 6, 3)
    ]


def test_v1_summaries_carry_what_a_row_shows(
    client: LlamaCloudClient, agent_runs: tuple[str, list[dict[str, Any]]]
) -> None:
    agent_id, runs = agent_runs

    first = client.list_v1_runs(agent_id).summaries[0]

    assert (first.api_version, first.job_id, first.run_id) == (
        "v1",
        runs[0]["job_id"],
        runs[0]["id"],
    )
    assert (first.status.word, first.status.status_class) == ("ERROR", StatusClass.FAILED)
    assert first.created_at == START
    assert (first.file_label, first.tier_or_mode, first.row_count) == (
        "invoice-00.pdf",
        "MULTIMODAL",
        1,
    )
    assert (first.agent_id, first.project_id) == (agent_id, runs[0]["project_id"])


def test_v1_status_and_scope_go_in_the_query_with_the_default_page(
    client: LlamaCloudClient, api: FakeLlamaCloud, agent_runs: tuple[str, list[dict[str, Any]]]
) -> None:
    agent_id, runs = agent_runs

    page = client.list_v1_runs(
        agent_id.upper(), status="ERROR", project_id=PROJECT_UUID, organization_id=ORG_UUID
    )

    assert job_ids(page) == [runs[i]["job_id"] for i in (0, 3, 6)]
    assert (page.total, page.skip, page.limit) == (3, 0, 25)
    assert run_queries(api, agent_id) == [
        {
            "extraction_agent_id": [agent_id],  # the canonical lower-case form
            "skip": ["0"],
            "limit": ["25"],
            "status": ["ERROR"],
            "project_id": [PROJECT_UUID],
            "organization_id": [ORG_UUID],
        }
    ]


def test_an_agent_without_runs_has_an_empty_page(client: LlamaCloudClient) -> None:
    assert client.list_v1_runs(new_agent_id()) == RunPage((), total=0, skip=0, limit=25)


def test_a_page_without_total_says_so_and_keeps_its_runs(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id = new_agent_id()
    run = v1_run(agent_id)
    api.script(agent_id, ScriptedResponse(200, {"items": [run], "skip": 0, "limit": 25}))

    page = client.list_v1_runs(agent_id)

    assert job_ids(page) == [run["job_id"]]
    assert (page.total, page.skip, page.limit) == (None, 0, 25)
    assert page.problems == (f"`total` {NOT_SENT}",)


def test_a_page_at_another_skip_than_asked_says_so(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id = new_agent_id()
    body = {"items": [v1_run(agent_id)], "total": 30, "skip": 0, "limit": 25}
    api.script(agent_id, ScriptedResponse(200, body))

    page = client.list_v1_runs(agent_id, skip=25)

    assert page.problems == ("asked for skip=25, the answer says skip=0",)


def test_odd_runs_become_problems_and_never_hide_the_page(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id = new_agent_id()
    good, odd = v1_run(agent_id, 0), v1_run(agent_id, 1, created_at=17, status=None)
    no_id = {k: v for k, v in v1_run(agent_id).items() if k not in ("id", "job_id")}
    body = {"items": [good, [], no_id, odd], "total": "four", "skip": 0, "limit": 25}
    api.script(agent_id, ScriptedResponse(200, body))

    page = client.list_v1_runs(agent_id)

    assert job_ids(page) == [good["job_id"], odd["job_id"]]
    assert page.summaries[1].status.status_class is StatusClass.UNKNOWN
    assert page.total is None
    assert page.problems == (
        "`total` Input should be a valid integer",
        "1 item left out: not a JSON object",
        "1 item left out: it has neither a run ID (`id`) nor a job ID (`job_id`)",
        f"{odd['job_id']}: `created_at` should be an ISO 8601 date-time text",
        f"{odd['job_id']}: no status was sent",
    )


@pytest.mark.parametrize("agent_id", ["..", "", "runs/x", "not-a-uuid", "prj-abc"])
def test_an_agent_id_that_is_no_uuid_is_refused_unsent(
    client: LlamaCloudClient, api: FakeLlamaCloud, agent_id: str
) -> None:
    before = len(api.requests_to(RUNS_PATH))

    with pytest.raises(errors.InvalidIdError) as caught:
        client.list_v1_runs(agent_id)

    assert len(api.requests_to(RUNS_PATH)) == before
    assert caught.value.kind == "v1_runs"
    assert "is not an extraction agent ID" in error_sentence(caught.value)


def test_a_refused_page_size_is_named(client: LlamaCloudClient) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        client.list_v1_runs(new_agent_id(), limit=101)

    assert caught.value.rejected_parameters == ("limit",)
    assert error_title(caught.value) == "Request rejected"
    assert error_sentence(caught.value) == (
        "LlamaCloud refused to list the agent's runs (HTTP 422). It refused `limit`: "
        "check those values."
    )


def test_a_list_is_retried_like_a_run(
    client: LlamaCloudClient,
    api: FakeLlamaCloud,
    sleeps: Sleeps,
    agent_runs: tuple[str, list[dict[str, Any]]],
) -> None:
    agent_id, runs = agent_runs
    api.script(agent_id, ScriptedResponse(503, {"detail": "busy"}, {"retry-after": "2"}))

    page = client.list_v1_runs(agent_id, limit=2)

    assert job_ids(page) == [r["job_id"] for r in runs[:2]]
    assert sleeps == [2.0]


def test_an_unknown_agent_is_not_found_by_its_id(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer
) -> None:
    agent_id = new_agent_id()
    api.script(agent_id, ScriptedResponse(404, {"detail": "Extraction agent not found"}))

    with pytest.raises(errors.NotFoundError) as caught:
        client.list_v1_runs(agent_id)

    assert error_title(caught.value) == "Agent not found"
    assert error_sentence(caught.value) == (
        f"LlamaCloud found no extraction agent {agent_id} (404). It may belong to another "
        "project or organization, or may live in the other region (this app is asking "
        f"{server.base_url})."
    )


@pytest.mark.parametrize(
    "body",
    [b"<html>Bad gateway</html>", {"runs": []}, {"items": {}, "total": 0}, json_body([])],
)
def test_a_page_of_runs_that_is_no_page_is_refused_whole(
    client: LlamaCloudClient, api: FakeLlamaCloud, body: Any
) -> None:
    agent_id = new_agent_id()
    api.script(agent_id, ScriptedResponse(200, body))

    with pytest.raises(errors.InvalidResponseError) as caught:
        client.list_v1_runs(agent_id)

    assert error_sentence(caught.value).startswith(
        "LlamaCloud answered, but not with a valid list of an agent's runs"
    )


# --- v2: jobs ----------------------------------------------------------------------------------


def test_v2_pages_forward_by_token_and_back_by_a_kept_token(
    client: LlamaCloudClient, api: FakeLlamaCloud, file_jobs: tuple[str, list[dict[str, Any]]]
) -> None:
    file_input, jobs = file_jobs
    tokens: list[str | None] = [None]  # what a page keeps to go back
    pages = [client.list_v2_jobs(page_size=2, file_input=file_input)]
    while pages[-1].next_page_token is not None:
        tokens.append(pages[-1].next_page_token)
        pages.append(client.list_v2_jobs(page_size=2, file_input=file_input, page_token=tokens[-1]))
    back = client.list_v2_jobs(page_size=2, file_input=file_input, page_token=tokens[1])

    newest_first = [job["id"] for job in reversed(jobs)]
    assert [job_ids(page) for page in pages] == [
        newest_first[0:2],
        newest_first[2:4],
        newest_first[4:],
    ]
    assert back == pages[1]
    assert all(page.total is None and page.problems == () for page in pages)
    assert job_queries(api, file_input) == [
        {"page_size": ["2"], "expand": ["configuration"], "file_input": [file_input]},
        {
            "page_size": ["2"],
            "expand": ["configuration"],
            "page_token": [tokens[1]],
            "file_input": [file_input],
        },
        {
            "page_size": ["2"],
            "expand": ["configuration"],
            "page_token": [tokens[2]],
            "file_input": [file_input],
        },
        {
            "page_size": ["2"],
            "expand": ["configuration"],
            "page_token": [tokens[1]],
            "file_input": [file_input],
        },
    ]


def test_v2_filters_go_to_the_server_with_times_in_utc(
    client: LlamaCloudClient, api: FakeLlamaCloud, file_jobs: tuple[str, list[dict[str, Any]]]
) -> None:
    file_input, jobs = file_jobs
    paris = timezone(timedelta(hours=2))

    page = client.list_v2_jobs(
        status="FAILED",
        configuration_id=jobs[0]["configuration_id"],
        file_input=file_input,
        created_from=(START + timedelta(minutes=1)).astimezone(paris),
        created_to=(START + timedelta(minutes=2, seconds=30)).replace(tzinfo=None),
        project_id=PROJECT_UUID,
        organization_id=ORG_UUID,
    )

    assert job_ids(page) == [jobs[1]["id"]]
    assert job_queries(api, file_input) == [
        {
            "page_size": ["25"],
            "expand": ["configuration"],
            "status": ["FAILED"],
            "configuration_id": [jobs[0]["configuration_id"]],
            "file_input": [file_input],
            "created_at_on_or_after": ["2026-08-01T09:01:00Z"],
            "created_at_on_or_before": ["2026-08-01T09:02:30Z"],
            "project_id": [PROJECT_UUID],
            "organization_id": [ORG_UUID],
        }
    ]


def test_v2_summaries_carry_what_a_row_shows(
    client: LlamaCloudClient, file_jobs: tuple[str, list[dict[str, Any]]]
) -> None:
    file_input, jobs = file_jobs

    newest = client.list_v2_jobs(file_input=file_input).summaries[0]

    assert (newest.api_version, newest.job_id, newest.run_id) == ("v2", jobs[4]["id"], None)
    assert newest.status.status_class is StatusClass.DONE
    assert newest.created_at == START + timedelta(minutes=4)
    assert (newest.file_label, newest.row_count) == (file_input, 10)
    assert newest.configuration_id == jobs[4]["configuration_id"]
    # The list asks for each job's configuration, so its tier is there for the row.
    assert newest.tier_or_mode == jobs[4]["configuration"]["tier"]


def test_no_v2_jobs_is_an_empty_last_page(client: LlamaCloudClient) -> None:
    assert client.list_v2_jobs(file_input=new_file_input()) == RunPage(())


def test_a_repeated_next_token_stops_paging_and_says_so(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    job = v2_job(new_file_input())
    api.script(JOBS_PATH, ScriptedResponse(200, {"items": [job], "next_page_token": "tok-7"}))

    page = client.list_v2_jobs(page_token="tok-7")

    assert job_ids(page) == [job["id"]]
    assert page.next_page_token is None
    assert page.problems == (PAGING_STOPPED,)


def test_a_total_size_the_server_sends_is_the_total(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    body = {"items": [], "next_page_token": "  ", "total_size": 12}
    api.script(JOBS_PATH, ScriptedResponse(200, body))

    assert client.list_v2_jobs() == RunPage((), total=12)


def test_odd_jobs_become_problems_and_never_hide_the_page(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_input = new_file_input()
    good = v2_job(file_input)
    odd = v2_job(file_input, status=["RUNNING"], configuration={"tier": 3})
    body = {"items": [good, 7, {"status": "COMPLETED"}, odd], "next_page_token": None}
    api.script(JOBS_PATH, ScriptedResponse(200, body))

    page = client.list_v2_jobs()

    assert job_ids(page) == [good["id"], odd["id"]]
    assert page.summaries[1].status.word == '["RUNNING"]'
    assert page.problems == (
        "1 item left out: not a JSON object",
        "1 item left out: it has no job ID (`id`)",
        f"{odd['id']}: `status` Input should be a valid string",
        f"{odd['id']}: `configuration.tier` Input should be a valid string",
    )


def test_a_refused_page_token_is_named(client: LlamaCloudClient) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        client.list_v2_jobs(page_token="not a token of this server")

    assert caught.value.rejected_parameters == ("page_token",)
    assert error_sentence(caught.value) == (
        "LlamaCloud refused to list the Extract v2 jobs (HTTP 422). It refused `page_token`: "
        "check those values."
    )


def test_a_server_without_the_v2_list_says_where_it_looked(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer
) -> None:
    api.script(JOBS_PATH, ScriptedResponse(404, {"detail": "Not Found"}))

    with pytest.raises(errors.NotFoundError) as caught:
        client.list_v2_jobs()

    assert error_title(caught.value) == "List not found"
    assert error_sentence(caught.value) == (
        f"{server.base_url} has no list of Extract v2 jobs (404 on /api/v2/extract). "
        "Check the base URL or region in the sidebar."
    )


def test_a_server_error_on_a_list_asks_for_the_time_and_filters(
    make_client: MakeClient, api: FakeLlamaCloud
) -> None:
    api.script(JOBS_PATH, ScriptedResponse(502, "<html>Bad gateway</html>"))

    with pytest.raises(errors.ServerError) as caught:
        make_client(max_retries=0).list_v2_jobs()

    assert error_sentence(caught.value) == (
        "LlamaCloud answered with a server error (HTTP 502). Try Refresh in a minute; if it "
        "persists, report the time and filters to LlamaCloud."
    )


def test_a_page_of_jobs_that_is_no_page_is_refused_whole(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    api.script(JOBS_PATH, ScriptedResponse(200, {"jobs": []}))

    with pytest.raises(errors.InvalidResponseError) as caught:
        client.list_v2_jobs()

    assert caught.value.body.problems == ("the body is not a JSON object with a list of `items`",)
    assert error_sentence(caught.value).startswith(
        "LlamaCloud answered, but not with a valid list of Extract v2 jobs"
    )


def test_no_access_to_a_list_names_whose_organization_to_use(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id = new_agent_id()
    api.script(agent_id, ScriptedResponse(403, {"detail": "Forbidden"}))
    api.script(AGENTS_PATH, ScriptedResponse(403, {"detail": "Forbidden"}))

    with pytest.raises(errors.PermissionDeniedError) as of_runs:
        client.list_v1_runs(agent_id)
    with pytest.raises(errors.PermissionDeniedError) as of_agents:
        client.list_agents()

    assert error_sentence(of_runs.value).endswith("use a key from the agent's organization.")
    assert error_sentence(of_agents.value).endswith("use a key from that organization.")
