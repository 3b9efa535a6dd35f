"""AppTest tests of the run page: what a person sees for each kind of run and failure."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from run_inspector.demo.samples import DEFAULT_DEMO_JOB_ID, DEMO_SAMPLES
from run_inspector.fake_api import FakeLlamaCloud, ScriptedResponse
from tests.apptest.conftest import frames, page_text, shown
from tests.conftest import TEST_API_KEY, demo_run

CAPACITOR = demo_run("capacitor_per_doc_confidence")
ERROR_RUN = demo_run("datasheet_error")
PENDING_RUN = demo_run("receipt_pending")
HOSPITALS = demo_run("bsc_hospitals_per_table_row")


def test_shared_link_opens_the_run_with_status_config_file_data_and_schema(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(CAPACITOR)
    at = live_app(job_id=job)

    assert not at.exception
    assert at.text_input(key="job_id").value == job
    text = page_text(at)
    assert "Success" in text
    for heading in ("Extracted data", "Schema", "Config", "File"):
        assert heading in text
    assert "document (2).pdf.txt" in frames(at)[-1]["Value"].tolist()
    resource_info = '{\n  "file_size": 2562,\n  "last_modified_at": "2025-08-13T15:45:39"\n}'
    assert resource_info in [t.value for t in at.text]
    data = frames(at)[0]
    assert data["Field"].tolist()[:3] == ["dimensions", "dimensions.length", "dimensions.width"]
    assert data.loc[data["Field"] == "dimensions.length", "Value"].item() == "82 mm"
    schema = frames(at)[1]
    assert "string, nullable" in schema["Type"].tolist()
    received = fake_api.requests_for(job)
    assert len(received) == 1
    assert received[0].headers["authorization"] == f"Bearer {TEST_API_KEY}"


def test_project_and_organization_reach_the_api_as_query_parameters(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(CAPACITOR)
    project = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
    org = "0f7e6d5c-4b3a-4291-8807-f6e5d4c3b2a1"
    live_app(job_id=job, project_id=project, organization_id=org)

    (request,) = fake_api.requests_for(job)
    assert request.query == {"project_id": project, "organization_id": org}


def test_reruns_do_not_refetch(live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud) -> None:
    job = fake_api.add_run(CAPACITOR)
    at = live_app(job_id=job)
    at.run()
    at.run()

    assert len(fake_api.requests_for(job)) == 1
    assert "82 mm" in frames(at)[0]["Value"].tolist()


def test_refresh_button_forces_a_new_fetch(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(CAPACITOR)
    at = live_app(job_id=job)
    next(b for b in at.button if b.label == "Refresh").click().run()

    assert len(fake_api.requests_for(job)) == 2


def test_error_run_shows_its_error_as_text(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(ERROR_RUN)
    at = live_app(job_id=job)

    assert not at.exception
    assert "Error" in page_text(at)
    assert ERROR_RUN["error"] in [c.value for c in at.code]
    assert "This run has no extracted data." in page_text(at)


def test_pending_run_says_it_keeps_checking(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(PENDING_RUN)
    at = live_app(job_id=job)

    text = page_text(at)
    assert "Pending" in text
    assert "not final yet, checking again every" in text


def test_unknown_status_is_shown_as_sent_and_checked_slowly(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run({**CAPACITOR, "status": "ARCHIVED"})
    at = live_app(job_id=job)

    assert not at.exception
    assert ":violet-badge[ARCHIVED]" in [m.value for m in at.markdown]
    assert any(t.value.endswith(" so far") for t in at.text)
    text = page_text(at)
    assert "not final yet, checking again every 30 s." in text


def test_cancelled_run_is_final_with_its_recorded_span(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run({**CAPACITOR, "status": "CANCELLED"})
    at = live_app(job_id=job)

    assert ":gray-badge[Cancelled]" in [m.value for m in at.markdown]
    text = page_text(at)
    assert "1 min 25 s" in [t.value for t in at.text]
    assert "Refresh fetches it again." in text
    assert "not final yet" not in text


def test_per_table_row_run_shows_one_row_per_item(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(HOSPITALS)
    at = live_app(job_id=job)

    data = frames(at)[0]
    assert data.columns.tolist() == ["#", "county", "hospital_name", "plan_names"]
    assert len(data) == 10
    assert data["plan_names"].iloc[0].startswith('["Trio HMO"')
    assert "PER_TABLE_ROW: the schema describes one item." in page_text(at)


def test_unknown_job_shows_not_found_sentence(live_app: Callable[..., AppTest]) -> None:
    at = live_app(job_id="00000000-0000-4000-8000-000000000000")

    assert not at.exception
    assert "No extraction run was found for job" in shown(at.error[0].value)
    assert "Extraction run not found" in [c.value for c in at.code]


def test_wrong_key_says_check_the_key_and_never_shows_it(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, monkeypatch
) -> None:
    wrong = "llx-wrong-key-should-never-show"
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", wrong)
    job = fake_api.add_run(CAPACITOR)
    at = live_app(job_id=job)

    assert "rejected the API key" in shown(at.error[0].value)
    assert wrong not in page_text(at)


def test_server_error_after_retries_names_the_status(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(CAPACITOR)
    bad_gateway = ScriptedResponse(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
    fake_api.script(job, bad_gateway, bad_gateway, bad_gateway)
    at = live_app(job_id=job)

    assert "HTTP 502" in shown(at.error[0].value)
    assert "(Tried 3 times.)" in shown(at.error[0].value)
    assert "<html><body><h1>502 Bad Gateway</h1></body></html>" in [c.value for c in at.code]
    assert len(fake_api.requests_for(job)) == 3


def test_a_body_without_any_id_is_refused_with_its_problem_and_raw_text(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = "5bb8a583-366c-416c-ba55-4f5724fef9a9"
    fake_api.add_run(b'{"id": 7, "status": "SUCCESS"}', job_id=job)
    at = live_app(job_id=job)

    assert "not with a valid extraction run" in shown(at.error[0].value)
    codes = [c.value for c in at.code]
    assert any("neither a run ID" in c for c in codes)
    assert '{"id": 7, "status": "SUCCESS"}' in codes


def test_a_run_with_only_an_id_and_a_status_opens_with_what_it_lacks_said(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = "5bb8a583-366c-416c-ba55-4f5724fef9aa"
    fake_api.add_run(b'{"id": "x", "status": "SUCCESS"}', job_id=job)
    at = live_app(job_id=job)

    assert not at.error
    assert "Success" in page_text(at)
    assert "This run has no extracted data." in [t.value for t in at.text]


def test_bad_job_id_is_refused_before_any_request(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id="../../admin")

    assert "is neither a v1 UUID" in shown(at.warning[0].value)
    assert "nor an Extract v2 ID like ext-" in shown(at.warning[0].value)
    assert fake_api.requests == []


def test_demo_mode_opens_the_first_sample_and_offers_every_sample(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app()

    assert not at.exception
    assert at.text_input(key="job_id").value == DEFAULT_DEMO_JOB_ID
    assert "Demo mode." in shown(at.info[0].value)
    sample_buttons = [b.label for b in at.button if b.key and b.key.startswith("run-demo-")]
    # Every sample, then the run whose source file the demo serves.
    assert sample_buttons == [*(s.title for s in DEMO_SAMPLES), "Invoice · source page (PDF)"]
    assert "Success" in page_text(at)


def test_clicking_a_demo_sample_opens_it(demo_app: Callable[..., AppTest]) -> None:
    at = demo_app()
    hospitals = next(s for s in DEMO_SAMPLES if "PER_TABLE_ROW" in s.title)
    at.button(key=f"run-demo-{hospitals.job_id}").click().run()

    assert at.text_input(key="job_id").value == hospitals.job_id
    assert "Alameda Hospital" in frames(at)[0]["hospital_name"].tolist()


def test_demo_mode_serves_every_sample_without_error(demo_app: Callable[..., AppTest]) -> None:
    for sample in DEMO_SAMPLES:
        at = demo_app(job_id=sample.job_id)
        assert not at.exception, sample.title
        # Expected alerts: an ERROR run's own error, and an expired file (the invoice sample).
        unexpected = [
            e.value
            for e in at.error
            if e.icon != ":material/schedule:" and "The run failed" not in e.value
        ]
        assert unexpected == [], sample.title


def test_configured_project_and_organization_are_the_defaults(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, monkeypatch
) -> None:
    project = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
    org = "0f7e6d5c-4b3a-4291-8807-f6e5d4c3b2a1"
    monkeypatch.setenv("LLAMA_CLOUD_PROJECT_ID", project)
    monkeypatch.setenv("LLAMA_CLOUD_ORGANIZATION_ID", org)
    job = fake_api.add_run(CAPACITOR)
    at = live_app(job_id=job)

    assert at.text_input(key="project_id").value == project
    (request,) = fake_api.requests_for(job)
    assert request.query == {"project_id": project, "organization_id": org}
    assert any(f"project_id={project}" in t.value for t in at.text)


def test_a_project_in_the_link_wins_over_the_configured_one(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, monkeypatch
) -> None:
    monkeypatch.setenv("LLAMA_CLOUD_PROJECT_ID", "77bdc79f-fb69-49ae-a783-fcc573eec7ce")
    job = fake_api.add_run(CAPACITOR)
    linked = "11111111-2222-4333-8444-555555555555"
    live_app(job_id=job, project_id=linked)

    (request,) = fake_api.requests_for(job)
    assert request.query == {"project_id": linked}


def test_a_schema_without_properties_still_shows_its_table_with_headers(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = "5bb8a583-366c-416c-ba55-4f5724fef9ab"
    fake_api.add_run(
        {**demo_run("capacitor_per_doc_confidence"), "data_schema": {"type": "object"}}, job_id=job
    )
    at = live_app(job_id=job)

    schema_tables = [f for f in frames(at) if list(f.columns)[:2] == ["Field", "Type"]]
    assert len(schema_tables) == 1
    assert schema_tables[0].empty


def many_arrays_run(run_id: str, arrays: int) -> dict[str, object]:
    """A run whose data holds `arrays` arrays of objects, each drawn as a table of its own."""
    names = [f"list_{n:02d}" for n in range(arrays)]
    item = {"type": "object", "properties": {"x": {"type": "integer"}}}
    return {
        **demo_run("capacitor_per_doc_confidence"),
        "id": run_id,
        "data": {name: [{"x": 1}] for name in names},
        "data_schema": {
            "type": "object",
            "properties": {name: {"type": "array", "items": item} for name in names},
        },
        "extraction_metadata": None,
    }


def test_how_many_arrays_are_shown_belongs_to_the_run(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    first, second = "5bb8a583-366c-416c-ba55-4f5724fef9b1", "5bb8a583-366c-416c-ba55-4f5724fef9b2"
    fake_api.add_run(many_arrays_run("run-1", 12), job_id=first)
    fake_api.add_run(many_arrays_run("run-2", 12), job_id=second)
    at = live_app(job_id=first)
    more = "Show 2 more of 2 arrays"

    next(b for b in at.button if b.label == more).click().run()
    assert more not in [b.label for b in at.button]
    assert "list_11 (1 item)" in [t.value for t in at.text]

    at.text_input(key="job_id").input(second).run()

    assert more in [b.label for b in at.button]
    assert "list_11 (1 item)" not in [t.value for t in at.text]
