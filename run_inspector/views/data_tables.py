"""Records tables: one row per page, table row or array item, with flattened dotted columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import pandas as pd

from run_inspector.views.cells import cell_text
from run_inspector.views.schema_fields import SchemaResolver

MAX_DATA_DEPTH: Final = 8
INDEX_LABELS: Final = {"PER_PAGE": "page", "PER_TABLE_ROW": "row"}
ITEM_INDEX_LABEL: Final = "#"


def records_frame(
    items: Sequence[Any], resolver: SchemaResolver, item_shape: Mapping[str, Any], index_label: str
) -> pd.DataFrame:
    """One row per item with flattened dotted columns, in schema order, 1-based index first."""
    records = [item if isinstance(item, dict) else {"value": item} for item in items]
    frame = pd.json_normalize(records, max_level=MAX_DATA_DEPTH - 1) if records else pd.DataFrame()
    order = [c for c in schema_columns(resolver, item_shape) if c in frame.columns]
    frame = frame[order + [c for c in frame.columns if c not in order]]
    for name in frame.columns:
        frame[name] = _arrow_safe(frame[name])
    frame.insert(0, index_label, range(1, len(frame) + 1))
    return frame


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
