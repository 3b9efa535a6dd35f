"""Two run views on one page: every key a component makes is scoped, so nothing collides."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import APP_TIMEOUT, page_text


def two_views_page() -> None:
    """A test page: the same demo run beside another, and beside itself, each in its scope."""
    import streamlit as st

    from components.run_view import render_run
    from components.scope import Scope
    from loaders.data_access import load_run
    from run_inspector.demo.samples import DEMO_SAMPLES, demo_connection
    from run_inspector.loading.run_view import build_run_view
    from run_inspector.references.job_reference import parse_job_reference

    connection = demo_connection()
    pairs = st.session_state.get("pairs", [(0, 1)])
    for left, right in pairs:
        for scope, sample in (("left", DEMO_SAMPLES[left]), ("right", DEMO_SAMPLES[right])):
            job = parse_job_reference(sample.job_id)
            loaded = load_run(connection, job, None, None)
            view = build_run_view(loaded, None)
            assert view is not None
            render_run(view, Scope(f"{scope}-{left}-{right}"))


def open_two_views(pairs: list[tuple[int, int]]) -> AppTest:
    at = AppTest.from_function(two_views_page, default_timeout=APP_TIMEOUT)
    at.session_state["pairs"] = pairs
    return at.run()


def test_two_runs_side_by_side_draw_without_a_duplicate_key() -> None:
    at = open_two_views([(0, 1)])

    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers.count("Extracted data") == 2
    assert headers.count("Schema") == 2
    assert headers.count("Config") == 2


def test_the_same_run_twice_on_one_page_draws_twice() -> None:
    at = open_two_views([(0, 0), (2, 2)])

    assert not at.exception
    assert [h.value for h in at.header].count("Extracted data") == 4


def test_a_filter_in_one_view_leaves_the_other_alone() -> None:
    at = open_two_views([(0, 0)])
    at.text_input(key="left-0-0-field_filter").input("no field is called this").run()

    assert not at.exception
    assert at.text_input(key="left-0-0-field_filter").value == "no field is called this"
    assert at.text_input(key="right-0-0-field_filter").value == ""
    texts = [t.value for t in at.text]
    assert texts.count("No field matches the filter.") == 1
    assert "Traceback" not in page_text(at)
