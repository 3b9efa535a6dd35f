"""AppTest fixtures: a clean cache per test, the app pointed at the fake API or demo mode,
a check that fails any test whose app showed the guard's message or logged a warning, and
the readers the test modules share."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
import streamlit.logger
from streamlit.testing.v1 import AppTest

from components.page_guard import UNEXPECTED_FAILURE
from run_inspector.audit.sink import ENV_AUDIT_LOG
from run_inspector.fake_api import RunningServer
from tests.conftest import TEST_API_KEY

APP_TIMEOUT = 30
APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
GUARD_LOGGER = "run_inspector"
GUARD_LOG_MESSAGE = "Unexpected failure while rendering"  # components/page_guard.py
# Loggers whose warnings are the app's own or Streamlit's ("root" for a bare logging.warning
# in app code): anything else (the fake API's server, pytest) is test machinery.
WATCHED_LOGGERS = (
    "run_inspector",
    "components",
    "pages",
    "loaders",
    "streamlit",
    "__main__",
    "root",
)
# Warnings Streamlit logs that the app cannot prevent, as (logger prefix, message regex).
# Add an entry only with the reason it is unavoidable.
ALLOWED_LOGS: tuple[tuple[str, str], ...] = (
    # AppTest's own constructor writes session state from the test's thread, outside any
    # script run. Only MainThread: the same warning from the script's thread would be a bug.
    (
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        r"^Thread 'MainThread': missing ScriptRunContext!",
    ),
    # AppTest has no Streamlit runtime, so st.cache_data (the app's, and the clear() between
    # tests) keeps its entries in memory and says so. That is what a test wants.
    (
        "streamlit.runtime.caching.cache_data_api",
        r"^No runtime found, using MemoryCacheStorageManager$",
    ),
    # The app's own warning for a server API key with sign-in off, once per process (each
    # test clears the caches, so once per test); tests/apptest/test_sign_in.py checks it.
    ("run_inspector.sign_in", r"^Sign-in is off and the server has an API key: "),
)


@pytest.fixture(autouse=True)
def _clean_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "LLAMA_CLOUD_API_KEY",
        "LLAMA_CLOUD_BASE_URL",
        "LLAMA_CLOUD_PROJECT_ID",
        "LLAMA_CLOUD_ORGANIZATION_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


# --- Failing on what the page guard hides ---------------------------------------------------


class _Records(logging.Handler):
    """Keeps every record at WARNING or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def recording_warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[logging.LogRecord]]:
    """Every WARNING+ record logged until the block ends, Streamlit's loggers included."""
    handler = _Records()
    # Streamlit's loggers do not propagate to the root logger: each gets the handler, and so
    # does any logger a lazily imported Streamlit module creates during the test.
    watched = [logging.getLogger(), *streamlit.logger._loggers.values()]
    original_get_logger = streamlit.logger.get_logger

    def get_logger(name: str) -> logging.Logger:
        logger = original_get_logger(name)
        if handler not in logger.handlers:
            logger.addHandler(handler)
            watched.append(logger)
        return logger

    monkeypatch.setattr(streamlit.logger, "get_logger", get_logger)
    for logger in watched:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in watched:
            logger.removeHandler(handler)


def failures_shown(at: AppTest) -> list[str]:
    """What the app shows of an unexpected failure: Streamlit's exception box or the guard's
    message."""
    shown = [f"exception: {e.value}" for e in at.exception]
    shown += [f"error: {e.value}" for e in at.error if UNEXPECTED_FAILURE in e.value]
    return shown


def logged_problems(
    records: list[logging.LogRecord],
    *,
    expect_guard: bool = False,
    expected: tuple[tuple[str, str], ...] = (),
) -> list[str]:
    """The app's and Streamlit's WARNING+ records, less the allow-list, the guard's own
    record when the test provokes it on purpose, and the `expected` (logger, pattern) pairs
    the test provokes."""
    problems = []
    for record in records:
        if not record.name.startswith(WATCHED_LOGGERS):
            continue
        message = record.getMessage()
        if expect_guard and (record.name, message) == (GUARD_LOGGER, GUARD_LOG_MESSAGE):
            continue
        if any(
            record.name.startswith(name) and re.search(pattern, message)
            for name, pattern in (*ALLOWED_LOGS, *expected)
        ):
            continue
        problems.append(f"{record.levelname} {record.name}: {message}")
    return problems


@pytest.fixture(autouse=True)
def _no_failure_shown_or_logged(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[AppTest]]:
    """Every AppTest a test opens ends without the guard's message or an exception box, and
    nothing the app or Streamlit logs is a warning or worse.

    A test that breaks the app on purpose says so with @pytest.mark.expect_guard; it then has
    to show the guard's message at least once. A test that provokes a warning an operator
    should see says so with @pytest.mark.expect_log(logger, pattern); it must be logged.
    """
    opened: list[AppTest] = []
    from_file = AppTest.from_file

    def recording_from_file(*args: Any, **kwargs: Any) -> AppTest:
        at = from_file(*args, **kwargs)
        opened.append(at)
        return at

    monkeypatch.setattr(AppTest, "from_file", recording_from_file)
    expect_guard = request.node.get_closest_marker("expect_guard") is not None
    with recording_warnings(monkeypatch) as records:
        yield opened
    shown = [failure for at in opened for failure in failures_shown(at)]
    if expect_guard:
        assert shown, "marked expect_guard, but no app showed the guard's message"
    else:
        assert shown == [], "the app showed an unexpected failure:\n" + "\n".join(shown)
    expected = tuple(
        (str(marker.args[0]), str(marker.args[1]))
        for marker in request.node.iter_markers("expect_log")
    )
    for name, pattern in expected:
        assert any(
            r.name.startswith(name) and re.search(pattern, r.getMessage()) for r in records
        ), f"marked expect_log, but {name} logged nothing matching {pattern!r}"
    logged = logged_problems(records, expect_guard=expect_guard, expected=expected)
    assert logged == [], "the app or Streamlit logged:\n" + "\n".join(logged)


# --- Opening the app ------------------------------------------------------------------------


@pytest.fixture
def audit_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app's audit lines go in this test (read them with tests.conftest.audit_lines)."""
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv(ENV_AUDIT_LOG, str(path))
    return path


@pytest.fixture
def live_app(fake_server: RunningServer, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """An AppTest of app.py talking to the fake API with the test key, opened at these params."""
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", TEST_API_KEY)
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", fake_server.base_url)
    return open_app


@pytest.fixture
def demo_app() -> Callable[..., AppTest]:
    return open_app


def open_app(**query: str) -> AppTest:
    """app.py after its first run, opened at these URL query parameters."""
    at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


# --- Reading what a person sees -------------------------------------------------------------

_READABLE = (
    "title",
    "header",
    "subheader",
    "caption",
    "text",
    "code",
    "markdown",
    "error",
    "warning",
    "info",
    "success",
)


def page_text(at: AppTest) -> str:
    """Everything a person can read on the page, in one string."""
    parts = [str(el.value) for kind in _READABLE for el in getattr(at, kind)]
    parts.extend(str(el.proto.label) for el in at.get("badge"))
    return shown("\n".join(parts))


def shown(markdown: str) -> str:
    """What a Markdown body reads as once its backslash escapes are rendered."""
    return re.sub(r"\\(.)", r"\1", markdown)


def frames(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page, top to bottom."""
    return [df.value for df in at.dataframe]
