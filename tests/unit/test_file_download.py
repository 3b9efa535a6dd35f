"""LlamaCloudClient.file_download against the fake LlamaCloud API on a real 127.0.0.1 socket,
and the fake's download links (served without the API key, expiring like a bucket's)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from run_inspector.adapters.file_content import URL_HIDDEN, read_file_download_body
from run_inspector.api import errors
from run_inspector.api.client import LlamaCloudClient
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse
from run_inspector.model.file_download import FileDownload
from run_inspector.presentation.error_text import error_sentence, error_short, error_title
from run_inspector.wire.invalid_body import InvalidBody
from tests.conftest import OTHER_API_KEY, TEST_API_KEY
from tests.unit.client_helpers import MakeClient, RecordingTransport, Sleeps

BETA = "/api/v1/beta/files/{}/content"
OLDER = "/api/v1/files/{}/content"
PROJECT_UUID = "11111111-2222-4333-8444-555555555555"
ORG_UUID = "66666666-7777-4888-9999-000000000000"
WRONG_API_KEY = "llx-wrong-key-5555555555"
ALL_KEYS = (TEST_API_KEY, OTHER_API_KEY, WRONG_API_KEY)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DEMO_FILES = "https://files.demo.run-inspector.invalid"


def new_file_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4()}"


def paths_asked(api: FakeLlamaCloud, file_id: str) -> list[str]:
    return [r.path for r in api.requests_for_file(file_id)]


def fetch_without_credentials(url: str) -> httpx.Response:
    """A plain GET, as the source download does it: no key, no cookie."""
    with httpx.Client() as plain:
        return plain.get(url)


def assert_key_hidden(exc: errors.ApiError) -> None:
    for key in ALL_KEYS:
        for text in (error_sentence(exc), error_short(exc), str(exc), repr(exc), exc.detail):
            assert key not in (text or "")


# --- the beta endpoint, and the older one after its 404 -------------------------------------


def test_the_beta_endpoint_gives_a_link_that_expires_in_the_future(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer, sleeps: Sleeps
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    before = datetime.now(UTC)
    download = client.file_download(file_id)
    assert isinstance(download, FileDownload)
    assert download.url.startswith(f"{server.base_url}/_files/")
    assert download.expires_at is not None
    assert download.expires_at.tzinfo is not None
    assert before + timedelta(seconds=890) < download.expires_at
    assert download.expires_at < before + timedelta(seconds=910)
    assert not download.is_expired(datetime.now(UTC))
    (request,) = api.requests_for_file(file_id)
    assert (request.method, request.path, request.query) == ("GET", BETA.format(file_id), {})
    assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"
    assert sleeps == []


def test_a_404_from_the_beta_endpoint_is_asked_again_at_the_older_one(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer
) -> None:
    file_id = new_file_id("dfl-")
    api.add_file(file_id, PDF, beta=False)
    download = client.file_download(file_id)
    assert download.url.startswith(f"{server.base_url}/_files/")
    assert paths_asked(api, file_id) == [BETA.format(file_id), OLDER.format(file_id)]
    assert fetch_without_credentials(download.url).content == PDF


def test_a_server_without_the_beta_endpoint_answers_it_like_an_unknown_path(
    server: RunningServer, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF, beta=False)
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    beta = httpx.get(server.base_url + BETA.format(file_id), headers=headers)
    older = httpx.get(server.base_url + OLDER.format(file_id), headers=headers)
    assert (beta.status_code, beta.json()) == (404, {"detail": "Not Found"})
    assert older.status_code == 200
    assert set(older.json()) == {"url", "expires_at", "form_fields"}


def test_a_404_from_both_endpoints_is_a_not_found_error(
    client: LlamaCloudClient, api: FakeLlamaCloud, server: RunningServer, sleeps: Sleeps
) -> None:
    file_id = new_file_id()
    with pytest.raises(errors.NotFoundError) as caught:
        client.file_download(file_id)
    exc = caught.value
    assert paths_asked(api, file_id) == [BETA.format(file_id), OLDER.format(file_id)]
    assert exc.request is not None
    assert (exc.request.kind, exc.request.path) == ("file_content", OLDER.format(file_id))
    assert (exc.status_code, exc.detail, exc.attempts) == (404, "File not found", 1)
    assert exc.__context__ is None  # the first 404 is not kept alive through the second
    assert error_title(exc) == "Source file not found"
    assert error_short(exc) == "not found"
    assert error_sentence(exc) == (
        f"LlamaCloud found no source file {file_id} (404). It may have been deleted, may "
        "belong to another project or organization, or may live in the other region (this "
        f"app is asking {server.base_url})."
    )
    assert sleeps == []
    assert_key_hidden(exc)


def test_a_403_is_not_asked_again_at_the_older_endpoint(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    api.script(file_id, ScriptedResponse(403, {"detail": "Forbidden for this project"}))
    with pytest.raises(errors.PermissionDeniedError) as caught:
        client.file_download(file_id, project_id=PROJECT_UUID)
    assert paths_asked(api, file_id) == [BETA.format(file_id)]
    assert caught.value.detail == "Forbidden for this project"
    assert error_sentence(caught.value) == (
        "This API key has no access to that project or organization (403). Check the project "
        "and organization IDs, or use a key from the file's organization."
    )
    assert_key_hidden(caught.value)


def test_a_failure_of_the_older_endpoint_is_raised_with_its_request(
    client: LlamaCloudClient, api: FakeLlamaCloud, sleeps: Sleeps
) -> None:
    file_id = new_file_id()
    api.script(
        file_id,
        ScriptedResponse(404, {"detail": "Not Found"}),
        *[ScriptedResponse(502, "<html>Bad Gateway</html>")] * 3,
    )
    with pytest.raises(errors.ServerError) as caught:
        client.file_download(file_id)
    assert caught.value.request is not None
    assert caught.value.request.path == OLDER.format(file_id)
    assert caught.value.attempts == 3
    assert paths_asked(api, file_id) == [BETA.format(file_id)] + [OLDER.format(file_id)] * 3
    assert len(sleeps) == 2
    assert error_sentence(caught.value) == (
        "LlamaCloud answered with a server error (HTTP 502). Try Refresh in a minute; if it "
        "persists, report the file ID to LlamaCloud. (Tried 3 times.)"
    )


# --- retries, keys and scope ---------------------------------------------------------------


def test_a_429_and_a_503_are_retried_as_for_a_run(
    client: LlamaCloudClient, api: FakeLlamaCloud, sleeps: Sleeps
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    api.script(
        file_id,
        ScriptedResponse(429, {"detail": "Too many requests"}, {"Retry-After": "2"}),
        ScriptedResponse(503, {"detail": "busy"}, {"Retry-After": "0"}),
    )
    download = client.file_download(file_id)
    assert fetch_without_credentials(download.url).content == PDF
    assert paths_asked(api, file_id) == [BETA.format(file_id)] * 3
    assert sleeps == [2.0, 0.0]


def test_a_429_that_does_not_clear_is_a_rate_limited_error(
    make_client: MakeClient, api: FakeLlamaCloud, sleeps: Sleeps
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    api.script(file_id, *[ScriptedResponse(429, {"detail": "slow down"}, {"Retry-After": "1"})] * 2)
    with pytest.raises(errors.RateLimitedError) as caught:
        make_client(max_retries=1).file_download(file_id)
    assert (caught.value.attempts, caught.value.retry_after) == (2, 1.0)
    assert paths_asked(api, file_id) == [BETA.format(file_id)] * 2
    assert sleeps == [1.0]


def test_project_and_organization_go_as_query_values_to_both_endpoints(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id("dfl-")
    api.add_file(file_id, PDF, beta=False)
    client.file_download(file_id, project_id=PROJECT_UUID, organization_id=ORG_UUID)
    sent = [r.query_lists for r in api.requests_for_file(file_id)]
    assert sent == [{"project_id": [PROJECT_UUID], "organization_id": [ORG_UUID]}] * 2


def test_an_empty_scope_is_not_sent(client: LlamaCloudClient, api: FakeLlamaCloud) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    client.file_download(file_id, project_id="", organization_id=None)
    assert [r.query_lists for r in api.requests_for_file(file_id)] == [{}]


def test_a_uuid_only_server_refuses_a_prj_project_id(
    client: LlamaCloudClient, uuid_only_api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    uuid_only_api.add_file(file_id, PDF)
    with pytest.raises(errors.BadRequestError) as caught:
        client.file_download(file_id, project_id="prj-2f8a0c1e")
    assert caught.value.rejected_parameters == ("project_id",)
    assert error_short(caught.value) == "project ID refused"
    assert paths_asked(uuid_only_api, file_id) == [BETA.format(file_id)]


def test_a_file_stored_for_another_key_is_not_found_with_this_one(
    make_client: MakeClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF, api_keys={OTHER_API_KEY})
    with pytest.raises(errors.NotFoundError):
        make_client(TEST_API_KEY).file_download(file_id)
    assert make_client(OTHER_API_KEY).file_download(file_id).url


def test_a_wrong_key_is_an_authentication_error(
    make_client: MakeClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    with pytest.raises(errors.AuthenticationError) as caught:
        make_client(WRONG_API_KEY).file_download(file_id)
    assert paths_asked(api, file_id) == [BETA.format(file_id)]
    assert_key_hidden(caught.value)


# --- answers that are not a link -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<html>oops</html>", "the body is not JSON"),
        (b"[]", "the body is not a JSON object"),
        (b"{}", "`url` is missing or empty"),
        (b'{"url": "", "expires_at": "2026-08-01T10:00:00Z"}', "`url` is missing or empty"),
        (b'{"url": 5}', "`url` Input should be a valid string"),
        (
            b'{"url": "https://bucket.invalid/f?X-Amz-Signature=s3cr3t", "expires_at": "soon"}',
            "`expires_at` should be an ISO 8601 date-time text",
        ),
    ],
)
def test_an_answer_that_is_not_a_link_is_an_invalid_response(
    client: LlamaCloudClient, api: FakeLlamaCloud, body: bytes, problem: str
) -> None:
    file_id = new_file_id()
    api.script(file_id, ScriptedResponse(200, body))
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.file_download(file_id)
    exc = caught.value
    assert exc.request is not None
    assert (exc.request.kind, exc.request.path) == ("file_content", BETA.format(file_id))
    assert exc.body.problems[0].startswith(problem)
    assert "s3cr3t" not in exc.body.text  # a presigned link is never shown
    assert error_sentence(exc) == (
        "LlamaCloud answered, but not with a valid download link for the source file "
        "(1 problem(s), listed below with the raw body)."
    )
    assert paths_asked(api, file_id) == [BETA.format(file_id)]


def test_a_link_in_an_invalid_answer_is_hidden_however_json_spells_it() -> None:
    body = json.dumps({"url": "https://b.invalid/k?sig=s3cr3t", "expires_at": 1}).encode()
    escaped = body.replace(b"/", b"\\/")
    for sent in (body, escaped):
        read = read_file_download_body(sent)
        assert isinstance(read, InvalidBody)
        assert "s3cr3t" not in read.text
        assert URL_HIDDEN in read.text


def test_an_answer_without_expiry_is_a_link_that_never_reads_as_expired() -> None:
    read = read_file_download_body(b'{"url": "https://b.invalid/k", "more": 1}')
    assert read == FileDownload(url="https://b.invalid/k", expires_at=None)
    assert not read.is_expired(datetime(9999, 1, 1, tzinfo=UTC))


def test_an_expiry_without_a_zone_is_read_as_utc() -> None:
    read = read_file_download_body(
        b'{"url": "https://b.invalid/k", "expires_at": "2026-08-01T10:00:00"}'
    )
    assert isinstance(read, FileDownload)
    assert read.expires_at == datetime(2026, 8, 1, 10, 0, tzinfo=UTC)


# --- IDs refused before sending ------------------------------------------------------------


@pytest.mark.parametrize("file_input", ["pjb-3f0c6f1e-0000-4000-8000-000000000001", "PJB-x"])
def test_a_parse_job_has_no_source_file_and_nothing_is_sent(
    client: LlamaCloudClient, api: FakeLlamaCloud, file_input: str
) -> None:
    before = len(api.requests)
    with pytest.raises(errors.NoSourceFileError) as caught:
        client.file_download(file_input)
    assert len(api.requests) == before
    assert caught.value.file_input == file_input
    assert error_title(caught.value) == "No source file"
    assert error_short(caught.value) == "no source file"
    assert error_sentence(caught.value) == (
        f"This job ran on a parse job ({file_input}), which has no source file to fetch."
    )


@pytest.mark.parametrize(
    "file_id",
    ["", " ", ".", "..", "../x", "abc", "dfl-", "dfl-a/b", "dfl-a%2Fb", "dfl-a?b=1", "ext-abc",
     "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e/../x", "dfl-" + "a" * 65, "dfl-ａ"],
)  # fmt: skip
def test_an_id_that_is_no_file_id_is_refused_before_sending(
    client: LlamaCloudClient, api: FakeLlamaCloud, file_id: str
) -> None:
    before = len(api.requests)
    with pytest.raises(errors.InvalidIdError) as caught:
        client.file_download(file_id)
    assert len(api.requests) == before
    assert (caught.value.value, caught.value.kind) == (file_id, "file_content")
    assert error_sentence(caught.value).endswith(
        "is not a file ID LlamaCloud can serve: file IDs are UUIDs or start with dfl-."
    )


def test_a_uuid_goes_into_the_path_in_lower_case(
    make_client: MakeClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    transport = RecordingTransport()
    make_client(transport=transport).file_download(f"  {file_id.upper()} ")
    assert transport.raw_paths == [BETA.format(file_id).encode()]


# --- the link itself -----------------------------------------------------------------------


def test_the_link_is_served_without_the_api_key_and_none_is_sent(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    download = client.file_download(file_id)
    for key in ALL_KEYS:
        assert key not in download.url
    assert download.url not in repr(download)
    response = fetch_without_credentials(download.url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/octet-stream"
    fetch = api.file_fetches()[-1]
    assert download.url.endswith(fetch.path)
    assert fetch.sent_credentials is False


@pytest.mark.parametrize(
    "headers", [{"Authorization": f"Bearer {TEST_API_KEY}"}, {"Cookie": "session=1"}]
)
def test_a_fetch_with_a_key_or_a_cookie_is_recorded_as_such(
    client: LlamaCloudClient, api: FakeLlamaCloud, headers: dict[str, str]
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    url = client.file_download(file_id).url
    with httpx.Client() as plain:
        assert plain.get(url, headers=headers).status_code == 200
    assert api.file_fetches()[-1].sent_credentials is True


def test_each_answer_gives_a_new_link(client: LlamaCloudClient, api: FakeLlamaCloud) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    first, second = client.file_download(file_id), client.file_download(file_id)
    assert first.url != second.url
    assert fetch_without_credentials(first.url).content == PDF


def test_an_expired_link_reads_as_expired_and_the_bucket_refuses_it(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF, expires_in_s=-1)
    download = client.file_download(file_id)
    assert download.is_expired(datetime.now(UTC))
    response = fetch_without_credentials(download.url)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/xml"
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in response.text


def test_a_link_never_given_is_refused_like_a_tampered_one(server: RunningServer) -> None:
    response = fetch_without_credentials(f"{server.base_url}/_files/{'x' * 32}")
    assert response.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in response.text


def test_a_scripted_bucket_fault_comes_before_the_bytes(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_id = new_file_id()
    api.add_file(file_id, PDF)
    api.script_file_fetch(file_id, ScriptedResponse(503, b"<Error>SlowDown</Error>"))
    url = client.file_download(file_id).url
    assert fetch_without_credentials(url).status_code == 503
    assert fetch_without_credentials(url).content == PDF


def test_is_expired_compares_in_utc_with_an_optional_margin() -> None:
    expires = datetime(2026, 8, 1, 10, 0, tzinfo=UTC)
    download = FileDownload(url="https://b.invalid/k", expires_at=expires)
    assert not download.is_expired(datetime(2026, 8, 1, 9, 59, 59))  # naive: UTC
    assert download.is_expired(datetime(2026, 8, 1, 10, 0))
    two_hours_east = timezone(timedelta(hours=2))
    assert not download.is_expired(datetime(2026, 8, 1, 11, 59, tzinfo=two_hours_east))
    assert download.is_expired(datetime(2026, 8, 1, 12, 0, tzinfo=two_hours_east))
    assert download.is_expired(expires - timedelta(seconds=20), margin=timedelta(seconds=30))
    assert not download.is_expired(expires - timedelta(seconds=40), margin=timedelta(seconds=30))


# --- the demo's in-process files at an https address ---------------------------------------


def test_a_configured_files_base_url_serves_links_through_the_same_transport() -> None:
    fake = FakeLlamaCloud(api_keys={TEST_API_KEY}, files_base_url=DEMO_FILES + "/")
    file_id = new_file_id("dfl-")
    fake.add_file(file_id, PDF)
    transport = httpx.WSGITransport(app=fake)
    client = LlamaCloudClient(TEST_API_KEY, "https://api.demo.invalid", transport=transport)
    try:
        download = client.file_download(file_id)
    finally:
        client.close()
    assert download.url.startswith(f"{DEMO_FILES}/_files/")
    with httpx.Client(transport=httpx.WSGITransport(app=fake)) as files:
        response = files.get(download.url)
    assert (response.status_code, response.content) == (200, PDF)
    assert fake.file_fetches()[-1].sent_credentials is False


def test_a_files_base_url_with_a_path_is_refused() -> None:
    with pytest.raises(ValueError, match="origin"):
        FakeLlamaCloud(api_keys={TEST_API_KEY}, files_base_url=DEMO_FILES + "/bucket")


def test_without_a_files_base_url_a_link_uses_the_address_asked() -> None:
    fake = FakeLlamaCloud(api_keys={TEST_API_KEY})
    fake.add_file("dfl-demo", PDF)
    transport = httpx.WSGITransport(app=fake)
    client = LlamaCloudClient(TEST_API_KEY, "https://api.demo.invalid:8443", transport=transport)
    try:
        assert client.file_download("dfl-demo").url.startswith(
            "https://api.demo.invalid:8443/_files/"
        )
    finally:
        client.close()


@pytest.mark.parametrize(
    "sent",
    [
        b'{"url": "https://b.invalid/k?X-Amz-Signature=s3cr3t\\u0026a=1", "expires_at": "no"}',
        b'{"url": {"href": "https://b.invalid/k?X-Amz-Signature=s3cr3t"}, "expires_at": "no"}',
    ],
)
def test_no_spelling_of_a_link_survives_in_the_shown_body(sent: bytes) -> None:
    read = read_file_download_body(sent)
    assert isinstance(read, InvalidBody)
    assert "s3cr3t" not in read.text
    assert read.problems
