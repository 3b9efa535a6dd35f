"""Schema diff: added, removed, type, required, description and enum changes, per field path."""

from __future__ import annotations

from typing import Any

import pytest

from run_inspector.analysis.schema_diff import SchemaChange, SchemaChangeKind, schema_diff
from run_inspector.analysis.schema_fields import schema_fields
from run_inspector.model.field_path import FieldPath
from tests.conftest import demo_run


def obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


def change(path: str, kind: SchemaChangeKind, a: str, b: str) -> SchemaChange:
    return SchemaChange(FieldPath.parse(path), kind, a, b)


STRING = {"type": "string"}
LINE_ITEMS = {"type": "array", "items": obj({"name": STRING, "qty": {"type": "integer"}})}


def test_identical_schemas_have_no_changes() -> None:
    schema = demo_run("nvda_10k_per_doc_citations")["data_schema"]

    assert schema_diff(schema, schema) == ()
    assert schema_diff(None, None) == ()


def test_added_fields_top_level_and_nested_sit_where_b_has_them() -> None:
    a = obj({"vendor": STRING, "line_items": LINE_ITEMS, "total": {"type": "number"}})
    b_items = {
        "type": "array",
        "items": obj({"name": STRING, "sku": STRING, "qty": {"type": "integer"}}),
    }
    b = obj(
        {
            "currency": STRING,
            "vendor": STRING,
            "line_items": b_items,
            "total": {"type": "number"},
            "due": {"type": "string", "format": "date"},
        }
    )

    assert schema_diff(a, b) == (
        change("currency", "added", "", "string"),
        change("line_items[].sku", "added", "", "string"),
        change("due", "added", "", "string (date)"),
    )


def test_removed_fields_keep_their_place_in_a() -> None:
    a = obj({"vendor": STRING, "line_items": LINE_ITEMS, "total": {"type": "number"}})
    b = obj({"vendor": STRING, "total": {"type": "number"}})

    assert schema_diff(a, b) == (
        change("line_items", "removed", "array of object", ""),
        change("line_items[].name", "removed", "string", ""),
        change("line_items[].qty", "removed", "integer", ""),
    )


def test_a_path_new_in_b_follows_its_neighbour_among_removed_paths() -> None:
    a = obj({"x": STRING, "old": STRING, "y": STRING})
    b = obj({"x": STRING, "new": STRING, "y": STRING})

    assert [(str(c.path), c.kind) for c in schema_diff(a, b)] == [
        ("new", "added"),
        ("old", "removed"),
    ]


def test_type_changes_including_becoming_nullable() -> None:
    a = obj({"total": STRING, "note": STRING, "when": STRING})
    b = obj(
        {
            "total": {"type": "number"},
            "note": {"anyOf": [STRING, {"type": "null"}]},
            "when": {"type": ["string", "null"], "format": "date"},
        }
    )

    assert schema_diff(a, b) == (
        change("total", "type changed", "string", "number"),
        change("note", "type changed", "string", "string, nullable"),
        change("when", "type changed", "string", "string (date), nullable"),
    )


def test_required_changes_both_ways() -> None:
    a = obj({"vendor": STRING, "total": STRING}, required=("vendor",))
    b = obj({"vendor": STRING, "total": STRING}, required=("total",))

    assert schema_diff(a, b) == (
        change("vendor", "required changed", "required", "optional"),
        change("total", "required changed", "optional", "required"),
    )


def test_description_and_title_changes_read_as_description_changes() -> None:
    a = obj(
        {
            "vendor": {"type": "string", "description": "Who sold it"},
            "total": {"type": "string", "title": "Total"},
            "note": STRING,
            "same": {"type": "string", "title": "Same words"},
        }
    )
    b = obj(
        {
            "vendor": {"type": "string", "description": "Seller name"},
            "total": {"type": "string", "title": "Grand total"},
            "note": {"type": "string", "description": "Free text"},
            "same": {"type": "string", "description": "Same words"},
        }
    )

    assert schema_diff(a, b) == (
        change("vendor", "description changed", "Who sold it", "Seller name"),
        change("total", "description changed", "Total", "Grand total"),
        change("note", "description changed", "", "Free text"),
    )


def test_enum_values_added_and_removed_on_one_field_without_a_type_change() -> None:
    a = obj({"status": {"enum": ["open", "paid", "void"]}})
    b = obj({"status": {"enum": ["paid", "open", "overdue", 1]}})

    assert schema_diff(a, b) == (
        change("status", "enum values added", "", '"overdue", 1'),
        change("status", "enum values removed", '"void"', ""),
    )


def test_reordered_or_repeated_enum_values_are_no_change() -> None:
    a = obj({"status": {"type": "string", "enum": ["open", "paid", "void"]}})
    b = obj({"status": {"type": "string", "enum": ["void", "open", "paid", "open"]}})

    assert schema_diff(a, b) == ()


def test_enum_values_that_python_holds_equal_but_json_does_not_are_a_change() -> None:
    a = obj({"flag": {"enum": [1, 0]}})
    b = obj({"flag": {"enum": [True, False]}})

    assert schema_diff(a, b) == (
        change("flag", "enum values added", "", "true, false"),
        change("flag", "enum values removed", "1, 0", ""),
    )


def test_enum_becoming_nullable_is_a_type_change_beside_its_value_rows() -> None:
    a = obj({"status": {"enum": ["open", "paid"]}})
    b = obj({"status": {"anyOf": [{"enum": ["open", "late"]}, {"type": "null"}]}})

    assert schema_diff(a, b) == (
        change("status", "type changed", 'enum: "open", "paid"', 'enum: "open", "late", nullable'),
        change("status", "enum values added", "", '"late"'),
        change("status", "enum values removed", '"paid"', ""),
    )


def test_an_enum_on_one_side_only_is_a_type_change_alone() -> None:
    a = obj({"status": STRING})
    b = obj({"status": {"type": "string", "enum": ["open"]}})

    assert schema_diff(a, b) == (change("status", "type changed", "string", 'enum: "open"'),)


def test_one_field_can_change_in_every_way_at_once_in_kind_order() -> None:
    a = obj({"s": {"type": "string", "description": "old", "enum": ["x", "y"]}}, required=("s",))
    b = obj({"s": {"type": ["string", "null"], "description": "new", "enum": ["y", "z"]}})

    assert [c.kind for c in schema_diff(a, b)] == [
        "type changed",
        "required changed",
        "description changed",
        "enum values added",
        "enum values removed",
    ]


def test_ref_on_one_side_and_inline_on_the_other_is_no_change() -> None:
    address = obj({"city": {"type": "string", "description": "City"}}, required=("city",))
    a = {
        "type": "object",
        "$defs": {"Address": address, "Kind": {"enum": ["home", "work"]}},
        "properties": {
            "ship_to": {"$ref": "#/$defs/Address"},
            "kind": {"$ref": "#/$defs/Kind"},
        },
    }
    b = obj({"ship_to": address, "kind": {"enum": ["work", "home"]}})

    assert schema_diff(a, b) == ()


@pytest.mark.parametrize("empty", [None, {}], ids=["None", "empty"])
def test_nothing_on_one_side_means_everything_added_or_removed(empty: Any) -> None:
    schema = obj({"vendor": STRING, "line_items": LINE_ITEMS})
    paths = ["vendor", "line_items", "line_items[].name", "line_items[].qty"]

    added = schema_diff(empty, schema)
    removed = schema_diff(schema, empty)

    assert [(str(c.path), c.kind, c.a) for c in added] == [(p, "added", "") for p in paths]
    assert [(str(c.path), c.kind, c.b) for c in removed] == [(p, "removed", "") for p in paths]
    assert added[0].b == removed[0].a == "string"


def test_a_non_object_schema_has_no_fields() -> None:
    schema = obj({"vendor": STRING})

    assert schema_diff({"type": "string"}, schema) == (change("vendor", "added", "", "string"),)
    assert schema_diff({"type": "array", "items": STRING}, {"type": "string"}) == ()


def test_schema_fields_carry_the_raw_enum_values() -> None:
    schema = obj({"kind": {"anyOf": [{"enum": ["a", 2]}, {"type": "null"}]}, "name": STRING})

    assert [f.enum for f in schema_fields(schema)] == [("a", 2), None]


def test_a_500_field_schema_with_every_field_changed_gives_four_rows_a_field() -> None:
    def schema(words: str, required: bool) -> dict[str, Any]:
        fields = {
            f"f{i}": {"type": "string", "description": f"{words} {i}", "enum": [words, str(i)]}
            for i in range(500)
        }
        return obj(fields, required=tuple(fields) if required else ())

    a, b = schema("old", True), schema("new", False)

    assert len(schema_diff(a, b)) == 500 * 4
