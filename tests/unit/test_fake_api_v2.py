"""The fake LlamaCloud API's Extract v2 side, on a real socket: expand, 422s, configs, cycling."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse
from tests.conftest import OTHER_API_KEY, TEST_API_KEY

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
PARTS = ["configuration", "extract_metadata", "usage"]
ALL_PARTS = {"expand": PARTS}  # httpx sends a list value as repeated keys
PROJECT_UUID = "11111111-2222-4333-8444-555555555555"


def new_job_id() -> str:
    return f"ext-{uuid.uuid4()}"


def v2_job(job_id: str, status: str = "COMPLETED") -> dict[str, Any]:
    return {
        "id": job_id,
        "status": status,
        "project_id": "prj-demo",
        "file_input": "dfl-demo",
        "created_at": "2026-08-01T10:00:00Z",
        "updated_at": "2026-08-01T10:00:05Z",
        "configuration_id": None,
        "configuration": {"data_schema": {"type": "object"}, "tier": "agentic"},
        "extract_result": {"total": 12.5},
        "extract_metadata": {"field_metadata": {"document_metadata": {}}},
        "metadata": {"usage": {"num_pages_extracted": 1}},
        "usage": {"credits": 3.0, "extract_credits": 2.0, "parse_credits": 1.0},
    }


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def http(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        yield client


@pytest.fixture
def old_server(api: FakeLlamaCloud) -> Iterator[FakeLlamaCloud]:
    """The shared fake acting, for one test, as a server from before `expand=usage`."""
    api.rejects_usage_expand = True
    yield api
    api.rejects_usage_expand = False


@pytest.fixture
def uuid_only_server(api: FakeLlamaCloud) -> Iterator[FakeLlamaCloud]:
    api.uuid_scope_ids = True
    yield api
    api.uuid_scope_ids = False


# --- expand ----------------------------------------------------------------------------------


def test_all_parts_asked_for_come_as_stored_bytes(api: FakeLlamaCloud, http: httpx.Client) -> None:
    job_id = new_job_id()
    stored = json.dumps(v2_job(job_id), indent=1).encode()
    api.add_v2_job(stored)
    response = http.get(f"/api/v2/extract/{job_id}", params=ALL_PARTS)
    assert response.status_code == 200
    assert response.content == stored
    (request,) = api.requests_for(job_id)
    assert request.query_lists == {"expand": ["configuration", "extract_metadata", "usage"]}
    assert request.query == {"expand": "usage"}  # the old view keeps the last value


@pytest.mark.parametrize(
    ("asked", "null_parts"),
    [
        ([], {"configuration", "extract_metadata", "usage"}),
        (["configuration"], {"extract_metadata", "usage"}),
        (["extract_metadata", "usage"], {"configuration"}),
    ],
)
def test_parts_not_asked_for_are_null(
    api: FakeLlamaCloud, http: httpx.Client, asked: list[str], null_parts: set[str]
) -> None:
    job_id = api.add_v2_job(v2_job(new_job_id()))
    answer = http.get(f"/api/v2/extract/{job_id}", params={"expand": asked}).json()
    assert {
        part for part in ("configuration", "extract_metadata", "usage") if not answer[part]
    } == (null_parts)
    assert answer["extract_result"] == {"total": 12.5}
    assert answer["metadata"] == {"usage": {"num_pages_extracted": 1}}


def test_a_part_the_job_lacks_stays_absent(api: FakeLlamaCloud, http: httpx.Client) -> None:
    job = v2_job(new_job_id())
    del job["configuration"]
    job_id = api.add_v2_job(job)
    answer = http.get(f"/api/v2/extract/{job_id}").json()
    assert "configuration" not in answer
    assert answer["usage"] is None


def test_an_unknown_expand_value_is_refused_like_fastapi(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    job_id = api.add_v2_job(v2_job(new_job_id()))
    response = http.get(f"/api/v2/extract/{job_id}", params={"expand": ["configuration", "files"]})
    assert response.status_code == 422
    (entry,) = response.json()["detail"]
    assert entry["loc"] == ["query", "expand", 1]
    assert entry["input"] == "files"
    assert entry["type"] == "enum"


def test_an_old_server_refuses_usage_with_a_422(
    old_server: FakeLlamaCloud, http: httpx.Client
) -> None:
    job_id = old_server.add_v2_job(v2_job(new_job_id()))
    response = http.get(f"/api/v2/extract/{job_id}", params=ALL_PARTS)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    (entry,) = response.json()["detail"]
    assert entry["loc"] == ["query", "expand", 2]
    assert entry["msg"] == "Input should be 'configuration' or 'extract_metadata'"
    assert entry["input"] == "usage"
    # Asked without usage, it answers, and knows nothing of a `usage` part.
    answer = http.get(f"/api/v2/extract/{job_id}", params={"expand": PARTS[:2]}).json()
    assert "usage" not in answer
    assert answer["configuration"]["tier"] == "agentic"


def test_a_uuid_only_server_refuses_prj_project_ids(
    uuid_only_server: FakeLlamaCloud, http: httpx.Client
) -> None:
    job_id = uuid_only_server.add_v2_job(v2_job(new_job_id()))
    refused = http.get(
        f"/api/v2/extract/{job_id}",
        params={"project_id": "prj-demo", "organization_id": "org-demo"},
    )
    assert refused.status_code == 422
    assert [entry["loc"] for entry in refused.json()["detail"]] == [
        ["query", "project_id"],
        ["query", "organization_id"],
    ]
    accepted = http.get(f"/api/v2/extract/{job_id}", params={"project_id": PROJECT_UUID})
    assert accepted.status_code == 200
    assert uuid_only_server.requests_for(job_id)[-1].query == {"project_id": PROJECT_UUID}


# --- auth, 404, scripts ---------------------------------------------------------------------


def test_a_wrong_key_gets_401_and_a_missing_job_404(
    api: FakeLlamaCloud, server: RunningServer, http: httpx.Client
) -> None:
    job_id = api.add_v2_job(v2_job(new_job_id()), api_keys={OTHER_API_KEY})
    wrong = httpx.get(
        f"{server.base_url}/api/v2/extract/{job_id}", headers={"Authorization": "Bearer nope"}
    )
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"detail": "Invalid authentication credentials"},
    )
    assert http.get(f"/api/v2/extract/{job_id}").status_code == 404  # another key's job
    missing = http.get(f"/api/v2/extract/{new_job_id()}")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Extract job not found"})


def test_scripts_answer_before_the_stored_job(api: FakeLlamaCloud, http: httpx.Client) -> None:
    job_id = api.add_v2_job(v2_job(new_job_id()))
    api.script(job_id, ScriptedResponse(503, {"detail": "busy"}, headers={"Retry-After": "1"}))
    first = http.get(f"/api/v2/extract/{job_id}")
    assert (first.status_code, first.headers["retry-after"]) == (503, "1")
    assert http.get(f"/api/v2/extract/{job_id}").json()["id"] == job_id
    assert [r.path for r in api.requests_for(job_id)] == [f"/api/v2/extract/{job_id}"] * 2


def test_a_job_needs_an_id(api: FakeLlamaCloud) -> None:
    with pytest.raises(ValueError, match="job_id="):
        api.add_v2_job({"status": "RUNNING"})


# --- saved configurations -------------------------------------------------------------------


def test_saved_configurations_are_served_by_id(api: FakeLlamaCloud, http: httpx.Client) -> None:
    config_id = f"cfg-{uuid.uuid4()}"
    config = {"id": config_id, "name": "Receipts", "product_type": "extract_v2", "version": "3"}
    assert api.add_saved_configuration(config) == config_id
    answer = http.get(f"/api/v1/beta/configurations/{config_id}", params={"project_id": "prj-a"})
    assert (answer.status_code, answer.json()) == (200, config)
    (request,) = api.requests_for(config_id)
    assert request.query_lists == {"project_id": ["prj-a"]}
    missing = http.get(f"/api/v1/beta/configurations/cfg-{uuid.uuid4()}")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Configuration not found"})


def test_saved_configurations_can_be_scripted(api: FakeLlamaCloud, http: httpx.Client) -> None:
    config_id = api.add_saved_configuration({"id": f"cfg-{uuid.uuid4()}"})
    api.script(config_id, ScriptedResponse(500, {"detail": "Internal error"}))
    assert http.get(f"/api/v1/beta/configurations/{config_id}").status_code == 500
    assert http.get(f"/api/v1/beta/configurations/{config_id}").status_code == 200


# --- the cycling demo job -------------------------------------------------------------------


def test_a_cycling_job_runs_then_completes_then_starts_over(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    clock = Clock()
    job_id = new_job_id()
    api.add_cycling_v2_job(
        job_id,
        v2_job(job_id, "RUNNING"),
        json.dumps(v2_job(job_id, "COMPLETED")).encode(),
        done_after_s=15,
        restart_after_s=120,
        clock=clock,
    )
    clock.now += 500  # time before the first fetch does not count

    def status_after(seconds: float) -> str:
        clock.now += seconds
        response = http.get(f"/api/v2/extract/{job_id}", params=ALL_PARTS)
        return str(response.json()["status"])

    seen = [status_after(s) for s in (0, 14.9, 0.1, 100, 4.9)]
    assert seen == ["RUNNING", "RUNNING", "COMPLETED", "COMPLETED", "COMPLETED"]
    # 120 s after the first fetch a new visitor sees it run again, for another 15 s.
    assert [status_after(s) for s in (0.1, 14.8, 0.2)] == ["RUNNING", "RUNNING", "COMPLETED"]


def test_a_cycling_job_is_dated_by_its_cycle_so_it_reads_as_fresh(
    api: FakeLlamaCloud, http: httpx.Client
) -> None:
    clock = Clock()
    job_id = new_job_id()
    old = v2_job(job_id, "RUNNING") | {"created_at": "2026-01-01T00:00:00+00:00"}
    api.add_cycling_v2_job(job_id, old, v2_job(job_id, "COMPLETED"), done_after_s=15, clock=clock)

    running = http.get(f"/api/v2/extract/{job_id}", params=ALL_PARTS).json()
    clock.now += 20
    completed = http.get(f"/api/v2/extract/{job_id}", params=ALL_PARTS).json()

    created = datetime.fromisoformat(running["created_at"])
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    assert completed["created_at"] == running["created_at"]
    took = datetime.fromisoformat(completed["updated_at"]) - created
    assert took.total_seconds() == 15


def test_a_cycling_job_needs_done_before_restart(api: FakeLlamaCloud) -> None:
    with pytest.raises(ValueError, match="done_after_s"):
        api.add_cycling_v2_job("ext-x", b"{}", b"{}", done_after_s=10, restart_after_s=5)


# --- the demo server still starts -----------------------------------------------------------


def test_the_demo_server_serves_v1_runs_and_v2_jobs() -> None:
    from run_inspector.demo.samples import DEMO_SAMPLES

    command = [sys.executable, "-u", "-m", "run_inspector.demo.serve", "--port", "0"]
    with subprocess.Popen(
        [*command, "--api-key", "k"], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().split()[3]
            assert base_url.startswith("http://127.0.0.1:")
            for sample in DEMO_SAMPLES:
                path = (
                    f"/api/v2/extract/{sample.job_id}"
                    if sample.job_id.startswith("ext-")
                    else f"/api/v1/extraction/runs/by-job/{sample.job_id}"
                )
                response = httpx.get(base_url + path, headers={"Authorization": "Bearer k"})
                assert response.status_code == 200, (sample.job_id, response.text)
        finally:
            process.terminate()
