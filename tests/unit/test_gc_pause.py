"""Tests for pausing the cycle collector around bulk parsing."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator

import pytest

from run_inspector.errors import InvalidBody
from run_inspector.gc_pause import cycle_collection_paused
from run_inspector.parsing import parse_run
from tests.conftest import demo_run


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    gc.enable()
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_even_when_the_body_raises() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_resume_only_after_the_last_one() -> None:
    gc.enable()
    first_inside = threading.Event()
    release_first = threading.Event()

    def hold() -> None:
        with cycle_collection_paused():
            first_inside.set()
            release_first.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    assert first_inside.wait(5)
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()  # the other session is still building
    release_first.set()
    thread.join(5)
    assert gc.isenabled()


def test_parsing_a_run_leaves_the_collector_as_it_found_it() -> None:
    gc.enable()
    run = parse_run(json.dumps(demo_run("capacitor_per_doc_confidence")).encode())
    assert not isinstance(run, InvalidBody)
    assert gc.isenabled()
