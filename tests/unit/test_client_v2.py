"""LlamaCloudClient.fetch_v2_job against the fake LlamaCloud API on a real 127.0.0.1 socket."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from run_inspector.api import errors
from run_inspector.api.client import FetchedRun, LlamaCloudClient
from run_inspector.api.errors import RunRequest
from run_inspector.api.v2_jobs import forget_usage_refusals, refuses_usage
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse, serve
from run_inspector.model.status import StatusClass
from run_inspector.presentation.error_text import error_sentence, error_short, error_title
from tests.conftest import OTHER_API_KEY, TEST_API_KEY
from tests.unit.client_helpers import MakeClient, RecordingTransport, Sleeps

JOB_PATH = "/api/v2/extract/"
CONFIG_PATH = "/api/v1/beta/configurations/"
ALL_PARTS = ["configuration", "extract_metadata", "usage"]
WRONG_API_KEY = "llx-wrong-key-5555555555"
ALL_KEYS = (TEST_API_KEY, OTHER_API_KEY, WRONG_API_KEY)
PROJECT_UUID = "11111111-2222-4333-8444-555555555555"
ORG_UUID = "66666666-7777-4888-9999-000000000000"


def new_id(prefix: str = "ext") -> str:
    return f"{prefix}-{uuid.uuid4()}"


def v2_job(job_id: str, **changes: Any) -> dict[str, Any]:
    """A completed per_doc job with every part, as a server sends it with all parts expanded."""
    job = {
        "id": job_id,
        "status": "COMPLETED",
        "project_id": "prj-2f8a0c1e-5b7d-4e9a-8c3f-1d6b9e2a4c70",
        "file_input": "dfl-9c1e3a5b-7d9f-4b1d-8e3a-5c7e9b1d3f5a",
        "created_at": "2026-08-01T10:00:00Z",
        "updated_at": "2026-08-01T10:00:05Z",
        "configuration_id": None,
        "configuration": {
            "data_schema": {"type": "object", "properties": {"total": {"type": "number"}}},
            "tier": "agentic",
            "extraction_target": "per_doc",
        },
        "error_message": None,
        "extract_result": {"total": 12.5},
        "extract_metadata": {
            "field_metadata": {"document_metadata": {"total": {"confidence": 0.97}}}
        },
        "metadata": {"usage": {"num_pages_extracted": 1}},
        "usage": {"credits": 3.0, "extract_credits": 2.0, "parse_credits": 1.0},
    }
    return {**job, **changes}


def saved_configuration(config_id: str) -> dict[str, Any]:
    return {
        "id": config_id,
        "name": "Receipts",
        "product_type": "extract_v2",
        "version": "4",
        "parameters": {
            "data_schema": {"type": "object", "properties": {"total": {"type": "number"}}},
            "tier": "cost_effective",
        },
        "created_at": "2026-07-01T00:00:00Z",
        "updated_at": "2026-07-02T00:00:00Z",
    }


@pytest.fixture
def old_api() -> FakeLlamaCloud:
    """A server from before `expand=usage` (2026-08): it answers 422 when usage is asked."""
    return FakeLlamaCloud(api_keys={TEST_API_KEY}, rejects_usage_expand=True)


@pytest.fixture
def old_server(old_api: FakeLlamaCloud) -> Iterator[RunningServer]:
    running = serve(old_api)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def no_remembered_refusals() -> Iterator[None]:
    forget_usage_refusals()
    yield
    forget_usage_refusals()


@pytest.fixture
def job(api: FakeLlamaCloud) -> str:
    return api.add_v2_job(v2_job(new_id()))


def expand_of(api: FakeLlamaCloud, job_id: str) -> list[list[str]]:
    """The `expand` values of each request for the job, in order."""
    return [r.query_lists.get("expand", []) for r in api.requests_for(job_id)]


def assert_key_hidden(exc: errors.ApiError) -> None:
    for key in ALL_KEYS:
        for text in (error_sentence(exc), error_short(exc), str(exc), repr(exc), exc.detail):
            assert key not in (text or "")


# --- what the API receives, and what comes back ------------------------------------------------


def test_asks_for_every_part_with_repeated_expand_keys(
    make_client: MakeClient, api: FakeLlamaCloud, sleeps: Sleeps
) -> None:
    job_id = new_id()
    stored = json.dumps(v2_job(job_id), indent=2).encode()
    api.add_v2_job(stored)
    transport = RecordingTransport()
    fetched = make_client(transport=transport).fetch_v2_job(job_id)
    assert transport.raw_paths == [
        f"{JOB_PATH}{job_id}?expand=configuration&expand=extract_metadata&expand=usage".encode()
    ]
    (request,) = api.requests_for(job_id)
    assert request.method == "GET"
    assert request.query_lists == {"expand": ALL_PARTS}
    assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"
    assert request.headers["accept"] == "application/json"
    assert isinstance(fetched, FetchedRun)
    assert fetched.body == stored  # the job's exact bytes, for the download and the raw view
    run = fetched.extraction
    assert (run.api_version, run.job_id, run.status.word) == ("v2", job_id, "COMPLETED")
    assert run.status.status_class is StatusClass.DONE
    assert run.data == {"total": 12.5}
    assert {figure.name: figure.value for figure in run.usage}["credits"] == 3.0
    assert run.usage_refused is False
    assert run.saved_configuration is None
    assert sleeps == []


@pytest.mark.parametrize(
    ("scope", "sent"),
    [
        ({}, {}),
        ({"project_id": PROJECT_UUID}, {"project_id": [PROJECT_UUID]}),
        ({"organization_id": ORG_UUID}, {"organization_id": [ORG_UUID]}),
        ({"project_id": "prj-abc", "organization_id": "org-xyz"},
         {"project_id": ["prj-abc"], "organization_id": ["org-xyz"]}),
        ({"project_id": "", "organization_id": None}, {}),
    ],
)  # fmt: skip
def test_project_and_organization_are_sent_only_when_given(
    client: LlamaCloudClient,
    api: FakeLlamaCloud,
    job: str,
    scope: dict[str, str | None],
    sent: dict[str, list[str]],
) -> None:
    client.fetch_v2_job(job, **scope)
    (request,) = api.requests_for(job)
    assert request.query_lists == {"expand": ALL_PARTS, **sent}


def test_a_retried_answer_asks_the_same_again(
    client: LlamaCloudClient, api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    api.script(job, ScriptedResponse(503, {"detail": "busy"}))
    assert client.fetch_v2_job(job, project_id="prj-abc").extraction.job_id == job
    assert [r.query_lists for r in api.requests_for(job)] == [
        {"expand": ALL_PARTS, "project_id": ["prj-abc"]}
    ] * 2
    assert len(sleeps) == 1


def test_the_job_id_is_percent_encoded_in_the_path(make_client: MakeClient) -> None:
    transport = RecordingTransport()
    with pytest.raises(errors.NotFoundError):
        make_client(transport=transport).fetch_v2_job("ext-a/b?x=1")
    assert transport.raw_paths[0].startswith(f"{JOB_PATH}ext-a%2Fb%3Fx%3D1?expand=".encode())


@pytest.mark.parametrize("job_id", ["", ".", ".."])
def test_an_id_that_would_change_the_path_is_refused_before_sending(
    client: LlamaCloudClient, api: FakeLlamaCloud, job_id: str
) -> None:
    before = len(api.requests)
    with pytest.raises(errors.InvalidIdError) as caught:
        client.fetch_v2_job(job_id)
    assert (caught.value.value, caught.value.kind) == (job_id, "v2_job")
    assert len(api.requests) == before
    assert error_sentence(caught.value) == (
        f"{job_id!r} is not a job ID. Paste the job's ID, which starts with ext-."
    )


# --- a server that refuses expand=usage --------------------------------------------------------


def test_a_refused_usage_is_asked_again_without_it_then_skipped_for_that_server(
    make_client: MakeClient, old_api: FakeLlamaCloud, old_server: RunningServer, sleeps: Sleeps
) -> None:
    first = old_api.add_v2_job(v2_job(new_id()))
    run = make_client(base_url=old_server.base_url).fetch_v2_job(first).extraction
    assert expand_of(old_api, first) == [ALL_PARTS, ["configuration", "extract_metadata"]]
    assert run.usage_refused is True
    assert run.data == {"total": 12.5}
    assert "credits" not in {figure.name for figure in run.usage}
    assert refuses_usage(old_server.base_url)
    assert sleeps == []  # a 422 is not retried; the second ask is a new request
    # Another client to the same base URL (any session of this process) skips usage at once.
    second = old_api.add_v2_job(v2_job(new_id()))
    again = make_client(base_url=old_server.base_url + "/").fetch_v2_job(second).extraction
    assert expand_of(old_api, second) == [["configuration", "extract_metadata"]]
    assert again.usage_refused is True


def test_the_refusal_is_remembered_per_base_url(
    make_client: MakeClient,
    api: FakeLlamaCloud,
    server: RunningServer,
    old_api: FakeLlamaCloud,
    old_server: RunningServer,
) -> None:
    job_id = old_api.add_v2_job(v2_job(new_id()))
    make_client(base_url=old_server.base_url).fetch_v2_job(job_id)
    # The same server under another name is another base URL: it is asked with usage again.
    other_name = old_server.base_url.replace("127.0.0.1", "localhost")
    old_api.reset_requests()
    assert make_client(base_url=other_name).fetch_v2_job(job_id).extraction.usage_refused
    assert expand_of(old_api, job_id) == [ALL_PARTS, ["configuration", "extract_metadata"]]
    # And a server that knows usage is still asked for it.
    current = api.add_v2_job(v2_job(new_id()))
    assert make_client(base_url=server.base_url).fetch_v2_job(current).extraction.usage_refused is (
        False
    )
    assert expand_of(api, current) == [ALL_PARTS]


def test_a_422_on_anything_else_is_not_asked_again(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer, job: str
) -> None:
    detail = [{"loc": ["query", "project_id"], "msg": "Input should be a valid UUID"}]
    api.script(job, ScriptedResponse(422, {"detail": detail}))
    with pytest.raises(errors.BadRequestError) as caught:
        client.fetch_v2_job(job, project_id="prj-abc")
    assert caught.value.rejected_parameters == ("project_id",)
    assert len(api.requests_for(job)) == 1
    assert not refuses_usage(server.base_url)


def test_a_422_naming_another_expand_value_is_not_taken_for_usage(
    make_client: MakeClient, old_api: FakeLlamaCloud, old_server: RunningServer
) -> None:
    job_id = old_api.add_v2_job(v2_job(new_id()))
    # Position 1 of configuration, extract_metadata, usage: the server refuses extract_metadata.
    refused = {"detail": [{"loc": ["query", "expand", 1], "msg": "no", "type": "enum"}]}
    old_api.script(job_id, ScriptedResponse(422, refused))
    with pytest.raises(errors.BadRequestError) as caught:
        make_client(base_url=old_server.base_url).fetch_v2_job(job_id)
    assert caught.value.rejected_expand == ("extract_metadata",)
    assert len(old_api.requests_for(job_id)) == 1
    assert not refuses_usage(old_server.base_url)


def test_a_422_again_without_usage_is_an_error_and_is_not_remembered(
    make_client: MakeClient, old_api: FakeLlamaCloud, old_server: RunningServer
) -> None:
    job_id = old_api.add_v2_job(v2_job(new_id()))
    usage = {"detail": [{"loc": ["query", "expand", 2], "msg": "no", "type": "enum"}]}
    other = {"detail": [{"loc": ["query", "expand", 1], "msg": "no", "type": "enum"}]}
    old_api.script(job_id, ScriptedResponse(422, usage), ScriptedResponse(422, other))
    with pytest.raises(errors.BadRequestError) as caught:
        make_client(base_url=old_server.base_url).fetch_v2_job(job_id)
    assert caught.value.rejected_parameters == ("expand",)
    assert caught.value.request is not None
    assert caught.value.request.expand == ("configuration", "extract_metadata")
    assert len(old_api.requests_for(job_id)) == 2
    assert not refuses_usage(old_server.base_url)


# --- the saved configuration a job names -------------------------------------------------------


def test_a_named_configuration_the_job_came_without_is_fetched(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    config_id = api.add_saved_configuration(saved_configuration(new_id("cfg")))
    job_id = api.add_v2_job(v2_job(new_id(), configuration_id=config_id, configuration=None))
    run = client.fetch_v2_job(job_id, project_id="prj-abc", organization_id="org-xyz").extraction
    (request,) = api.requests_for(config_id)
    assert request.path == CONFIG_PATH + config_id
    assert request.query_lists == {"project_id": ["prj-abc"], "organization_id": ["org-xyz"]}
    assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"
    saved = run.saved_configuration
    assert saved is not None
    assert (saved.configuration_id, saved.name, saved.version) == (config_id, "Receipts", "4")
    assert saved.problem is None
    assert run.schema == {"type": "object", "properties": {"total": {"type": "number"}}}


def test_a_configuration_that_came_with_the_job_is_not_fetched(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    config_id = api.add_saved_configuration(saved_configuration(new_id("cfg")))
    job_id = api.add_v2_job(v2_job(new_id(), configuration_id=config_id))
    run = client.fetch_v2_job(job_id).extraction
    assert api.requests_for(config_id) == []
    assert run.configuration_id == config_id
    assert run.saved_configuration is None


@pytest.mark.parametrize(
    ("answers", "problem", "asked"),
    [
        ([], "HTTP 404", 1),
        ([ScriptedResponse(500, {"detail": "Internal error"})] * 3, "HTTP 500", 3),
        ([ScriptedResponse(403, {"detail": "No access"})], "HTTP 403", 1),
        ([ScriptedResponse(200, "<html>maintenance</html>")], "the answer is not JSON", 1),
        ([ScriptedResponse(200, b"[1, 2]")], "the answer is not a JSON object", 1),
    ],
    ids=["404", "500-after-retries", "403", "html", "json-list"],
)
def test_a_failed_configuration_fetch_still_returns_the_job(
    client: LlamaCloudClient,
    api: FakeLlamaCloud,
    sleeps: Sleeps,
    answers: list[ScriptedResponse],
    problem: str,
    asked: int,
) -> None:
    config_id = new_id("cfg")  # stored nowhere: a 404 unless a script answers first
    api.script(config_id, *answers)
    job_id = new_id()
    stored = json.dumps(v2_job(job_id, configuration_id=config_id, configuration=None)).encode()
    api.add_v2_job(stored)
    fetched = client.fetch_v2_job(job_id)
    assert fetched.body == stored
    assert len(api.requests_for(config_id)) == asked
    assert len(sleeps) == asked - 1
    run = fetched.extraction
    assert (run.job_id, run.data) == (job_id, {"total": 12.5})
    assert run.saved_configuration is not None
    assert run.saved_configuration.configuration_id == config_id
    assert run.saved_configuration.problem == problem


def test_a_configuration_that_times_out_is_a_problem_not_an_error(
    make_client: MakeClient, api: FakeLlamaCloud
) -> None:
    config_id = api.add_saved_configuration(saved_configuration(new_id("cfg")))
    api.script(config_id, ScriptedResponse(200, saved_configuration(config_id), delay=0.6))
    job_id = api.add_v2_job(v2_job(new_id(), configuration_id=config_id, configuration=None))
    client = make_client(timeout=httpx.Timeout(0.3, connect=1.0), max_retries=0)
    run = client.fetch_v2_job(job_id).extraction
    assert run.saved_configuration is not None
    assert run.saved_configuration.problem == "timed out"


# --- errors and how a page words them ----------------------------------------------------------


def test_a_missing_job_says_no_extract_v2_job_was_found(
    client: LlamaCloudClient, server: RunningServer
) -> None:
    missing = new_id()
    with pytest.raises(errors.NotFoundError) as caught:
        client.fetch_v2_job(missing)
    exc = caught.value
    assert exc.request == RunRequest(
        missing, server.base_url, JOB_PATH + missing, kind="v2_job", expand=tuple(ALL_PARTS)
    )
    assert exc.detail == "Extract job not found"
    assert error_title(exc) == "Job not found"
    assert error_sentence(exc) == (
        f"No Extract v2 job was found for job {missing} (404). It may belong to another "
        "project or organization, or may live in the other region "
        f"(this app is asking {server.base_url})."
    )
    assert_key_hidden(exc)


def test_a_server_that_takes_only_uuids_refuses_a_prj_project_id(
    client: LlamaCloudClient, uuid_only_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        client.fetch_v2_job(job, project_id="prj-2f8a0c1e")
    exc = caught.value
    assert exc.status_code == 422
    assert exc.rejected_parameters == ("project_id",)
    assert error_sentence(exc) == (
        "LlamaCloud refused the project ID prj-2f8a0c1e (422): this server may accept only "
        "UUIDs there. Paste the UUID form, or leave the field empty."
    )
    assert error_short(exc) == "project ID refused"
    assert len(uuid_only_api.requests_for(job)) == 1
    assert sleeps == []
    assert_key_hidden(exc)


def test_a_v1_run_with_a_refused_organization_id_is_worded_the_same_way(
    client: LlamaCloudClient, uuid_only_api: FakeLlamaCloud
) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        client.fetch_run_by_job(str(uuid.uuid4()), organization_id="org-xyz")
    assert caught.value.rejected_parameters == ("organization_id",)
    assert error_sentence(caught.value).startswith(
        "LlamaCloud refused the organization ID org-xyz (422): this server may accept only UUIDs"
    )


def test_an_old_uuid_only_server_refusing_both_ends_with_the_project_id(
    make_client: MakeClient, old_api: FakeLlamaCloud, old_server: RunningServer
) -> None:
    old_api.uuid_scope_ids = True
    job_id = old_api.add_v2_job(v2_job(new_id()))
    with pytest.raises(errors.BadRequestError) as caught:
        make_client(base_url=old_server.base_url).fetch_v2_job(job_id, project_id="prj-abc")
    assert caught.value.rejected_parameters == ("project_id",)
    assert expand_of(old_api, job_id) == [ALL_PARTS, ["configuration", "extract_metadata"]]
    assert "refused the project ID prj-abc" in error_sentence(caught.value)


def test_an_answer_that_is_not_a_job_is_an_invalid_response(
    client: LlamaCloudClient, api: FakeLlamaCloud, job: str
) -> None:
    api.script(job, ScriptedResponse(200, {"status": "COMPLETED"}))
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.fetch_v2_job(job)
    exc = caught.value
    assert exc.body.problems[0].startswith("this is not an Extract v2 job")
    assert exc.body.text == '{"status": "COMPLETED"}'
    assert error_sentence(exc).startswith(
        "LlamaCloud answered, but not with a valid Extract v2 job (1 problem(s)"
    )


@pytest.mark.parametrize("status", [401, 403, 404, 422, 429, 500])
def test_a_key_echoed_by_the_api_is_hidden(
    client: LlamaCloudClient, api: FakeLlamaCloud, job: str, status: int
) -> None:
    echo = {"detail": [{"loc": ["query", "project_id"], "msg": f"Bearer {TEST_API_KEY} no"}]}
    api.script(job, *[ScriptedResponse(status, echo)] * 3)
    with pytest.raises(errors.ApiError) as caught:
        client.fetch_v2_job(job, project_id="prj-abc")
    assert caught.value.status_code == status
    assert "[API key hidden]" in (caught.value.detail or "")
    assert_key_hidden(caught.value)


def test_a_wrong_key_is_an_authentication_error(
    make_client: MakeClient, api: FakeLlamaCloud, job: str
) -> None:
    with pytest.raises(errors.AuthenticationError) as caught:
        make_client(WRONG_API_KEY).fetch_v2_job(job)
    assert caught.value.request is not None
    assert caught.value.request.kind == "v2_job"
    assert_key_hidden(caught.value)
