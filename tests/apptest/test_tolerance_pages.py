"""The tolerance bar through the real run page (AppTest): 20 of the seeded mutations
(tests/mutations.py), served by the fake API, open without an exception or a logged warning
(the autouse checks in conftest.py), with their data and schema sections, and with every
table the unit test counts for them (tests/unit/test_tolerance.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud, RunningServer, serve
from run_inspector.presentation.unreadable_text import FLAG
from tests.apptest.conftest import frames, open_app
from tests.conftest import TEST_API_KEY
from tests.mutations import AREAS, KINDS, METADATA_LAYOUT, Mutation
from tests.unit.test_tolerance import MUTATIONS, look

PAGES = 20


def spread(mutations: list[Mutation], count: int) -> list[Mutation]:
    """`count` mutations, round-robin over the kinds; in round r, kind k takes its first
    mutation in area r + k (areas rotate, so each round reaches every area), preferring a
    sample that kind has not shown yet."""
    chosen: list[Mutation] = []
    samples_had: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for round_ in range(count):
        for k, kind in enumerate(KINDS):
            area = "metadata" if kind == METADATA_LAYOUT else AREAS[(round_ + k) % len(AREAS)]
            left = [m for m in mutations if (m.kind, m.area) == (kind, area) and m not in chosen]
            fresh = [m for m in left if m.sample not in samples_had[kind]] or left
            if fresh and len(chosen) < count:
                chosen.append(fresh[0])
                samples_had[kind].add(fresh[0].sample)
    return chosen


SHOWN = spread(MUTATIONS, PAGES)


def job_of(mutation: Mutation) -> str:
    """A job ID of its own (the page takes UUIDs only), whatever the body says."""
    return f"7e1e7a9c-0000-4000-8000-{mutation.number:012d}"


@pytest.fixture(scope="module")
def tolerance_server() -> Iterator[RunningServer]:
    """One fake API for the module, serving every chosen mutation under its own job ID."""
    api = FakeLlamaCloud(api_keys={TEST_API_KEY})
    for mutation in SHOWN:
        api.add_run(mutation.body, job_id=job_of(mutation))
    server = serve(api)
    yield server
    server.stop()


@pytest.fixture
def run_page(
    tolerance_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Mutation], AppTest]:
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", TEST_API_KEY)
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", tolerance_server.base_url)
    return lambda mutation: open_app(job_id=job_of(mutation))


def is_config(frame: pd.DataFrame) -> bool:
    return {"Field", "Value", "Default", "Note"} <= set(frame.columns)


def is_schema(frame: pd.DataFrame) -> bool:
    return list(frame.columns)[:2] == ["Field", "Type"]


def is_problems(frame: pd.DataFrame) -> bool:
    return list(frame.columns) == ["Item", "Field", "Problem"]


def is_card(frame: pd.DataFrame) -> bool:
    """The file card and the run's unknown fields: two columns, name and value."""
    return list(frame.columns) == ["Field", "Value"]


def is_data(frame: pd.DataFrame) -> bool:
    """A table of extracted data: fields, records or an array's items."""
    return not (is_config(frame) or is_schema(frame) or is_problems(frame) or is_card(frame))


def test_the_selection_covers_every_kind() -> None:
    assert len(SHOWN) == PAGES
    assert {m.kind for m in SHOWN} == set(KINDS)
    assert {m.area for m in SHOWN} == set(AREAS)


@pytest.mark.parametrize("mutation", SHOWN, ids=[m.id for m in SHOWN])
def test_mutated_run_opens_with_its_sections_and_tables(
    run_page: Callable[[Mutation], AppTest], mutation: Mutation
) -> None:
    built = look(mutation.body)
    tables = built.tables

    at = run_page(mutation)

    assert not at.exception
    headers = [h.value for h in at.header]
    assert "Extracted data" in headers
    assert "Schema" in headers
    shown = frames(at)
    # As the unit test counts them: data and config tables with rows, a schema table at all.
    assert any(is_config(f) and not f.empty for f in shown) == tables.config
    assert any(is_schema(f) for f in shown) == tables.schema
    assert any(is_data(f) and not f.empty for f in shown) == tables.data
    # The flags of the built view reach the page: config notes and file card values.
    config = next((f for f in shown if is_config(f)), None)
    if config is not None:
        flagged = config["Field"][config["Note"].str.startswith(FLAG)].tolist()
        assert flagged == built.config["Field"][built.config["Note"].str.startswith(FLAG)].tolist()
    if built.view.file is not None:
        card_flags = sum(FLAG in text for _label, text in built.view.file.rows)
        page_flags = sum(f["Value"].str.contains(FLAG).sum() for f in shown if is_card(f))
        assert page_flags >= card_flags
