"""Extract v2 jobs on the run page (AppTest against the fake API): every status, credits,
a server that will not report them, and settings from a saved configuration."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud
from run_inspector.presentation.usage_text import NO_CREDITS
from tests.apptest.conftest import frames, page_text
from tests.conftest import DEMO_DATA

RECEIPT = json.loads((DEMO_DATA / "v2" / "receipt_completed_per_doc.json").read_text())
JOB = RECEIPT["id"]
BADGES = {
    "PENDING": "Pending",
    "THROTTLED": "Throttled",
    "RUNNING": "Running",
    "COMPLETED": "Completed",
    "FAILED": "Failed",
    "CANCELLED": "Cancelled",
}


def receipt(**changes: Any) -> dict[str, Any]:
    return {**RECEIPT, **changes}


@pytest.mark.parametrize("status", list(BADGES))
def test_a_v2_job_in_each_status_opens_and_says_what_it_is(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, status: str
) -> None:
    failed = status == "FAILED"
    fake_api.add_v2_job(receipt(status=status, error_message="Parse failed" if failed else None))

    at = live_app(job_id=JOB)

    assert not at.exception
    assert f"-badge[{BADGES[status]}]" in page_text(at)  # st.badge is Markdown
    texts = [t.value for t in at.text]
    assert any(t.startswith("Extract v2 job, answered by http://127.0.0.1:") for t in texts)
    assert "Extracted data" in [h.value for h in at.header]
    assert ("Parse failed" in [c.value for c in at.code]) is failed
    (request,) = fake_api.requests_for(JOB)
    assert request.path == f"/api/v2/extract/{JOB}"
    assert request.query_lists["expand"] == ["configuration", "extract_metadata", "usage"]


def test_a_completed_v2_job_shows_credits_data_config_and_file_input(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.add_v2_job(receipt())

    at = live_app(job_id=JOB, project_id=RECEIPT["project_id"])

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Credits"] == "8"
    assert "Pages billed" in metrics
    config = next(
        f
        for f in frames(at)
        if list(f.columns)[:2] == ["Field", "Value"] and "tier" in f["Field"].tolist()
    )
    assert config.set_index("Field").loc["tier", "Default"] == "cost_effective"
    file_card = next(f for f in frames(at) if "Field" in f and "Parse job ID" in set(f["Field"]))
    rows = dict(zip(file_card["Field"], file_card["Value"], strict=True))
    assert rows["File ID"] == RECEIPT["file_input"]
    assert rows["Parse job ID"] == RECEIPT["extract_metadata"]["parse_job_id"]
    (request,) = fake_api.requests_for(JOB)
    assert request.query["project_id"] == RECEIPT["project_id"]


def test_a_server_that_refuses_the_usage_expand_still_shows_the_job(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.rejects_usage_expand = True
    fake_api.add_v2_job(receipt())

    at = live_app(job_id=JOB)

    assert not at.exception
    assert not at.error
    assert NO_CREDITS in page_text(at)
    assert "Credits" not in {m.label for m in at.metric}
    expands = [r.query_lists.get("expand") for r in fake_api.requests_for(JOB)]
    assert expands[-1] == ["configuration", "extract_metadata"]


def test_settings_from_a_saved_configuration_say_so(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    config_id = "cfg-7d0c9a62-5b1e-4d7f-9a3c-2e8b4f6d1a05"
    fake_api.add_saved_configuration(
        {"id": config_id, "name": "Receipts", "product_type": "extract_v2", "version": "4",
         "parameters": RECEIPT["configuration"]}
    )  # fmt: skip
    job = receipt(configuration_id=config_id, configuration=None)
    fake_api.add_v2_job(json.dumps(job).encode(), job_id=JOB)

    at = live_app(job_id=JOB)

    assert "Settings from saved configuration Receipts, version 4" in page_text(at)
    assert "Schema" in [h.value for h in at.header]


def test_a_share_link_pasted_into_the_job_box_fills_all_three_boxes(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.add_v2_job(receipt())
    org = "org-3b1f0c2e"
    at = live_app()
    link = (
        f"https://inspector.example.com/?job_id={JOB}&project_id={RECEIPT['project_id']}"
        f"&organization_id={org}&view=raw#frag"
    )

    at.text_input(key="job_id").input(link).run()

    assert at.text_input(key="job_id").value == JOB
    assert at.text_input(key="project_id").value == RECEIPT["project_id"]
    assert at.text_input(key="organization_id").value == org
    assert at.query_params["job_id"] == JOB  # never the link itself
    assert "-badge[Completed]" in page_text(at)


def test_a_pasted_link_with_a_bad_job_id_says_so_and_keeps_no_url(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app()

    at.text_input(key="job_id").input("https://x.example/?job_id=../../admin").run()

    assert at.text_input(key="job_id").value == ""
    assert "The pasted link cannot be opened." in page_text(at)
    assert fake_api.requests == []


def test_a_server_that_refuses_a_prj_project_id_says_so(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.uuid_scope_ids = True
    fake_api.add_v2_job(receipt())

    at = live_app(job_id=JOB, project_id=RECEIPT["project_id"])

    message = page_text(at)
    assert f"refused the project ID {RECEIPT['project_id']} (422)" in message
    assert "may accept only UUIDs there" in message


@pytest.mark.parametrize(
    ("box", "pasted"),
    [
        ("job_id", "https://cloud.llamaindex.ai/project/abc/extract/jobs"),
        ("project_id", "llx-0123456789abcdef"),
        ("organization_id", "https://cloud.llamaindex.ai/?organization_id=x"),
    ],
)
def test_a_link_or_key_typed_into_a_box_is_not_kept_in_the_url(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, box: str, pasted: str
) -> None:
    fake_api.add_v2_job(receipt())
    at = live_app(job_id=JOB)

    at.text_input(key=box).input(pasted).run()

    assert at.text_input(key=box).value == ""
    assert box not in at.query_params or at.query_params[box] in ("", JOB)
    assert "looked like a link or an API key" in page_text(at)
    assert pasted not in page_text(at)
