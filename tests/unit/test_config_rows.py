"""Tests for the config table: values as text, defaults, changed flags and notes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from run_inspector.adapters.v1_config import CONFIG_DEFAULTS, v1_config_rows, v1_system_prompt
from run_inspector.model.extraction import ConfigRow, Unreadable
from run_inspector.model.json_text import card_text
from run_inspector.presentation.config_table import CONFIG_COLUMNS, config_table
from run_inspector.wire.tolerant import read_part
from run_inspector.wire.v1_run import ExtractConfig
from tests.conftest import demo_run, read_v1

REFERENCE_ORDER = [
    "chunk_mode",
    "citation_bbox",
    "cite_sources",
    "confidence_scores",
    "extract_model",
    "extraction_mode",
    "extraction_target",
    "high_resolution_mode",
    "invalidate_cache",
    "multimodal_fast_mode",
    "num_pages_context",
    "page_range",
    "parse_model",
    "priority",
    "system_prompt",
    "use_reasoning",
]


def config_rows(config: dict[str, Any]) -> pd.DataFrame:
    """The config table of a v1 config object, as the run page builds it."""
    return config_table(v1_config_rows(read_part(ExtractConfig, config)))


def _rows_by_field(config: dict[str, Any]) -> dict[Any, dict[Any, Any]]:
    frame = config_rows(config)
    return {record["Field"]: record for record in frame.to_dict("records")}


def test_capacitor_demo_config_as_a_person_sees_it() -> None:
    run = read_v1(demo_run("capacitor_per_doc_confidence"))

    frame = config_table(run.config)

    assert list(frame.columns) == ["Field", "Value", "Default", "Changed", "Unreadable", "Note"]
    assert frame.drop(columns="Unreadable").values.tolist() == [
        ["chunk_mode", "PAGE", "PAGE", False, ""],
        ["citation_bbox", "—", "false", False, "deprecated: same as cite_sources"],
        ["cite_sources", "false", "false", False, ""],
        ["confidence_scores", "true", "false", True, ""],
        ["extract_model", "—", "—", False, ""],
        ["extraction_mode", "PREMIUM", "BALANCED", True, ""],
        ["extraction_target", "PER_DOC", "PER_DOC", False, ""],
        ["high_resolution_mode", "false", "false", False, ""],
        ["invalidate_cache", "false", "false", False, ""],
        ["multimodal_fast_mode", "false", "false", False, "deprecated"],
        ["num_pages_context", "—", "—", False, ""],
        ["page_range", "—", "—", False, ""],
        ["parse_model", "—", "—", False, ""],
        ["priority", "—", "—", False, ""],
        ["system_prompt", "", "—", False, ""],
        ["use_reasoning", "true", "false", True, ""],
    ]


def test_column_types_are_text_and_bool() -> None:
    frame = config_rows({})

    assert frame["Changed"].dtype == bool
    for column in ("Field", "Value", "Default", "Note"):
        assert all(isinstance(text, str) for text in frame[column])


def test_defaults_cover_every_documented_field_in_reference_order() -> None:
    assert list(CONFIG_DEFAULTS) == REFERENCE_ORDER
    assert list(CONFIG_DEFAULTS) == list(ExtractConfig.model_fields)
    assert CONFIG_COLUMNS == ("Field", "Value", "Default", "Changed", "Unreadable", "Note")


def test_empty_config_changes_nothing() -> None:
    frame = config_rows({})

    assert frame["Field"].tolist() == REFERENCE_ORDER
    assert not frame["Changed"].any()
    assert set(frame["Value"]) == {"—"}


def test_set_values_that_differ_from_defaults_are_changed() -> None:
    config = {
        "extraction_target": "PER_PAGE",
        "chunk_mode": "SECTION",
        "num_pages_context": 3,
        "page_range": "1,3,5-7",
        "priority": "high",
        "extract_model": "openai-gpt-5",
        "parse_model": "anthropic-sonnet-4.5",
        "invalidate_cache": True,
    }

    changed = config_rows(config).query("Changed")

    assert changed[["Field", "Value", "Note"]].values.tolist() == [
        ["chunk_mode", "SECTION", ""],
        ["extract_model", "openai-gpt-5", ""],
        ["extraction_target", "PER_PAGE", ""],
        ["invalidate_cache", "true", ""],
        ["num_pages_context", "3", ""],
        ["page_range", "1,3,5-7", ""],
        ["parse_model", "anthropic-sonnet-4.5", ""],
        ["priority", "high", ""],
    ]


def test_values_equal_to_the_default_are_not_changed() -> None:
    rows = _rows_by_field(
        {"extraction_mode": "BALANCED", "chunk_mode": "PAGE", "use_reasoning": False}
    )

    assert rows["extraction_mode"]["Changed"] is False
    assert rows["chunk_mode"]["Changed"] is False
    assert rows["use_reasoning"]["Changed"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("extraction_mode", "TURBO"),
        ("extraction_target", "PER_SECTION"),
        ("chunk_mode", "PARAGRAPH"),
        ("priority", "urgent"),
        ("parse_model", "openai-gpt-9"),
    ],
)
def test_unknown_enum_values_are_shown_and_noted(field: str, value: str) -> None:
    row = _rows_by_field({field: value})[field]

    assert (row["Value"], row["Changed"], row["Note"]) == (value, True, "unknown value")


def test_any_extract_model_string_is_accepted() -> None:
    row = _rows_by_field({"extract_model": "my-fine-tuned-model"})["extract_model"]

    assert (row["Value"], row["Changed"], row["Note"]) == ("my-fine-tuned-model", True, "")


def test_deprecated_fields_say_so_even_when_set() -> None:
    rows = _rows_by_field({"citation_bbox": True, "multimodal_fast_mode": True})

    assert rows["citation_bbox"] == {
        "Field": "citation_bbox",
        "Value": "true",
        "Default": "false",
        "Changed": True,
        "Unreadable": False,
        "Note": "deprecated: same as cite_sources",
    }
    assert rows["multimodal_fast_mode"]["Note"] == "deprecated"


def test_unknown_fields_follow_as_json_text() -> None:
    config = {
        "extraction_mode": "FAST",
        "language_hints": ["de", "fr"],
        "layout": {"columns": 2, "title": "Prüfbericht"},
        "strict": True,
        "temperature": 0.2,
        "label": "nightly",
        "nothing": None,
    }

    frame = config_rows(config)

    assert frame["Field"].tolist()[: len(REFERENCE_ORDER)] == REFERENCE_ORDER
    assert frame.drop(columns="Unreadable").values.tolist()[len(REFERENCE_ORDER) :] == [
        ["language_hints", '["de", "fr"]', "—", False, "not in the API reference"],
        [
            "layout",
            '{"columns": 2, "title": "Prüfbericht"}',
            "—",
            False,
            "not in the API reference",
        ],
        ["strict", "true", "—", False, "not in the API reference"],
        ["temperature", "0.2", "—", False, "not in the API reference"],
        ["label", "nightly", "—", False, "not in the API reference"],
        ["nothing", "—", "—", False, "not in the API reference"],
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        ("PER_DOC", "PER_DOC"),
        ("", ""),
        ({"a": [1, None]}, '{"a": [1, null]}'),
        ("naïve", "naïve"),
    ],
)
def test_value_text_is_never_a_python_repr(value: object, expected: str) -> None:
    assert card_text(value) == expected


def test_system_prompt_text_is_the_whole_prompt() -> None:
    prompt = "Extract every capacitor.\nUse the datasheet units.\n" + "x" * 500

    assert v1_system_prompt(ExtractConfig(system_prompt=prompt)) == prompt


@pytest.mark.parametrize("prompt", [None, "", "  \n"])
def test_system_prompt_text_is_none_when_empty(prompt: str | None) -> None:
    assert v1_system_prompt(ExtractConfig(system_prompt=prompt)) is None


def test_unreadable_value_is_shown_as_sent_and_flagged() -> None:
    rows = _rows_by_field({"chunk_mode": True, "num_pages_context": [1, 2]})

    assert rows["chunk_mode"] == {
        "Field": "chunk_mode",
        "Value": "true",
        "Default": "PAGE",
        "Changed": False,
        "Unreadable": True,
        "Note": "⚠ unreadable: Input should be a valid string",
    }
    assert rows["num_pages_context"]["Value"] == "[1, 2]"
    assert rows["num_pages_context"]["Note"] == "⚠ unreadable: Input should be a valid integer"
    assert rows["extraction_target"]["Note"] == ""


def test_the_problem_of_an_unreadable_value_comes_before_its_note() -> None:
    row = ConfigRow(
        "citation_bbox",
        None,
        False,
        has_default=True,
        note="deprecated: same as cite_sources",
        unreadable=Unreadable("maybe", "Input should be a valid boolean"),
    )

    (record,) = config_table([row]).to_dict("records")

    assert record == {
        "Field": "citation_bbox",
        "Value": '"maybe"',
        "Default": "false",
        "Changed": False,
        "Unreadable": True,
        "Note": "⚠ unreadable: Input should be a valid boolean; deprecated: same as cite_sources",
    }


def test_long_unreadable_value_is_cut_and_columns_stay_text() -> None:
    config = {"page_range": {"pages": list(range(500))}}
    frame = config_rows(config)

    value = _rows_by_field(config)["page_range"]["Value"]
    assert value.startswith('{"pages": [0, 1, 2')
    assert value.endswith("…")
    assert len(value) == 200
    assert frame["Changed"].dtype == bool
    for column in ("Field", "Value", "Default", "Note"):
        assert all(isinstance(text, str) for text in frame[column])


def test_config_that_is_not_an_object_has_no_rows() -> None:
    run = read_v1({"id": "r", "config": ["PER_DOC"]})

    frame = config_table(run.config)

    assert run.config == ()
    assert list(frame.columns) == list(CONFIG_COLUMNS)
    assert frame.empty
    assert run.unreadable["config"].sent == ["PER_DOC"]
