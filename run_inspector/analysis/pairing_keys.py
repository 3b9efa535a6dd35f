"""The fields that can pair two runs' array items: the plain fields of an array's items.

Read from both runs' schemas (a field of either may be the key), so a person picks one
instead of writing its path: `line_items[].sku`; for a list result (per page, per table
row) the items are the result's own, `[].sku`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from run_inspector.analysis.run_report import RunReport
from run_inspector.analysis.schema_fields import SchemaField, schema_fields
from run_inspector.model.field_path import ANY_ITEM, FieldPath

# Types a value must have to name an item: a nested object or array cannot.
_NOT_A_KEY: Final = ("object", "array", "any")


def pairing_keys(*sides: Iterable[FieldPath]) -> tuple[FieldPath, ...]:
    """Each side's keys (`item_keys`) merged: each once, in A's order and then B's."""
    return tuple(dict.fromkeys(key for keys in sides for key in keys))


def item_keys(report: RunReport) -> tuple[FieldPath, ...]:
    """The keys one run's schema offers."""
    extraction = report.extraction
    if "schema" in extraction.unreadable:
        return ()
    fields = _fields(extraction.schema)
    parents = {field.path.parent for field in fields}
    # A list result's schema describes one item: its fields are the items' fields.
    prefix = FieldPath((ANY_ITEM,)) if report.kind == "records" else FieldPath()
    paths = (prefix.joined(f.path) for f in fields if f.path not in parents and _plain(f))
    return tuple(path for path in paths if _in_items(path))


def _fields(schema: Mapping[str, Any]) -> list[SchemaField]:
    try:
        return schema_fields(schema)
    except (TypeError, ValueError):  # a schema the run page also reads as unusable
        return []


def _plain(field: SchemaField) -> bool:
    return not field.type_text.startswith(_NOT_A_KEY)


def _in_items(path: FieldPath) -> bool:
    """Whether the field is one level below "any item" of an array (`items[].sku`)."""
    return len(path) >= 2 and path[-2] is ANY_ITEM and path.count(ANY_ITEM) == 1
