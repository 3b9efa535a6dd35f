"""Tests for the shareable run link: only the run's IDs travel, never the rest of the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from run_inspector.presentation.share_link import share_link
from run_inspector.references.pasted_link import SharedView, split_share_link

JOB = "5bb8a583-366c-416c-ba55-4f5724fef9a9"
PROJECT = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
ORG = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


def test_local_app_url() -> None:
    assert share_link("http://localhost:8501/", JOB, PROJECT, ORG) == (
        f"http://localhost:8501/?job_id={JOB}&project_id={PROJECT}&organization_id={ORG}"
    )


def test_sub_path_keeps_the_path_and_drops_query_and_fragment() -> None:
    assert share_link("https://host/sub/path/?x=1#frag", JOB, None, None) == (
        f"https://host/sub/path/?job_id={JOB}"
    )


def test_a_base_path_shown_without_its_slash_gets_it() -> None:
    """The run page is the app's root; a proxy routes `/inspector/`, not `/inspector`."""
    assert share_link("http://127.0.0.1:8080/inspector", JOB, None, None) == (
        f"http://127.0.0.1:8080/inspector/?job_id={JOB}"
    )


def test_api_key_in_the_url_is_never_shared() -> None:
    link = share_link(
        "https://inspector.example.com/?api_key=llx-secret&job_id=old#llx-secret",
        JOB,
        PROJECT,
        None,
    )

    assert "llx-secret" not in link
    assert "old" not in link
    assert parse_qs(urlsplit(link).query) == {"job_id": [JOB], "project_id": [PROJECT]}


def test_credentials_in_the_host_part_are_dropped() -> None:
    link = share_link("https://user:llx-secret@inspector.example.com:8443/app", JOB, None, None)

    assert link == f"https://inspector.example.com:8443/app/?job_id={JOB}"


def test_empty_ids_are_left_out() -> None:
    assert share_link("http://localhost:8501/", JOB, "", "") == (
        f"http://localhost:8501/?job_id={JOB}"
    )


def test_values_are_url_encoded() -> None:
    link = share_link("http://localhost:8501/", "a b&c=d", None, None)

    assert link == "http://localhost:8501/?job_id=a+b%26c%3Dd"
    assert parse_qs(urlsplit(link).query) == {"job_id": ["a b&c=d"]}


def test_url_without_a_path_gets_a_slash() -> None:
    assert share_link("http://localhost:8501", JOB, None, None) == (
        f"http://localhost:8501/?job_id={JOB}"
    )


def test_an_extract_v2_job_round_trips() -> None:
    link = share_link("http://localhost:8501/", "ext-test-job-id", "prj-abc", None)

    assert link == "http://localhost:8501/?job_id=ext-test-job-id&project_id=prj-abc"
    assert split_share_link(link) == SharedView("ext-test-job-id", "prj-abc", None)


def test_a_source_page_shown_goes_into_the_link() -> None:
    link = share_link("https://inspector.example/?x=1", "job-1", None, None, "line_items[0].sku", 2)
    assert link == "https://inspector.example/?job_id=job-1&field=line_items%5B0%5D.sku&page=2"
