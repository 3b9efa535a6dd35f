"""Tests for building a run's objects outside the cycle collector's repeated walks."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from collections.abc import Iterator

import pytest

from run_inspector import collector_pause
from run_inspector.adapters.reading import read_v1_body
from run_inspector.collector_pause import FULL_LOOK_EVERY, collector_left_alone, collector_paused
from run_inspector.wire.invalid_body import InvalidBody
from tests.conftest import demo_run


class Row(dict):  # a plain dict cannot be weakly referenced
    pass


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture
def next_build_freezes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector_pause, "_builds", 0)


def test_the_collector_is_off_inside_and_back_on_after(next_build_freezes: None) -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_was_built_is_frozen_and_still_freed_when_dropped(next_build_freezes: None) -> None:
    with collector_paused():
        rows = [Row(value=[i]) for i in range(1000)]
    assert gc.get_freeze_count() >= 2000  # rows and their lists: never walked again
    first = weakref.ref(rows[0])
    del rows
    assert first() is None  # reference counting frees frozen objects all the same


def test_every_sixteenth_build_puts_everything_back_under_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collector_pause, "_builds", FULL_LOOK_EVERY - 2)
    with collector_paused():
        pass
    assert gc.get_freeze_count() > 0
    with collector_paused():
        pass
    assert gc.get_freeze_count() == 0


def test_it_resumes_even_when_the_body_raises(next_build_freezes: None) -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off(next_build_freezes: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_builds_resume_only_after_the_last_one(next_build_freezes: None) -> None:
    gc.enable()
    first_inside = threading.Event()
    release_first = threading.Event()

    def hold() -> None:
        with collector_paused():
            first_inside.set()
            release_first.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    assert first_inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other session is still building
    release_first.set()
    thread.join(5)
    assert gc.isenabled()


def test_parsing_a_run_leaves_the_collector_running(next_build_freezes: None) -> None:
    gc.enable()
    run = read_v1_body(json.dumps(demo_run("capacitor_per_doc_confidence")).encode())
    assert not isinstance(run, InvalidBody)
    assert gc.isenabled()


def test_left_alone_the_collector_runs_and_nothing_is_frozen(next_build_freezes: None) -> None:
    """A batch's workers keep only a few facts per job: no pause, no collection, no freeze."""
    gc.enable()
    with collector_left_alone(), collector_paused():
        assert gc.isenabled()
        rows = [Row(value=[i]) for i in range(1000)]
    assert gc.get_freeze_count() == 0
    assert len(rows) == 1000
    with collector_paused():  # outside the block, pausing works again
        assert not gc.isenabled()
