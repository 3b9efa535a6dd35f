"""The field-aligned table: one row per field path joining value, schema, metadata and problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from run_inspector.analysis import field_table as module
from run_inspector.analysis.field_table import (
    FIELD_COLUMNS,
    MAX_CELL_CHARS,
    MAX_FIELD_DEPTH,
    FieldRow,
    FieldWalk,
    ObjectArray,
    clip,
    field_frame,
)
from run_inspector.model.field_metadata import (
    BoundingBox,
    Citation,
    FieldMeta,
    PageSize,
    field_metadata_by_path,
)
from run_inspector.model.field_path import FieldPath
from tests.conftest import SAMPLES, load_json


def keyed(by_text: Mapping[Any, Any]) -> dict[FieldPath, Any]:
    """Metadata or problems written with text paths, as the walk takes them."""
    return {p if isinstance(p, FieldPath) else FieldPath.parse(p): v for p, v in by_text.items()}


def field_rows(
    data: Any,
    schema: dict[str, Any],
    metadata: Mapping[Any, FieldMeta],
    problems: Mapping[Any, list[str]],
    *,
    root: dict[str, Any] | None = None,
    prefix: str = "",
) -> FieldWalk:
    return module.field_rows(
        data, schema, keyed(metadata), keyed(problems), root=root, prefix=FieldPath.parse(prefix)
    )


VENDOR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["vendor"],
    "properties": {
        "vendor": {
            "type": "object",
            "required": ["name", "vat_id"],
            "properties": {
                "name": {"type": "string", "description": "Vendor name as printed"},
                "vat_id": {
                    "type": "string",
                    "pattern": "^FR[0-9A-Z]{2}[0-9]{9}$",
                    "description": "French VAT number",
                },
            },
        },
    },
}


def rows_of(
    data: dict[str, Any],
    schema: dict[str, Any],
    metadata: Mapping[Any, FieldMeta] | None = None,
    problems: Mapping[Any, list[str]] | None = None,
) -> list[FieldRow]:
    return field_rows(data, schema, metadata or {}, problems or {}).rows


def by_path(rows: list[FieldRow]) -> dict[str, FieldRow]:
    return {r.path.render(): r for r in rows}


def obj_schema(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


# --- The row a support engineer reads ----------------------------------------------------------


def test_vendor_vat_id_row_shows_value_type_required_confidence_page_and_cited_text() -> None:
    data = {"vendor": {"name": "Café de la Gare SARL", "vat_id": "FR40303265045"}}
    raw_metadata = {
        "vendor": {
            "vat_id": {
                "citation": [
                    {
                        "page": 2.0,
                        "matching_text": "TVA intracom. FR 40 303 265 045",
                        "bounding_boxes": [{"x": 40.1, "y": 700.0, "w": 150.0, "h": 10.0}],
                        "page_dimensions": {"width": 595.0, "height": 842.0},
                    }
                ],
                "parsing_confidence": 0.9,
                "extraction_confidence": 0.42,
                "confidence": 0.42,
            },
            "reasoning": "VERBATIM EXTRACTION",
        }
    }
    metadata = field_metadata_by_path(raw_metadata, data)

    rows = rows_of(data, VENDOR_SCHEMA, metadata)

    assert [r.path.render() for r in rows] == ["vendor", "vendor.name", "vendor.vat_id"]
    vat = rows[2]
    assert vat == FieldRow(
        path=FieldPath(["vendor", "vat_id"]),
        value="FR40303265045",
        state="value",
        type_text="string",
        required=True,
        description="French VAT number",
        meta=FieldMeta(
            confidence=0.42,
            extraction_confidence=0.42,
            parsing_confidence=0.9,
            citations=(
                Citation(
                    2,
                    "TVA intracom. FR 40 303 265 045",
                    1,
                    (BoundingBox(40.1, 700.0, 150.0, 10.0),),
                    PageSize(595.0, 842.0),
                ),
            ),
        ),
        problems=(),
    )
    assert (vat.pages, vat.cited_text, vat.boxes) == ("2", "TVA intracom. FR 40 303 265 045", 1)

    frame = field_frame(rows)
    assert frame.iloc[2].to_dict() == {
        "Field": "vendor.vat_id",
        "Value": "FR40303265045",
        "Confidence": 0.42,
        "Problems": "",
        "Pages": "2",
        "Cited text": "TVA intracom. FR 40 303 265 045",
        "State": "value",
        "Type": "string",
        "Required": True,
        "Reasoning": "",
        "Description": "French VAT number",
        "Extraction confidence": 0.42,
        "Parsing confidence": 0.9,
        "Boxes": 1,
    }


def test_a_missing_required_field_carries_its_problem() -> None:
    data = {"vendor": {"name": "Café de la Gare SARL"}}

    rows = rows_of(data, VENDOR_SCHEMA, problems={"vendor.vat_id": ["required field is missing"]})

    assert [(r.path.render(), r.value, r.state, r.problems) for r in rows] == [
        ("vendor.name", "Café de la Gare SARL", "value", ()),
        ("vendor.vat_id", "", "missing", ("required field is missing",)),
    ]
    assert field_frame(rows)["Problems"].tolist() == ["", "required field is missing"]


# --- States ------------------------------------------------------------------------------------


def test_every_state_a_row_can_have() -> None:
    deep: dict[str, Any] = {"leaf": 1}
    for _ in range(MAX_FIELD_DEPTH):
        deep = {"n": deep}
    schema = obj_schema(
        present={"type": "string"},
        empty={"type": ["string", "null"]},
        absent={"type": "string"},
        rows={"type": "array", "items": obj_schema(a={"type": "integer"})},
        deep={"type": "object"},
    )
    data = {"present": "x", "empty": None, "rows": [{"a": 1}], "deep": deep, "extra": 5}

    rows = rows_of(data, schema)

    assert [(r.path.render(), r.state) for r in rows] == [
        ("present", "value"),
        ("empty", "null"),
        ("absent", "missing"),
        ("rows", "table below"),
        ("deep" + ".n" * (MAX_FIELD_DEPTH - 1), "nested deeper, shown as JSON"),
        ("extra", "not in schema"),
    ]
    assert [r.value for r in rows][:4] == ["x", "null", "", "1 item"]
    assert rows[4].value == '{"n": {"leaf": 1}}'
    assert rows[5].value == "5"


def test_null_and_absent_are_told_apart_in_the_frame() -> None:
    schema = obj_schema(a={"type": ["string", "null"]}, b={"type": "string"})

    frame = field_frame(rows_of({"a": None}, schema))

    assert frame[["Field", "Value", "State"]].values.tolist() == [
        ["a", "null", "null"],
        ["b", "", "missing"],
    ]


def test_a_schema_without_properties_accepts_every_field() -> None:
    rows = rows_of({"b": 1, "a": "x"}, {"type": "object"})

    assert [(r.path.render(), r.value, r.state, r.type_text) for r in rows] == [
        ("b", "1", "value", ""),
        ("a", "x", "value", ""),
    ]


def test_fields_inside_an_object_the_schema_does_not_name_are_not_in_schema() -> None:
    schema = obj_schema(known={"type": "object", "properties": {"x": {"type": "integer"}}})
    data = {"known": {"x": 1}, "extra": {"a": 1, "b": {"c": [1, 2]}, "d": [{"e": 1}]}}

    rows = rows_of(data, schema)

    assert [(r.path.render(), r.state, r.type_text) for r in rows] == [
        ("known.x", "value", "integer"),
        ("extra.a", "not in schema", ""),
        ("extra.b.c", "not in schema", ""),
        ("extra.d", "table below", ""),
    ]


# --- Objects -----------------------------------------------------------------------------------


def test_object_rows_appear_only_with_metadata_or_problems() -> None:
    inner = {"type": "object", "properties": {"x": {"type": "string"}}}
    schema = obj_schema(quiet=inner, reasoned=inner, broken=inner)
    data = {"quiet": {"x": "1"}, "reasoned": {"x": "2"}, "broken": {"x": "3", "y": "4"}}
    metadata = {"reasoned": FieldMeta(reasoning="VERBATIM EXTRACTION")}
    problems = {"broken": ["must have at most 1 field (got 2)"]}

    rows = rows_of(data, schema, metadata, problems)

    assert [(r.path.render(), r.value, r.meta.reasoning, r.problems) for r in rows] == [
        ("quiet.x", "1", None, ()),
        ("reasoned", "{1 field}", "VERBATIM EXTRACTION", ()),
        ("reasoned.x", "2", None, ()),
        ("broken", "{2 fields}", None, ("must have at most 1 field (got 2)",)),
        ("broken.x", "3", None, ()),
        ("broken.y", "4", None, ()),
    ]
    assert [r.state for r in rows if "." in r.path.render()] == ["value"] * 3 + ["not in schema"]


def test_nested_object_reasoning_from_a_real_payload_gives_an_object_row() -> None:
    fixtures = load_json(SAMPLES / "field_metadata_fixtures_bbox_confidence.json")
    data = {
        "title": "PHE844/F844",
        "manufacturer": "YAGEO KEMET",
        "features": ["EMI Safety"],
        "dimensions": {"length": "L 41mm"},
    }
    schema = obj_schema(
        title={"type": "string"},
        manufacturer={"type": "string"},
        features={"type": "array", "items": {"type": "string"}},
        dimensions={"type": "object", "properties": {"length": {"type": ["string", "null"]}}},
    )
    metadata = field_metadata_by_path(fixtures["datasheet_nested_and_array_field_metadata"], data)

    frame = field_frame(rows_of(data, schema, metadata))

    assert frame[
        ["Field", "Value", "Type", "Reasoning", "Pages", "Cited text"]
    ].values.tolist() == [
        ["title", "PHE844/F844", "string", "Combined key parametrics", "1", "PHE844/F844"],
        ["manufacturer", "YAGEO KEMET", "string", "VERBATIM EXTRACTION", "1", "YAGEO KEMET"],
        ["features", '["EMI Safety"]', "array of string", "VERBATIM EXTRACTION", "1", "EMI Safety"],
        ["dimensions", "{1 field}", "object", "VERBATIM EXTRACTION", "", ""],
        ["dimensions.length", "L 41mm", "string, nullable", "", "1", "L 41mm"],
    ]
    assert frame["Confidence"].tolist()[:3] == [0.947, 0.999, 0.999]
    assert frame["Confidence"].isna().tolist() == [False, False, False, True, False]


def test_an_empty_object_names_the_required_fields_it_lacks() -> None:
    problems = {"vendor.name": ["required field is missing"]}

    rows = rows_of({"vendor": {}}, VENDOR_SCHEMA, problems=problems)

    assert [(r.path.render(), r.value, r.state, r.problems) for r in rows] == [
        ("vendor", "{}", "value", ("vendor.name: required field is missing",)),
    ]


def test_too_deep_json_keeps_the_problems_inside_it() -> None:
    deep: dict[str, Any] = {"leaf": "x"}
    for _ in range(MAX_FIELD_DEPTH):
        deep = {"n": deep}
    cut_path = "deep" + ".n" * (MAX_FIELD_DEPTH - 1)
    problems = {f"{cut_path}.n.leaf": ['expected integer, got string "x"']}

    (row,) = rows_of({"deep": deep}, {"type": "object"}, problems=problems)

    assert row.path.render() == cut_path
    assert row.problems == (f'{cut_path}.n.leaf: expected integer, got string "x"',)


# --- Arrays ------------------------------------------------------------------------------------


def test_array_of_scalars_folds_item_metadata_lowest_confidence_and_all_citations() -> None:
    schema = obj_schema(tags={"type": "array", "items": {"type": "string"}})
    metadata = {
        "tags[0]": FieldMeta(
            confidence=0.9,
            extraction_confidence=0.95,
            citations=(Citation(10, "Cafe", 1),),
        ),
        "tags[1]": FieldMeta(
            confidence=0.4,
            extraction_confidence=0.8,
            parsing_confidence=1.0,
            citations=(Citation(2, "Croissant", 0), Citation(10, "Croissant x2", 2)),
            reasoning="VERBATIM EXTRACTION",
        ),
        "tags[2]": FieldMeta(confidence=0.7, citations=(Citation(9, None, 0),)),
        "tags[3]": FieldMeta(confidence=0.01),  # beyond the data: not this list's item
    }

    (row,) = rows_of({"tags": ["Cafe", "Croissant", "Livraison"]}, schema, metadata)

    assert row.value == '["Cafe", "Croissant", "Livraison"]'
    assert row.state == "value"
    assert row.type_text == "array of string"
    assert row.meta.confidence == 0.4
    assert row.meta.extraction_confidence == 0.8
    assert row.meta.parsing_confidence == 1.0
    assert row.meta.reasoning == "VERBATIM EXTRACTION"
    assert row.pages == "2, 9, 10"
    assert row.cited_text == "Cafe | Croissant | Croissant x2"
    assert row.boxes == 3


def test_array_of_scalars_with_one_entry_uses_it_as_is() -> None:
    schema = obj_schema(tags={"type": "array", "items": {"type": "string"}})
    own = FieldMeta(confidence=0.66, citations=(Citation(4, "a, b", 0),))

    (row,) = rows_of({"tags": ["a", "b"]}, schema, {"tags": own})

    assert row.meta == own


def test_array_of_scalars_shows_the_problems_of_its_items() -> None:
    schema = obj_schema(tags={"type": "array", "items": {"type": "string"}, "maxItems": 2})
    problems = {
        "tags": ["must have at most 2 items (got 3)"],
        "tags[1]": ["expected string, got integer 5"],
        "tags_other[0]": ["not this field"],
    }

    rows = rows_of({"tags": ["a", 5, "c"], "tags_other": [1]}, schema, problems=problems)

    assert rows[0].problems == (
        "must have at most 2 items (got 3)",
        "tags[1]: expected string, got integer 5",
    )
    assert field_frame(rows)["Problems"].iloc[0] == (
        "must have at most 2 items (got 3); tags[1]: expected string, got integer 5"
    )


def test_array_of_objects_gives_a_table_below_row_counting_item_problems() -> None:
    item_schema = {
        "type": "object",
        "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
    }
    schema = obj_schema(items={"type": "array", "items": item_schema, "description": "Line items"})
    items = [{"sku": "A", "qty": 1}, {"sku": "B", "qty": "two"}, {"sku": 3, "qty": "x"}]
    problems = {
        "items": ["must have at most 2 items (got 3)"],
        "items[1].qty": ['expected integer, got string "two"'],
        "items[2].qty": ['expected integer, got string "x"'],
        "items[2].sku": ["expected string, got integer 3"],
        "itemsx[0]": ["another field"],
    }

    walk = field_rows({"items": items}, schema, {}, problems)

    (row,) = walk.rows
    assert (row.path.render(), row.value, row.state, row.type_text, row.description) == (
        "items",
        "3 items",
        "table below",
        "array of object",
        "Line items",
    )
    assert row.problems == ("must have at most 2 items (got 3)", "3 problem(s) in its items")
    assert walk.arrays == [ObjectArray(FieldPath(["items"]), items, item_schema)]


def test_array_of_objects_without_problems_has_none() -> None:
    schema = obj_schema(items={"type": "array", "items": {"type": "object"}})

    walk = field_rows({"items": [{"a": 1}]}, schema, {}, {})

    assert walk.rows[0].problems == ()
    assert walk.rows[0].value == "1 item"


def test_item_rows_use_full_paths_with_a_prefix() -> None:
    item_schema = obj_schema(qty={"type": "integer"})
    metadata = {"lines[1].qty": FieldMeta(confidence=0.22, citations=(Citation(1, "deux", 0),))}
    problems = {"lines[1].qty": ['expected integer, got string "two"']}

    (row,) = field_rows({"qty": "two"}, item_schema, metadata, problems, prefix="lines[1]").rows

    assert (row.path.render(), row.meta.confidence, row.cited_text, row.problems) == (
        "lines[1].qty",
        0.22,
        "deux",
        ('expected integer, got string "two"',),
    )


# --- Schema details ----------------------------------------------------------------------------

DEFS_SCHEMA: dict[str, Any] = {
    "$defs": {
        "FilingType": {"enum": ["10-K", "10-Q"], "title": "FilingType", "type": "string"},
        "Address": {
            "type": "object",
            "required": ["city"],
            "properties": {
                "city": {"type": "string", "description": "City"},
                "zip": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Zip"},
            },
        },
    },
    "type": "object",
    "required": ["filing_type"],
    "properties": {
        "filing_type": {"$ref": "#/$defs/FilingType", "description": "Type of SEC filing"},
        "filed_on": {
            "anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
            "default": None,
            "description": "Filing date",
        },
        "revenue": {"type": ["integer", "null"], "title": "Revenue"},
        "address": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
        "offices": {"type": "array", "items": {"$ref": "#/$defs/Address"}},
        "kind": {"const": "annual"},
    },
}


def test_refs_defs_and_nullable_unions_get_their_type_text() -> None:
    data = {
        "filing_type": "10-K",
        "filed_on": None,
        "revenue": 130497,
        "address": {"city": "Santa Clara", "zip": None},
        "offices": [{"city": "Austin"}],
        "kind": "annual",
    }

    rows = rows_of(data, DEFS_SCHEMA)

    assert [(r.path.render(), r.type_text, r.required, r.description, r.state) for r in rows] == [
        ("filing_type", 'enum: "10-K", "10-Q"', True, "Type of SEC filing", "value"),
        ("filed_on", "string (date), nullable", False, "Filing date", "null"),
        ("revenue", "integer, nullable", False, "Revenue", "value"),
        ("address.city", "string", True, "City", "value"),
        ("address.zip", "string, nullable", False, "Zip", "null"),
        ("offices", "array of object", False, "", "table below"),
        ("kind", 'const "annual"', False, "", "value"),
    ]


def test_an_item_schema_reads_refs_from_the_root_schema() -> None:
    walk = field_rows({"offices": [{"city": "Austin"}]}, DEFS_SCHEMA, {}, {})
    (array,) = walk.arrays

    rows = field_rows(
        array.items[0], dict(array.item_schema), {}, {}, root=DEFS_SCHEMA, prefix="offices[0]"
    ).rows

    assert [(r.path.render(), r.type_text, r.required, r.state) for r in rows] == [
        ("offices[0].city", "string", True, "value"),
        ("offices[0].zip", "string, nullable", False, "missing"),
    ]


def test_a_root_schema_that_is_a_ref_is_followed() -> None:
    schema = {
        "$ref": "#/$defs/Doc",
        "$defs": {"Doc": {"type": "object", "properties": {"a": {"type": "integer"}}}},
    }

    rows = rows_of({"a": 1, "b": 2}, schema)

    assert [(r.path.render(), r.type_text, r.state) for r in rows] == [
        ("a", "integer", "value"),
        ("b", "", "not in schema"),
    ]


def test_schema_fields_named_reasoning_from_a_real_payload() -> None:
    fixtures = load_json(SAMPLES / "field_metadata_fixtures_bbox_confidence.json")
    opinion = {
        "type": "object",
        "properties": {"type": {"type": "string"}, "reasoning": {"type": "string"}},
    }
    schema = obj_schema(majority_opinion=opinion, reasoning={"type": "string"})
    data = {
        "majority_opinion": {"type": "majority", "reasoning": "We hold that..."},
        "reasoning": "We hold that...",
    }
    raw = fixtures["schema_field_named_reasoning_conflict_field_metadata"]

    rows = rows_of(data, schema, field_metadata_by_path(raw, data))

    assert [
        (r.path.render(), r.value, r.meta.confidence, r.pages, r.meta.reasoning) for r in rows
    ] == [
        ("majority_opinion.type", "majority", 0.999, "4", None),
        ("majority_opinion.reasoning", "We hold that...", 0.414, "15", None),
        ("reasoning", "We hold that...", 0.414, "15", None),
    ]


def test_a_schema_field_named_confidence_is_a_field_not_a_score() -> None:
    schema = obj_schema(
        score=obj_schema(confidence={"type": "number"}, label={"type": "string"}),
        confidence={"type": "number"},
    )
    data = {"score": {"confidence": 0.7, "label": "high"}, "confidence": 0.25}
    raw = {
        "score": {
            "confidence": {"confidence": 0.95, "citation": [{"page": 3, "matching_text": "70 %"}]},
            "label": {"confidence": 0.6},
            "reasoning": "VERBATIM EXTRACTION",
        },
        "confidence": {"confidence": 0.5},
    }

    rows = rows_of(data, schema, field_metadata_by_path(raw, data))

    assert [
        (r.path.render(), r.value, r.meta.confidence, r.cited_text, r.meta.reasoning) for r in rows
    ] == [
        ("score", "{2 fields}", None, "", "VERBATIM EXTRACTION"),
        ("score.confidence", "0.7", 0.95, "70 %", None),
        ("score.label", "high", 0.6, "", None),
        ("confidence", "0.25", 0.5, "", None),
    ]


# --- FieldRow properties -----------------------------------------------------------------------


def test_pages_are_sorted_as_numbers_and_deduplicated() -> None:
    meta = FieldMeta(
        citations=(
            Citation(10, "ten", 2),
            Citation(2, "two", 0),
            Citation(None, "no page", 1),
            Citation(10, None, 0),
            Citation(9, "", 3),
            Citation(2, "two again", 0),
        )
    )
    row = FieldRow(FieldPath(("f",)), "v", "value", "string", False, "", meta, ())

    assert row.pages == "2, 9, 10"
    assert row.cited_text == "ten | two | no page | two again"
    assert row.boxes == 6


def test_a_row_without_citations_has_empty_pages_and_text() -> None:
    row = FieldRow(
        FieldPath(("f",)), "v", "value", "string", False, "", FieldMeta(confidence=0.5), ()
    )

    assert (row.pages, row.cited_text, row.boxes) == ("", "", 0)


def test_many_citations_from_the_nvda_filing() -> None:
    sample = load_json(SAMPLES / "nvda_10k_citations_reasoning.json")
    data, schema = sample["data"], sample["data_schema"]
    metadata = field_metadata_by_path(sample["extraction_metadata"]["field_metadata"], data)

    rows = by_path(rows_of(data, schema, metadata))

    assert rows["company_name"].pages == "1, 2, 3, 35, 49, 90, 119, 126"
    assert rows["company_name"].cited_text.split(" | ")[:2] == [
        "NVIDIA CORPORATION",
        "NVIDIA Corporation",
    ]
    assert rows["description"].pages == "4, 8, 14, 16, 18, 21, 22, 25, 28, 29, 31"
    assert len(rows["description"].meta.citations) == 14
    assert rows["filing_type"].type_text == 'enum: "10 K", "10-Q", "10-K/A", "10-Q/A"'
    assert rows["filing_type"].description == "Type of SEC filing"
    assert rows["revenue"].value == "130497"
    assert rows["revenue"].meta.confidence is None


# --- Cells: clipping, dtypes, never a Python repr ----------------------------------------------


def test_clip_keeps_text_up_to_the_limit_and_marks_a_cut() -> None:
    assert clip("x" * MAX_CELL_CHARS) == "x" * MAX_CELL_CHARS
    assert clip("x" * (MAX_CELL_CHARS + 1)) == "x" * (MAX_CELL_CHARS - 1) + "…"
    assert len(clip("y" * 5000)) == MAX_CELL_CHARS
    assert clip("abcdefghij", 5) == "abcd…"
    assert clip("") == ""


def test_long_text_is_clipped_in_the_frame_but_whole_in_the_row() -> None:
    long_value = "Paiement à 30 jours. " * 30
    long_reasoning = "r" * 300
    long_description = "d" * 250
    schema = obj_schema(notes={"type": "string", "description": long_description})
    metadata = {
        "notes": FieldMeta(
            confidence=0.88,
            citations=(Citation(2, "c" * 150, 0), Citation(3, "k" * 150, 0)),
            reasoning=long_reasoning,
        )
    }

    rows = rows_of({"notes": long_value}, schema, metadata)
    frame = field_frame(rows)

    assert rows[0].value == long_value
    assert rows[0].cited_text == "c" * 150 + " | " + "k" * 150
    cell = frame.iloc[0]
    assert cell["Value"] == long_value[: MAX_CELL_CHARS - 1] + "…"
    assert cell["Cited text"] == ("c" * 150 + " | " + "k" * 150)[: MAX_CELL_CHARS - 1] + "…"
    assert cell["Reasoning"] == "r" * (MAX_CELL_CHARS - 1) + "…"
    assert cell["Description"] == "d" * (MAX_CELL_CHARS - 1) + "…"
    assert cell["Field"] == "notes"


def test_frame_columns_order_and_dtypes() -> None:
    schema = obj_schema(a={"type": "string"}, b={"type": "string"})
    metadata = {"a": FieldMeta(confidence=0.5, parsing_confidence=1.0)}

    frame = field_frame(rows_of({"a": "x", "b": "y"}, schema, metadata))

    assert frame.columns.tolist() == list(FIELD_COLUMNS)
    assert frame.columns.tolist()[:7] == [
        "Field",
        "Value",
        "Confidence",
        "Problems",
        "Pages",
        "Cited text",
        "State",
    ]
    for name in ("Confidence", "Extraction confidence", "Parsing confidence"):
        assert frame[name].dtype == pd.Float64Dtype()
    assert frame["Boxes"].dtype == pd.Int64Dtype()
    assert frame["Confidence"].iloc[0] == 0.5
    assert frame["Confidence"].iloc[1] is pd.NA
    assert frame["Extraction confidence"].isna().all()
    assert frame["Parsing confidence"].tolist()[0] == 1.0
    assert frame["Required"].tolist() == [False, False]


def test_an_empty_list_of_rows_gives_an_empty_frame_with_the_columns() -> None:
    frame = field_frame([])

    assert frame.empty
    assert frame.columns.tolist() == list(FIELD_COLUMNS)
    assert frame["Confidence"].dtype == pd.Float64Dtype()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (1.5, "1.5"),
        (0, "0"),
        ([1, "x", None, True, {"a": "é"}], '[1, "x", null, true, {"a": "é"}]'),
        ([], "[]"),
        ({}, "{}"),
        ("plain text", "plain text"),
    ],
)
def test_values_are_written_as_json_never_as_a_python_repr(value: Any, shown: str) -> None:
    (row,) = rows_of({"v": value}, {"type": "object"})

    assert row.value == shown
    assert field_frame([row])["Value"].iloc[0] == shown


def test_no_cell_of_a_mixed_run_holds_a_python_repr() -> None:
    deep: dict[str, Any] = {"k": [None, True]}
    for _ in range(MAX_FIELD_DEPTH):
        deep = {"n": deep}
    schema = obj_schema(
        flags={"type": "array", "items": {"type": "boolean"}},
        obj={"type": "object"},
        deep={"type": "object"},
        rows={"type": "array", "items": {"type": "object"}},
    )
    data = {
        "flags": [True, False, None],
        "obj": {"inner": {"x": None}, "empty": {}},
        "deep": deep,
        "rows": [{"a": None}],
        "unknown": {"list": ["a", 1.0]},
    }
    metadata = {"flags": FieldMeta(reasoning='["a", "b"]', confidence=0.5)}

    frame = field_frame(rows_of(data, schema, metadata))

    text_cells = [
        v
        for name in frame.columns
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name])
        for v in frame[name].tolist()
    ]
    assert all(isinstance(v, str) for v in text_cells)
    for needle in ("None", "True", "False", "{'", "['", "'}"):
        assert not any(needle in v for v in text_cells), needle
    assert frame.set_index("Field")["Value"].to_dict() == {
        "flags": "[true, false, null]",
        "obj.inner.x": "null",
        "obj.empty": "{}",
        "deep" + ".n" * (MAX_FIELD_DEPTH - 1): '{"n": {"k": [null, true]}}',
        "rows": "1 item",
        "unknown.list": '["a", 1.0]',
    }
