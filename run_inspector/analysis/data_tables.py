"""Records tables: one row per page, table row or array item, one column per field path.

Column names are the paths' text forms inside one item (`vendor.name`, `a\\.b`), so two
fields never share a column; the first column is the 0-based item index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from run_inspector.analysis.schema_fields import SchemaResolver
from run_inspector.model.field_path import ROOT, FieldPath, key_text
from run_inspector.model.json_text import NULL_TEXT, cell_text

MAX_DATA_DEPTH: Final = 8
# One label for every item index: it counts from 0, so it is not a page or row number.
ITEM_INDEX_LABEL: Final = "#"
LOWEST_CONFIDENCE: Final = "Lowest confidence"
PROBLEMS: Final = "Problems"
SUMMARY_COLUMNS: Final = (LOWEST_CONFIDENCE, PROBLEMS)


def records_frame(
    items: Sequence[Any], resolver: SchemaResolver, item_shape: Mapping[str, Any]
) -> pd.DataFrame:
    """One row per item, one column per field path in schema order, 0-based index first."""
    records = [item if isinstance(item, dict) else {"value": item} for item in items]
    frame = _flatten(records)
    order = [c for c in schema_columns(resolver, item_shape) if c in frame.columns]
    # A data field may itself be called "#"; the index then takes a label no field has.
    label = ITEM_INDEX_LABEL
    while label in frame.columns:
        label = f"{label}#"
    columns: dict[str, Any] = {label: np.arange(len(frame))}
    for name in order + [c for c in frame.columns if c not in order]:
        columns[name] = _mark_nulls(_arrow_safe(frame[name]), records, name)
    # One construction instead of a reindex plus a setitem per column: no copies per column.
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def _flatten(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Nested objects flattened into path columns; without any, the plain constructor.

    Not json_normalize: it joins keys with ".", so `{"a.b": 1}` and `{"a": {"b": 1}}` would
    share one column.
    """
    if not records:
        return pd.DataFrame()
    if any(isinstance(value, dict) for record in records for value in record.values()):
        tails: dict[str, str] = {}
        return pd.DataFrame([_flat(record, "", 0, {}, tails) for record in records])
    frame = pd.DataFrame(records)
    frame.columns = [key_text(str(c)) for c in frame.columns]
    return frame


def _flat(
    record: Mapping[str, Any], prefix: str, level: int, out: dict[str, Any], tails: dict[str, str]
) -> dict[str, Any]:
    """One item as {path text: value}; fields first, then the fields of nested objects, as
    json_normalize orders them. An empty object adds no column."""
    nested: list[tuple[str, Mapping[str, Any]]] = []
    for key, value in record.items():
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = FieldPath((key,)).render_tail()
        name = prefix + tail if prefix else key_text(key)
        if isinstance(value, dict) and level < MAX_DATA_DEPTH - 1:
            nested.append((name, value))
        else:
            out[name] = value
    for name, value in nested:
        _flat(value, name, level + 1, out, tails)
    return out


def schema_columns(
    resolver: SchemaResolver, shape: Mapping[str, Any], prefix: FieldPath = ROOT, depth: int = 0
) -> list[str]:
    """The column names (path texts) an item schema defines, in property order."""
    columns: list[str] = []
    for name, raw in resolver.properties(shape).items():
        child, _ = resolver.split_nullable(raw)
        path = prefix.child(name)
        if resolver.is_object(child) and depth + 1 < MAX_DATA_DEPTH:
            columns.extend(schema_columns(resolver, child, path, depth + 1))
        columns.append(path.render())
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

    Flattening into a frame turns both into gaps, so only text columns with gaps are looked
    up again in the items. Number columns keep their type; there both are empty, and the
    item's own field rows (select the row) tell null from missing.
    """
    if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
        return column
    gaps = column.isna().to_numpy()
    if not gaps.any():
        return column
    parts = FieldPath.parse(name)
    nulls = np.fromiter(
        (gap and _lookup(record, parts) is None for record, gap in zip(records, gaps, strict=True)),
        dtype=bool,
        count=len(gaps),
    )
    if not nulls.any():
        return column
    return column.astype(object).mask(nulls, NULL_TEXT)


_ABSENT: Final = object()


def _lookup(record: Mapping[str, Any], parts: FieldPath) -> Any:
    """The value at a column's path in one item, or _ABSENT."""
    node: Any = record
    for part in parts:
        if not isinstance(node, Mapping) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
