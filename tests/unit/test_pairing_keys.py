"""The fields offered to pair array items: plain fields of an array's items, from either
run's schema, each once; a list result's own item fields as `[].field`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from run_inspector.analysis.pairing_keys import item_keys, pairing_keys
from run_inspector.analysis.run_report import RunReport, build_run_report
from run_inspector.model.extraction import Extraction, Status, Unreadable
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import StatusClass

DONE = Status("SUCCESS", StatusClass.DONE)
LINE_ITEMS = {
    "type": "object",
    "properties": {
        "vendor": {"type": "string"},
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string"},
                    "qty": {"type": ["integer", "null"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "dims": {"type": "object", "properties": {"w": {"type": "number"}}},
                    "parts": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"pn": {"type": "string"}}},
                    },
                },
            },
        },
    },
}


def report(
    schema: Mapping[str, Any], data: Any = None, *, unreadable_schema: bool = False
) -> RunReport:
    data = {} if data is None else data
    target = "PER_TABLE_ROW" if isinstance(data, list) else "PER_DOC"
    unreadable = {"schema": Unreadable("no", "should be an object")} if unreadable_schema else {}
    extraction = Extraction("v1", DONE, data=data, schema=schema, target=target,
                            unreadable=unreadable)  # fmt: skip
    return build_run_report(extraction)


def rendered(keys: tuple[FieldPath, ...]) -> list[str]:
    return [key.render() for key in keys]


def test_plain_fields_of_array_items_are_offered_not_nested_ones() -> None:
    # tags (an array), dims (an object) and parts[].pn (an array in an array) name no item.
    assert rendered(item_keys(report(LINE_ITEMS))) == ["line_items[].sku", "line_items[].qty"]


def test_a_list_result_offers_its_own_items_fields() -> None:
    row = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "beds": {"type": "integer"}},
    }
    keys = item_keys(report(row, [{"name": "A", "beds": 3}]))
    assert rendered(keys) == ["[].name", "[].beds"]


def test_both_sides_keys_merge_once_in_a_then_b_order() -> None:
    a = (FieldPath.parse("line_items[].sku"), FieldPath.parse("line_items[].qty"))
    b = (FieldPath.parse("line_items[].code"), FieldPath.parse("line_items[].sku"))
    assert rendered(pairing_keys(a, b)) == [
        "line_items[].sku",
        "line_items[].qty",
        "line_items[].code",
    ]


def test_an_unreadable_schema_offers_nothing() -> None:
    assert item_keys(report(LINE_ITEMS, unreadable_schema=True)) == ()
