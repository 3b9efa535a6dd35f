"""The source view's field list: a box short enough to send on every rerun, every cited field
still reachable by its text, and the one asked for always among the options."""

from __future__ import annotations

import pytest

from bench.generate_runs import line_items_run
from run_inspector.adapters.reading import read_any_body
from run_inspector.model.extraction import Extraction
from run_inspector.source.field_list import MAX_LISTED_FIELDS, list_cited_fields

JOB_ID = "5bb8a583-366c-416c-ba55-4f5724fef9a9"


@pytest.fixture(scope="module")
def long_invoice() -> Extraction:
    """An invoice with 300 line items, each with cited fields: over a thousand in all."""
    read = read_any_body(line_items_run(JOB_ID, 300))
    assert isinstance(read, Extraction)
    return read


def test_the_list_holds_the_first_fields_in_the_runs_order(long_invoice: Extraction) -> None:
    fields = list_cited_fields(long_invoice)

    assert len(fields.listed) == MAX_LISTED_FIELDS
    assert len(fields.cited) > MAX_LISTED_FIELDS
    assert fields.listing == (MAX_LISTED_FIELDS, len(fields.cited))
    in_order = [path.render() for path in fields.cited]
    assert list(fields.listed) == in_order[:MAX_LISTED_FIELDS]


def test_a_field_past_the_list_is_offered_once_asked_for(long_invoice: Extraction) -> None:
    fields = list_cited_fields(long_invoice)
    last = [path.render() for path in fields.cited][-1]
    assert last.startswith("line_items[299].")

    assert fields.options(last) == [*fields.listed, last]
    assert fields.pages_of(last) != ()
    assert fields.options(fields.listed[3]) == list(fields.listed)  # listed already


@pytest.mark.parametrize(
    "asked",
    [
        None,
        "",
        "no_such_field",
        "line_items[9999].sku",
        "line_items[299]..sku",
        7,
        'line_items[299]["sku"]',
    ],  # the last: a path spelled otherwise than it is listed
)
def test_anything_else_asked_for_adds_nothing(long_invoice: Extraction, asked: object) -> None:
    fields = list_cited_fields(long_invoice)

    assert fields.options(asked) == list(fields.listed)
    assert fields.pages_of(asked if isinstance(asked, str) else None) == ()


def test_with_room_for_every_field_each_is_listed(long_invoice: Extraction) -> None:
    fields = list_cited_fields(long_invoice, limit=10**6)
    assert fields.listing is None
    assert len(fields.listed) == len(fields.cited)
