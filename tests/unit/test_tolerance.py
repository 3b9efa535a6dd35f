"""The tolerance bar, on the built view: seeded structural mutations of the real samples
(tests/mutations.py) never give a traceback, nine in ten still show their data, schema and
config tables, and the damaged field is flagged where it is shown.

Every mutation goes through what the run page computes: the body read, the view built from
a LoadedRun (report, status and file cards, config table), the tables and exports drawn from
the report, the rows of a few list items and array items, and the filter.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from run_inspector.adapters.reading import read_v1_body
from run_inspector.adapters.v1_run import FILE_FIELD_NAMES
from run_inspector.analysis.conformance import LIST_TARGETS, problems_frame
from run_inspector.analysis.field_table import field_frame
from run_inspector.analysis.filtering import filter_columns, filter_rows
from run_inspector.analysis.polling import poll_interval
from run_inspector.analysis.run_report import RunReport, data_export, field_export
from run_inspector.analysis.schema_fields import SchemaResolver
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.loading.run_view import RunView, build_run_view
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath
from run_inspector.presentation.raw_json import raw_json_text
from run_inspector.presentation.status_summary import UNREADABLE_STATUS
from run_inspector.presentation.unreadable_text import FLAG
from tests.mutations import (
    AREAS,
    KINDS,
    METADATA_LAYOUT,
    PER_KIND,
    JsonPath,
    Mutation,
    as_body,
    generate,
    get_at,
    has_path,
    load_samples,
    sample_bodies,
)

MUTATIONS = generate()
SHARE_BAR = 0.9
ITEMS_LOOKED_AT = 3
# Where the status card shows each run field it can flag, by the field's v1 name.
RUN_FIELD_LABELS = {
    "id": "Run ID",
    "job_id": "Job ID",
    "extraction_agent_id": "Extraction agent ID",
    "project_id": "Project ID",
    "file_id": "File ID",
}
# Whole parts the view flags on their own when they are not what they should be.
PART_PROBLEMS = {
    "config": "config_problem",
    "data": "data_problem",
    "data_schema": "schema_problem",
    "extraction_metadata": "metadata_problem",
}


@dataclass(frozen=True)
class Tables:
    """Which of the three tables the view has: data rows, a schema table, config rows."""

    data: bool
    schema: bool
    config: bool

    def covers(self, other: Tables) -> bool:
        """Whether every table `other` shows is shown here too."""
        return (
            (self.data or not other.data)
            and (self.schema or not other.schema)
            and (self.config or not other.config)
        )


@dataclass(frozen=True)
class Seen:
    extraction: Extraction
    view: RunView
    config: pd.DataFrame
    tables: Tables


def look(body: bytes, query: str = "") -> Seen:
    """Everything the run page computes from one body; any exception is the test's failure."""
    read = read_v1_body(body)
    assert isinstance(read, Extraction), f"refused: {read.problems}"
    loaded = LoadedRun(read, error=None, fetched_at=time.time(), body=body)
    view = build_run_view(loaded, poll_interval(read))
    assert view is not None
    report = view.report
    config = view.config.view()
    _draw_report(report, query)
    raw_json_text(body)
    field_export(report)
    data_export(report)
    records = report.records
    tables = Tables(
        data=bool(report.field_rows) or (records is not None and len(records) > 0),
        schema=report.schema_frame is not None,
        config=len(config) > 0,
    )
    return Seen(read, view, config, tables)


def _draw_report(report: RunReport, query: str) -> None:
    """What the data and schema panels compute from the report."""
    field_frame(report.field_rows)
    filter_rows([row.path for row in report.field_rows], query)
    problems_frame(report.conformance)
    report.low_confidence_count(0.5)
    if report.schema_frame is not None:
        filter_rows(report.schema_frame.view()["Field"], query, schema=True)
    if report.records is not None:
        filter_columns(report.records.view(), query)
    for index in range(min(len(report.extraction.items), ITEMS_LOOKED_AT)):
        field_frame(report.item_rows(index))
    for sub in report.sub_tables:
        filter_columns(sub.frame.view(), query, array=sub.path)
        for index in range(min(len(sub.items), ITEMS_LOOKED_AT)):
            field_frame(report.array_item_rows(sub, index))


@cache
def seen(number: int) -> Seen:
    mutation = MUTATIONS[number]
    return look(mutation.body, query=str(mutation.path[-1]))


@cache
def sample_tables(sample: str) -> Tables:
    return look(sample_bodies()[sample]).tables


# --- What "wrong-typed" means, from the API reference, not from how the adapter reads --------

STRING, BOOLEAN, INTEGER, DATE_TIME = "string", "boolean", "integer", "date-time"
# The JSON each field holds besides null; fields that may hold any JSON are left out.
RUN_FIELD_KINDS = {
    **dict.fromkeys(
        ("id", "job_id", "extraction_agent_id", "project_id", "file_id", "status", "error"),
        STRING,
    ),
    "created_at": DATE_TIME,
    "updated_at": DATE_TIME,
    "from_ui": BOOLEAN,
}
CONFIG_FIELD_KINDS = {
    **dict.fromkeys(
        (
            "chunk_mode",
            "extract_model",
            "extraction_mode",
            "extraction_target",
            "page_range",
            "parse_model",
            "priority",
            "system_prompt",
        ),
        STRING,
    ),
    **dict.fromkeys(
        (
            "citation_bbox",
            "cite_sources",
            "confidence_scores",
            "high_resolution_mode",
            "invalidate_cache",
            "multimodal_fast_mode",
            "use_reasoning",
        ),
        BOOLEAN,
    ),
    "num_pages_context": INTEGER,
}
FILE_FIELD_KINDS = {
    **dict.fromkeys(
        (
            "id",
            "name",
            "project_id",
            "data_source_id",
            "external_file_id",
            "file_type",
            "purpose",
        ),
        STRING,
    ),
    **dict.fromkeys(("created_at", "expires_at", "last_modified_at", "updated_at"), DATE_TIME),
    "file_size": INTEGER,
}


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return STRING
    return "array" if isinstance(value, list) else "object"


def wrong_typed(kinds: Mapping[str, str], name: str, value: Any) -> bool:
    """Not null, and not what the field holds (a date-time is ISO 8601 text)."""
    kind = kinds.get(name)
    if kind is None or value is None:
        return False
    if kind == DATE_TIME:
        return not (isinstance(value, str) and _is_iso_date_time(value))
    return json_kind(value) != kind


def _is_iso_date_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def mutated_value(mutation: Mutation) -> tuple[bool, Any]:
    """(whether the changed node is still there, its value)."""
    payload = mutation.payload()
    if not has_path(payload, mutation.path):
        return False, None
    return True, get_at(payload, mutation.path)


# --- Every mutation ---------------------------------------------------------------------------


# Names of the in-place checks.
PART, STATUS, RUN_FIELD, CONFIG_FIELD, FILE_FIELD = "part", "status", "run", "config", "file"
DATA_VALUE, DATA_DROPPED = "data value", "data dropped"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_mutation_is_read_laid_out_and_flagged_in_place(mutation: Mutation) -> None:
    shown = seen(mutation.number)  # no traceback anywhere on the way
    flag_checks(mutation, shown)  # each check asserts its flag


def flag_checks(mutation: Mutation, shown: Seen) -> list[str]:
    """Assert each in-place flag this mutation calls for; return the names of those checked."""
    present, value = mutated_value(mutation)
    if not present:
        checks = [_check_dropped(mutation, shown)]
    else:
        checks = [
            _check_part_flagged(mutation, shown, value),
            _check_data_problem_at_path(mutation, shown, value),
            _check_field_flagged(mutation, shown, value),
        ]
    return [name for name in checks if name is not None]


def _check_part_flagged(mutation: Mutation, shown: Seen, value: Any) -> str | None:
    """A whole part that is not an object (or list, for data) is flagged in its panel."""
    if len(mutation.path) != 1 or mutation.path[0] not in PART_PROBLEMS or value is None:
        return None
    allowed = (dict, list) if mutation.path[0] == "data" else (dict,)
    if isinstance(value, allowed):
        return None
    problem = getattr(shown.view, PART_PROBLEMS[str(mutation.path[0])])
    assert problem is not None
    assert FLAG in problem
    return PART


def _check_field_flagged(mutation: Mutation, shown: Seen, value: Any) -> str | None:
    path = mutation.path
    if len(path) == 1 and path[0] == "status":
        return _check_status(shown, value)
    if len(path) == 1 and isinstance(path[0], str):
        return _check_run_field(shown, path[0], value)
    if len(path) == 2 and path[0] == "config" and isinstance(path[1], str):
        return _check_config_field(shown, path[1], value)
    if len(path) == 2 and path[0] == "file" and isinstance(path[1], str):
        return _check_file_field(shown, path[1], value)
    return None


def _check_status(shown: Seen, value: Any) -> str | None:
    """A status that is not text is flagged on the badge; a null one says why it is missing."""
    if isinstance(value, str):
        return None
    assert shown.view.status.status_problem
    if value is not None:
        assert shown.view.status.badge_label == UNREADABLE_STATUS
    return STATUS


def _check_run_field(shown: Seen, name: str, value: Any) -> str | None:
    if not wrong_typed(RUN_FIELD_KINDS, name, value):
        return None
    status = shown.view.status
    if name in ("created_at", "updated_at"):
        text = status.created_text if name == "created_at" else status.updated_text
        assert FLAG in text
    elif name in RUN_FIELD_LABELS:
        assert FLAG in dict(status.ids)[RUN_FIELD_LABELS[name]]
    elif name == "error":
        assert status.error is not None
        assert FLAG in status.error
    else:  # a field no card has a row for: the status card's "Other fields" table
        assert FLAG in dict(shown.view.other_fields)[name]
    return RUN_FIELD


def _check_config_field(shown: Seen, name: str, value: Any) -> str | None:
    if not wrong_typed(CONFIG_FIELD_KINDS, name, value):
        return None
    row = shown.config.set_index("Field").loc[name]
    assert str(row["Note"]).startswith(FLAG)
    return CONFIG_FIELD


def _check_file_field(shown: Seen, name: str, value: Any) -> str | None:
    if not wrong_typed(FILE_FIELD_KINDS, name, value):
        return None
    assert shown.view.file is not None
    neutral = FILE_FIELD_NAMES.get(name, name)
    flagged = [text for _label, text in shown.view.file.rows if FLAG in text]
    assert flagged, f"no file row flagged for {neutral}"
    assert shown.extraction.file is not None
    assert neutral in shown.extraction.file.unreadable
    return FILE_FIELD


def _check_dropped(mutation: Mutation, shown: Seen) -> str | None:
    """A required data field dropped is a conformance problem at its path."""
    where = _data_location(mutation, shown.extraction)
    if where is None or not where[1]:
        return None
    item, path = where
    parent = _subschema(shown.extraction.schema, path[:-1])
    resolver = SchemaResolver(shown.extraction.schema)
    if parent is None or path[-1] not in resolver.required(resolver.split_nullable(parent)[0]):
        return None
    _expect_problem(shown, item, FieldPath(path))
    return DATA_DROPPED


def _check_data_problem_at_path(mutation: Mutation, shown: Seen, value: Any) -> str | None:
    """A data value that breaks its (constraining) schema is a problem at its path."""
    where = _data_location(mutation, shown.extraction)
    if where is None:
        return None
    item, path = where
    schema = _subschema(shown.extraction.schema, path)
    if schema is None:
        return None
    cls = Draft202012Validator
    validator = cls(dict(shown.extraction.schema), format_checker=cls.FORMAT_CHECKER)
    if validator.evolve(schema=schema).is_valid(value):
        return None
    _expect_problem(shown, item, FieldPath(path))
    return DATA_VALUE


def _data_location(
    mutation: Mutation, extraction: Extraction
) -> tuple[int | None, JsonPath] | None:
    """(item, path inside it) of a data mutation whose data was read and checked."""
    path = mutation.path
    if mutation.kind == METADATA_LAYOUT or path[:1] != ("data",):
        return None
    if "data" in extraction.unreadable or extraction.data is None:
        return None
    is_list = isinstance(extraction.data, list)
    if extraction.target in LIST_TARGETS:
        if len(path) < 2 or not isinstance(path[1], int) or not is_list:
            return None
        return path[1], path[2:]
    return (None, path[1:]) if not is_list else None


def _subschema(root: Mapping[str, Any], path: JsonPath) -> Mapping[str, Any] | None:
    """The schema of the value at `path` as written (null allowed or not), or None when
    nothing there constrains it."""
    resolver = SchemaResolver(root)
    written: Mapping[str, Any] = root
    for step in path:
        node, _ = resolver.split_nullable(written)
        if isinstance(step, str):
            child = resolver.properties(node).get(step)
        else:
            child = node.get("items") if node.get("type") == "array" else None
        if not isinstance(child, Mapping):
            return None
        written = child
    return written


def _expect_problem(shown: Seen, item: int | None, path: FieldPath) -> None:
    conformance = shown.view.report.conformance
    if not conformance.checked:
        return
    at = [
        p
        for p in conformance.problems
        if p.item == item and (p.path == path or p.path.is_inside(path))
    ]
    listed = [(p.item, p.path.render()) for p in conformance.problems]
    assert at, f"no problem at {item}:{path.render()}; problems: {listed}"


# --- The bar ----------------------------------------------------------------------------------


def test_nine_in_ten_still_show_their_data_schema_and_config_tables() -> None:
    kept = [m for m in MUTATIONS if seen(m.number).tables.covers(sample_tables(m.sample))]
    share = len(kept) / len(MUTATIONS)
    # The measure, on the samples that show all three tables to begin with.
    full = [m for m in MUTATIONS if sample_tables(m.sample) == Tables(True, True, True)]
    full_kept = [m for m in full if seen(m.number).tables == Tables(True, True, True)]
    full_share = len(full_kept) / len(full)
    lost = Counter(m.kind for m in MUTATIONS if m not in kept)
    print(
        f"\n{len(kept)}/{len(MUTATIONS)} mutations ({share:.1%}) still show every table their "
        f"sample shows; {len(full_kept)}/{len(full)} ({full_share:.1%}) of those of samples "
        f"with data, schema and config show all three. Lost, by kind: {dict(lost)}"
    )
    assert share >= SHARE_BAR
    assert full_share >= SHARE_BAR


def test_every_sample_shows_its_tables_unmutated() -> None:
    shown = {name: sample_tables(name) for name in sample_bodies()}

    assert all(t.schema and t.config for t in shown.values())
    assert sum(t.data for t in shown.values()) == 6  # all but the pending and failed runs


def test_mutations_are_many_balanced_spread_and_seeded() -> None:
    kinds = Counter(m.kind for m in MUTATIONS)

    assert len(MUTATIONS) >= 200
    assert kinds == dict.fromkeys(KINDS, PER_KIND)
    for kind in KINDS:
        areas = {m.area for m in MUTATIONS if m.kind == kind}
        assert areas == ({"metadata"} if kind == METADATA_LAYOUT else set(AREAS)), kind
    assert len({m.body for m in MUTATIONS}) == len(MUTATIONS)
    assert not {m.body for m in MUTATIONS} & {as_body(run) for run in load_samples().values()}
    assert [m.body for m in generate()[:12]] == [m.body for m in MUTATIONS[:12]]


def test_each_in_place_check_meets_a_case() -> None:
    """The seed draws mutations for every flag the per-mutation test checks."""
    checked = Counter(name for m in MUTATIONS for name in flag_checks(m, seen(m.number)))
    print(f"\nIn-place checks made: {dict(checked)}")

    assert set(checked) >= {PART, STATUS, RUN_FIELD, CONFIG_FIELD, FILE_FIELD, DATA_VALUE}
    assert checked[DATA_VALUE] + checked[DATA_DROPPED] >= 10
