"""An uploaded file read once: which version it is, and a v2 list's jobs to pick from."""

from __future__ import annotations

import json

from run_inspector.loading.uploaded import read_uploaded
from tests.conftest import DEMO_DATA, SAMPLES


def test_a_v1_run_file_says_it_is_a_v1_run() -> None:
    read = read_uploaded((DEMO_DATA / "capacitor_per_doc_confidence.json").read_bytes())

    assert read.found == "a v1 extraction run"
    assert read.loaded is not None
    assert read.loaded.extraction is not None
    assert read.loaded.extraction.api_version == "v1"
    assert read.jobs == ()


def test_a_v2_job_file_says_it_is_a_v2_job() -> None:
    body = (DEMO_DATA / "v2" / "receipt_completed_per_doc.json").read_bytes()

    read = read_uploaded(body)

    assert read.found == "an Extract v2 job"
    assert read.loaded is not None
    assert read.loaded.extraction is not None
    assert read.loaded.extraction.job_id == "ext-4f285bcf-9621-4808-b607-7880368bf775"
    assert read.loaded.body == body  # the download gives back the file as it came


def test_a_v2_list_response_offers_each_job() -> None:
    body = (SAMPLES / "v2" / "01_list_response_stainless_fixture.json").read_bytes()
    items = json.loads(body)["items"]

    read = read_uploaded(body)

    assert (
        read.found == f"an Extract v2 job list ({len(items)} job{'s' if len(items) != 1 else ''})"
    )
    assert read.loaded is None
    assert len(read.jobs) == len(items)
    first = read.jobs[0]
    assert first.label.startswith(f"0: {items[0]['id']} · ")
    assert first.loaded.extraction is not None
    assert json.loads(first.loaded.body) == items[0]


def test_a_list_item_that_is_not_a_job_is_offered_with_why() -> None:
    body = json.dumps({"items": [{"id": "ext-a", "status": "COMPLETED"}, 3, {"status": "x"}],
                       "next_page_token": None}).encode()  # fmt: skip

    read = read_uploaded(body)

    # The list reader keeps objects only, and says what it left out.
    assert [job.label for job in read.jobs] == ["0: ext-a · COMPLETED", "1: not a job"]
    assert read.jobs[1].loaded.error is not None
    assert read.list_problems


def test_a_file_that_is_neither_says_why_and_found_nothing() -> None:
    read = read_uploaded(b'{"id": 1}')

    assert read.found is None
    assert read.loaded is not None
    assert read.loaded.error is not None
