"""The batch page in AppTest: a link's batch, pasted and uploaded lists, the 50-ID link limit,
reruns that ask nothing, retrying failed rows, a bad project ID, and the CSV download."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from loaders.batch_inputs import FILE_KEY, LINK_PARAM, MAX_LINKED_IDS, TEXT_KEY
from run_inspector.demo.samples import DEMO_BATCH_IDS, DEMO_UNKNOWN_JOB_ID
from run_inspector.fake_api import FakeLlamaCloud, ScriptedResponse
from run_inspector.presentation.batch_table import BATCH_COLUMNS
from run_inspector.presentation.csv_export import FORMULA_PREFIXES
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT, failures_shown, frames, page_text
from tests.conftest import demo_run

BATCH_PAGE = "pages/batch.py"
CHECK = "batch-check"
RETRY = "batch-retry"
CSV = "batch-csv"
FORMULA = '=HYPERLINK("https://evil.example/x","Open")'
TOO_LONG = "too many to share as a link"


# --- Helpers --------------------------------------------------------------------------------


def open_batch(**query: str) -> AppTest:
    """The batch page after its first run, opened at these URL query parameters."""
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    at.switch_page(BATCH_PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def check(at: AppTest, text: str) -> AppTest:
    """Paste `text` into the job box and press Check."""
    at.text_area(key=TEXT_KEY).input(text)
    return at.button(key=CHECK).click().run()


def batch_table(at: AppTest) -> pd.DataFrame:
    """The batch's own table (the one with a Link column: not "Entries left out")."""
    (table,) = [f for f in frames(at) if "Link" in f.columns]
    return table


def counts(at: AppTest) -> dict[str, int]:
    return {m.label: int(str(m.value).replace(",", "")) for m in at.metric}


def statuses(at: AppTest) -> dict[str, str]:
    table = batch_table(at)
    return dict(zip(table["Job ID"], table["Status"], strict=True))


def new_v1() -> str:
    return str(uuid.uuid4())


def new_v2() -> str:
    return f"ext-{uuid.uuid4()}"


def store_v1(api: FakeLlamaCloud, job_id: str, sample: str = "capacitor_per_doc_confidence",
             **changes: Any) -> str:  # fmt: skip
    return api.add_run(demo_run(sample) | {"job_id": job_id, **changes})


def requested_ids(api: FakeLlamaCloud) -> list[str]:
    """The job ID at the end of every request path the fake API received, in order."""
    return [r.path.rsplit("/", 1)[-1] for r in api.requests]


@pytest.fixture
def download_managers(monkeypatch: pytest.MonkeyPatch) -> list[MediaFileManager]:
    """Every media file manager AppTest creates (one per run), to read a deferred download."""
    made: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Recording)
    return made


def downloaded(at: AppTest, managers: list[MediaFileManager], key: str) -> bytes:
    """What the download button `key` serves when clicked: its deferred callable's bytes."""
    file_id = at.download_button(key=key).proto.deferred_file_id
    assert file_id, "the download is not deferred: read its data some other way"
    # Private, but it is what the server runs when the browser asks for the file.
    entries = [m._deferred_callables.get(file_id) for m in managers]
    (entry,) = [e for e in entries if e is not None]
    data = entry["callable"]()
    assert isinstance(data, bytes)
    return data


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_batch_link_lists_its_14_jobs_in_order_with_one_not_found() -> None:
    at = open_batch(job_ids=DEMO_BATCH_IDS)

    table = batch_table(at)
    assert table["Job ID"].tolist() == DEMO_BATCH_IDS.split(",")
    assert len(table) == 14
    shown = counts(at)
    assert sum(shown.values()) == 14
    assert shown["not found"] == 1
    assert statuses(at)[DEMO_UNKNOWN_JOB_ID] == "not found"
    assert "14 job IDs (9 v1, 5 v2)." in page_text(at)
    assert at.text_area(key=TEXT_KEY).value == DEMO_BATCH_IDS.replace(",", "\n")


def test_the_demo_button_starts_the_demo_batch_and_puts_it_in_the_url() -> None:
    at = open_batch()
    assert "Paste job IDs or upload a list, then press Check." in page_text(at)
    assert LINK_PARAM not in at.query_params

    at.button(key="batch-demo").click().run()

    assert batch_table(at)["Job ID"].tolist() == DEMO_BATCH_IDS.split(",")
    assert at.query_params[LINK_PARAM] == DEMO_BATCH_IDS


def test_the_run_pages_demo_banner_links_to_the_demo_batch(
    demo_app: Callable[..., AppTest],
) -> None:
    at = demo_app()

    (link,) = [p for p in at.get("page_link") if str(p.proto.label).startswith("Or check them all")]
    assert link.proto.page == "batch"
    query = dict(parse_qsl(link.proto.query_string, keep_blank_values=True))
    assert query == {LINK_PARAM: DEMO_BATCH_IDS}

    at.switch_page(BATCH_PAGE)  # where the link goes, with its query
    for key, value in query.items():
        at.query_params[key] = value
    at.run()

    assert batch_table(at)["Job ID"].tolist() == DEMO_BATCH_IDS.split(",")
    assert counts(at)["not found"] == 1


# --- Pasted and uploaded lists --------------------------------------------------------------


def test_pasted_ids_with_every_separator_duplicates_junk_and_a_key(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    one, two, three = new_v1(), new_v1(), new_v2()
    store_v1(fake_api, one)
    store_v1(fake_api, two)
    fake_api.add_v2_job(demo_run("v2/receipt_completed_per_doc") | {"id": three})
    key = "llx-Secret0123456789abcdef"
    long_junk = "x" * 80
    pasted = (
        f"{one}, {two};{three}\n"  # comma, semicolon, new line
        f"{two.upper()}\t{{{one}}}   not-an-id\r\n"  # tab, wrapped, spaces; 2 duplicates
        f'"{three}" ;; {key} , {long_junk}\n'  # quoted duplicate, the key, long junk
        f"https://inspector.example.com/?job_id={one}&project_id=prj-abc\n"  # a run link
    )
    at = open_batch()
    at.text_area(key=TEXT_KEY).input(pasted).run()
    assert fake_api.requests == []  # typing starts nothing

    at.button(key=CHECK).click().run()

    assert (
        "3 job IDs (2 v1, 1 v2). 4 duplicates dropped. "
        "3 entries are not job IDs and were not sent." in page_text(at)
    )
    (left_out,) = [f for f in frames(at) if list(f.columns) == ["Entry", "Why"]]
    assert left_out["Entry"].tolist() == ["not-an-id", "llx-…", "x" * 60 + "…"]
    assert left_out["Why"].tolist() == [
        "not a v1 UUID or an Extract v2 ext-… ID",
        "looks like an API key: left out, and not shown",
        "not a v1 UUID or an Extract v2 ext-… ID",
    ]
    assert "Entries left out (3)" in [e.label for e in at.expander]
    assert batch_table(at)["Job ID"].tolist() == [one, two, three]
    assert at.query_params[LINK_PARAM] == f"{one},{two},{three}"
    assert sorted(requested_ids(fake_api)) == sorted([one, two, three])
    # The key is nowhere but in the box it was typed in.
    everywhere = [page_text(at), *(f.to_csv() for f in frames(at)), str(dict(at.query_params))]
    assert not [part for part in everywhere if key in part or "Secret0123" in part]


def test_an_uploaded_csv_becomes_the_batch_and_fills_the_box(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    one, two = new_v1(), new_v2()
    store_v1(fake_api, one)
    content = f"job_id;file\n{one};a.pdf\n{two};b.pdf\n{one};a2.pdf\n{two};b2.pdf\n".encode()
    at = open_batch()

    at.file_uploader(key=FILE_KEY).upload("jobs.csv", content, "text/csv").run()

    assert "2 job IDs (1 v1, 1 v2). 2 duplicates dropped." in page_text(at)
    assert at.text_area(key=TEXT_KEY).value == f"{one}\n{two}"
    assert statuses(at) == {one: "Success", two: "not found"}
    assert at.query_params[LINK_PARAM] == f"{one},{two}"


# --- The link limit -------------------------------------------------------------------------


def test_more_than_50_ids_take_the_batch_out_of_the_url_and_say_why(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    few = [new_v1(), new_v2()]
    at = open_batch()
    check(at, " ".join(few))
    assert at.query_params[LINK_PARAM] == ",".join(few)
    assert TOO_LONG not in page_text(at)

    many = [new_v1() for _ in range(MAX_LINKED_IDS + 1)]  # none stored: 51 404s
    check(at, "\n".join(many))

    assert LINK_PARAM not in at.query_params
    assert (
        f"This batch has {len(many)} job IDs: too many to share as a link "
        f"(a link carries up to {MAX_LINKED_IDS}). Share the CSV instead." in page_text(at)
    )
    assert len(batch_table(at)) == len(many)
    assert counts(at) == {"not found": len(many)}


def test_exactly_50_ids_still_make_a_link(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    ids = [new_v2() for _ in range(MAX_LINKED_IDS)]
    at = open_batch()

    check(at, ",".join(ids))

    assert at.query_params[LINK_PARAM] == ",".join(ids)
    assert TOO_LONG not in page_text(at)


# --- Requests: reruns ask nothing, a retry asks only for the failed rows ---------------------


def test_an_opened_link_keeps_only_its_checked_ids_in_the_url(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = new_v1()
    key = "llx-" + "k" * 40
    at = open_batch(job_ids=f"{job.upper()},{key},junk")

    assert at.query_params[LINK_PARAM] == job
    assert key not in page_text(at)
    assert statuses(at) == {job: "not found"}


def test_an_opened_link_past_50_ids_is_checked_but_leaves_the_url(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    ids = [new_v2() for _ in range(MAX_LINKED_IDS + 1)]
    at = open_batch(job_ids=",".join(ids))

    assert LINK_PARAM not in at.query_params
    assert TOO_LONG in page_text(at)
    assert len(batch_table(at)) == MAX_LINKED_IDS + 1


def test_a_rerun_asks_the_api_nothing_even_once_the_cache_let_go(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    ok, missing = new_v1(), new_v2()
    store_v1(fake_api, ok)
    at = open_batch(job_ids=f"{ok},{missing}")
    assert statuses(at) == {ok: "Success", missing: "not found"}
    fake_api.reset_requests()

    at.run()
    at.text_area(key=TEXT_KEY).input("typed, not checked").run()
    at.download_button(key=CSV).click().run()
    st.cache_resource.clear()  # the shared row cache is gone
    at.run()

    assert fake_api.requests == []
    assert statuses(at) == {ok: "Success", missing: "not found"}


def test_retry_fetches_only_the_failed_rows_again(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    """AppTest reruns the whole script on a click, so a fragment's own rerun (where the
    retry flag once clashed with the button's key) is covered by the browser test."""
    ok, flaky, later = new_v1(), new_v1(), new_v2()
    store_v1(fake_api, ok)
    store_v1(fake_api, flaky)
    fake_api.add_v2_job(demo_run("v2/receipt_completed_per_doc") | {"id": later})
    fake_api.script(flaky, ScriptedResponse(403, {"detail": "Not your project"}))
    fake_api.script(later, ScriptedResponse(404, {"detail": "Job not found"}))
    at = open_batch(job_ids=f"{ok},{flaky},{later}")
    assert statuses(at) == {ok: "Success", flaky: "no access", later: "not found"}
    assert counts(at) == {"done": 1, "no access": 1, "not found": 1}
    assert at.button(key=RETRY).label == "Retry failed rows (2 not fetched)"
    fake_api.reset_requests()

    at.button(key=RETRY).click().run()

    assert sorted(requested_ids(fake_api)) == sorted([flaky, later])
    assert statuses(at) == {ok: "Success", flaky: "Success", later: "Completed"}
    assert counts(at) == {"done": 3}
    retry = at.button(key=RETRY)
    assert (retry.label, retry.disabled) == ("Retry failed rows (0 not fetched)", True)
    fake_api.reset_requests()
    at.run()
    assert fake_api.requests == []  # asked once, then forgotten


# --- Opening a row's run ---------------------------------------------------------------------


def select_row(at: AppTest, row: int) -> AppTest:
    """Tick one row of the batch table (AppTest writes a table's selection through its key)."""
    (table,) = [df for df in at.dataframe if "Link" in df.value.columns]
    assert table.key is not None
    assert re.fullmatch(r"batch-[0-9a-f]{12}-runs", table.key)
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def test_open_run_opens_the_selected_rows_run(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    first, second = new_v1(), new_v1()
    store_v1(fake_api, first)
    store_v1(fake_api, second)
    at = open_batch(job_ids=f"{first},{second}")
    assert at.button(key="batch-open").disabled  # nothing selected

    select_row(at, 1)
    at.button(key="batch-open").click().run()

    assert not failures_shown(at)
    assert at.query_params["job_id"] == second
    assert LINK_PARAM not in at.query_params
    assert at.text_input(key="job_id").value == second
    assert "-badge[Success]" in page_text(at)


def test_open_run_keeps_the_rows_project_id(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    """The row's link carries the batch's project ID, and so must the run page it opens.

    Streamlit refuses to set a query parameter bound to a widget ("Cannot directly set query
    parameter 'project_id'"), so the page passes only the job; the project box carries over.
    """
    job, project = new_v1(), "prj-batch"
    store_v1(fake_api, job)
    at = open_batch(job_ids=job, project_id=project)
    assert batch_table(at)["Link"].tolist() == [f"./?job_id={job}&project_id={project}"]

    select_row(at, 0)
    at.button(key="batch-open").click().run()

    assert not failures_shown(at)
    assert at.query_params["job_id"] == job
    assert at.query_params["project_id"] == project
    assert at.text_input(key="project_id").value == project
    assert fake_api.requests[-1].query["project_id"] == project


# --- Bad input ------------------------------------------------------------------------------


def test_a_bad_project_id_says_so_and_sends_nothing(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = new_v1()
    at = open_batch(job_ids=job, project_id="not an id")

    assert "That project ID is neither a UUID" in page_text(at)
    assert "(got 9 characters)." in page_text(at)
    assert fake_api.requests == []
    assert [f for f in frames(at) if "Link" in f.columns] == []

    check(at, new_v2())
    assert fake_api.requests == []

    at.text_input(key="project_id").input("").run()
    assert len(fake_api.requests) == 1


# --- The CSV --------------------------------------------------------------------------------


def test_the_csv_is_the_table_with_formulas_neutralised(
    live_app: Callable[..., AppTest],
    fake_api: FakeLlamaCloud,
    download_managers: list[MediaFileManager],
) -> None:
    done, failed, missing = new_v1(), new_v1(), new_v2()
    store_v1(fake_api, done)
    store_v1(fake_api, failed, "datasheet_error", error=FORMULA)
    at = open_batch(job_ids=f"{done},{failed},{missing}")
    table = batch_table(at)
    assert table.set_index("Job ID").loc[failed, "Error"] == FORMULA

    data = downloaded(at, download_managers, CSV)

    read = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(read.columns) == list(BATCH_COLUMNS)
    assert len(read) == len(table)
    for column in BATCH_COLUMNS:
        shown = ["" if pd.isna(v) else str(v) for v in table[column]]
        expected = ["'" + v if v == FORMULA else v for v in shown]
        assert read[column].tolist() == expected, column
    assert read.set_index("Job ID").loc[failed, "Error"] == "'" + FORMULA
    risky = [c for c in read.to_numpy().ravel() if str(c).startswith(FORMULA_PREFIXES)]
    assert risky == []


def test_coming_back_from_another_page_brings_back_the_box_and_the_link() -> None:
    at = open_batch()
    at.button(key="batch-demo").click().run()
    at.switch_page("pages/runs.py").run()
    at.query_params.clear()  # the sidebar's link to the batch page carries no query
    at.switch_page(BATCH_PAGE).run()

    assert at.text_area(key=TEXT_KEY).value == DEMO_BATCH_IDS.replace(",", "\n")
    assert at.query_params[LINK_PARAM] == DEMO_BATCH_IDS
    assert len(batch_table(at)) == 14


def test_a_key_typed_in_the_box_is_not_brought_back_from_another_page() -> None:
    job = new_v1()
    key = "llx-" + "t" * 40
    at = open_batch()
    at.text_area(key=TEXT_KEY).input(f"{job} {key}").run()  # typed, never checked
    at.switch_page("pages/runs.py").run()
    at.switch_page(BATCH_PAGE).run()

    restored = at.text_area(key=TEXT_KEY).value or ""
    assert job in restored
    assert key not in restored


def test_check_leaves_only_the_checked_ids_in_the_box() -> None:
    job = new_v1()
    key = "llx-" + "s" * 40
    at = open_batch()
    check(at, f"{job} {key} not-an-id {job.upper()}")

    assert at.text_area(key=TEXT_KEY).value == job
    assert key not in page_text(at)
