"""The previous run on the same file, found with one list request to the fake API, and the
sentence the run page shows about it.

Each test stores runs under an agent and a file of its own (v1), or a file input of its own
(v2), so the session-wide fake lists only what the test stored.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, NoReturn, cast

import pytest

from loaders.previous_run import load_previous_run
from run_inspector.api import errors
from run_inspector.api.client import LlamaCloudClient
from run_inspector.api.lists import utc_text
from run_inspector.fake_api import FakeLlamaCloud, RunningServer, ScriptedResponse
from run_inspector.loading.previous_run import MAX_SCANNED_RUNS, PreviousRun, find_previous_run
from run_inspector.model.extraction import Extraction, Status
from run_inspector.model.status import StatusClass
from run_inspector.presentation.previous_run_text import previous_run_sentence
from run_inspector.settings import Connection
from tests.conftest import TEST_API_KEY
from tests.unit.list_samples import START, new_agent_id, new_file_input, v1_run, v2_job

RUNS_PATH = "/api/v1/extraction/runs"
JOBS_PATH = "/api/v2/extract"
DONE = Status("SUCCESS", StatusClass.DONE)


def minutes(count: int) -> datetime:
    return START + timedelta(minutes=count)


def new_file_id() -> str:
    return str(uuid.uuid4())


def run_on(agent_id: str, file_id: str, minute: int) -> dict[str, Any]:
    """A v1 run of `agent_id` on `file_id`, created `minute` minutes in."""
    run = v1_run(agent_id, minute, file_id=file_id)
    run["file"]["id"] = file_id
    return run


def store_v1(api: FakeLlamaCloud, *runs: dict[str, Any]) -> None:
    for run in runs:
        api.add_run(run)


def find(client: LlamaCloudClient, extraction: Extraction) -> PreviousRun:
    return find_previous_run(client, extraction, project_id=None, organization_id=None)


class NoClient:
    """Stands in for a client where nothing may be asked of the API."""

    def __getattr__(self, name: str) -> NoReturn:
        raise AssertionError(f"the search asked the API ({name})")


def no_client() -> LlamaCloudClient:
    return cast(LlamaCloudClient, NoClient())


def v1_queries(api: FakeLlamaCloud, agent_id: str) -> list[dict[str, list[str]]]:
    return [
        r.query_lists
        for r in api.requests_to(RUNS_PATH)
        if r.query_lists.get("extraction_agent_id") == [agent_id]
    ]


def v2_queries(api: FakeLlamaCloud, file_input: str) -> list[dict[str, list[str]]]:
    return [
        r.query_lists
        for r in api.requests_to(JOBS_PATH)
        if r.query_lists.get("file_input") == [file_input]
    ]


# --- v1: the agent's runs, searched for the same file --------------------------------------------


def test_v1_finds_the_latest_earlier_run_on_the_same_file_whatever_the_list_order(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id, file_id = new_agent_id(), new_file_id()
    this = run_on(agent_id, file_id, 5)
    previous = run_on(agent_id, file_id, 3)
    store_v1(
        api,
        run_on(agent_id, file_id, 8),  # later
        previous,
        this,
        run_on(agent_id, new_file_id(), 4),  # another file, though nearer in time
        run_on(agent_id, file_id, 1),  # earlier than the previous one
    )

    found = find(client, client.get_run_by_job(this["job_id"], project_id="prj-1"))

    assert found == PreviousRun(
        "v1", job_id=previous["job_id"], created_at=minutes(3), file_id=file_id, scanned=5, total=5
    )
    assert v1_queries(api, agent_id) == [
        {"extraction_agent_id": [agent_id], "skip": ["0"], "limit": [str(MAX_SCANNED_RUNS)]}
    ]
    assert previous_run_sentence(found) == (
        "The previous run of this agent on this file, from 2026-08-01 09:03:00 UTC."
    )


def test_v1_finds_the_file_by_the_file_s_id_when_the_run_names_none(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id, file_id = new_agent_id(), new_file_id()
    this = run_on(agent_id, file_id, 5) | {"file_id": None}
    previous = run_on(agent_id, file_id, 2) | {"file_id": None}
    store_v1(api, this, previous)

    found = find(client, client.get_run_by_job(this["job_id"]))

    assert (found.job_id, found.file_id) == (previous["job_id"], file_id)


def test_v1_finds_nothing_when_the_file_s_other_runs_came_later(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id, file_id = new_agent_id(), new_file_id()
    this = run_on(agent_id, file_id, 5)
    store_v1(api, this, run_on(agent_id, file_id, 9), run_on(agent_id, new_file_id(), 1))

    found = find(client, client.get_run_by_job(this["job_id"]))

    assert found == PreviousRun("v1", file_id=file_id, scanned=3, total=3)
    assert previous_run_sentence(found) == (
        "No earlier run of this agent on this file among its 3 runs."
    )


@pytest.mark.parametrize("earlier_in_the_page", [True, False])
def test_v1_says_the_search_was_cut_when_the_agent_has_more_runs_than_one_page(
    client: LlamaCloudClient, api: FakeLlamaCloud, earlier_in_the_page: bool
) -> None:
    agent_id, file_id = new_agent_id(), new_file_id()
    this = run_on(agent_id, file_id, 200)
    others = [run_on(agent_id, new_file_id(), minute) for minute in range(1, 104)]
    in_page = run_on(agent_id, file_id, 50)
    if earlier_in_the_page:
        others[50] = in_page
    # The fake lists in the order stored: this one is past the first page.
    others[-1] = run_on(agent_id, file_id, 150)
    store_v1(api, this, *others)

    found = find(client, client.get_run_by_job(this["job_id"]))

    assert (found.scanned, found.total, found.cut) == (MAX_SCANNED_RUNS, 104, True)
    if earlier_in_the_page:
        assert (found.job_id, found.created_at) == (in_page["job_id"], minutes(50))
        assert previous_run_sentence(found) == (
            "The latest earlier run of this agent on this file among the 100 of its runs "
            "searched, from 2026-08-01 09:50:00 UTC; it has 104, so a later one may be among "
            "the rest."
        )
    else:
        assert found.job_id is None
        assert previous_run_sentence(found) == (
            "No earlier run of this agent on this file among the 100 of its runs searched; "
            "it has 104, so the search stopped there."
        )


# --- v2: the job list, filtered by the file input ------------------------------------------------


def test_v2_finds_the_previous_job_through_the_file_input_filter(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_input = new_file_input()
    this = v2_job(file_input, 30)
    previous = v2_job(file_input, 20)
    for job in (
        v2_job(file_input, 10),
        previous,
        this,
        v2_job(file_input, 30),  # created at the same instant: not before this one
        v2_job(file_input, 40),
        v2_job(new_file_input(), 25),
    ):
        api.add_v2_job(job)
    extraction = client.fetch_v2_job(this["id"]).extraction

    found = find_previous_run(client, extraction, project_id="prj-1", organization_id="org-1")

    assert found == PreviousRun(
        "v2", job_id=previous["id"], created_at=minutes(20), file_id=file_input, scanned=4
    )
    (query,) = v2_queries(api, file_input)
    assert query["created_at_on_or_before"] == [utc_text(minutes(30))]
    assert query["page_size"] == [str(MAX_SCANNED_RUNS)]
    assert (query["project_id"], query["organization_id"]) == (["prj-1"], ["org-1"])
    assert previous_run_sentence(found) == (
        f"The previous Extract v2 job on this file ({file_input}), from 2026-08-01 09:20:00 UTC."
    )


def test_v2_finds_nothing_for_the_first_job_on_a_file(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    file_input = new_file_input()
    this = v2_job(file_input, 30)
    api.add_v2_job(this)
    api.add_v2_job(v2_job(file_input, 31))

    found = find(client, client.fetch_v2_job(this["id"]).extraction)

    assert found == PreviousRun("v2", file_id=file_input, scanned=1)
    assert previous_run_sentence(found) == (
        f"No earlier Extract v2 job on this file ({file_input})."
    )


# --- what a run must say before there is anything to search --------------------------------------


@pytest.mark.parametrize(
    ("extraction", "expected", "sentence"),
    [
        (
            Extraction("v1", DONE, job_id="j", file_id="f", created_at=START),
            PreviousRun("v1", file_id="f", missing="agent"),
            "This run names no agent, so there is no history to search.",
        ),
        (
            Extraction("v1", DONE, job_id="j", agent_id="a", created_at=START),
            PreviousRun("v1", missing="file"),
            "This run names no file, so there is no earlier run on it to find.",
        ),
        (
            Extraction("v2", DONE, job_id="ext-1", file_id=" "),
            PreviousRun("v2", missing="file"),
            "This job names no file input, so there is no earlier job on it to find.",
        ),
        (
            Extraction("v2", DONE, job_id="ext-1", file_id="dfl-1"),
            PreviousRun("v2", file_id="dfl-1", missing="created_at"),
            "This job has no created time, so there is no telling which jobs came before it.",
        ),
    ],
)
def test_a_run_that_lacks_a_fact_is_not_searched(
    extraction: Extraction, expected: PreviousRun, sentence: str
) -> None:
    found = find(no_client(), extraction)

    assert found == expected
    assert previous_run_sentence(found) == sentence


# --- errors --------------------------------------------------------------------------------------


def test_a_refused_v1_list_raises_its_api_error(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id = new_agent_id()
    api.script(agent_id, ScriptedResponse(403, {"detail": "Forbidden"}))
    extraction = Extraction(
        "v1", DONE, job_id="j", agent_id=agent_id, file_id="f", created_at=START
    )

    with pytest.raises(errors.PermissionDeniedError):
        find(client, extraction)


def test_a_missing_v2_list_raises_its_api_error(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    api.script(JOBS_PATH, ScriptedResponse(404, {"detail": "Not Found"}))
    extraction = Extraction("v2", DONE, job_id="ext-1", file_id="dfl-1", created_at=START)

    with pytest.raises(errors.NotFoundError):
        find(client, extraction)


# --- the cached load ---------------------------------------------------------------------------


def test_the_load_is_kept_and_asks_again_only_when_forced(
    server: RunningServer, api: FakeLlamaCloud
) -> None:
    connection = Connection(server.base_url, TEST_API_KEY)
    file_input = new_file_input()
    this, previous = v2_job(file_input, 30), v2_job(file_input, 20)
    api.add_v2_job(this)
    api.add_v2_job(previous)
    extraction = Extraction(
        "v2", DONE, job_id=this["id"], file_id=file_input, created_at=minutes(30)
    )

    first = load_previous_run(connection, extraction, None, None)
    again = load_previous_run(connection, extraction, None, None)
    forced = load_previous_run(connection, extraction, None, None, force=True)

    assert first.value is not None
    assert first.value.job_id == previous["id"]
    assert (again, forced.value) == (first, first.value)
    assert len(v2_queries(api, file_input)) == 2


def test_a_failed_load_keeps_the_api_error(server: RunningServer, api: FakeLlamaCloud) -> None:
    agent_id = new_agent_id()
    api.script(agent_id, ScriptedResponse(403, {"detail": "Forbidden"}))
    extraction = Extraction(
        "v1", DONE, job_id=str(uuid.uuid4()), agent_id=agent_id, file_id="f", created_at=START
    )

    loaded = load_previous_run(Connection(server.base_url, TEST_API_KEY), extraction, None, None)

    assert (loaded.value, type(loaded.error)) == (None, errors.PermissionDeniedError)


# --- sentences for searches the fake API does not easily make ------------------------------------


def test_a_v2_search_cut_short_says_so() -> None:
    searched = PreviousRun("v2", file_id="dfl-1", scanned=100, cut=True)

    assert previous_run_sentence(searched) == (
        "No earlier Extract v2 job on this file (dfl-1) among the 100 jobs listed up to this "
        "one; the search stopped there."
    )


def test_a_v1_search_of_one_run_counts_it_in_the_singular() -> None:
    searched = PreviousRun("v1", file_id="f", scanned=1, total=1)

    assert previous_run_sentence(searched) == (
        "No earlier run of this agent on this file among its 1 run."
    )


def test_a_found_time_without_a_zone_reads_as_utc() -> None:
    found = PreviousRun("v2", job_id="ext-0", created_at=datetime(2026, 8, 1, 9), file_id="dfl-1")

    assert previous_run_sentence(found).endswith("from 2026-08-01 09:00:00 UTC.")


def test_a_full_page_without_a_total_counts_as_a_cut_search(
    client: LlamaCloudClient, api: FakeLlamaCloud
) -> None:
    agent_id, file_id = new_agent_id(), new_file_id()
    this = run_on(agent_id, file_id, 200)
    page = [run_on(agent_id, new_file_id(), minute) for minute in range(MAX_SCANNED_RUNS)]
    api.script(agent_id, ScriptedResponse(200, {"items": page, "skip": 0}))  # no total

    found = find(client, Extraction("v1", DONE, job_id=this["job_id"], agent_id=agent_id,
                                    file_id=file_id, created_at=minutes(200)))  # fmt: skip

    assert (found.scanned, found.total, found.cut) == (MAX_SCANNED_RUNS, None, True)
    assert previous_run_sentence(found) == (
        "No earlier run of this agent on this file among the 100 of its runs searched; it may "
        "have more, so the search stopped there."
    )
