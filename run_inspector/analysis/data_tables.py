"""Records tables: one row per page, table row or array item, with flattened dotted columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from run_inspector.analysis.schema_fields import SchemaResolver
from run_inspector.presentation.cells import NULL_TEXT, cell_text

MAX_DATA_DEPTH: Final = 8
INDEX_LABELS: Final = {"PER_PAGE": "page", "PER_TABLE_ROW": "row"}
ITEM_INDEX_LABEL: Final = "#"
LOWEST_CONFIDENCE: Final = "Lowest confidence"
PROBLEMS: Final = "Problems"
SUMMARY_COLUMNS: Final = (LOWEST_CONFIDENCE, PROBLEMS)


def records_frame(
    items: Sequence[Any], resolver: SchemaResolver, item_shape: Mapping[str, Any], index_label: str
) -> pd.DataFrame:
    """One row per item with flattened dotted columns, in schema order, 1-based index first."""
    records = [item if isinstance(item, dict) else {"value": item} for item in items]
    frame = _flatten(records)
    order = [c for c in schema_columns(resolver, item_shape) if c in frame.columns]
    columns: dict[str, Any] = {index_label: np.arange(1, len(frame) + 1)}
    for name in order + [c for c in frame.columns if c not in order]:
        columns[name] = _mark_nulls(_arrow_safe(frame[name]), records, name)
    # One construction instead of a reindex plus a setitem per column: no copies per column.
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def _flatten(records: list[dict[str, Any]]) -> pd.DataFrame:
    """json_normalize when an item nests objects; otherwise the plain constructor, which
    builds the same frame about three times faster."""
    if not records:
        return pd.DataFrame()
    if any(isinstance(value, dict) for record in records for value in record.values()):
        return pd.json_normalize(records, max_level=MAX_DATA_DEPTH - 1)
    return pd.DataFrame(records)


def schema_columns(
    resolver: SchemaResolver, shape: Mapping[str, Any], prefix: str = "", depth: int = 0
) -> list[str]:
    """The dotted column names an item schema defines, in property order."""
    columns: list[str] = []
    for name, raw in resolver.properties(shape).items():
        child, _ = resolver.split_nullable(raw)
        path = f"{prefix}{name}"
        if resolver.is_object(child) and depth + 1 < MAX_DATA_DEPTH:
            columns.extend(schema_columns(resolver, child, f"{path}.", depth + 1))
        columns.append(path)
    return columns


def unknown_columns(
    frame: pd.DataFrame, resolver: SchemaResolver, shape: Mapping[str, Any]
) -> list[str]:
    """Data columns the item schema does not name (the index and summaries excluded)."""
    known = set(schema_columns(resolver, shape))
    if not known:
        return []
    return [c for c in frame.columns[1:] if c not in known and c not in SUMMARY_COLUMNS]


def _arrow_safe(column: pd.Series) -> pd.Series:
    """Keep uniform scalar columns native; anything mixed or nested becomes text."""
    if column.dtype != object:
        return column
    # infer_dtype looks at every cell in C; only mixed or nested columns pay a Python pass.
    if pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"):
        return column
    return column.map(lambda v: None if _is_missing(v) else cell_text(v))


def _mark_nulls(column: pd.Series, records: Sequence[Mapping[str, Any]], name: str) -> pd.Series:
    """In a text column, write a JSON null as "null" and leave an absent field empty.

    json_normalize turns both into NaN, so only text columns with gaps are looked up again
    in the items. Number columns keep their type; there both are empty, and the item's own
    field rows (select the row) tell null from missing.
    """
    if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
        return column
    gaps = column.isna().to_numpy()
    if not gaps.any():
        return column
    parts = name.split(".")
    nulls = np.fromiter(
        (gap and _lookup(record, parts) is None for record, gap in zip(records, gaps, strict=True)),
        dtype=bool,
        count=len(gaps),
    )
    if not nulls.any():
        return column
    return column.astype(object).mask(nulls, NULL_TEXT)


_ABSENT: Final = object()


def _lookup(record: Mapping[str, Any], parts: list[str]) -> Any:
    """The value at a dotted column in one item, or _ABSENT."""
    node: Any = record
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
