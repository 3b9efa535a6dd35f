"""Unit tests of LlamaCloudClient against the fake LlamaCloud API on a real 127.0.0.1 socket."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from run_inspector.adapters.v1_config import CONFIG_DEFAULTS
from run_inspector.api import errors
from run_inspector.api.client import MAX_DETAIL_CHARS, FetchedRun, LlamaCloudClient
from run_inspector.api.errors import RunRequest
from run_inspector.demo.samples import DEMO_SAMPLES
from run_inspector.fake_api import FakeLlamaCloud, RecordedRequest, RunningServer, ScriptedResponse
from run_inspector.model.extraction import Extraction
from run_inspector.model.status import StatusClass
from run_inspector.presentation.error_text import error_sentence, error_short
from tests.conftest import DEMO_DATA, OTHER_API_KEY, SAMPLES, TEST_API_KEY, demo_run, load_json
from tests.unit.client_helpers import QUICK, MakeClient, RecordingTransport, Sleeps, client_maker

RUN_PATH = "/api/v1/extraction/runs/by-job/"
WRONG_API_KEY = "llx-wrong-key-5555555555"
ALL_KEYS = (TEST_API_KEY, OTHER_API_KEY, WRONG_API_KEY)
PROJECT_ID = "11111111-2222-4333-8444-555555555555"
ORG_ID = "66666666-7777-4888-9999-000000000000"
FIRST_BACKOFF = (0.375, 0.5)
SECOND_BACKOFF = (0.75, 1.0)
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# Every complete run among the real samples (partial ones keep a `_source` key), and every
# bundled demo run: each must come back through the fake API and the client as an Extraction.
COMPLETE_SAMPLES = sorted(p for p in SAMPLES.glob("*.json") if "_source" not in load_json(p))
DEMO_RUN_FILES = sorted(DEMO_DATA.glob("*.json"))


@pytest.fixture
def make_client(fake_server: RunningServer, sleeps: Sleeps) -> Iterator[MakeClient]:
    with client_maker(fake_server.base_url, sleeps) as make:
        yield make


@pytest.fixture
def client(make_client: MakeClient) -> LlamaCloudClient:
    return make_client()


@pytest.fixture
def job(fake_api: FakeLlamaCloud) -> str:
    """The job id of the capacitor demo run, stored in the fake API."""
    return fake_api.add_run(demo_run("capacitor_per_doc_confidence"))


def closed_port_url() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def only_request(fake_api: FakeLlamaCloud) -> RecordedRequest:
    assert len(fake_api.requests) == 1, fake_api.requests
    return fake_api.requests[0]


def assert_key_hidden(exc: errors.ApiError) -> None:
    for key in ALL_KEYS:
        assert key not in error_sentence(exc)
        assert key not in error_short(exc)
        assert key not in str(exc)
        assert key not in repr(exc)
        assert key not in (exc.detail or "")


def assert_in(value: float, bounds: tuple[float, float]) -> None:
    low, high = bounds
    assert low <= value <= high, f"{value} not in [{low}, {high}]"


# --- success and what the API receives -----------------------------------------------------


def test_returns_the_run_of_a_demo_job(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    expected = demo_run("capacitor_per_doc_confidence")
    run = client.get_run_by_job(job)
    assert isinstance(run, Extraction)
    assert run.api_version == "v1"
    assert run.run_id == expected["id"]
    assert run.job_id == job
    assert run.status.word == "SUCCESS"
    assert run.status.status_class is StatusClass.DONE
    assert run.data == expected["data"]
    assert run.schema == expected["data_schema"]
    assert run.unreadable == {}
    request = only_request(fake_api)
    assert request.method == "GET"
    assert request.path == RUN_PATH + job
    assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("run-inspector/")
    assert request.query == {}
    assert sleeps == []


def test_each_client_sends_its_own_key(
    make_client: MakeClient, fake_api: FakeLlamaCloud, job: str
) -> None:
    assert make_client(OTHER_API_KEY).get_run_by_job(job).job_id == job
    assert only_request(fake_api).headers["authorization"] == f"Bearer {OTHER_API_KEY}"


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({}, {}),
        ({"project_id": PROJECT_ID}, {"project_id": PROJECT_ID}),
        ({"organization_id": ORG_ID}, {"organization_id": ORG_ID}),
        (
            {"project_id": PROJECT_ID, "organization_id": ORG_ID},
            {"project_id": PROJECT_ID, "organization_id": ORG_ID},
        ),
        ({"project_id": None, "organization_id": ""}, {}),
    ],
)
def test_project_and_organization_are_sent_only_when_given(
    make_client: MakeClient,
    fake_api: FakeLlamaCloud,
    job: str,
    kwargs: dict[str, str | None],
    query: dict[str, str],
) -> None:
    transport = RecordingTransport()
    make_client(transport=transport).get_run_by_job(job, **kwargs)
    request = only_request(fake_api)
    assert request.query == query
    assert request.path == RUN_PATH + job
    # On the wire too: the fake's query parsing would hide a blank `organization_id=`.
    (url,) = transport.urls
    assert dict(url.params) == query


def test_trailing_slash_of_the_base_url_is_ignored(
    make_client: MakeClient, fake_server: RunningServer, fake_api: FakeLlamaCloud, job: str
) -> None:
    client = make_client(base_url=fake_server.base_url + "/")
    assert client.base_url == fake_server.base_url
    assert client.get_run_by_job(job).job_id == job
    assert only_request(fake_api).path == RUN_PATH + job


# --- errors that are not retried -----------------------------------------------------------


def test_wrong_key_is_an_authentication_error(
    make_client: MakeClient,
    fake_api: FakeLlamaCloud,
    fake_server: RunningServer,
    job: str,
    sleeps: Sleeps,
) -> None:
    with pytest.raises(errors.AuthenticationError) as caught:
        make_client(WRONG_API_KEY).get_run_by_job(job)
    exc = caught.value
    assert exc.status_code == 401
    assert exc.request == RunRequest(job, fake_server.base_url, RUN_PATH + job)
    assert exc.detail == "Invalid authentication credentials"
    assert exc.attempts == 1
    assert only_request(fake_api).headers["authorization"] == f"Bearer {WRONG_API_KEY}"
    assert sleeps == []
    assert_key_hidden(exc)


def test_403_is_permission_denied(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, ScriptedResponse(403, {"detail": "Not allowed for this project"}))
    with pytest.raises(errors.PermissionDeniedError) as caught:
        client.get_run_by_job(job, project_id=PROJECT_ID)
    exc = caught.value
    assert exc.status_code == 403
    assert exc.request is not None
    assert (exc.request.project_id, exc.request.organization_id) == (PROJECT_ID, None)
    assert exc.detail == "Not allowed for this project"
    assert only_request(fake_api).query == {"project_id": PROJECT_ID}
    assert sleeps == []
    assert_key_hidden(exc)


def test_404_carries_the_job_and_where_it_was_asked(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, fake_server: RunningServer, sleeps: Sleeps
) -> None:
    missing = "0d5f6e7a-8b9c-4d0e-9f1a-2b3c4d5e6f70"
    with pytest.raises(errors.NotFoundError) as caught:
        client.get_run_by_job(missing)
    exc = caught.value
    assert exc.status_code == 404
    assert exc.request == RunRequest(missing, fake_server.base_url, RUN_PATH + missing)
    assert str(exc) == f"NotFoundError(HTTP 404, GET {fake_server.base_url}{RUN_PATH}{missing})"
    assert exc.detail == "Extraction run not found"
    assert exc.attempts == 1
    assert only_request(fake_api).path == RUN_PATH + missing
    assert sleeps == []
    assert_key_hidden(exc)


def test_run_of_another_key_is_not_found(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(demo_run("receipt_pending"), api_keys={OTHER_API_KEY})
    with pytest.raises(errors.NotFoundError) as caught:
        client.get_run_by_job(job)
    assert caught.value.request is not None
    assert caught.value.request.job_id == job


@pytest.mark.parametrize("status", [400, 422])
def test_400_and_422_are_bad_requests(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps, status: int
) -> None:
    detail = [{"loc": ["query", "project_id"], "msg": "value is not a valid uuid"}]
    fake_api.script(job, ScriptedResponse(status, {"detail": detail}))
    with pytest.raises(errors.BadRequestError) as caught:
        client.get_run_by_job(job, project_id="not-a-uuid")
    exc = caught.value
    assert exc.status_code == status
    assert exc.request is not None
    assert exc.request.project_id == "not-a-uuid"
    assert json.loads(exc.detail or "") == detail
    assert exc.attempts == 1
    assert len(fake_api.requests) == 1
    assert sleeps == []
    assert_key_hidden(exc)


def test_unexpected_status_is_a_plain_api_error(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str
) -> None:
    fake_api.script(job, ScriptedResponse(410, {"detail": "Gone"}))
    with pytest.raises(errors.ApiError) as caught:
        client.get_run_by_job(job)
    assert type(caught.value) is errors.ApiError
    assert caught.value.status_code == 410
    assert caught.value.detail == "Gone"
    assert len(fake_api.requests) == 1


# --- retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_status_then_success_returns_the_run(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps, status: int
) -> None:
    fake_api.script(job, ScriptedResponse(status, {"detail": "try again"}))
    run = client.get_run_by_job(job)
    assert run.job_id == job
    assert len(fake_api.requests) == 2
    assert all(r.path == RUN_PATH + job for r in fake_api.requests)
    assert len(sleeps) == 1
    assert_in(sleeps[0], FIRST_BACKOFF)


def test_409_that_does_not_clear_is_a_conflict(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, *[ScriptedResponse(409, {"detail": "Run is being updated"})] * 3)
    with pytest.raises(errors.ConflictError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert exc.status_code == 409
    assert exc.detail == "Run is being updated"
    assert exc.attempts == 3
    assert len(fake_api.requests) == 3
    assert len(sleeps) == 2
    assert_key_hidden(exc)


def test_429_honours_retry_after(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(
        job,
        ScriptedResponse(429, {"detail": "Too many requests"}, headers={"Retry-After": "3"}),
        ScriptedResponse(429, {"detail": "Too many requests"}, headers={"Retry-After-Ms": "1500"}),
    )
    run = client.get_run_by_job(job)
    assert run.job_id == job
    assert sleeps == [3.0, 1.5]
    assert len(fake_api.requests) == 3


def test_429_still_limited_after_retries(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    limited = ScriptedResponse(429, {"detail": "Rate limit exceeded"}, headers={"Retry-After": "7"})
    fake_api.script(job, limited, limited, limited)
    with pytest.raises(errors.RateLimitedError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert exc.status_code == 429
    assert exc.retry_after == 7.0
    assert exc.detail == "Rate limit exceeded"
    assert exc.attempts == 3
    assert sleeps == [7.0, 7.0]
    assert len(fake_api.requests) == 3
    assert_key_hidden(exc)


def test_429_without_retry_after_backs_off_and_suggests_a_minute(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, *[ScriptedResponse(429, {"detail": "slow down"})] * 3)
    with pytest.raises(errors.RateLimitedError) as caught:
        client.get_run_by_job(job)
    assert caught.value.retry_after is None
    assert caught.value.attempts == 3
    assert len(sleeps) == 2
    assert_in(sleeps[0], FIRST_BACKOFF)
    assert_in(sleeps[1], SECOND_BACKOFF)


def test_retry_after_above_60_seconds_falls_back_to_backoff(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, ScriptedResponse(429, {"detail": "quota"}, headers={"Retry-After": "120"}))
    assert client.get_run_by_job(job).job_id == job
    assert len(sleeps) == 1
    assert_in(sleeps[0], FIRST_BACKOFF)
    assert len(fake_api.requests) == 2


def test_long_retry_after_is_still_reported_to_the_user(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    limited = ScriptedResponse(429, {"detail": "quota"}, headers={"Retry-After": "120"})
    fake_api.script(job, limited, limited, limited)
    with pytest.raises(errors.RateLimitedError) as caught:
        client.get_run_by_job(job)
    assert caught.value.retry_after == 120.0
    assert all(s <= 1.0 for s in sleeps)  # never slept the 120 s


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_retried_then_a_server_error(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps, status: int
) -> None:
    fake_api.script(job, *[ScriptedResponse(status, {"detail": "Internal error"})] * 3)
    with pytest.raises(errors.ServerError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert exc.status_code == status
    assert exc.detail == "Internal error"
    assert exc.attempts == 3
    assert len(fake_api.requests) == 3
    assert len(sleeps) == 2
    assert_key_hidden(exc)


def test_backoff_between_attempts_is_exponential_with_jitter(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, *[ScriptedResponse(503, {"detail": "busy"})] * 3)
    with pytest.raises(errors.ServerError):
        client.get_run_by_job(job)
    assert len(sleeps) == 2
    assert_in(sleeps[0], FIRST_BACKOFF)
    assert_in(sleeps[1], SECOND_BACKOFF)


def test_html_502_from_a_proxy(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, *[ScriptedResponse(502, NGINX_502)] * 3)
    with pytest.raises(errors.ServerError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert exc.status_code == 502
    assert "<" not in str(exc)  # the log line keeps to facts; the page shows the body
    assert isinstance(exc.detail, str)
    assert "502 Bad Gateway" in exc.detail
    assert "nginx" in exc.detail
    assert exc.attempts == 3
    assert_key_hidden(exc)


def test_long_error_body_is_cut(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str
) -> None:
    page = "<html><body>" + "<p>upstream trouble</p>" * 1_000 + "</body></html>"
    fake_api.script(job, ScriptedResponse(500, page, headers={"x-should-retry": "false"}))
    with pytest.raises(errors.ServerError) as caught:
        client.get_run_by_job(job)
    assert caught.value.detail is not None
    assert 0 < len(caught.value.detail) <= MAX_DETAIL_CHARS
    assert caught.value.detail.startswith("<html><body><p>upstream trouble</p>")


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(503, errors.ServerError), (500, errors.ServerError), (429, errors.RateLimitedError)],
)
def test_x_should_retry_false_stops_retrying(
    client: LlamaCloudClient,
    fake_api: FakeLlamaCloud,
    job: str,
    sleeps: Sleeps,
    status: int,
    error_type: type[errors.ApiError],
) -> None:
    fake_api.script(
        job, ScriptedResponse(status, {"detail": "no"}, headers={"x-should-retry": "false"})
    )
    with pytest.raises(error_type) as caught:
        client.get_run_by_job(job)
    assert caught.value.status_code == status
    assert caught.value.attempts == 1
    assert len(fake_api.requests) == 1  # the stored run, next in line, was never asked for
    assert sleeps == []


def test_x_should_retry_true_retries_a_400(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(
        job, ScriptedResponse(400, {"detail": "transient"}, headers={"X-Should-Retry": "true"})
    )
    assert client.get_run_by_job(job).job_id == job
    assert len(fake_api.requests) == 2
    assert len(sleeps) == 1


def test_max_retries_zero_makes_one_attempt(
    make_client: MakeClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    fake_api.script(job, ScriptedResponse(503, {"detail": "busy"}))
    with pytest.raises(errors.ServerError) as caught:
        make_client(max_retries=0).get_run_by_job(job)
    assert caught.value.attempts == 1
    assert len(fake_api.requests) == 1
    assert sleeps == []


# --- timeouts and connection failures ------------------------------------------------------


def test_slow_answer_times_out_after_three_attempts(
    make_client: MakeClient,
    fake_api: FakeLlamaCloud,
    fake_server: RunningServer,
    job: str,
    sleeps: Sleeps,
) -> None:
    slow = ScriptedResponse(200, demo_run("capacitor_per_doc_confidence"), delay=1.0)
    fake_api.script(job, slow, slow, slow)
    client = make_client(timeout=httpx.Timeout(0.3, connect=1), max_retries=2)
    with pytest.raises(errors.ApiTimeoutError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert (exc.phase, exc.limit_seconds) == ("answer", 0.3)
    assert exc.request == RunRequest(job, fake_server.base_url, RUN_PATH + job)
    assert exc.status_code is None
    assert exc.attempts == 3
    assert len(fake_api.requests) == 3
    assert len(sleeps) == 2
    assert_in(sleeps[0], FIRST_BACKOFF)
    assert_in(sleeps[1], SECOND_BACKOFF)
    assert_key_hidden(exc)


def test_connection_refused_names_the_base_url(sleeps: Sleeps) -> None:
    base_url = closed_port_url()
    client = LlamaCloudClient(TEST_API_KEY, base_url, timeout=QUICK, sleep=sleeps)
    try:
        with pytest.raises(errors.ApiConnectionError) as caught:
            client.get_run_by_job("5bb8a583-366c-416c-ba55-4f5724fef9a9")
    finally:
        client.close()
    exc = caught.value
    assert exc.request is not None
    assert exc.request.base_url == base_url
    assert exc.cause == "ConnectError"
    assert exc.status_code is None
    assert exc.detail is None
    assert exc.attempts == 3
    assert len(sleeps) == 2
    assert_key_hidden(exc)


# --- bodies that are not a run -------------------------------------------------------------


def _truncated_run() -> bytes:
    full = json.dumps(demo_run("capacitor_per_doc_confidence")).encode()
    return full[: len(full) // 2]


NO_ID_PROBLEM = "this is not a run: it has neither a run ID (`id`) nor a job ID (`job_id`)"


@pytest.mark.parametrize(
    ("body", "text", "first_problem"),
    [
        ({"id": 1}, '{"id": 1}', NO_ID_PROBLEM),
        (b'[{"id": "r", "job_id": "j"}]', '[{"id": "r", "job_id": "j"}]', "the body is not a JSON"),
        (_truncated_run(), _truncated_run().decode(), "the body is not JSON ("),
        (b"", "", "the body is empty"),
        (
            "Service is warming up, please wait",
            "Service is warming up, please wait",
            "the body is not JSON (",
        ),
    ],
    ids=["no-usable-id", "json-list", "truncated-json", "empty", "not-json"],
)
def test_body_that_is_not_a_run_is_an_invalid_response(
    client: LlamaCloudClient,
    fake_api: FakeLlamaCloud,
    job: str,
    sleeps: Sleeps,
    body: Any,
    text: str,
    first_problem: str,
) -> None:
    fake_api.script(job, ScriptedResponse(200, body))
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.get_run_by_job(job)
    exc = caught.value
    assert exc.body.text == text
    assert exc.body.problems
    assert exc.body.problems[0].startswith(first_problem)
    assert exc.request is not None
    assert exc.request.job_id == job
    assert exc.attempts == 1
    assert len(fake_api.requests) == 1  # an invalid 200 is not retried
    assert sleeps == []
    assert_key_hidden(exc)


def test_body_without_a_usable_id_names_that_one_problem(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str
) -> None:
    # The ID that is there is unreadable (a number), so nothing identifies the run.
    fake_api.script(job, ScriptedResponse(200, {"id": 1, "status": "SUCCESS"}))
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.get_run_by_job(job)
    assert caught.value.body.problems == (NO_ID_PROBLEM,)


def test_wrong_types_in_a_run_with_an_id_are_read_not_refused(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, sleeps: Sleeps
) -> None:
    raw = demo_run("capacitor_per_doc_confidence")
    raw["created_at"] = "yesterday"
    raw["config"]["use_reasoning"] = "NaN"
    raw["file"]["file_size"] = "big"
    fake_api.script(job, ScriptedResponse(200, raw))
    run = client.get_run_by_job(job)
    assert run.job_id == job
    assert run.status.word == "SUCCESS"
    assert set(run.unreadable) == {"created_at"}
    assert run.unreadable["created_at"].sent == "yesterday"
    (use_reasoning,) = (row for row in run.config if row.field == "use_reasoning")
    assert use_reasoning.unreadable is not None
    assert use_reasoning.unreadable.sent == "NaN"
    assert run.file is not None
    assert set(run.file.unreadable) == {"size_bytes"}
    assert len(fake_api.requests) == 1
    assert sleeps == []


def test_fetch_returns_the_exact_body_beside_the_extraction(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud
) -> None:
    raw = (DEMO_DATA / "receipt_pending.json").read_bytes()
    job = fake_api.add_run(raw)
    fetched = client.fetch_run_by_job(job)
    assert isinstance(fetched, FetchedRun)
    assert fetched.body == raw
    assert fetched.extraction.job_id == job


# --- the API key stays out of every error --------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 502])
def test_key_echoed_by_the_api_is_hidden(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, status: int
) -> None:
    echo = {"detail": f"Invalid request with Authorization: Bearer {TEST_API_KEY} (see logs)"}
    fake_api.script(job, *[ScriptedResponse(status, echo)] * 3)
    with pytest.raises(errors.ApiError) as caught:
        client.get_run_by_job(job)
    assert caught.value.status_code == status
    assert caught.value.detail is not None
    assert "see logs" in caught.value.detail  # the rest of the detail is kept
    assert_key_hidden(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        f"<html><body><pre>Authorization: Bearer {TEST_API_KEY}</pre></body></html>",
        {"detail": {"headers": {"authorization": f"Bearer {TEST_API_KEY}"}}},
        {"error": f"token {TEST_API_KEY} expired"},
    ],
    ids=["html", "detail-object", "no-detail-key"],
)
def test_key_echoed_in_any_body_shape_is_hidden(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, job: str, body: Any
) -> None:
    fake_api.script(job, ScriptedResponse(401, body))
    with pytest.raises(errors.AuthenticationError) as caught:
        client.get_run_by_job(job)
    assert caught.value.detail
    assert_key_hidden(caught.value)


# --- job id encoding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job_id", "encoded"),
    [
        ("job with space", "job%20with%20space"),
        ("a/b", "a%2Fb"),
        ("x?project_id=other#frag", "x%3Fproject_id%3Dother%23frag"),
        ("100%", "100%25"),
        ("über", "%C3%BCber"),
    ],
)
def test_job_id_is_percent_encoded_in_the_path(
    make_client: MakeClient, job_id: str, encoded: str
) -> None:
    transport = RecordingTransport()
    client = make_client(transport=transport)
    with pytest.raises(errors.NotFoundError):
        client.get_run_by_job(job_id)
    assert transport.raw_paths == [(RUN_PATH + encoded).encode()]
    assert b" " not in transport.raw_paths[0]


def test_job_id_with_a_space_reaches_its_run(
    make_client: MakeClient, fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(demo_run("receipt_pending"), job_id="job with space")
    transport = RecordingTransport()
    run = make_client(transport=transport).get_run_by_job(job)
    assert run.job_id == demo_run("receipt_pending")["job_id"]
    assert transport.raw_paths == [f"{RUN_PATH}job%20with%20space".encode()]


@pytest.mark.parametrize("job_id", ["", ".", ".."])
def test_job_id_that_would_change_the_path_is_refused_before_sending(
    make_client: MakeClient, fake_api: FakeLlamaCloud, job_id: str
) -> None:
    transport = RecordingTransport()
    with pytest.raises(errors.InvalidIdError) as caught:
        make_client(transport=transport).get_run_by_job(job_id)
    assert caught.value.value == job_id
    assert transport.raw_paths == []
    assert fake_api.requests == []


# --- open models: unknown values and fields are kept ---------------------------------------


def test_unknown_enum_values_and_fields_are_kept(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud
) -> None:
    raw = demo_run("capacitor_per_doc_confidence")
    raw["status"] = "ARCHIVED"
    raw["review_state"] = {"reviewer": "ana", "approved": False}
    raw["config"] = {**raw["config"], "extraction_target": "PER_SECTION", "layout_mode": "v3"}
    raw["file"] = {**raw["file"], "checksum": "abc123"}
    job = fake_api.add_run(raw)
    run = client.get_run_by_job(job)
    assert run.status.word == "ARCHIVED"
    assert run.status.status_class is StatusClass.UNKNOWN
    assert run.status.problem is None
    config = {row.field: row for row in run.config}
    assert config["extraction_target"].value == "PER_SECTION"
    assert run.target == "PER_SECTION"
    assert run.extra == (("review_state", {"reviewer": "ana", "approved": False}),)
    assert config["layout_mode"].value == "v3"
    assert config["layout_mode"].note == "not in the API reference"
    assert run.file is not None
    assert run.file.extra == (("checksum", "abc123"),)
    assert run.unreadable == {}


# --- every real sample and demo run round-trips --------------------------------------------


def test_sample_sets_are_found() -> None:
    assert COMPLETE_SAMPLES, "no complete run among tests/fixtures/samples"
    names = {path.name for path in DEMO_RUN_FILES}
    assert {sample.file_name for sample in DEMO_SAMPLES if not sample.is_v2} <= names


@pytest.mark.parametrize(
    "path", COMPLETE_SAMPLES + DEMO_RUN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_run_file_round_trips_through_the_api(
    client: LlamaCloudClient, fake_api: FakeLlamaCloud, path: Path
) -> None:
    raw_bytes = path.read_bytes()
    raw = json.loads(raw_bytes)
    job = fake_api.add_run(raw_bytes, job_id=raw.get("job_id") or f"job-{path.stem}")
    fetched = client.fetch_run_by_job(job)
    run = fetched.extraction
    assert isinstance(run, Extraction)
    assert fetched.body == raw_bytes  # the exact bytes, for the download and the raw view
    assert run.run_id == raw["id"]
    assert run.status.word == raw["status"]
    assert run.status.problem is None
    assert run.data == raw.get("data")
    assert run.schema == raw["data_schema"]
    assert run.error == (raw.get("error") or None)
    # Nothing set aside and nothing unknown: every field was read into its place.
    assert run.unreadable == {}
    assert run.extra == ()
    assert [row.field for row in run.config] == list(CONFIG_DEFAULTS)
    assert all(row.unreadable is None for row in run.config)
    assert {row.field: row.value for row in run.config if row.field in raw["config"]} == (
        raw["config"]
    )
    if raw.get("file") is not None:
        assert run.file is not None
        assert run.file.unreadable == {}
        assert run.file.extra == ()
        assert run.file.name == raw["file"]["name"]
    assert only_request(fake_api).path == RUN_PATH + job
