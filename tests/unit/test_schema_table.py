"""Schema reading: $ref, nullable unions, enum, format, arrays and nesting into ordered rows."""

from __future__ import annotations

from run_inspector.analysis.schema_fields import schema_fields
from run_inspector.analysis.schema_table import schema_table
from tests.conftest import demo_run


def test_ref_to_defs_is_resolved_with_its_local_description() -> None:
    schema = demo_run("nvda_10k_per_doc_citations")["data_schema"]
    by_path = {f.path.render(): f for f in schema_fields(schema)}

    assert by_path["filing_type"].type_text == 'enum: "10 K", "10-Q", "10-K/A", "10-Q/A"'
    assert by_path["filing_type"].description == "Type of SEC filing"
    assert [f.path.render() for f in schema_fields(schema)][:3] == [
        "company_name",
        "description",
        "filing_type",
    ]


def test_anyof_with_null_reads_as_nullable_and_nested_fields_follow_their_parent() -> None:
    schema = demo_run("capacitor_per_doc_confidence")["data_schema"]
    fields = schema_fields(schema)

    assert [(f.path.render(), f.type_text, f.required) for f in fields[:2]] == [
        ("dimensions", "object, nullable", True),
        ("dimensions.length", "string, nullable", True),
    ]


def test_formats_arrays_type_lists_and_unions_are_spelled_out() -> None:
    schema = {
        "type": "object",
        "required": ["when"],
        "properties": {
            "when": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "maybe": {"type": ["integer", "null"]},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "lines": {
                "type": "array",
                "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
            },
        },
    }
    frame = schema_table(schema)
    assert frame is not None

    assert frame.to_dict("records") == [
        {"Field": "when", "Type": "string (date-time)", "Required": True, "Description": ""},
        {"Field": "tags", "Type": "array of string", "Required": False, "Description": ""},
        {"Field": "maybe", "Type": "integer, nullable", "Required": False, "Description": ""},
        {"Field": "either", "Type": "string | integer", "Required": False, "Description": ""},
        {"Field": "lines", "Type": "array of object", "Required": False, "Description": ""},
        {"Field": "lines[].sku", "Type": "string", "Required": False, "Description": ""},
    ]


def test_recursive_ref_stops_instead_of_looping() -> None:
    schema = {
        "$defs": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}}}},
        "$ref": "#/$defs/Node",
    }
    paths = [f.path.render() for f in schema_fields(schema)]

    assert paths[0] == "child"
    assert len(paths) <= 12


def test_non_object_schema_gives_none_so_the_page_shows_it_raw() -> None:
    assert schema_table({"type": "string"}) is None
    assert schema_table({"foo": {"foo": "bar"}}) is None
