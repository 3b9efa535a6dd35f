"""The shared check can fail: a component that raises is reported, though the page guard
turns it into a calm sentence."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

import components.run_view
from components.page_guard import UNEXPECTED_FAILURE
from tests.apptest.conftest import (
    failures_shown,
    logged_problems,
    page_text,
    recording_warnings,
)


def _broken_config(*_: object) -> None:
    raise RuntimeError("config panel broken on purpose")


@pytest.mark.expect_guard
def test_a_component_that_raises_is_reported_by_the_shared_check(
    demo_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(components.run_view, "render_config", _broken_config)
    with recording_warnings(monkeypatch) as records:
        at = demo_app()

    assert UNEXPECTED_FAILURE in page_text(at)
    assert not at.exception  # the guard caught it: this alone would have passed
    assert failures_shown(at) == [f"error: {UNEXPECTED_FAILURE}"]
    (logged,) = logged_problems(records)
    assert logged == "ERROR run_inspector: Unexpected failure while rendering"
    assert records[-1].exc_info is not None
    assert "config panel broken on purpose" in str(records[-1].exc_info[1])


def test_warnings_from_the_app_or_streamlit_are_problems_others_are_not() -> None:
    def record(name: str, level: int, message: str) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, message, None, None)

    records = [
        record("streamlit.runtime.caching", logging.WARNING, "cache miss storm"),
        record("components.field_detail", logging.ERROR, "no rows"),
        record("urllib3.connectionpool", logging.WARNING, "not the app's logger"),
    ]

    assert logged_problems(records) == [
        "WARNING streamlit.runtime.caching: cache miss storm",
        "ERROR components.field_detail: no rows",
    ]
