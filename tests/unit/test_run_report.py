"""The run report on every real sample and demo run: kinds, problems, confidences, exports."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pytest

from run_inspector.analysis.field_table import MAX_CELL_CHARS, FieldRow
from run_inspector.analysis.run_report import (
    RunReport,
    build_run_report,
    data_export,
    field_export,
)
from run_inspector.model.extraction import Extraction, UsageFigure
from run_inspector.model.field_metadata import BoundingBox, Citation, FieldMeta, PageSize
from run_inspector.model.field_path import FieldPath
from tests.conftest import DEMO_DATA, SAMPLES, demo_run, load_json, make_run, read_v1

EXPORT_COLUMNS = [
    "Field",
    "Value",
    "State",
    "Type",
    "Required",
    "Confidence",
    "Extraction confidence",
    "Parsing confidence",
    "Pages",
    "Cited text",
    "Bounding boxes",
    "Reasoning",
    "Problems",
    "Description",
]
BBOX_FILE = "field_metadata_fixtures_bbox_confidence"


def by_text(by_item: Mapping[Any, Mapping[FieldPath, Any]]) -> dict[Any, dict[str, Any]]:
    return {
        item: {p.render(): list(v) for p, v in paths.items()} for item, paths in by_item.items()
    }


def obj_schema(*required: str, **props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(required)}


def report_of(name: str) -> RunReport:
    return build_run_report(read_v1(demo_run(name)))


USAGE_NAMES = ("pages_extracted", "document_tokens", "output_tokens")


def usage_tuple(report: RunReport) -> tuple[int | float | None, ...] | None:
    figures = {figure.name: figure.value for figure in report.extraction.usage}
    return tuple(figures.get(name) for name in USAGE_NAMES) if figures else None


STRING = {"type": "string"}


# --- Real samples, completed into whole runs ---------------------------------------------------


def bsc_run() -> Extraction:
    sample = load_json(SAMPLES / "bsc_hospitals_per_table_row_data.json")
    return make_run(
        sample["data_first_10"],
        sample["data_schema"],
        target=sample["config"]["extraction_target"],
        config=sample["config"],
    )


def capacitor_run() -> Extraction:
    return read_v1(load_json(SAMPLES / "capacitor_extract_run_confidence.json"))


def nvda_run() -> Extraction:
    sample = load_json(SAMPLES / "nvda_10k_citations_reasoning.json")
    return make_run(
        sample["data"],
        sample["data_schema"],
        extraction_metadata=sample["extraction_metadata"],
        config=sample["config"],
    )


def template_invoice_run() -> Extraction:
    """Metadata only in the sample: data and schema consistent with it (hello, nested.foo/bar)."""
    sample = load_json(SAMPLES / "template_invoice_citations_confidence_usage.json")
    schema = obj_schema(
        "hello",
        "nested",
        hello=STRING,
        nested=obj_schema("foo", "bar", foo=STRING, bar={"type": ["string", "null"]}),
    )
    data = {
        "hello": "# Invoice Summary",
        "nested": {
            "foo": "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            "bar": "BEV/WITH/BRID HOSP COVER FEB 17",
        },
    }
    config = {"cite_sources": True, "confidence_scores": True}
    return make_run(data, schema, extraction_metadata=sample["extraction_metadata"], config=config)


def bbox_run(fixture: str, data: dict[str, Any], schema: dict[str, Any]) -> Extraction:
    field_metadata = load_json(SAMPLES / f"{BBOX_FILE}.json")[fixture]
    return make_run(data, schema, extraction_metadata={"field_metadata": field_metadata})


def receipt_run() -> Extraction:
    return bbox_run(
        "receipt_with_bounding_boxes_field_metadata",
        {"document_type": "FACTURE ORIGINALE", "summary": "Cafe filtre - $1.90"},
        obj_schema("document_type", "summary", document_type=STRING, summary=STRING),
    )


def datasheet_run() -> Extraction:
    return bbox_run(
        "datasheet_nested_and_array_field_metadata",
        {
            "title": "PHE844/F844",
            "manufacturer": "YAGEO KEMET",
            "features": ["EMI Safety"],
            "dimensions": {"length": "L 41mm"},
        },
        obj_schema(
            "title",
            "manufacturer",
            title=STRING,
            manufacturer=STRING,
            features={"type": "array", "items": STRING},
            dimensions=obj_schema(length={"type": ["string", "null"]}),
        ),
    )


def opinion_run() -> Extraction:
    return bbox_run(
        "schema_field_named_reasoning_conflict_field_metadata",
        {
            "majority_opinion": {"type": "majority", "reasoning": "We hold..."},
            "reasoning": "We hold...",
        },
        obj_schema(
            majority_opinion=obj_schema(type=STRING, reasoning=STRING),
            reasoning=STRING,
        ),
    )


# name -> (build, kind, summary, below 0.5, usage, field paths or records columns)
SAMPLE_CASES: dict[str, tuple[Callable[[], Extraction], str, int, Any, list[str]]] = {
    "bsc_hospitals_per_table_row_data": (
        bsc_run,
        "records",
        0,
        None,
        ["#", "county", "hospital_name", "plan_names"],
    ),
    "capacitor_extract_run_confidence": (
        capacitor_run,
        "fields",
        0,
        (2, 1034, 3440),
        [
            "dimensions",
            "dimensions.length",
            "dimensions.width",
            "dimensions.height",
            "dimensions.diameter",
            "dimensions.lead_spacing",
        ],
    ),
    f"{BBOX_FILE}/receipt": (
        receipt_run,
        "fields",
        0,
        None,
        ["document_type", "summary"],
    ),
    f"{BBOX_FILE}/datasheet": (
        datasheet_run,
        "fields",
        0,
        None,
        ["title", "manufacturer", "features", "dimensions", "dimensions.length"],
    ),
    f"{BBOX_FILE}/reasoning_conflict": (
        opinion_run,
        "fields",
        2,
        None,
        ["majority_opinion.type", "majority_opinion.reasoning", "reasoning"],
    ),
    "nvda_10k_citations_reasoning": (
        nvda_run,
        "fields",
        0,
        (130, 105932, 31306),
        [
            "company_name",
            "description",
            "filing_type",
            "filing_date",
            "fiscal_year",
            "unit",
            "revenue",
        ],
    ),
    "template_invoice_citations_confidence_usage": (
        template_invoice_run,
        "fields",
        3,
        (1, 364, 112),
        ["hello", "nested.foo", "nested.bar"],
    ),
}


def test_the_sample_cases_cover_every_sample_file_and_bbox_fixture() -> None:
    covered_files = {name.split("/")[0] for name in SAMPLE_CASES}
    fixtures = set(load_json(SAMPLES / f"{BBOX_FILE}.json")) - {"_source"}

    assert {p.stem for p in SAMPLES.glob("*.json")} == covered_files
    assert fixtures == {
        "receipt_with_bounding_boxes_field_metadata",
        "datasheet_nested_and_array_field_metadata",
        "schema_field_named_reasoning_conflict_field_metadata",
    }


@pytest.mark.parametrize("name", sorted(SAMPLE_CASES))
def test_every_real_sample_builds_a_report(name: str) -> None:
    build, kind, low, usage, columns = SAMPLE_CASES[name]

    report = build_run_report(build())

    assert report.kind == kind
    assert report.conformance.summary == "conforms to schema"
    assert report.low_confidence_count(0.5) == low
    assert usage_tuple(report) == usage
    assert report.extraction.metadata.error is None
    if kind == "records":
        assert report.records is not None
        assert report.records.columns == columns
    else:
        assert [r.path.render() for r in report.field_rows] == columns
    assert not field_export(report).empty
    assert not data_export(report).empty


def test_template_invoice_rows_join_citations_and_confidence() -> None:
    report = build_run_report(template_invoice_run())

    assert [
        (
            r.path.render(),
            r.value,
            r.meta.confidence,
            r.pages,
            r.cited_text,
            r.required,
            r.type_text,
        )
        for r in report.field_rows
    ] == [
        ("hello", "# Invoice Summary", 0.01, "1", "# Invoice Summary", True, "string"),
        (
            "nested.foo",
            "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            0.01,
            "1",
            "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            True,
            "string",
        ),
        (
            "nested.bar",
            "BEV/WITH/BRID HOSP COVER FEB 17",
            0.01,
            "1",
            "BEV/WITH/BRID HOSP COVER FEB 17",
            True,
            "string, nullable",
        ),
    ]
    assert report.confidences.tolist() == [0.01, 0.01, 0.01]
    assert report.low_confidence_count(0.01) == 0
    assert report.low_confidence_count(0.011) == 3


def test_receipt_rows_count_bounding_boxes_and_carry_three_confidences() -> None:
    report = build_run_report(receipt_run())

    document_type, summary = report.field_rows
    assert document_type.meta == FieldMeta(
        confidence=0.725,
        extraction_confidence=0.725,
        parsing_confidence=1.0,
        citations=(
            Citation(
                1,
                "FACTURE ORIGINALE",
                1,
                (BoundingBox(77.28, 615.12, 70.6, 7.2),),
                PageSize(222.24, 736.56),
            ),
        ),
    )
    assert (summary.pages, summary.cited_text, summary.boxes) == (
        "1",
        "FACTURE ORIGINALE | Cafe filtre - $1.90",
        2,
    )
    assert report.low_confidence_count(0.6) == 1
    assert report.low_confidence_count(0.8) == 2


def test_capacitor_null_fields_have_no_metadata_and_state_null() -> None:
    report = build_run_report(capacitor_run())

    rows = {r.path.render(): r for r in report.field_rows}
    assert (rows["dimensions.width"].state, rows["dimensions.width"].value) == ("null", "null")
    assert rows["dimensions.width"].meta == FieldMeta()
    assert rows["dimensions"].meta.reasoning == "VERBATIM EXTRACTION"
    assert rows["dimensions"].type_text == "object, nullable"
    assert rows["dimensions.length"].type_text == "string, nullable"
    assert rows["dimensions.length"].description == "Length in mm (Size, Longest Side, L)"
    assert report.low_confidence_count(1.0) == 2


# --- Demo runs ---------------------------------------------------------------------------------

# name -> (kind, summary, below 0.5, usage)
DEMO_CASES: dict[str, tuple[str, str, int, Any]] = {
    "bsc_hospitals_per_table_row": ("records", "conforms to schema", 0, None),
    "capacitor_per_doc_confidence": ("fields", "conforms to schema", 0, (2, 1034, 3440)),
    "datasheet_error": ("empty", "schema not checked: the run has no data", 0, None),
    "invoice_per_page_citations": ("records", "conforms to schema", 3, (1, 364, 112)),
    "invoice_schema_problems": ("fields", "6 schema problems", 3, (2, 1870, 612)),
    "nvda_10k_per_doc_citations": ("fields", "conforms to schema", 0, (130, 105932, 31306)),
    "receipt_pending": ("empty", "schema not checked: the run has no data", 0, None),
    "receipt_per_doc_bounding_boxes": ("fields", "conforms to schema", 0, None),
}


def test_the_demo_cases_cover_every_demo_run() -> None:
    assert {p.stem for p in DEMO_DATA.glob("*.json")} == set(DEMO_CASES)


@pytest.mark.parametrize("name", sorted(DEMO_CASES))
def test_every_demo_run_builds_a_report(name: str) -> None:
    kind, summary, low, usage = DEMO_CASES[name]

    report = report_of(name)

    assert report.kind == kind
    assert report.conformance.summary == summary
    assert report.low_confidence_count(0.5) == low
    assert usage_tuple(report) == usage
    assert report.extraction.metadata.error is None
    field_export(report)
    data_export(report)


def test_a_run_without_data_is_empty_with_no_rows() -> None:
    report = report_of("datasheet_error")

    assert (report.field_rows, report.records, report.sub_tables) == ((), None, ())
    assert report.confidences.size == 0
    assert report.schema_frame is not None
    assert report.schema_frame.view()["Field"].tolist() == [
        "title",
        "manufacturer",
        "features",
        "dimensions",
        "dimensions.length",
    ]


# --- The demo run that breaks its schema -------------------------------------------------------

BROKEN = "invoice_schema_problems"


def test_broken_invoice_header_numbers() -> None:
    report = report_of(BROKEN)

    assert report.conformance.summary == "6 schema problems"
    assert report.low_confidence_count(0.5) == 3
    assert report.low_confidence_count(0.4) == 2
    assert report.low_confidence_count(0.22) == 0
    assert report.low_confidence_count(0.95) == 9
    assert report.low_confidence_count(1.01) == 15
    assert usage_tuple(report) == (2, 1870, 612)
    assert report.target == "PER_DOC"
    assert report.notes == ()


def test_broken_invoice_marks_exactly_the_problem_rows() -> None:
    report = report_of(BROKEN)

    marked = {r.path.render(): r.problems for r in report.field_rows if r.problems}

    assert marked == {
        "vendor.vat_id": ("required field is missing",),
        "issue_date": ('must be a valid date (got "31/02/2025")',),
        "currency": ('must be one of "EUR", "USD", "GBP" (got "EURO")',),
        "total": ('expected number, got string "1,234.50"',),
        "notes": ("not allowed by the schema (additionalProperties is false)",),
        "line_items": ("1 problem(s) in its items",),
    }
    assert by_text(report.problems_by_item) == {
        None: {
            "notes": ["not allowed by the schema (additionalProperties is false)"],
            "vendor.vat_id": ["required field is missing"],
            "issue_date": ['must be a valid date (got "31/02/2025")'],
            "currency": ['must be one of "EUR", "USD", "GBP" (got "EURO")'],
            "total": ['expected number, got string "1,234.50"'],
            "line_items[1].quantity": ['expected integer, got string "two"'],
        }
    }


def test_broken_invoice_rows_in_order_with_states() -> None:
    report = report_of(BROKEN)

    assert [(r.path.render(), r.value, r.state, r.meta.confidence) for r in report.field_rows] == [
        ("vendor", "{1 field}", "value", None),
        ("vendor.name", "Café de la Gare SARL", "value", 0.97),
        ("vendor.vat_id", "", "missing", None),
        ("invoice_number", "2025-0142", "value", 0.99),
        ("issue_date", "31/02/2025", "value", 0.41),
        ("currency", "EURO", "value", 0.62),
        ("total", "1,234.50", "value", 0.38),
        ("line_items", "3 items", "table below", None),
        ("notes", "Paiement à 30 jours", "not in schema", 0.88),
    ]
    total = report.field_rows[6]
    assert (total.pages, total.cited_text, total.type_text) == (
        "2",
        "TOTAL TTC 1 234,50 €",
        "number",
    )
    assert report.field_rows[0].meta.reasoning == "VERBATIM EXTRACTION"
    assert report.field_rows[1].boxes == 1


def test_broken_invoice_line_items_sub_table() -> None:
    report = report_of(BROKEN)

    (sub,) = report.sub_tables
    assert sub.path == FieldPath(["line_items"])
    table = sub.frame.view()
    assert table.columns.tolist() == [
        "#",
        "Lowest confidence",
        "Problems",
        "description",
        "quantity",
        "unit_price",
    ]
    assert table["#"].tolist() == [0, 1, 2]
    assert table["Problems"].tolist() == [0, 1, 0]
    assert table["Lowest confidence"].tolist() == [0.93, 0.22, 0.74]
    assert table["Lowest confidence"].dtype == pd.Float64Dtype()
    assert table["Problems"].dtype == pd.Int64Dtype()
    assert table["description"].tolist() == ["Cafe filtre", "Croissant", "Livraison"]
    assert table["quantity"].tolist() == ["120", "two", "1"]


def test_broken_invoice_second_line_item_rows() -> None:
    report = report_of(BROKEN)
    (sub,) = report.sub_tables

    rows = report.array_item_rows(sub, 1)

    assert [r.path.render() for r in rows] == [
        "line_items[1].description",
        "line_items[1].quantity",
        "line_items[1].unit_price",
    ]
    assert rows[1] == FieldRow(
        path=FieldPath.parse("line_items[1].quantity"),
        value="two",
        state="value",
        type_text="integer",
        required=True,
        description="",
        meta=FieldMeta(confidence=0.22, citations=(Citation(1, "deux", 0),)),
        problems=('expected integer, got string "two"',),
    )
    assert (rows[1].pages, rows[1].cited_text) == ("1", "deux")
    assert [r.problems for r in report.array_item_rows(sub, 0)] == [(), (), ()]
    assert [r.meta.confidence for r in report.array_item_rows(sub, 2)] == [0.97, 0.8, 0.74]


# --- Arrays of objects in PER_DOC runs ---------------------------------------------------------


def test_sub_table_with_index_keyed_metadata_refs_and_double_digit_items() -> None:
    schema = {
        "$defs": {"Line": obj_schema("sku", sku=STRING, qty={"type": "integer"})},
        "type": "object",
        "properties": {"lines": {"type": "array", "items": {"$ref": "#/$defs/Line"}}},
    }
    lines = [{"sku": f"S{i}", "qty": i} for i in range(12)]
    lines[10]["qty"] = "ten"
    field_metadata = {
        "lines": {"1": {"sku": {"confidence": 0.3}}, "11": {"qty": {"confidence": 0.6}}}
    }

    report = build_run_report(
        make_run({"lines": lines}, schema, extraction_metadata={"field_metadata": field_metadata})
    )

    (sub,) = report.sub_tables
    table = sub.frame.view()
    assert table.columns.tolist() == ["#", "Lowest confidence", "Problems", "sku", "qty"]
    assert table["Problems"].tolist() == [0] * 10 + [1, 0]
    lowest = table["Lowest confidence"]
    assert lowest.isna().tolist() == [True, False] + [True] * 9 + [False]
    assert (lowest.iloc[1], lowest.iloc[11]) == (0.3, 0.6)
    assert report.field_rows[0].problems == ("1 problem(s) in its items",)
    assert [
        (r.path.render(), r.type_text, r.required, r.meta.confidence)
        for r in report.array_item_rows(sub, 1)
    ] == [
        ("lines[1].sku", "string", True, 0.3),
        ("lines[1].qty", "integer", False, None),
    ]


def test_sub_table_without_metadata_or_problems_has_no_summary_columns() -> None:
    schema = obj_schema(items={"type": "array", "items": obj_schema(a=STRING)})

    report = build_run_report(make_run({"items": [{"a": "x"}, {"a": "y"}]}, schema))

    (sub,) = report.sub_tables
    assert sub.frame.columns == ["#", "a"]


# --- List targets ------------------------------------------------------------------------------


def test_per_page_invoice_item_rows_join_metadata() -> None:
    report = report_of("invoice_per_page_citations")

    rows = report.item_rows(0)

    assert [
        (
            r.path.render(),
            r.value,
            r.meta.confidence,
            r.meta.extraction_confidence,
            r.pages,
            r.cited_text,
        )
        for r in rows
    ] == [
        ("hello", "# Invoice Summary", 0.01, 0.01, "1", "# Invoice Summary"),
        (
            "nested.foo",
            "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
            0.01,
            0.01,
            "1",
            "LINCOLNSHIRE AND DISTRICT MEDICAL SERVICES LTD",
        ),
        (
            "nested.bar",
            "BEV/WITH/BRID HOSP COVER FEB 17",
            0.01,
            0.01,
            "1",
            "BEV/WITH/BRID HOSP COVER FEB 17",
        ),
    ]
    assert [r.description for r in rows] == [
        "Document heading",
        "Supplier name",
        "Line description",
    ]
    assert report.records is not None
    assert report.records.view()["Lowest confidence"].tolist() == [0.01]


HOSPITAL_SCHEMA = obj_schema(
    "county",
    "hospital_name",
    county=STRING,
    hospital_name=STRING,
    beds={"type": "integer"},
)
HOSPITALS = [
    {"county": "Alameda", "hospital_name": "Alameda Hospital", "beds": 120},
    {"county": "Alameda", "beds": "many"},
    {"county": "Alpine", "hospital_name": "Barton", "beds": 30},
]


def test_per_table_row_problems_give_a_problems_column_and_per_item_rows() -> None:
    report = build_run_report(make_run(HOSPITALS, HOSPITAL_SCHEMA, target="PER_TABLE_ROW"))

    assert report.kind == "records"
    assert report.conformance.summary == "2 schema problems"
    assert by_text(report.problems_by_item) == {
        1: {
            "hospital_name": ["required field is missing"],
            "beds": ['expected integer, got string "many"'],
        }
    }
    assert report.records is not None
    assert report.records.columns == ["#", "Problems", "county", "hospital_name", "beds"]
    assert report.records.view()["Problems"].tolist() == [0, 2, 0]
    assert [(r.path.render(), r.value, r.state, r.problems) for r in report.item_rows(1)] == [
        ("county", "Alameda", "value", ()),
        ("hospital_name", "", "missing", ("required field is missing",)),
        ("beds", "many", "value", ('expected integer, got string "many"',)),
    ]
    assert all(r.problems == () for r in report.item_rows(0))


def test_per_table_row_without_problems_or_metadata_has_no_summary_columns() -> None:
    good = [HOSPITALS[0], HOSPITALS[2]]

    report = build_run_report(make_run(good, HOSPITAL_SCHEMA, target="PER_TABLE_ROW"))

    assert report.records is not None
    assert report.records.columns == ["#", "county", "hospital_name", "beds"]
    assert report.problems_by_item == {}
    assert report.confidences.size == 0


@pytest.mark.parametrize(
    ("layout", "field_metadata"),
    [
        (
            "list of items",
            [
                {"county": {"confidence": 0.9}, "beds": {"confidence": 0.8}},
                {"county": {"confidence": 0.3}},
                {"hospital_name": {"confidence": 0.7}},
            ],
        ),
        (
            "index-keyed dict",
            {
                "0": {"county": {"confidence": 0.9}, "beds": {"confidence": 0.8}},
                "1": {"county": {"confidence": 0.3}},
                "2": {"hospital_name": {"confidence": 0.7}},
            },
        ),
        (
            "field to per-item lists",
            {
                "county": [{"confidence": 0.9}, {"confidence": 0.3}, {}],
                "beds": [{"confidence": 0.8}, {}, {}],
                "hospital_name": [{}, {}, {"confidence": 0.7}],
            },
        ),
        (
            "wrapped in rows",
            {
                "rows": [
                    {"county": {"confidence": 0.9}, "beds": {"confidence": 0.8}},
                    {"county": {"confidence": 0.3}},
                    {"hospital_name": {"confidence": 0.7}},
                ]
            },
        ),
    ],
)
def test_every_list_metadata_layout_gives_the_lowest_confidence_column(
    layout: str, field_metadata: Any
) -> None:
    run = make_run(
        HOSPITALS,
        HOSPITAL_SCHEMA,
        target="PER_TABLE_ROW",
        extraction_metadata={"field_metadata": field_metadata},
    )

    report = build_run_report(run)

    assert report.records is not None, layout
    assert report.records.columns[:3] == ["#", "Lowest confidence", "Problems"]
    assert report.records.view()["Lowest confidence"].tolist() == [0.8, 0.3, 0.7]
    assert sorted(report.confidences.tolist()) == [0.3, 0.7, 0.8, 0.9]
    assert report.low_confidence_count(0.5) == 1
    assert [r.meta.confidence for r in report.item_rows(0)] == [0.9, None, 0.8]
    assert [r.meta.confidence for r in report.item_rows(2)] == [None, 0.7, None]


def test_list_target_metadata_error_beside_index_keys() -> None:
    field_metadata = {"0": {"county": {"confidence": 0.4}}, "error": "Row 2 could not be read"}
    run = make_run(
        HOSPITALS[:1],
        HOSPITAL_SCHEMA,
        target="PER_TABLE_ROW",
        extraction_metadata={"field_metadata": field_metadata},
    )

    report = build_run_report(run)

    assert report.extraction.metadata.error == "Row 2 could not be read"
    assert report.records is not None
    assert report.records.view()["Lowest confidence"].tolist() == [0.4]


# --- Exports -----------------------------------------------------------------------------------


def test_broken_invoice_field_export_has_every_field_and_array_item() -> None:
    report = report_of(BROKEN)

    frame = field_export(report)

    assert frame.columns.tolist() == EXPORT_COLUMNS
    assert frame["Field"].tolist() == [
        "vendor",
        "vendor.name",
        "vendor.vat_id",
        "invoice_number",
        "issue_date",
        "currency",
        "total",
        "line_items",
        "notes",
        *(
            f"line_items[{i}].{f}"
            for i in range(3)
            for f in ("description", "quantity", "unit_price")
        ),
    ]
    quantity = frame.set_index("Field").loc["line_items[1].quantity"]
    assert quantity["Value"] == "two"
    assert quantity["Confidence"] == 0.22
    assert quantity["Pages"] == "1"
    assert quantity["Cited text"] == "deux"
    assert quantity["Problems"] == 'expected integer, got string "two"'
    name = frame.set_index("Field").loc["vendor.name"]
    assert (name["Bounding boxes"], name["Parsing confidence"], name["Pages"]) == (1, 1.0, "1")


def test_per_doc_data_export_is_field_value_and_state_of_the_field_rows() -> None:
    report = report_of(BROKEN)

    frame = data_export(report)

    assert frame.columns.tolist() == ["Field", "Value", "State"]
    assert frame.values.tolist() == [[r.path.render(), r.value, r.state] for r in report.field_rows]
    assert frame.values.tolist()[2] == ["vendor.vat_id", "", "missing"]


def test_exports_keep_whole_values_for_per_doc() -> None:
    long_text = "Paiement à 30 jours fin de mois. " * 20
    field_metadata = {
        "notes": {
            "citation": [{"page": 3, "matching_text": long_text}],
            "reasoning": long_text,
            "confidence": 0.5,
        }
    }
    schema = obj_schema(notes={"type": "string", "description": long_text})

    report = build_run_report(
        make_run(
            {"notes": long_text}, schema, extraction_metadata={"field_metadata": field_metadata}
        )
    )

    assert len(long_text) > MAX_CELL_CHARS
    (row,) = field_export(report).to_dict("records")
    assert row == {
        "Field": "notes",
        "Value": long_text,
        "State": "value",
        "Type": "string",
        "Required": False,
        "Confidence": 0.5,
        "Extraction confidence": None,
        "Parsing confidence": None,
        "Pages": "3",
        "Cited text": long_text,
        "Bounding boxes": 0,
        "Reasoning": long_text,
        "Problems": "",
        "Description": long_text,
    }
    assert data_export(report).to_dict("records") == [
        {"Field": "notes", "Value": long_text, "State": "value"}
    ]


def test_list_target_exports_have_an_item_column_and_whole_values() -> None:
    long_name = "Alta Bates Summit Medical Center, Alta Bates Campus, " * 6
    items = [
        {"county": "Alameda", "hospital_name": long_name},
        {"county": "Alpine", "hospital_name": "Barton"},
    ]
    field_metadata = [
        {
            "hospital_name": {
                "confidence": 0.35,
                "citation": [{"page": 4.0, "matching_text": "Alta"}],
            }
        },
        {"county": {"confidence": 0.9}},
    ]
    run = make_run(
        items,
        HOSPITAL_SCHEMA,
        target="PER_TABLE_ROW",
        extraction_metadata={"field_metadata": field_metadata},
    )
    report = build_run_report(run)

    exported = field_export(report)
    data = data_export(report)

    assert exported.columns.tolist() == ["Item", *EXPORT_COLUMNS]
    assert exported["Item"].tolist() == [0, 0, 0, 1, 1, 1]
    assert exported["Field"].tolist() == ["county", "hospital_name", "beds"] * 2
    assert exported["Value"].tolist()[1] == long_name
    assert exported["Confidence"].tolist()[1] == 0.35
    assert exported["Pages"].tolist()[1] == "4"
    assert exported["Cited text"].tolist()[1] == "Alta"
    assert exported["State"].tolist()[2] == "missing"
    assert data.columns.tolist() == ["#", "Lowest confidence", "county", "hospital_name"]
    assert data["hospital_name"].tolist() == [long_name, "Barton"]
    assert data["Lowest confidence"].tolist() == [0.35, 0.9]


def test_list_target_export_without_metadata_still_has_the_metadata_columns() -> None:
    report = build_run_report(bsc_run())

    frame = field_export(report)

    assert frame.columns.tolist() == ["Item", *EXPORT_COLUMNS]
    assert len(frame) == 30
    assert frame["Item"].tolist()[-3:] == [9, 9, 9]
    assert frame["Value"].tolist()[:3] == [
        "Alameda",
        "Alameda Hospital",
        '["Trio HMO", "SaveNet", "Access+ HMO", "BlueHPN PPO", "Tandem PPO", "PPO"]',
    ]
    assert frame["Confidence"].isna().all()
    assert (frame["Pages"] == "").all()


# --- Metadata quirks ---------------------------------------------------------------------------


def test_an_error_inside_field_metadata_is_the_reports_error_not_a_field() -> None:
    field_metadata = {
        "company": {"confidence": 0.8, "citation": [{"page": 1, "matching_text": "ACME"}]},
        "error": "Failed to extract field revenue: timeout",
    }
    schema = obj_schema(company=STRING, revenue={"type": "integer"})

    report = build_run_report(
        make_run(
            {"company": "ACME"}, schema, extraction_metadata={"field_metadata": field_metadata}
        )
    )

    assert report.extraction.metadata.error == "Failed to extract field revenue: timeout"
    assert [(r.path.render(), r.state) for r in report.field_rows] == [
        ("company", "value"),
        ("revenue", "missing"),
    ]
    assert report.confidences.tolist() == [0.8]
    assert FieldPath(["error"]) not in report.extraction.metadata.document
    assert "error" not in field_export(report)["Field"].tolist()


def test_a_data_field_named_error_stays_a_field() -> None:
    field_metadata = {
        "error": {"confidence": 0.7, "citation": [{"page": 2, "matching_text": "E42"}]}
    }
    schema = obj_schema(error=STRING)

    report = build_run_report(
        make_run({"error": "E42"}, schema, extraction_metadata={"field_metadata": field_metadata})
    )

    assert report.extraction.metadata.error is None
    (row,) = report.field_rows
    assert (row.path.render(), row.value, row.meta.confidence, row.cited_text) == (
        "error",
        "E42",
        0.7,
        "E42",
    )


def test_per_doc_null_field_is_null_and_absent_field_is_missing() -> None:
    schema = obj_schema(
        "total",
        total={"type": ["number", "null"]},
        discount={"type": ["number", "null"]},
        currency=STRING,
    )
    field_metadata = {"currency": {"confidence": 0.9}}

    report = build_run_report(
        make_run(
            {"total": None, "currency": "EUR"},
            schema,
            extraction_metadata={"field_metadata": field_metadata},
        )
    )

    assert [(r.path.render(), r.value, r.state, r.required) for r in report.field_rows] == [
        ("total", "null", "null", True),
        ("discount", "", "missing", False),
        ("currency", "EUR", "value", False),
    ]
    assert report.conformance.summary == "conforms to schema"
    assert field_export(report)["State"].tolist() == ["null", "missing", "value"]


def test_usage_is_read_and_absent_usage_is_none() -> None:
    with_usage = build_run_report(
        make_run(
            {"a": "x"},
            obj_schema(a=STRING),
            extraction_metadata={
                "field_metadata": {},
                "usage": {"num_pages_extracted": 3.0, "num_document_tokens": 10},
            },
        )
    )
    without = build_run_report(make_run({"a": "x"}, obj_schema(a=STRING)))

    assert with_usage.extraction.usage == (
        UsageFigure("pages_extracted", 3),
        UsageFigure("document_tokens", 10),
        UsageFigure("output_tokens", None),
    )
    assert without.extraction.usage == ()


# --- Sharing -----------------------------------------------------------------------------------


def test_the_shared_report_cannot_be_changed_by_one_reader() -> None:
    items = [HOSPITALS[0], {"county": "Alameda", "beds": 80}, HOSPITALS[2]]
    field_metadata = [
        {"county": {"confidence": 0.9}},
        {"beds": {"confidence": 0.4}},
        {"hospital_name": {"confidence": 0.7}},
    ]
    report = build_run_report(
        make_run(
            items,
            HOSPITAL_SCHEMA,
            target="PER_TABLE_ROW",
            extraction_metadata={"field_metadata": field_metadata},
        )
    )
    assert report.records is not None
    shared = report.records.view().copy(deep=True)
    assert report.records.columns == [
        "#",
        "Lowest confidence",
        "Problems",
        "county",
        "hospital_name",
        "beds",
    ]
    assert report.records.view()["beds"].dtype.kind in "if"

    with pytest.raises(dataclasses.FrozenInstanceError):
        report.kind = "empty"  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        report.confidences[0] = 0.0
    mine, column = report.records.view(), report.records.columns.index
    mine.iloc[0, column("county")] = "Changed"
    mine.iloc[0, column("beds")] = 999
    mine.iloc[1, column("Lowest confidence")] = 0.0
    mine["added"] = 1
    with pytest.raises(TypeError):
        report.problems_by_item[1] = {}  # type: ignore[index]

    assert mine["county"].tolist()[0] == "Changed"
    pd.testing.assert_frame_equal(report.records.view(), shared)
    assert report.records.view()["county"].tolist() == ["Alameda", "Alameda", "Alpine"]
    assert report.records.view()["beds"].tolist() == [120, 80, 30]
    assert report.records.view()["Lowest confidence"].tolist() == [0.9, 0.4, 0.7]
    assert "added" not in report.records.columns
    assert report.kind == "records"
    assert sorted(report.confidences.tolist()) == [0.4, 0.7, 0.9]
    assert by_text(report.problems_by_item) == {1: {"hospital_name": ["required field is missing"]}}


@pytest.mark.parametrize("schema", [None, "not a schema", 3])
def test_data_without_a_readable_schema_is_not_called_conforming(schema: object) -> None:
    payload = {**demo_run("capacitor_per_doc_confidence"), "data_schema": schema}

    report = build_run_report(read_v1(payload))

    assert not report.conformance.checked
    assert report.conformance.summary == (
        "schema not checked: the run has no schema that could be read"
    )
