"""Each failure worded twice: a full sentence for a page and a few words for a table row."""

from __future__ import annotations

from pathlib import Path

import pytest

import run_inspector.api
from run_inspector.api import errors
from run_inspector.api.errors import ApiError, RunRequest
from run_inspector.presentation.error_text import error_sentence, error_short, error_title
from run_inspector.wire.invalid_body import InvalidBody

JOB = "5bb8a583-366c-416c-ba55-4f5724fef9a9"
BASE = "https://api.cloud.llamaindex.ai"
REQUEST = RunRequest(JOB, BASE, f"/api/v1/extraction/runs/by-job/{JOB}")
BODY = InvalidBody(text="{", problems=("the body is not JSON (x)", "id: Field required"))

CASES: list[tuple[ApiError, str, str, str]] = [
    (
        errors.InvalidIdError(".."),
        "Invalid ID",
        "'..' is not a job ID. Paste the job's UUID.",
        "invalid ID",
    ),
    (
        errors.AuthenticationError(REQUEST, status_code=401),
        "API key rejected",
        "LlamaCloud rejected the API key (401). Check the key in the sidebar, "
        "LLAMA_CLOUD_API_KEY or secrets.toml, and that it was issued for this region.",
        "key rejected",
    ),
    (
        errors.PermissionDeniedError(REQUEST, status_code=403),
        "No access",
        "This API key has no access to that project or organization (403). Check the "
        "project and organization IDs, or use a key from the run's organization.",
        "no access",
    ),
    (
        errors.NotFoundError(REQUEST, status_code=404),
        "Run not found",
        f"No extraction run was found for job {JOB} (404). The job may still be queued, "
        "may belong to another project or organization, or may live in the other region "
        f"(this app is asking {BASE}).",
        "not found",
    ),
    (
        errors.BadRequestError(REQUEST, status_code=422),
        "Request rejected",
        "LlamaCloud rejected the request (HTTP 422). Check the job, project and organization IDs.",
        "rejected",
    ),
    (
        errors.BadRequestError(REQUEST, status_code=400),
        "Request rejected",
        "LlamaCloud rejected the request (HTTP 400). Check the job, project and organization IDs.",
        "rejected",
    ),
    (
        errors.ConflictError(REQUEST, status_code=409),
        "Conflict",
        "LlamaCloud reported a conflict (409). Try Refresh in a moment.",
        "conflict",
    ),
    (
        errors.RateLimitedError(REQUEST, retry_after=7.0),
        "Rate limited",
        "LlamaCloud is rate limiting this API key (429). Try again in about 7 s.",
        "rate limited",
    ),
    (
        errors.RateLimitedError(REQUEST, retry_after=None),
        "Rate limited",
        "LlamaCloud is rate limiting this API key (429). Try again in a minute.",
        "rate limited",
    ),
    (
        errors.ServerError(REQUEST, status_code=503),
        "LlamaCloud server error",
        "LlamaCloud answered with a server error (HTTP 503). "
        "Try Refresh in a minute; if it persists, report the job ID to LlamaCloud.",
        "server error",
    ),
    (
        errors.ApiConnectionError(REQUEST, cause="ConnectError"),
        "Cannot reach LlamaCloud",
        f"Could not connect to {BASE}. Check the base URL or region in the sidebar "
        "(LLAMA_CLOUD_BASE_URL) and this server's network.",
        "cannot connect",
    ),
    (
        errors.ApiTimeoutError(REQUEST, phase="answer", limit_seconds=0.3),
        "LlamaCloud timed out",
        f"LlamaCloud at {BASE} did not answer within 0.3 s. "
        "Try Refresh in a minute; if it keeps happening, check LlamaCloud's status.",
        "timed out",
    ),
    (
        errors.ApiTimeoutError(REQUEST, phase="connect", limit_seconds=5.0),
        "LlamaCloud timed out",
        f"LlamaCloud at {BASE} did not connect within 5 s. "
        "Try Refresh in a minute; if it keeps happening, check LlamaCloud's status.",
        "timed out",
    ),
    (
        errors.ApiTimeoutError(REQUEST, phase="answer", limit_seconds=None),
        "LlamaCloud timed out",
        f"LlamaCloud at {BASE} did not answer in time. "
        "Try Refresh in a minute; if it keeps happening, check LlamaCloud's status.",
        "timed out",
    ),
    (
        errors.InvalidResponseError(REQUEST, body=BODY),
        "Unexpected answer from LlamaCloud",
        "LlamaCloud answered, but not with a valid extraction run "
        "(2 problem(s), listed below with the raw body).",
        "bad answer",
    ),
    (
        errors.InvalidRunFileError(body=BODY, size_bytes=1),
        "Not a valid run file",
        "This file is not a valid extraction run (2 problem(s), listed below with its text).",
        "not a run file",
    ),
    (
        ApiError(REQUEST, status_code=410),
        "Request failed",
        "LlamaCloud answered with HTTP 410.",
        "HTTP 410",
    ),
    (ApiError(), "Request failed", "The request to LlamaCloud failed.", "failed"),
]


@pytest.mark.parametrize(
    ("error", "title", "sentence", "short"), CASES, ids=[str(case[0]) for case in CASES]
)
def test_every_error_is_worded_for_a_page_and_for_a_row(
    error: ApiError, title: str, sentence: str, short: str
) -> None:
    assert error_title(error) == title
    assert error_sentence(error) == sentence
    assert error_short(error) == short


def test_retries_are_counted_in_the_sentence_but_not_in_the_short_form() -> None:
    error = errors.RateLimitedError(REQUEST, retry_after=1.0, attempts=3)
    assert error_sentence(error) == (
        "LlamaCloud is rate limiting this API key (429). Try again in about 1 s. (Tried 3 times.)"
    )
    assert error_short(error) == "rate limited"


def test_the_rate_limit_wait_is_rounded_to_whole_seconds() -> None:
    error = errors.RateLimitedError(REQUEST, retry_after=119.6)
    assert "Try again in about 120 s." in error_sentence(error)


def test_errors_without_a_request_still_read_as_sentences() -> None:
    assert error_sentence(errors.NotFoundError(status_code=404)).startswith(
        "No extraction run was found (404). The job may still be queued"
    )
    assert "other region." in error_sentence(errors.NotFoundError(status_code=404))
    assert error_sentence(errors.ApiConnectionError()).startswith(
        "Could not connect to LlamaCloud."
    )
    timeout = errors.ApiTimeoutError(phase="answer", limit_seconds=2.0)
    assert error_sentence(timeout).startswith("LlamaCloud did not answer within 2 s.")


def test_a_subclass_the_table_does_not_name_uses_its_parent_words() -> None:
    class OddNotFound(errors.NotFoundError):
        pass

    error = OddNotFound(REQUEST, status_code=404)
    assert (error_title(error), error_short(error)) == ("Run not found", "not found")


def test_str_is_a_short_technical_line_without_the_api_detail() -> None:
    error = errors.ServerError(
        REQUEST, status_code=502, detail="<html>Bad Gateway</html>", attempts=3
    )
    assert str(error) == f"ServerError(HTTP 502, GET {BASE}{REQUEST.path}, attempts=3)"
    assert repr(error) == str(error)
    assert "Bad Gateway" not in str(error)


def test_the_api_package_holds_no_words_for_people() -> None:
    package = Path(run_inspector.api.__file__).parent
    source = "\n".join(path.read_text() for path in package.glob("*.py"))
    for phrase in ("sidebar", "Refresh", "secrets.toml", "Try again", "Check the"):
        assert phrase not in source


# --- Extract v2 jobs, and IDs a server refused -------------------------------------------------

V2_JOB = "ext-4f285bcf-9621-4808-b607-7880368bf775"
V2_REQUEST = RunRequest(V2_JOB, BASE, f"/api/v2/extract/{V2_JOB}", kind="v2_job")
PROJECT_UUID = "11111111-2222-4333-8444-555555555555"


def refused(*names: str, project_id: str | None = None, org_id: str | None = None) -> ApiError:
    request = RunRequest(
        V2_JOB, BASE, V2_REQUEST.path, project_id, org_id, kind="v2_job", expand=("usage",)
    )
    return errors.BadRequestError(request, status_code=422, rejected_parameters=names)


V2_CASES: list[tuple[ApiError, str, str, str]] = [
    (
        errors.NotFoundError(V2_REQUEST, status_code=404),
        "Job not found",
        f"No Extract v2 job was found for job {V2_JOB} (404). It may belong to another project "
        f"or organization, or may live in the other region (this app is asking {BASE}).",
        "not found",
    ),
    (
        errors.InvalidIdError("..", kind="v2_job"),
        "Invalid ID",
        "'..' is not a job ID. Paste the job's ID, which starts with ext-.",
        "invalid ID",
    ),
    (
        errors.PermissionDeniedError(V2_REQUEST, status_code=403),
        "No access",
        "This API key has no access to that project or organization (403). Check the "
        "project and organization IDs, or use a key from the job's organization.",
        "no access",
    ),
    (
        errors.InvalidResponseError(V2_REQUEST, body=BODY),
        "Unexpected answer from LlamaCloud",
        "LlamaCloud answered, but not with a valid Extract v2 job "
        "(2 problem(s), listed below with the raw body).",
        "bad answer",
    ),
    (
        refused("project_id", project_id="prj-abc"),
        "Request rejected",
        "LlamaCloud refused the project ID prj-abc (422): this server may accept only UUIDs "
        "there. Paste the UUID form, or leave the field empty.",
        "project ID refused",
    ),
    (
        refused("organization_id", "project_id", project_id="prj-abc", org_id="org-x"),
        "Request rejected",
        "LlamaCloud refused the organization ID org-x and the project ID prj-abc (422): this "
        "server may accept only UUIDs there. Paste the UUID form, or leave the field empty.",
        "organization ID refused",
    ),
    (
        refused("project_id", project_id=PROJECT_UUID),
        "Request rejected",
        f"LlamaCloud refused the project ID {PROJECT_UUID} (422). Check it against the "
        "project and organization in LlamaCloud.",
        "project ID refused",
    ),
    (
        refused("expand"),
        "Request rejected",
        "LlamaCloud rejected the request (HTTP 422). Check the job, project and organization IDs.",
        "rejected",
    ),
    (
        errors.NotFoundError(
            RunRequest(
                V2_JOB, BASE, "/api/v1/beta/configurations/cfg-1", kind="saved_configuration"
            ),
            status_code=404,
        ),
        "Configuration not found",
        f"The saved configuration that job {V2_JOB} names was not found at {BASE} (404).",
        "not found",
    ),
]


@pytest.mark.parametrize(
    ("error", "title", "sentence", "short"), V2_CASES, ids=[str(case[0]) for case in V2_CASES]
)
def test_v2_jobs_and_refused_ids_are_worded_for_a_page_and_a_row(
    error: ApiError, title: str, sentence: str, short: str
) -> None:
    assert error_title(error) == title
    assert error_sentence(error) == sentence
    assert error_short(error) == short


def test_a_refused_id_too_long_to_show_whole_is_cut() -> None:
    long_id = "prj-" + "a" * 80
    sentence = error_sentence(refused("project_id", project_id=long_id))
    assert f"the project ID {long_id[:60]}… (422)" in sentence
    assert long_id not in sentence


def test_a_refused_parameter_without_a_request_is_a_plain_rejection() -> None:
    error = errors.BadRequestError(status_code=422, rejected_parameters=("project_id",))
    assert error_sentence(error).startswith("LlamaCloud rejected the request (HTTP 422).")
    assert error_short(error) == "rejected"
