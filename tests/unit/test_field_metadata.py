"""Field metadata by path: real payloads, demo runs, every documented quirk and garbage input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from run_inspector.model import field_metadata as module
from run_inspector.model.extraction import UsageFigure
from run_inspector.model.field_metadata import (
    MAX_DEPTH,
    BoundingBox,
    Citation,
    FieldMeta,
    PageSize,
)
from run_inspector.model.field_path import FieldPath
from tests.conftest import SAMPLES, demo_run, load_json, make_run, read_v1


# The tests read metadata by the paths' text form, the form people see and links carry.
def by_text(meta: dict[FieldPath, FieldMeta]) -> dict[str, FieldMeta]:
    assert all(isinstance(path, FieldPath) for path in meta)
    return {path.render(): entry for path, entry in meta.items()}


def field_metadata_by_path(field_metadata: Any, data: Any) -> dict[str, FieldMeta]:
    return by_text(module.field_metadata_by_path(field_metadata, data))


def entries_of(extraction_metadata: Any) -> Any:
    """Where a v1 run keeps its entries; the model reader is given just that node."""
    if not isinstance(extraction_metadata, Mapping):
        return None
    return extraction_metadata.get("field_metadata")


def per_doc_field_metadata(extraction_metadata: Any, data: Any) -> dict[str, FieldMeta]:
    return by_text(module.field_metadata_by_path(entries_of(extraction_metadata), data))


def item_field_metadata(
    extraction_metadata: Any, index: Any, item_count: int, item: Any
) -> dict[str, FieldMeta]:
    node = entries_of(extraction_metadata)
    return by_text(module.item_field_metadata(node, index, item_count, item))


def metadata_error(extraction_metadata: Any) -> str | None:
    """The error the v1 adapter reads from a run's `extraction_metadata`."""
    return make_run({}, {}, extraction_metadata=extraction_metadata).metadata.error


def usage(
    pages: int | None, document_tokens: int | None, output_tokens: int | None
) -> tuple[UsageFigure, ...]:
    """The usage figures the v1 adapter reads from `num_pages_extracted`, … in that order."""
    return (
        UsageFigure("pages_extracted", pages),
        UsageFigure("document_tokens", document_tokens),
        UsageFigure("output_tokens", output_tokens),
    )


def usage_read_from(extraction_metadata: Any) -> tuple[UsageFigure, ...]:
    """The usage the v1 adapter reads from a run sent with this `extraction_metadata`."""
    return make_run(None, {}, extraction_metadata=extraction_metadata).usage


GARBAGE: list[Any] = [None, "x", 5, [[]], {1: 2}, 2.5, True, [None, "x", 3], {"a": "b"}]


def bbox_fixture(name: str) -> dict[str, Any]:
    return load_json(SAMPLES / "field_metadata_fixtures_bbox_confidence.json")[name]


def conf(value: float) -> FieldMeta:
    """An entry with confidence only, as written by `entry(value)`."""
    return FieldMeta(confidence=value)


def entry(value: float) -> dict[str, Any]:
    return {"confidence": value}


def nest(levels: int, leaf: Any, key: str = "a") -> Any:
    node = leaf
    for _ in range(levels):
        node = {key: node}
    return node


# --- real payloads ---------------------------------------------------------------------------


def test_capacitor_nested_object_with_reasoning_and_null_fields() -> None:
    run = load_json(SAMPLES / "capacitor_extract_run_confidence.json")

    meta = per_doc_field_metadata(run["extraction_metadata"], run["data"])

    assert meta == {
        "dimensions.length": FieldMeta(
            confidence=0.9999968039036192, extraction_confidence=0.9999968039036192
        ),
        "dimensions.diameter": FieldMeta(confidence=1.0, extraction_confidence=1.0),
        "dimensions.lead_spacing": FieldMeta(
            confidence=0.9999999031936799, extraction_confidence=0.9999999031936799
        ),
        "dimensions": FieldMeta(reasoning="VERBATIM EXTRACTION"),
    }
    assert "dimensions.width" not in meta
    assert "dimensions.height" not in meta
    assert read_v1(run).usage == usage(2, 1034, 3440)
    assert metadata_error(run["extraction_metadata"]) is None


RECEIPT_PAGE = PageSize(222.24, 736.56)
TITLE_BOX = BoundingBox(77.28, 615.12, 70.6, 7.2)


def test_receipt_citations_with_bounding_boxes_and_three_confidences() -> None:
    data = {"document_type": "FACTURE ORIGINALE", "summary": "Cafe filtre - $1.90"}

    meta = field_metadata_by_path(bbox_fixture("receipt_with_bounding_boxes_field_metadata"), data)

    assert meta == {
        "document_type": FieldMeta(
            confidence=0.725,
            extraction_confidence=0.725,
            parsing_confidence=1.0,
            citations=(Citation(1, "FACTURE ORIGINALE", 1, (TITLE_BOX,), RECEIPT_PAGE),),
        ),
        "summary": FieldMeta(
            confidence=0.57,
            extraction_confidence=0.57,
            parsing_confidence=1.0,
            citations=(
                Citation(1, "FACTURE ORIGINALE", 1, (TITLE_BOX,), RECEIPT_PAGE),
                Citation(
                    1,
                    "Cafe filtre - $1.90",
                    1,
                    (BoundingBox(10.56, 172.83, 171.85, 497.01),),
                    RECEIPT_PAGE,
                ),
            ),
        ),
    }


def test_datasheet_array_entries_nested_object_and_object_reasoning() -> None:
    data = {
        "title": "PHE844/F844",
        "manufacturer": "YAGEO KEMET",
        "features": ["EMI Safety"],
        "dimensions": {"length": "41 mm", "width": None},
    }

    meta = field_metadata_by_path(bbox_fixture("datasheet_nested_and_array_field_metadata"), data)

    assert list(meta) == [
        "title",
        "manufacturer",
        "features[0]",
        "dimensions.length",
        "dimensions",
    ]
    assert meta["title"] == FieldMeta(
        confidence=0.947,
        extraction_confidence=0.947,
        citations=(Citation(1, "PHE844/F844", 0),),
        reasoning="Combined key parametrics",
    )
    assert meta["features[0]"] == FieldMeta(
        confidence=0.999,
        extraction_confidence=0.999,
        citations=(Citation(1, "EMI Safety", 0),),
        reasoning="VERBATIM EXTRACTION",
    )
    assert meta["dimensions.length"] == FieldMeta(
        confidence=0.898, extraction_confidence=0.898, citations=(Citation(1, "L 41mm", 0),)
    )
    assert meta["dimensions"] == FieldMeta(reasoning="VERBATIM EXTRACTION")


REASONING_ENTRY = FieldMeta(
    confidence=0.414,
    extraction_confidence=0.414,
    parsing_confidence=1.0,
    citations=(Citation(15, "We hold...", 0),),
)


@pytest.mark.parametrize(
    "data",
    [
        {
            "majority_opinion": {"type": "majority", "reasoning": "We hold..."},
            "reasoning": "We hold...",
        },
        None,
    ],
    ids=["with-data", "without-data"],
)
def test_schema_fields_named_reasoning_are_entries_not_object_reasoning(data: Any) -> None:
    meta = field_metadata_by_path(
        bbox_fixture("schema_field_named_reasoning_conflict_field_metadata"), data
    )

    assert meta == {
        "majority_opinion.type": FieldMeta(
            confidence=0.999,
            extraction_confidence=0.999,
            parsing_confidence=1.0,
            citations=(Citation(4, "BARRETT, J.", 0),),
        ),
        "majority_opinion.reasoning": REASONING_ENTRY,
        "reasoning": REASONING_ENTRY,
    }


def test_template_invoice_nested_citations_and_usage() -> None:
    metadata = load_json(SAMPLES / "template_invoice_citations_confidence_usage.json")[
        "extraction_metadata"
    ]
    data = {
        "hello": "# Invoice Summary",
        "nested": {
            "foo": "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            "bar": "BEV/WITH/BRID HOSP COVER FEB 17",
        },
    }

    meta = per_doc_field_metadata(metadata, data)

    assert list(meta) == ["hello", "nested.foo", "nested.bar"]
    assert meta["nested.bar"] == FieldMeta(
        confidence=0.01,
        extraction_confidence=0.01,
        citations=(Citation(1, "BEV/WITH/BRID HOSP COVER FEB 17", 0),),
    )
    assert "nested" not in meta
    assert usage_read_from(metadata) == usage(1, 364, 112)


def test_nvda_many_citations_and_reasoning_without_confidence() -> None:
    sample = load_json(SAMPLES / "nvda_10k_citations_reasoning.json")

    meta = per_doc_field_metadata(sample["extraction_metadata"], sample["data"])

    assert set(meta) == set(sample["data"])
    company = meta["company_name"]
    assert company.reasoning == "VERBATIM EXTRACTION"
    assert (company.confidence, company.extraction_confidence, company.parsing_confidence) == (
        None,
        None,
        None,
    )
    assert len(company.citations) == 8
    assert company.citations[0] == Citation(1, "NVIDIA CORPORATION", 0)
    assert company.citations[-1] == Citation(
        126, "Annual Report on Form 10-K of NVIDIA Corporation", 0
    )
    assert len(meta["filing_type"].citations) == 18
    assert meta["revenue"].citations[0] == Citation(
        38, "Revenue for fiscal year 2025 was $130.5 billion", 0
    )
    assert usage_read_from(sample["extraction_metadata"]) == usage(130, 105932, 31306)


# --- demo runs -------------------------------------------------------------------------------


def test_demo_capacitor_matches_its_sample() -> None:
    run = demo_run("capacitor_per_doc_confidence")

    meta = per_doc_field_metadata(run["extraction_metadata"], run["data"])

    assert meta["dimensions.length"] == FieldMeta(
        confidence=0.9999968039036192, extraction_confidence=0.9999968039036192
    )
    assert meta["dimensions"] == FieldMeta(reasoning="VERBATIM EXTRACTION")
    assert "dimensions.width" not in meta
    assert read_v1(run).usage == usage(2, 1034, 3440)


def test_demo_receipt_per_doc_bounding_boxes() -> None:
    run = demo_run("receipt_per_doc_bounding_boxes")

    meta = per_doc_field_metadata(run["extraction_metadata"], run["data"])

    assert meta["document_type"] == FieldMeta(
        confidence=0.725,
        extraction_confidence=0.725,
        parsing_confidence=1.0,
        citations=(Citation(1, "FACTURE ORIGINALE", 1, (TITLE_BOX,), RECEIPT_PAGE),),
    )
    assert [c.matching_text for c in meta["summary"].citations] == [
        "FACTURE ORIGINALE",
        "Cafe filtre - $1.90",
    ]
    assert read_v1(run).usage == ()


def test_demo_nvda_per_doc_citations() -> None:
    run = demo_run("nvda_10k_per_doc_citations")

    meta = per_doc_field_metadata(run["extraction_metadata"], run["data"])

    assert list(meta) == [
        "company_name",
        "filing_type",
        "fiscal_year",
        "description",
        "filing_date",
        "unit",
        "revenue",
    ]
    assert meta["filing_date"].citations[0] == Citation(51, "February 26, 2025", 0)
    assert read_v1(run).usage == usage(130, 105932, 31306)


def test_demo_invoice_per_page_list_layout() -> None:
    run = demo_run("invoice_per_page_citations")
    items = run["data"]

    meta = item_field_metadata(run["extraction_metadata"], 0, len(items), items[0])

    assert meta == {
        "hello": FieldMeta(
            confidence=0.01,
            extraction_confidence=0.01,
            citations=(Citation(1, "# Invoice Summary", 0),),
        ),
        "nested.foo": FieldMeta(
            confidence=0.01,
            extraction_confidence=0.01,
            citations=(Citation(1, "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD", 0),),
        ),
        "nested.bar": FieldMeta(
            confidence=0.01,
            extraction_confidence=0.01,
            citations=(Citation(1, "BEV/WITH/BRID HOSP COVER FEB 17", 0),),
        ),
    }
    assert item_field_metadata(run["extraction_metadata"], 1, len(items), items[0]) == {}
    assert read_v1(run).usage == usage(1, 364, 112)


@pytest.mark.parametrize(
    "name", ["bsc_hospitals_per_table_row", "datasheet_error", "receipt_pending"]
)
def test_demo_runs_without_metadata_give_nothing(name: str) -> None:
    run = demo_run(name)
    metadata, data = run["extraction_metadata"], run["data"]

    assert per_doc_field_metadata(metadata, data) == {}
    for index, item in enumerate(data or []):
        assert item_field_metadata(metadata, index, len(data), item) == {}
    assert metadata_error(metadata) is None
    assert read_v1(run).usage == ()


# --- leaf values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [(2.0, 2), (3, 3), (2.5, None), ("2", None), (True, None), (None, None), (float("nan"), None)],
)
def test_citation_page(page: Any, expected: int | None) -> None:
    meta = field_metadata_by_path({"a": {"citation": [{"page": page}]}}, {"a": "x"})

    assert meta == {"a": FieldMeta(citations=(Citation(expected, None, 0),))}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1.0),
        (0, 0.0),
        (0.5, 0.5),
        ("high", None),
        (True, None),
        (float("inf"), None),
        (10**400, None),
        ([0.5], None),
    ],
)
def test_confidences_are_floats_or_none(value: Any, expected: float | None) -> None:
    node = {
        "a": {
            "confidence": value,
            "extraction_confidence": value,
            "parsing_confidence": value,
            "reasoning": "r",
        }
    }

    meta = field_metadata_by_path(node, {"a": "x"})

    assert meta == {
        "a": FieldMeta(
            confidence=expected,
            extraction_confidence=expected,
            parsing_confidence=expected,
            reasoning="r",
        )
    }
    if expected is not None:
        assert type(meta["a"].confidence) is float


def test_citations_skip_non_dicts_and_read_text_and_boxes_loosely() -> None:
    citations = [
        "page 1",
        None,
        7,
        {"page": 1, "matching_text": 42, "bounding_boxes": [{}, {}, {}]},
        {"page": 2, "matching_text": {"a": 1}, "bounding_boxes": {"x": 1}},
        {"matching_text": None},
    ]

    meta = field_metadata_by_path({"a": {"citation": citations}}, {"a": "x"})

    assert meta["a"].citations == (
        Citation(1, "42", 3),
        Citation(2, '{"a": 1}', 0),
        Citation(None, None, 0),
    )


def test_a_single_citation_dict_counts_and_a_citation_string_does_not() -> None:
    node = {"a": {"citation": {"page": 4.0, "matching_text": "t"}}, "b": {"citation": "p. 4"}}

    meta = field_metadata_by_path(node, {"a": "x", "b": "y"})

    assert meta == {"a": FieldMeta(citations=(Citation(4, "t", 0),))}


def test_non_string_reasoning_in_an_entry_is_json_text() -> None:
    meta = field_metadata_by_path({"a": {"reasoning": ["x", 1]}}, {"a": "v"})

    assert meta == {"a": FieldMeta(reasoning='["x", 1]')}


def test_empty_or_unknown_entries_are_left_out() -> None:
    node = {"a": {}, "b": {"note": "n"}, "c": {"confidence": None}, "d": entry(0.5)}

    assert field_metadata_by_path(node, {"a": 1, "b": 2, "c": 3, "d": 4}) == {"d": conf(0.5)}


# --- walking alongside the data --------------------------------------------------------------


def test_null_values_without_entry_get_none_and_with_entry_are_guessed() -> None:
    data = {"a": None, "b": "x", "c": None}
    node = {"b": entry(0.9), "c": entry(0.3)}

    assert field_metadata_by_path(node, data) == {"b": conf(0.9), "c": conf(0.3)}


def test_list_entries_per_item_with_gaps() -> None:
    data = {"tags": ["x", "y", "z"]}
    node = {"tags": [entry(0.1), None, entry(0.3), entry(0.4)]}

    assert field_metadata_by_path(node, data) == {
        "tags[0]": conf(0.1),
        "tags[2]": conf(0.3),
        "tags[3]": conf(0.4),
    }


def test_list_of_objects_and_deep_mixed_paths() -> None:
    data = {
        "line_items": [{"sku": "A"}, {"sku": "B"}, {"sku": "C", "qty": 2}],
        "a": {"b": [{"c": [1, 2]}]},
    }
    node = {
        "line_items": [{}, {"sku": entry(0.2)}, {"sku": entry(0.3), "qty": entry(0.4)}],
        "a": {"b": [{"c": [entry(0.5), entry(0.6)], "reasoning": "item reasoning"}]},
    }

    assert field_metadata_by_path(node, data) == {
        "line_items[1].sku": conf(0.2),
        "line_items[2].sku": conf(0.3),
        "line_items[2].qty": conf(0.4),
        "a.b[0].c[0]": conf(0.5),
        "a.b[0].c[1]": conf(0.6),
        "a.b[0]": FieldMeta(reasoning="item reasoning"),
    }


def test_one_entry_for_a_whole_list_is_keyed_by_the_list_path() -> None:
    data = {"tags": ["x", "y"], "notes": ["n"]}
    node = {"tags": {"confidence": 0.7, "reasoning": "all"}, "notes": {"reasoning": "only"}}

    assert field_metadata_by_path(node, data) == {
        "tags": FieldMeta(confidence=0.7, reasoning="all"),
        "notes": FieldMeta(reasoning="only"),
    }


def test_list_entries_keyed_by_index() -> None:
    data = {"tags": ["x", "y", "z"], "rows": [{"v": 1}, {"v": 2}]}
    node = {"tags": {"0": entry(0.1), "2": entry(0.3)}, "rows": {1: {"v": entry(0.2)}}}

    assert field_metadata_by_path(node, data) == {
        "tags[0]": conf(0.1),
        "tags[2]": conf(0.3),
        "rows[1].v": conf(0.2),
    }


def test_list_metadata_without_data_is_walked_per_item() -> None:
    node = {"features": [entry(0.1), {"name": entry(0.2)}]}

    assert field_metadata_by_path(node, None) == {
        "features[0]": conf(0.1),
        "features[1].name": conf(0.2),
    }


def test_metadata_of_the_wrong_shape_for_the_data_is_ignored() -> None:
    data = {"name": "x", "obj": {"a": 1}, "tags": ["t"]}
    node = {"name": [entry(0.1)], "obj": [entry(0.2)], "tags": "entry"}

    assert field_metadata_by_path(node, data) == {}


def test_schema_field_named_confidence() -> None:
    data = {"confidence": "high", "review": {"confidence": "low", "score": 3}}
    node = {
        "confidence": entry(0.3),
        "review": {"confidence": entry(0.2), "score": entry(0.8), "reasoning": "why"},
    }

    expected = {
        "confidence": conf(0.3),
        "review.confidence": conf(0.2),
        "review.score": conf(0.8),
        "review": FieldMeta(reasoning="why"),
    }
    assert field_metadata_by_path(node, data) == expected
    assert field_metadata_by_path(node, None) == expected


def test_schema_field_named_reasoning_with_a_plain_string_is_the_objects_reasoning() -> None:
    data = {"opinion": {"reasoning": "We hold...", "author": "X"}}
    node = {"opinion": {"reasoning": "VERBATIM EXTRACTION", "author": entry(0.9)}}

    assert field_metadata_by_path(node, data) == {
        "opinion": FieldMeta(reasoning="VERBATIM EXTRACTION"),
        "opinion.author": conf(0.9),
    }


def test_one_entry_for_a_whole_object_only_when_no_key_is_a_field() -> None:
    data = {"dims": {"length": "1"}, "stats": {"confidence": 5}}
    node = {"dims": {"confidence": 0.8, "reasoning": "r"}, "stats": {"confidence": 0.9}}

    assert field_metadata_by_path(node, data) == {
        "dims": FieldMeta(confidence=0.8, reasoning="r"),
    }


def test_a_field_called_citation_holding_item_entries_is_not_a_citation_list() -> None:
    node = {"doc": {"citation": [entry(0.1), entry(0.2)]}}

    assert field_metadata_by_path(node, None) == {
        "doc.citation[0]": conf(0.1),
        "doc.citation[1]": conf(0.2),
    }


def test_root_reasoning_string_has_no_path_and_non_string_keys_are_skipped() -> None:
    node = {"reasoning": "whole document", 1: entry(0.5), None: entry(0.5), "a": entry(0.1)}

    assert field_metadata_by_path(node, {"a": "x"}) == {"a": conf(0.1)}


def test_metadata_for_fields_absent_from_data_is_kept() -> None:
    assert field_metadata_by_path({"gone": entry(0.4)}, {"other": 1}) == {"gone": conf(0.4)}


# --- top-level error -------------------------------------------------------------------------


def test_top_level_error_is_not_a_field() -> None:
    metadata = {"field_metadata": {"error": "Extraction failed on page 3", "a": entry(0.5)}}

    assert per_doc_field_metadata(metadata, {"a": "x"}) == {"a": conf(0.5)}
    assert per_doc_field_metadata(metadata, None) == {"a": conf(0.5)}
    assert metadata_error(metadata) == "Extraction failed on page 3"


def test_error_entry_dict_is_skipped_unless_data_has_an_error_field() -> None:
    node = {"error": entry(0.6), "a": entry(0.5)}

    assert field_metadata_by_path(node, {"a": "x"}) == {"a": conf(0.5)}
    assert field_metadata_by_path(node, {"a": "x", "error": "E42"}) == {
        "error": conf(0.6),
        "a": conf(0.5),
    }
    assert metadata_error({"field_metadata": node}) is None


def test_nested_error_is_an_ordinary_field() -> None:
    node = {"check": {"error": entry(0.2)}}

    assert field_metadata_by_path(node, {"check": {"error": "none"}}) == {"check.error": conf(0.2)}
    assert field_metadata_by_path(node, None) == {"check.error": conf(0.2)}


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"error": "top"}, "top"),
        ({"field_metadata": {"error": "inner"}, "error": "top"}, "inner"),
        ({"field_metadata": {"error": "  "}, "error": "top"}, "top"),
        ({"field_metadata": {"error": {"confidence": 1}}}, None),
        ({"field_metadata": [{"error": "x"}]}, None),
        ({"error": None}, None),
        ({"error": 5}, None),
        ({}, None),
    ],
)
def test_metadata_error(metadata: dict[str, Any], expected: str | None) -> None:
    assert metadata_error(metadata) == expected


# --- usage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"usage": {"num_pages_extracted": 2.0, "num_document_tokens": 10, "num_output_tokens": 3}},
         usage(2, 10, 3)),
        ({"usage": {"num_pages_extracted": 1}}, usage(1, None, None)),
        ({"usage": {"num_pages_extracted": "2", "num_document_tokens": 2.5,
                    "num_output_tokens": True}}, usage(None, None, None)),
        ({"usage": {}}, usage(None, None, None)),
        ({"usage": None}, ()),
        ({"usage": [1, 2, 3]}, ()),
        ({"field_metadata": {}}, ()),
    ],
)  # fmt: skip
def test_the_v1_adapter_reads_usage(
    metadata: dict[str, Any], expected: tuple[UsageFigure, ...]
) -> None:
    assert usage_read_from(metadata) == expected


# --- list targets ----------------------------------------------------------------------------

ROWS = [{"county": "Alameda", "hospital_name": "A"}, {"county": "Alpine", "hospital_name": "B"}]


def row_entries(n: int) -> dict[str, Any]:
    return {"county": entry(n + 0.1), "hospital_name": entry(n + 0.2)}


def row_meta(n: int) -> dict[str, FieldMeta]:
    return {"county": conf(n + 0.1), "hospital_name": conf(n + 0.2)}


def items_of(field_metadata: Any, items: list[Any] = ROWS) -> list[dict[str, FieldMeta]]:
    metadata = {"field_metadata": field_metadata}
    return [item_field_metadata(metadata, i, len(items), item) for i, item in enumerate(items)]


@pytest.mark.parametrize(
    "field_metadata",
    [
        [row_entries(0), row_entries(1)],
        {"0": row_entries(0), "1": row_entries(1)},
        {0: row_entries(0), 1: row_entries(1)},
        {"0": row_entries(0), "1": row_entries(1), "error": "row 3 failed"},
        {
            "county": [entry(0.1), entry(1.1)],
            "hospital_name": [entry(0.2), entry(1.2)],
            "reasoning": "table",
        },
        {"items": [row_entries(0), row_entries(1)]},
        {"rows": [row_entries(0), row_entries(1)]},
        {"pages": [row_entries(0), row_entries(1)]},
        {"data": [row_entries(0), row_entries(1)]},
        {"rows": {"0": row_entries(0), "1": row_entries(1)}},
    ],
    ids=[
        "list",
        "str-index",
        "int-index",
        "index-and-error",
        "field-columns",
        "items",
        "rows",
        "pages",
        "data",
        "rows-index",
    ],
)
def test_list_target_layouts(field_metadata: Any) -> None:
    assert items_of(field_metadata) == [row_meta(0), row_meta(1)]


def test_list_target_single_item_with_a_dict_of_fields() -> None:
    item = {"hello": "hi", "nested": {"foo": "f"}}
    field_metadata = {"hello": entry(0.1), "nested": {"foo": entry(0.2), "reasoning": "r"}}

    assert items_of(field_metadata, [item]) == [
        {"hello": conf(0.1), "nested.foo": conf(0.2), "nested": FieldMeta(reasoning="r")}
    ]


def test_list_target_dict_of_fields_with_several_items_is_not_guessed() -> None:
    assert items_of(row_entries(0)) == [{}, {}]


def test_list_target_single_item_array_field_is_not_read_as_columns() -> None:
    item = {"plan_names": ["PPO"], "county": "Alameda"}
    field_metadata = {"plan_names": [entry(0.3)], "county": entry(0.4)}

    assert items_of(field_metadata, [item]) == [{"plan_names[0]": conf(0.3), "county": conf(0.4)}]


def test_list_target_single_item_columns() -> None:
    item = {"county": "Alameda"}

    assert items_of({"county": [entry(0.4)]}, [item]) == [{"county": conf(0.4)}]


def test_list_target_item_field_named_like_a_wrapper_key_is_a_field() -> None:
    item = {"data": "payload", "rows": "3"}
    field_metadata = {"data": entry(0.5), "rows": entry(0.6)}

    assert items_of(field_metadata, [item]) == [{"data": conf(0.5), "rows": conf(0.6)}]


def test_list_target_items_with_arrays_inside() -> None:
    items = [{"plan_names": ["Trio HMO", "PPO"]}, {"plan_names": ["PPO"]}]
    field_metadata = [{"plan_names": [entry(0.1), entry(0.2)]}, {"plan_names": [entry(0.3)]}]

    assert items_of(field_metadata, items) == [
        {"plan_names[0]": conf(0.1), "plan_names[1]": conf(0.2)},
        {"plan_names[0]": conf(0.3)},
    ]


def test_list_target_missing_items_and_bad_indexes() -> None:
    metadata = {"field_metadata": [row_entries(0)]}

    assert item_field_metadata(metadata, 1, 2, ROWS[1]) == {}
    assert item_field_metadata(metadata, -1, 2, ROWS[1]) == {}
    assert item_field_metadata({"field_metadata": {"1": row_entries(1)}}, 0, 2, ROWS[0]) == {}
    assert item_field_metadata({"field_metadata": {"0": row_entries(0)}}, 0, 2, ROWS[0]) == (
        row_meta(0)
    )


def test_list_target_without_item_data_guesses_the_shapes() -> None:
    metadata = {"field_metadata": [{"a": entry(0.1), "b": {"c": entry(0.2)}}]}

    assert item_field_metadata(metadata, 0, 1, None) == {"a": conf(0.1), "b.c": conf(0.2)}


@pytest.mark.parametrize("field_metadata", GARBAGE)
def test_list_target_garbage_field_metadata(field_metadata: Any) -> None:
    metadata = {"field_metadata": field_metadata}

    for index, item in enumerate(ROWS):
        assert item_field_metadata(metadata, index, len(ROWS), item) == {}


@pytest.mark.parametrize("metadata", GARBAGE)
def test_list_target_garbage_extraction_metadata(metadata: Any) -> None:
    assert item_field_metadata(metadata, 0, 1, {"a": 1}) == {}
    assert item_field_metadata({"field_metadata": [row_entries(0)]}, metadata, 1, ROWS[0]) == {}


# --- garbage and depth -----------------------------------------------------------------------


@pytest.mark.parametrize("field_metadata", GARBAGE)
@pytest.mark.parametrize("data", [None, "x", 5, [[]], {1: 2}, {"a": "b"}, [{"a": 1}]])
def test_garbage_field_metadata_gives_nothing(field_metadata: Any, data: Any) -> None:
    assert field_metadata_by_path(field_metadata, data) == {}


@pytest.mark.parametrize("metadata", GARBAGE)
def test_garbage_extraction_metadata_gives_nothing(metadata: Any) -> None:
    assert per_doc_field_metadata(metadata, {"a": "b"}) == {}
    assert per_doc_field_metadata({"field_metadata": metadata}, {"a": "b"}) == {}
    assert metadata_error(metadata) is None
    assert usage_read_from(metadata) == ()


def test_nesting_is_followed_up_to_the_depth_cap() -> None:
    node = {"shallow": entry(0.1), **nest(MAX_DEPTH, entry(0.2))}
    too_deep = nest(MAX_DEPTH + 1, entry(0.3))

    assert field_metadata_by_path(node, None) == {
        "shallow": conf(0.1),
        ".".join(["a"] * MAX_DEPTH): conf(0.2),
    }
    assert field_metadata_by_path(too_deep, None) == {}


@pytest.mark.parametrize("with_data", [True, False])
def test_thousand_levels_of_nesting_do_not_raise(with_data: bool) -> None:
    node = {"top": entry(0.1), **nest(1000, entry(0.2))}
    data = {"top": "x", **nest(1000, "v")} if with_data else None
    deep_list: Any = entry(0.3)
    for _ in range(1000):
        deep_list = [deep_list]

    assert field_metadata_by_path(node, data) == {"top": conf(0.1)}
    assert field_metadata_by_path({"l": deep_list}, {"l": deep_list} if with_data else None) == {}
    assert item_field_metadata({"field_metadata": [node]}, 0, 1, data) == {"top": conf(0.1)}


def test_boxes_and_page_sizes_that_are_not_four_finite_numbers_are_counted_not_kept() -> None:
    entry = {
        "citation": [
            {
                "page": 2,
                "bounding_boxes": [
                    {"x": 1, "y": 2, "w": 3, "h": 4},
                    {"x": "1", "y": 2, "w": 3, "h": 4},
                    {"x": 1, "y": 2, "w": 3},
                    "box",
                ],
                "page_dimensions": {"width": 0, "height": 10},
            }
        ]
    }
    (citation,) = field_metadata_by_path({"a": entry}, {"a": "x"})["a"].citations

    assert citation.bounding_box_count == 4
    assert citation.boxes == (BoundingBox(1, 2, 3, 4),)
    assert citation.page_size is None
