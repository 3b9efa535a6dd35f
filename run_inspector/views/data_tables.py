"""Builds the extracted-data tables of a run: PER_DOC as field rows, list targets as records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from run_inspector.models import ExtractRun
from run_inspector.views.cells import cell_text
from run_inspector.views.schema_fields import SchemaResolver

MAX_DATA_DEPTH: Final = 8
FIELD_COLUMNS: Final = ("Field", "Value", "Note")
MISSING_NOTE: Final = "missing"
NULL_NOTE: Final = "null"
UNKNOWN_NOTE: Final = "not in schema"
INDEX_LABELS: Final = {"PER_PAGE": "page", "PER_TABLE_ROW": "row"}


@dataclass(frozen=True)
class SubTable:
    """An array of objects found in the data, shown as its own table."""

    path: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class DataTables:
    """`main` is field rows (PER_DOC) or one row per page/row (list targets)."""

    kind: str  # "fields", "records" or "empty"
    main: pd.DataFrame
    sub_tables: tuple[SubTable, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def build_data_tables(run: ExtractRun) -> DataTables:
    resolver = SchemaResolver(run.data_schema)
    shape, _ = resolver.split_nullable(run.data_schema)
    data = run.data
    if data is None:
        return DataTables("empty", pd.DataFrame(columns=list(FIELD_COLUMNS)))
    if isinstance(data, list):
        label = INDEX_LABELS.get(run.extraction_target, "item")
        return DataTables("records", records_frame(data, resolver, shape, label))
    walker = _FieldWalker(resolver)
    walker.walk(data, shape, prefix="", depth=0)
    frame = pd.DataFrame(walker.rows, columns=list(FIELD_COLUMNS))
    return DataTables("fields", frame, tuple(walker.sub_tables), tuple(walker.notes))


class _FieldWalker:
    def __init__(self, resolver: SchemaResolver) -> None:
        self.resolver = resolver
        self.rows: list[tuple[str, str, str]] = []
        self.sub_tables: list[SubTable] = []
        self.notes: list[str] = []

    def walk(
        self, obj: Mapping[str, Any], shape: Mapping[str, Any], prefix: str, depth: int
    ) -> None:
        props = self.resolver.properties(shape)
        for key in _ordered_keys(obj, props):
            path = f"{prefix}{key}"
            if key not in obj:
                self.rows.append((path, "", MISSING_NOTE))
                continue
            child, _ = self.resolver.split_nullable(props.get(key, {}))
            self._value(path, obj[key], child, depth, known=key in props or not props)

    def _value(
        self, path: str, value: Any, shape: Mapping[str, Any], depth: int, known: bool
    ) -> None:
        unknown = "" if known else UNKNOWN_NOTE
        if isinstance(value, dict) and value:
            if depth + 1 < MAX_DATA_DEPTH:
                self.walk(value, shape, f"{path}.", depth + 1)
                return
            self.notes.append(
                f"{path} is nested deeper than {MAX_DATA_DEPTH} levels and is shown as JSON."
            )
        elif _is_list_of_objects(value):
            items = self.resolver.array_items(shape) or {}
            self.rows.append((path, f"{len(value)} items (table below)", unknown))
            self.sub_tables.append(SubTable(path, records_frame(value, self.resolver, items, "#")))
            return
        note = NULL_NOTE if value is None else unknown
        self.rows.append((path, cell_text(value), note))


def _ordered_keys(obj: Mapping[str, Any], props: Mapping[str, Any]) -> list[str]:
    """The schema's property order first, then fields the schema does not name."""
    return [*props, *(k for k in obj if k not in props)]


def _is_list_of_objects(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def records_frame(
    items: Sequence[Any], resolver: SchemaResolver, item_shape: Mapping[str, Any], index_label: str
) -> pd.DataFrame:
    """One row per item with flattened dotted columns, in schema order, 1-based index first."""
    records = [item if isinstance(item, dict) else {"value": item} for item in items]
    frame = pd.json_normalize(records, max_level=MAX_DATA_DEPTH - 1) if records else pd.DataFrame()
    order = [c for c in _schema_columns(resolver, item_shape) if c in frame.columns]
    frame = frame[order + [c for c in frame.columns if c not in order]]
    for name in frame.columns:
        frame[name] = _arrow_safe(frame[name])
    frame.insert(0, index_label, range(1, len(frame) + 1))
    return frame


def _schema_columns(
    resolver: SchemaResolver, shape: Mapping[str, Any], prefix: str = "", depth: int = 0
) -> list[str]:
    columns: list[str] = []
    for name, raw in resolver.properties(shape).items():
        child, _ = resolver.split_nullable(raw)
        path = f"{prefix}{name}"
        if resolver.is_object(child) and depth + 1 < MAX_DATA_DEPTH:
            columns.extend(_schema_columns(resolver, child, f"{path}.", depth + 1))
        columns.append(path)
    return columns


def _arrow_safe(column: pd.Series) -> pd.Series:
    """Keep uniform scalar columns native; anything mixed or nested becomes text."""
    if column.dtype != object:
        return column
    kinds = set(column.map(type, na_action="ignore").dropna())
    if kinds <= {str}:
        return column
    return column.map(lambda v: None if _is_missing(v) else cell_text(v))


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
